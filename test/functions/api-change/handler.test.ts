import { readFileSync } from 'node:fs';
import { ConfigServiceClient, ConfigServiceServiceException, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, type ApiChangeResult } from '../../../functions/api-change/handler.js';
import { ACCOUNT, ENDPOINT, OPEN_POLICY, REGION, VPC, ec2Call, sampleWorld, type Ec2World } from '../../helpers/ec2-world.js';

// Quiet Powertools before the handler module creates its logger and metrics.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);
const sns = mockClient(SNSClient);
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:vpce-guard-alerts`;
const COMMANDS = {
  DescribeVpcEndpoints: DescribeVpcEndpointsCommand,
  DescribeRouteTables: DescribeRouteTablesCommand,
  DescribeSubnets: DescribeSubnetsCommand,
  DescribeVpcs: DescribeVpcsCommand,
  DescribeSecurityGroups: DescribeSecurityGroupsCommand,
  DescribeVpcAttribute: DescribeVpcAttributeCommand,
  DescribeVpcEndpointServices: DescribeVpcEndpointServicesCommand,
  ModifyVpcEndpoint: ModifyVpcEndpointCommand,
  ModifyVpcAttribute: ModifyVpcAttributeCommand,
} as const;

let world: Ec2World;
/** Runs right before the endpoint is re-read by id (the read just before a change). */
let beforeReRead: (() => void) | undefined;

function event(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

const context = {
  functionName: 'vpce-guard-api-change',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:vpce-guard-api-change`,
  awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

async function invoke(name: string | Record<string, unknown>): Promise<ApiChangeResult> {
  return (await handler((typeof name === 'string' ? event(name) : name) as unknown as Parameters<typeof handler>[0], context)) as ApiChangeResult;
}

function modifications(): Record<string, unknown>[] {
  return ec2.commandCalls(ModifyVpcEndpointCommand).map((c) => c.args[0].input as unknown as Record<string, unknown>);
}

function alerts(): { subject: string; message: string }[] {
  return sns.commandCalls(PublishCommand).map((c) => ({ subject: c.args[0].input.Subject!, message: c.args[0].input.Message! }));
}

beforeEach(() => {
  ec2.reset();
  config.reset();
  sns.reset();
  world = sampleWorld();
  beforeReRead = undefined;
  for (const [name, command] of Object.entries(COMMANDS)) {
    ec2.on(command as typeof ModifyVpcEndpointCommand).callsFake((input: Record<string, unknown>) => {
      if (name === 'DescribeVpcEndpoints' && (input.VpcEndpointIds as string[] | undefined)?.length) beforeReRead?.();
      return ec2Call(world, name, input);
    });
  }
  config.on(StartConfigRulesEvaluationCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  vi.stubEnv('ALERT_TOPIC_ARN', TOPIC);
  vi.stubEnv('VPCE_GUARD_CONFIG', '');
  vi.stubEnv('REMEDIATION_MODE', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('api-change: each kind of call reaches the right endpoints', () => {
  it.each([
    ['create-vpc-endpoint.gateway.json', [ENDPOINT], 6],
    ['modify-vpc-endpoint.json', [ENDPOINT], 5],
    ['delete-vpc-endpoints.json', [ENDPOINT], 2],
    ['create-route-table.json', [ENDPOINT], 1],
    ['associate-route-table.json', [ENDPOINT], 1],
    ['replace-route-table-association.json', [ENDPOINT], 1],
    ['modify-vpc-attribute.json', [ENDPOINT], 1],
    ['create-subnet.json', [ENDPOINT], 1],
  ])('%s', async (name, endpoints, rules) => {
    // Act (mode unset: nothing is changed)
    const result = await invoke(name);
    // Assess: read back from EC2, judged, and the rules re-evaluated in Config
    expect(result.status).toBe('handled');
    expect(result.report!.vpcIds).toEqual([VPC]);
    expect(result.report!.resourceIds.filter((id) => id.startsWith('vpce-'))).toEqual(endpoints);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]!.args[0].input.ConfigRuleNames).toHaveLength(rules);
    expect(modifications()).toEqual([]);
  });

  it('a security-group call reaches only the endpoints using the group', async () => {
    world.securityGroups.push({ GroupId: 'sg-0123fedcba9876543', VpcId: VPC, IpPermissions: [] });
    const result = await invoke('authorize-security-group-ingress.json');
    expect(result.report!.vpcIds).toEqual([VPC]);
    expect(result.report!.resourceIds.filter((id) => id.startsWith('vpce-'))).toEqual([]);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]!.args[0].input.ConfigRuleNames).toEqual(['vpce-guard-interface-endpoint-security-groups']);
  });

  it('a disassociation whose association is gone is reported as unresolved; Config is still asked', async () => {
    const result = await invoke('disassociate-route-table.json');
    expect(result.report!.unresolved).toEqual(['rtbassoc-0ab12cd34ef56ab78']);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]!.args[0].input.ConfigRuleNames).toEqual(['vpce-guard-gateway-endpoint-route-tables']);
  });

  it('never acts on the claims of the event: the state comes from EC2', async () => {
    // Prepare: the event claims an open policy was set; EC2 says the policy is restricted and
    // that only the first table is associated.
    vi.stubEnv('REMEDIATION_MODE', 'apply');
    const restricted = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }] });
    world.endpoints[0]!.PolicyDocument = restricted;
    // Act
    const result = await invoke('modify-vpc-endpoint.json');
    // Assess: no policy is sent (EC2's is fine), and the tables added are those EC2 says are missing
    expect(modifications()).toEqual([{ VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'] }]);
    expect(result.report!.nonCompliant).toEqual([`gateway-endpoint-route-tables ${ENDPOINT}`]);
  });
});

