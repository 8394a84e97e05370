import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeEndpoint, ec2RemediationPort } from '../../../shared/aws/ec2-remediation.js';
import { resolveVpcs } from '../../../shared/aws/ec2-resolve.js';
import { AwsCallError } from '../../../shared/errors.js';
import { changeOf, ResourceVanishedError, type Change } from '../../../shared/remediation/index.js';

const client = new EC2Client({ region: 'eu-west-1' });
const ec2 = mockClient(client);

function ec2Error(name: string, message = name): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

const EMPTY_HINTS = { vpcIds: [], endpointIds: [], routeTableIds: [], subnetIds: [], securityGroupIds: [], associationIds: [] };

beforeEach(() => {
  ec2.reset();
});

describe('describeEndpoint', () => {
  it('re-reads one endpoint by id', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0a', VpcId: 'vpc-0a', VpcEndpointType: 'Gateway', ServiceName: 's3' }] });
    expect(await describeEndpoint(client, 'vpce-0a')).toMatchObject({ VpcEndpointId: 'vpce-0a' });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { VpcEndpointIds: ['vpce-0a'] });
  });

  it('answers undefined for InvalidVpcEndpointId.NotFound', async () => {
    ec2.on(DescribeVpcEndpointsCommand).rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
    expect(await describeEndpoint(client, 'vpce-0a')).toBeUndefined();
  });

  it('turns other failures into an AwsCallError naming the call', async () => {
    ec2.on(DescribeVpcEndpointsCommand).rejects(ec2Error('UnauthorizedOperation', 'not authorized'));
    await expect(describeEndpoint(client, 'vpce-0a')).rejects.toThrow(new AwsCallError('DescribeVpcEndpoints(vpce-0a) failed: UnauthorizedOperation: not authorized'));
  });
});

