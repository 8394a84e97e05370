import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { ENDPOINT, ec2Call, sampleWorld, type Ec2World } from '../../helpers/ec2-world.js';
import { tempFile } from '../../helpers/cli.js';

const ec2 = mockClient(EC2Client);
const COMMANDS = { DescribeVpcEndpoints: DescribeVpcEndpointsCommand, DescribeRouteTables: DescribeRouteTablesCommand, DescribeSubnets: DescribeSubnetsCommand, DescribeVpcs: DescribeVpcsCommand, DescribeVpcEndpointServices: DescribeVpcEndpointServicesCommand, ModifyVpcEndpoint: ModifyVpcEndpointCommand } as const;
let world: Ec2World;
let out: string;
let err: string;

async function cli(...args: string[]): Promise<number> {
  process.exitCode = undefined;
  const code = await main(args);
  process.exitCode = undefined;
  return code;
}

function snapshotFile(): string {
  const w = sampleWorld();
  return tempFile('remediate-snapshot.json', JSON.stringify({ VpcEndpoints: w.endpoints, RouteTables: w.routeTables, Subnets: w.subnets, Vpcs: w.vpcs }));
}

const sent = () => ec2.commandCalls(ModifyVpcEndpointCommand).map((c) => c.args[0].input);

beforeEach(() => {
  ec2.reset();
  world = sampleWorld();
  for (const [name, command] of Object.entries(COMMANDS)) {
    ec2.on(command as typeof ModifyVpcEndpointCommand).callsFake((input: Record<string, unknown>) => ec2Call(world, name, input));
  }
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vpce-guard remediate', () => {
  it('with a snapshot, dry-runs: prints each step it would take, calls no AWS', async () => {
    const code = await cli('remediate', '--snapshot', snapshotFile());
    expect(code).toBe(0);
    expect(out).toContain(`would-apply gateway-endpoint-route-tables ${ENDPOINT}`);
    expect(out).toContain('"AddRouteTableIds":["rtb-0f66e77d88c99b00a","rtb-0c0ffee0c0ffee0c0"]} → would-apply');
    expect(out).toContain('+      "Condition": {');
    expect(out).toMatch(/2 would-apply\n$/);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('refuses --apply with a snapshot', async () => {
    expect(await cli('remediate', '--snapshot', snapshotFile(), '--apply')).toBe(2);
    expect(err).toContain('a snapshot is not the live account; it can only be dry-run');
  });

  it('live --apply makes the changes and prints each step and its outcome', async () => {
    const code = await cli('remediate', 'live', '--apply');
    expect(code).toBe(0);
    expect(sent()).toEqual([
      { VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'] },
      { VpcEndpointId: ENDPOINT, PolicyDocument: expect.stringContaining('aws:PrincipalAccount') },
    ]);
    expect(out).toContain(`applied     gateway-endpoint-route-tables ${ENDPOINT}`);
    expect(out).toMatch(/→ applied\n/);
  });

  it('live without --apply only probes (DryRun)', async () => {
    expect(await cli('remediate', '--dry-run')).toBe(0);
    expect(sent().every((input) => input.DryRun === true)).toBe(true);
    expect(world.endpoints[0]!.RouteTableIds).toEqual(['rtb-0a11b22c33d44e55f']);
  });

  it('exits 1 when a step failed, and says which', async () => {
    ec2.on(ModifyVpcEndpointCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
    expect(await cli('remediate', '--apply')).toBe(1);
    expect(out).toMatch(/failed {6}gateway-endpoint-route-tables .*UnauthorizedOperation/);
  });

  it('--max-changes caps the changes and reports the rest', async () => {
    expect(await cli('remediate', '--apply', '--max-changes', '1')).toBe(0);
    expect(sent()).toHaveLength(1);
    expect(out).toContain('deferred    endpoint-policy-restricted');
  });

  it('--rules picks the remediations; an alert-only rule is a usage error', async () => {
    expect(await cli('remediate', '--apply', '--rules', 'endpoint-policy-restricted')).toBe(0);
    expect(sent()).toEqual([{ VpcEndpointId: ENDPOINT, PolicyDocument: expect.any(String) }]);
    expect(await cli('remediate', '--rules', 'interface-endpoint-multi-az')).toBe(2);
    expect(err).toContain('has no remediation');
  });
});