describe('api-change: modes', () => {
  it('unset mode changes nothing and sends no alert', async () => {
    const result = await invoke('modify-vpc-endpoint.json');
    expect(result.report!.nonCompliant).toEqual([`gateway-endpoint-route-tables ${ENDPOINT}`, `endpoint-policy-restricted ${ENDPOINT}`]);
    expect(modifications()).toEqual([]);
    expect(alerts()).toEqual([]);
  });

  it('dry-run changes nothing and says what it would do', async () => {
    vi.stubEnv('REMEDIATION_MODE', 'dry-run');
    await invoke('modify-vpc-endpoint.json');
    expect(modifications().every((m) => m.DryRun === true)).toBe(true);
    expect(world.endpoints[0]!.PolicyDocument).toBe(OPEN_POLICY);
    expect(alerts().map((a) => a.subject)).toEqual([
      expect.stringContaining('Remediation planned (dry run)'),
      expect.stringContaining('Remediation planned (dry run)'),
    ]);
    expect(alerts()[0]!.message).toContain('rtb-0f66e77d88c99b00a');
  });

  it('apply sends exactly the planned ModifyVpcEndpoint calls and alerts with the full old policy', async () => {
    vi.stubEnv('REMEDIATION_MODE', 'apply');
    await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toEqual([
      { VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'] },
      { VpcEndpointId: ENDPOINT, PolicyDocument: expect.stringContaining(`"aws:PrincipalAccount":"${ACCOUNT}"`) },
    ]);
    const policyAlert = alerts().find((a) => a.subject.includes('endpoint-policy-restricted'))!;
    expect(policyAlert.subject).toContain('Remediation applied');
    expect(policyAlert.message).toContain(OPEN_POLICY);
    expect(config).toHaveReceivedCommand(StartConfigRulesEvaluationCommand);
  });

  it('only the rules listed in remediation.rules act', async () => {
    vi.stubEnv('REMEDIATION_MODE', 'apply');
    vi.stubEnv('VPCE_GUARD_CONFIG', JSON.stringify({ remediation: { rules: ['gateway-endpoint-route-tables'] } }));
    await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toEqual([{ VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'] }]);
  });

  it('a bad REMEDIATION_MODE is an error naming the variable', async () => {
    vi.stubEnv('REMEDIATION_MODE', 'on');
    await expect(invoke('modify-vpc-endpoint.json')).rejects.toThrow('REMEDIATION_MODE: "on" is not one of off, dry-run, apply');
  });
});

describe('api-change: safety', () => {
  beforeEach(() => vi.stubEnv('REMEDIATION_MODE', 'apply'));

  it('caps the changes per invocation and reports the rest', async () => {
    vi.stubEnv('VPCE_GUARD_CONFIG', JSON.stringify({ remediation: { maxChangesPerInvocation: 1 } }));
    const result = await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toHaveLength(1);
    expect(result.report!.outcomes.map((o) => o.status)).toEqual(['applied', 'deferred']);
    expect(alerts().map((a) => a.subject)).toEqual([expect.stringContaining('applied'), expect.stringContaining('skipped')]);
  });

  it('honours the exemption tag', async () => {
    (world.endpoints[0]!.Tags as unknown[]).push({ Key: 'vpce-guard:exempt', Value: '*' });
    await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toEqual([]);
  });

  it('re-reads the endpoint right before the change and re-plans from what moved', async () => {
    beforeReRead = () => {
      world.endpoints[0]!.RouteTableIds = ['rtb-0a11b22c33d44e55f', 'rtb-0f66e77d88c99b00a'];
    };
    vi.stubEnv('VPCE_GUARD_CONFIG', JSON.stringify({ remediation: { rules: ['gateway-endpoint-route-tables'] } }));
    const result = await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toEqual([{ VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0c0ffee0c0ffee0c0'] }]);
    expect(result.report!.outcomes[0]).toMatchObject({ status: 'applied', replanned: true });
  });

  it('a replayed event changes nothing', async () => {
    await invoke('modify-vpc-endpoint.json');
    const first = modifications().length;
    const again = await invoke('modify-vpc-endpoint.json');
    expect(modifications()).toHaveLength(first);
    expect(again.report!.nonCompliant).toEqual([]);
  });

  it('ignores a record with errorCode set, calling nothing', async () => {
    const result = await invoke('create-vpc-endpoint.error.json');
    expect(result).toEqual({ status: 'ignored', reason: expect.stringContaining('Client.RouteAlreadyExists') });
    expect(ec2.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it('reports an endpoint that vanished before the change, returns normally and does not retry', async () => {
    beforeReRead = () => {
      world.endpoints = [];
    };
    const result = await invoke('modify-vpc-endpoint.json');
    expect(result.report!.outcomes.map((o) => o.status)).toEqual(['vanished', 'vanished']);
    expect(modifications()).toEqual([]);
    expect(alerts()).toHaveLength(2);
  });

  it('a failed change is reported (alert) and fails the invocation after everything else was done', async () => {
    ec2.on(ModifyVpcEndpointCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
    await expect(invoke('modify-vpc-endpoint.json')).rejects.toThrow(/2 failure\(s\) reacting to ModifyVpcEndpoint: .*UnauthorizedOperation/);
    expect(alerts().map((a) => a.subject)).toEqual([expect.stringContaining('FAILED'), expect.stringContaining('FAILED')]);
    expect(config).toHaveReceivedCommand(StartConfigRulesEvaluationCommand);
  });

  it('a busy Config (LimitExceededException) is logged, not an error', async () => {
    config.on(StartConfigRulesEvaluationCommand).rejects(
      new ConfigServiceServiceException({ name: 'LimitExceededException', message: 'busy', $fault: 'client', $metadata: {} }),
    );
    vi.stubEnv('REMEDIATION_MODE', '');
    const result = await invoke('modify-vpc-endpoint.json');
    expect(result.report!.trigger!.busy).toHaveLength(5);
  });

  it('a malformed event is an error', async () => {
    await expect(invoke({ hello: 'world' })).rejects.toThrow();
  });
});