describe('ec2RemediationPort', () => {
  const port = ec2RemediationPort(client);

  it('adds route tables with AddRouteTableIds only', async () => {
    ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    await port.apply({ kind: 'add-route-tables', endpointId: 'vpce-0a', routeTableIds: ['rtb-1', 'rtb-2'] });
    expect(ec2.commandCalls(ModifyVpcEndpointCommand)[0]!.args[0].input).toEqual({ VpcEndpointId: 'vpce-0a', AddRouteTableIds: ['rtb-1', 'rtb-2'] });
  });

  it('sets a policy with PolicyDocument only', async () => {
    ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    await port.apply({ kind: 'set-endpoint-policy', endpointId: 'vpce-0a', policyDocument: '{"Statement":[]}' });
    expect(ec2.commandCalls(ModifyVpcEndpointCommand)[0]!.args[0].input).toEqual({ VpcEndpointId: 'vpce-0a', PolicyDocument: '{"Statement":[]}' });
  });

  it('turns a DNS attribute on', async () => {
    ec2.on(ModifyVpcAttributeCommand).resolves({});
    await port.apply({ kind: 'enable-vpc-attribute', vpcId: 'vpc-0a', attribute: 'enableDnsHostnames' });
    expect(ec2).toHaveReceivedCommandWith(ModifyVpcAttributeCommand, { VpcId: 'vpc-0a', EnableDnsHostnames: { Value: true } });
  });

  it('reports a vanished endpoint as ResourceVanishedError (never retried)', async () => {
    ec2.on(ModifyVpcEndpointCommand).rejects(ec2Error('InvalidVpcEndpointId.NotFound', "The Vpc Endpoint Id 'vpce-0a' does not exist"));
    await expect(port.apply({ kind: 'set-endpoint-policy', endpointId: 'vpce-0a', policyDocument: '{}' })).rejects.toBeInstanceOf(ResourceVanishedError);
    expect(ec2.commandCalls(ModifyVpcEndpointCommand)).toHaveLength(1);
  });

  it('probes with DryRun: DryRunOperation means it would succeed', async () => {
    ec2.on(ModifyVpcEndpointCommand).rejects(ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
    await port.probe!({ kind: 'add-route-tables', endpointId: 'vpce-0a', routeTableIds: ['rtb-1'] });
    expect(ec2).toHaveReceivedCommandWith(ModifyVpcEndpointCommand, { DryRun: true, AddRouteTableIds: ['rtb-1'] });
  });

  it('a probe refused with UnauthorizedOperation fails, naming the call', async () => {
    ec2.on(ModifyVpcEndpointCommand).rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(port.probe!({ kind: 'add-route-tables', endpointId: 'vpce-0a', routeTableIds: ['rtb-1'] })).rejects.toThrow(
      /ModifyVpcEndpoint\(vpce-0a, AddRouteTableIds rtb-1\) \(DryRun\) failed: UnauthorizedOperation/,
    );
  });

  it('reads a VPC attribute; a missing VPC reads as undefined', async () => {
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-0a' }).resolves({ EnableDnsSupport: { Value: true } });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-0b' }).rejects(ec2Error('InvalidVpcID.NotFound'));
    expect(await port.readVpcAttribute('vpc-0a', 'enableDnsSupport')).toBe(true);
    expect(await port.readVpcAttribute('vpc-0b', 'enableDnsSupport')).toBeUndefined();
  });

  it('never sends RemoveRouteTableIds or ResetPolicy, whatever steps it is given', async () => {
    ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    ec2.on(ModifyVpcAttributeCommand).resolves({});
    // A valid base step, often with dangerous extras mixed in.
    const base = fc.constantFrom<{ action: string; parameters: Record<string, unknown> }>(
      { action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-0a', AddRouteTableIds: ['rtb-1'] } },
      { action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-0a', PolicyDocument: '{"Statement":[]}' } },
      { action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: 'vpc-0a', EnableDnsSupport: { Value: true } } },
    );
    const extras = fc.record(
      {
        RemoveRouteTableIds: fc.constant(['rtb-1']),
        ResetPolicy: fc.boolean(),
        EnableDnsSupport: fc.constantFrom({ Value: false }, { Value: true }),
        EnableDnsHostnames: fc.constant({ Value: false }),
        AddRouteTableIds: fc.constantFrom([], ['x'], ['rtb-2']),
      },
      { requiredKeys: [] },
    );
    const step = fc.tuple(base, extras, fc.boolean()).map(([b, e, clean]) => ({ action: b.action, parameters: clean ? b.parameters : { ...b.parameters, ...e } }));
    await fc.assert(
      fc.asyncProperty(step, async (s) => {
        const change = changeOf(s);
        if (!('refused' in change)) await port.apply(change as Change);
      }),
      { numRuns: 300 },
    );
    const sent = ec2.commandCalls(ModifyVpcEndpointCommand).map((c) => c.args[0].input);
    expect(sent.length).toBeGreaterThan(0);
    for (const input of sent) {
      expect(input).not.toHaveProperty('RemoveRouteTableIds');
      expect(input).not.toHaveProperty('ResetPolicy');
    }
    for (const call of ec2.commandCalls(ModifyVpcAttributeCommand)) expect(call.args[0].input.EnableDnsSupport ?? { Value: true }).toEqual({ Value: true });
  });
});

describe('resolveVpcs', () => {
  it('finds the VPC of each id with filtered Describe calls and lists ids EC2 no longer knows', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0a', VpcId: 'vpc-0a' }] });
    ec2.on(DescribeRouteTablesCommand, { Filters: [{ Name: 'route-table-id', Values: ['rtb-0b'] }] }).resolves({ RouteTables: [{ RouteTableId: 'rtb-0b', VpcId: 'vpc-0b' }] });
    ec2.on(DescribeRouteTablesCommand, { Filters: [{ Name: 'association.route-table-association-id', Values: ['rtbassoc-0c'] }] }).resolves({ RouteTables: [] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-0d', VpcId: 'vpc-0a' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0e', VpcId: 'vpc-0e' }] });
    const result = await resolveVpcs(client, {
      ...EMPTY_HINTS,
      vpcIds: ['vpc-0f'],
      endpointIds: ['vpce-0a'],
      routeTableIds: ['rtb-0b'],
      associationIds: ['rtbassoc-0c'],
      subnetIds: ['subnet-0d'],
      securityGroupIds: ['sg-0e'],
    });
    expect(result.vpcIds.sort()).toEqual(['vpc-0a', 'vpc-0b', 'vpc-0e', 'vpc-0f']);
    expect(result.unresolved).toEqual(['rtbassoc-0c']);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: [{ Name: 'vpc-endpoint-id', Values: ['vpce-0a'] }] });
  });

  it('makes no call for a call that named VPCs only', async () => {
    expect(await resolveVpcs(client, { ...EMPTY_HINTS, vpcIds: ['vpc-0a'] })).toEqual({ vpcIds: ['vpc-0a'], unresolved: [] });
    expect(ec2.calls()).toHaveLength(0);
  });
});
