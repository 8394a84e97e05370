import { readFileSync } from 'node:fs';
import { ConfigServiceClient, ConfigServiceServiceException, DescribeConfigRulesCommand, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
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
import { CATALOGUE } from '../../../shared/rules/catalogue.js';

/** A deployed custom Config rule of this name, as DescribeConfigRules lists it. */
const deployed = (ConfigRuleName: string) => ({ ConfigRuleName, Source: { Owner: 'CUSTOM_LAMBDA' as const } });
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
  config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: CATALOGUE.map((r) => deployed(`vpce-guard-${r.id}`)) });
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

describe('api-change: the rules to re-evaluate are looked up in the account', () => {
  it('re-evaluates an organization rule under its member-account name (OrgConfigRule-…-suffix), over every page', async () => {
    // Prepare: the rule exists only as an organization rule; the listing has two pages
    config
      .on(DescribeConfigRulesCommand)
      .resolvesOnce({ ConfigRules: [deployed('OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba')], NextToken: 'page-2' })
      .resolvesOnce({ ConfigRules: [deployed('OrgConfigRule-vpce-guard-gateway-endpoint-route-tables-k3v9x0qa')] });
    // Act
    const result = await invoke('associate-route-table.json');
    // Assess
    expect(config.commandCalls(DescribeConfigRulesCommand)).toHaveLength(2);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]!.args[0].input.ConfigRuleNames).toEqual([
      'OrgConfigRule-vpce-guard-gateway-endpoint-route-tables-k3v9x0qa',
    ]);
    expect(result.report!.trigger!.missing).toEqual([]);
  });

  it('a rule deployed under no name is reported missing, and Config is not asked about it', async () => {
    // Prepare
    config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [deployed('vpce-guard-endpoint-vpc-dns')] });
    // Act
    const result = await invoke('associate-route-table.json');
    // Assess
    expect(config).not.toHaveReceivedCommand(StartConfigRulesEvaluationCommand);
    expect(result.report!.trigger!.missing).toEqual([expect.stringContaining('gateway-endpoint-route-tables')]);
  });

  it('a failed lookup is a reported failure, not an empty list', async () => {
    // Prepare
    config.on(DescribeConfigRulesCommand).rejects(new ConfigServiceServiceException({ name: 'AccessDeniedException', message: 'denied', $fault: 'client', $metadata: {} }));
    // Act / Assess
    await expect(invoke('associate-route-table.json')).rejects.toThrow(/DescribeConfigRules failed: AccessDeniedException/);
  });
});

const PRESS = {
  source: 'vpce-guard.remediate',
  ruleId: 'gateway-endpoint-route-tables',
  resourceType: 'AWS::EC2::VPCEndpoint',
  resourceId: ENDPOINT,
  accountId: ACCOUNT,
  region: REGION,
};

describe('api-change: the Config "Remediate" button', () => {
  it('runs only the pressed rule\'s remediation of the resource and returns its outcome', async () => {
    // Prepare: the endpoint misses a table and is open to all; only the route tables are pressed
    vi.stubEnv('REMEDIATION_MODE', 'apply');
    // Act
    const result = await invoke(PRESS);
    // Assess
    expect(modifications()).toHaveLength(1);
    expect(modifications()[0]).toMatchObject({ VpcEndpointId: ENDPOINT, AddRouteTableIds: expect.any(Array) });
    expect(modifications()[0]!.PolicyDocument).toBeUndefined();
    expect(result.remediation).toMatchObject({ ruleId: 'gateway-endpoint-route-tables', resourceId: ENDPOINT, mode: 'apply', status: 'applied' });
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]!.args[0].input.ConfigRuleNames).toEqual(['vpce-guard-gateway-endpoint-route-tables']);
  });

  it('with REMEDIATION_MODE off it changes nothing and says so', async () => {
    // Act
    const result = await invoke(PRESS);
    // Assess
    expect(modifications()).toEqual([]);
    expect(result.remediation).toMatchObject({ status: 'off', reason: expect.stringContaining('REMEDIATION_MODE is off') });
  });

  it.each([
    [{ resourceId: 'rtb-0123' }, /^remediation request: resourceId: not a VPC endpoint id/],
    [{ ruleId: 'interface-endpoint-multi-az' }, /^remediation request: ruleId: not a catalogue rule with a remediation/],
    [{ resourceType: 'AWS::EC2::VPC' }, /^remediation request: resourceType: .*AWS::EC2::VPCEndpoint/],
    [{ accountId: '12345' }, /^remediation request: accountId: not a 12-digit AWS account id/],
    [{ extra: true }, /^remediation request: unknown key "extra"/],
  ])('a request with %o is an InputError naming the field, and changes nothing', async (change, message) => {
    // Prepare
    vi.stubEnv('REMEDIATION_MODE', 'apply');
    // Act / Assess
    await expect(invoke({ ...PRESS, ...change })).rejects.toThrow(message);
    expect(modifications()).toEqual([]);
  });
});

function sqsRecord(id: string, body: string, group = 'vpce-guard-api-change'): Record<string, unknown> {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: '1796169600000', SenderId: 'AIDAEVENTS', SentTimestamp: '1796169600000', MessageGroupId: group, MessageDeduplicationId: id },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:vpce-guard-api-change.fifo`,
    awsRegion: REGION,
  };
}

async function invokeBatch(records: Record<string, unknown>[]): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  return (await handler({ Records: records } as unknown as Parameters<typeof handler>[0], context)) as unknown as { batchItemFailures: { itemIdentifier: string }[] };
}

describe('api-change: batches from the FIFO queue', () => {
  it('handles the EventBridge events of the messages one by one; a bad message is consumed and the others still run', async () => {
    // Prepare
    const good = JSON.stringify(event('associate-route-table.json'));
    // Act
    const result = await invokeBatch([sqsRecord('m-1', '{"truncated'), sqsRecord('m-2', JSON.stringify({ hello: 'world' })), sqsRecord('m-3', good)]);
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)).toHaveLength(1);
  });

  it('a failed message and the later messages of its group are delivered again; other groups go on', async () => {
    // Prepare: Config's rule listing fails once, so the first message fails
    config
      .on(DescribeConfigRulesCommand)
      .rejectsOnce(new ConfigServiceServiceException({ name: 'AccessDeniedException', message: 'denied', $fault: 'client', $metadata: {} }))
      .resolves({ ConfigRules: [deployed('vpce-guard-gateway-endpoint-route-tables')] });
    const body = JSON.stringify(event('associate-route-table.json'));
    // Act
    const result = await invokeBatch([sqsRecord('m-1', body), sqsRecord('m-2', body), sqsRecord('m-3', body, 'other-group')]);
    // Assess: m-2 waits behind m-1 (same group, order kept); m-3 ran
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-1', 'm-2']);
    expect(config.commandCalls(DescribeConfigRulesCommand)).toHaveLength(2);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)).toHaveLength(1);
  });

  it('a malformed batch envelope is an error', async () => {
    // Act / Assess
    await expect(invokeBatch([{ eventSource: 'aws:sqs' }])).rejects.toThrow(/^SQS event: Records\[0\]\.messageId/);
  });
});

