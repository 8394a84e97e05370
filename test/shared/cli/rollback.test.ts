import { ConfigServiceClient, GetResourceConfigHistoryCommand, type ConfigurationItem } from '@aws-sdk/client-config-service';
import { DescribeVpcEndpointsCommand, EC2Client, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../shared/cli/main.js';

const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);
const ENDPOINT = 'vpce-0c1a2b3d4e5f60718';
const policy = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '210987654321' } } }] });
const CURRENT = policy('Now');
let history: ConfigurationItem[];
let out: string;
let err: string;

function item(time: string, policyDocument: unknown, status = 'OK'): ConfigurationItem {
  return {
    resourceType: 'AWS::EC2::VPCEndpoint',
    resourceId: ENDPOINT,
    configurationItemStatus: status as ConfigurationItem['configurationItemStatus'],
    configurationItemCaptureTime: new Date(time),
    configuration: JSON.stringify({ vpcEndpointId: ENDPOINT, vpcEndpointType: 'Gateway', policyDocument }),
  };
}

async function cli(...args: string[]): Promise<number> {
  process.exitCode = undefined;
  const code = await main(args);
  process.exitCode = undefined;
  return code;
}

beforeEach(() => {
  ec2.reset();
  config.reset();
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: ENDPOINT, VpcId: 'vpc-0a', VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.eu-west-1.s3', PolicyDocument: CURRENT }] });
  ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true });
  // Newest first, as GetResourceConfigHistory returns them with chronologicalOrder Reverse.
  history = [item('2026-02-11T13:05:00Z', CURRENT), item('2026-02-10T08:00:00Z', policy('Tuesday')), item('2026-02-01T08:00:00Z', JSON.parse(policy('February')))];
  config.on(GetResourceConfigHistoryCommand).callsFake((input: { laterTime?: Date }) => ({
    configurationItems: history.filter((i) => !input.laterTime || i.configurationItemCaptureTime! <= input.laterTime),
  }));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vpce-guard rollback', () => {
  it('by default prints the policy before the current one and the diff, and changes nothing', async () => {
    expect(await cli('rollback', '--endpoint', ENDPOINT)).toBe(0);
    expect(out).toContain('recorded by AWS Config at 2026-02-10T08:00:00.000Z');
    expect(out).toContain('-      "Sid": "Now",');
    expect(out).toContain('+      "Sid": "Tuesday",');
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: ENDPOINT });
  });

  it('--to restores the document of the chosen time (policy recorded as an object too)', async () => {
    expect(await cli('rollback', '--endpoint', ENDPOINT, '--to', '2026-02-05T00:00:00Z', '--apply')).toBe(0);
    expect(ec2).toHaveReceivedCommandWith(ModifyVpcEndpointCommand, { VpcEndpointId: ENDPOINT, PolicyDocument: policy('February') });
    expect(out).toContain('Restored the policy');
  });

  it('--apply sends exactly the recorded document', async () => {
    expect(await cli('rollback', '--endpoint', ENDPOINT, '--apply')).toBe(0);
    expect(ec2.commandCalls(ModifyVpcEndpointCommand).map((c) => c.args[0].input)).toEqual([{ VpcEndpointId: ENDPOINT, PolicyDocument: policy('Tuesday') }]);
  });

  it('refuses to apply when the policy changed while the rollback was prepared', async () => {
    ec2.on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [{ VpcEndpointId: ENDPOINT, PolicyDocument: CURRENT }] })
      .resolves({ VpcEndpoints: [{ VpcEndpointId: ENDPOINT, PolicyDocument: policy('Someone else') }] });
    expect(await cli('rollback', '--endpoint', ENDPOINT, '--apply')).toBe(2);
    expect(err).toContain('changed while the rollback was prepared');
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
  });

  it('says so when AWS Config has nothing to restore', async () => {
    history = [item('2026-02-11T13:05:00Z', CURRENT)];
    expect(await cli('rollback', '--endpoint', ENDPOINT)).toBe(2);
    expect(err).toContain(`AWS Config has no recorded policy of ${ENDPOINT} that differs from the current one`);
  });

  it('rejects a bad endpoint id and a bad time, naming the option', async () => {
    expect(await cli('rollback', '--endpoint', 'vpc-0a')).toBe(2);
    expect(err).toContain('--endpoint: "vpc-0a" is not a VPC endpoint id');
    expect(await cli('rollback', '--endpoint', ENDPOINT, '--to', 'yesterday')).toBe(2);
    expect(err).toContain('--to: "yesterday" is not an ISO 8601 time');
  });
});
