import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  type Evaluation,
} from '@aws-sdk/client-config-service';
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/config-rule/handler.js';
import { event, fixture, itemOf, lambdaContext } from './events.js';
import { fakeAccount, GATEWAY0, GROUP0, IFACE0, mockFakeAccount, PRIVATE0, VPC0, type FakeAccount } from './fake-ec2.js';

// The real middy chain of the real handler, with every EC2 and Config client mocked.
const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);


let account: FakeAccount;
let stdout: string[];

function written(): Evaluation[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((c) => c.args[0].input.Evaluations ?? []);
}

function writtenFor(id: string): Evaluation {
  const found = written().filter((e) => e.ComplianceResourceId === id);
  expect(found, `one evaluation written for ${id}`).toHaveLength(1);
  return found[0]!;
}

function ec2Calls(): { command: string; input: unknown }[] {
  return ec2.calls().map((c) => ({ command: (c.args[0] as { constructor: { name: string } }).constructor.name, input: (c.args[0] as { input: unknown }).input }));
}

/** The structured lines the function logged (Powertools writes JSON lines to stdout). */
function logLines(): Record<string, unknown>[] {
  return stdout
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeEach(() => {
  ec2.reset();
  config.reset();
  account = fakeAccount(4);
  mockFakeAccount(ec2, account);
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  stdout = [];
  // Powertools writes INFO lines and EMF to stdout, ERROR lines to stderr: keep both, quietly.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('config-rule: a change to an endpoint', () => {
  it('evaluates that endpoint on its VPC alone and writes it with the capture time', async () => {
    const raw = fixture('change-vpc-endpoint-gateway.json');

    await handler(raw, lambdaContext());

    const evaluation = writtenFor(GATEWAY0);
    expect(evaluation).toMatchObject({ ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date('2025-01-06T09:30:00.000Z') });
    expect(evaluation.Annotation).toContain(PRIVATE0);
    expect(written()).toHaveLength(1);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: raw.resultToken as string });
    expect(config).not.toHaveReceivedCommandWith(PutEvaluationsCommand, { TestMode: true });
    // Only the VPC of the endpoint was read, and only what the rule needs.
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
    expect(ec2).not.toHaveReceivedCommand(DescribeSecurityGroupsCommand);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
  });

  it('judges the endpoint as the configuration item describes it, not as EC2 last did', async () => {
    // The item names both route tables; EC2's copy of the endpoint still has only the main one.
    const raw = event('change-vpc-endpoint-gateway.json', (inv) => {
      const configuration = itemOf(inv).configuration as Record<string, unknown>;
      configuration.routeTableIds = ['rtb-0main0000000000a', PRIVATE0];
    });

    await handler(raw, lambdaContext());

    expect(writtenFor(GATEWAY0).ComplianceType).toBe('COMPLIANT');
  });

  it('logs one summary line with the rule, the event kind and the counts by compliance type', async () => {
    await handler(fixture('change-vpc-endpoint-gateway.json'), lambdaContext());

    const summaries = logLines().filter((l) => l.message === 'evaluated');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      level: 'INFO',
      ruleId: 'gateway-endpoint-route-tables',
      eventKind: 'ConfigurationItemChangeNotification',
      counts: { COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0 },
      function_name: 'vpce-guard-config-rule',
    });
    const emf = logLines().filter((l) => '_aws' in l);
    const namespaces = emf.flatMap((l) => (l._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics.map((m) => m.Namespace));
    expect(new Set(namespaces)).toEqual(new Set(['vpce-guard']));
    expect(emf.find((l) => l.ComplianceType === 'NON_COMPLIANT')).toMatchObject({ Evaluations: 1, RuleId: 'gateway-endpoint-route-tables' });
  });
});

describe('config-rule: deleted and out-of-scope items', () => {
  it.each([
    ['ResourceDeleted', false],
    ['ResourceDeletedNotRecorded', false],
    ['ResourceNotRecorded', false],
    ['OK', true],
  ])('status %s with eventLeftScope %s is NOT_APPLICABLE for that resource and reads nothing', async (status, left) => {
    const raw = event(
      status === 'OK' ? 'change-vpc-endpoint-gateway.json' : 'change-vpc-endpoint-deleted.json',
      (inv) => {
        itemOf(inv).configurationItemStatus = status;
      },
      { eventLeftScope: left },
    );

    await handler(raw, lambdaContext());

    expect(writtenFor(GATEWAY0).ComplianceType).toBe('NOT_APPLICABLE');
    expect(writtenFor(GATEWAY0).Annotation).toMatch(left ? /left the scope/ : /deleted|does not record/);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('config-rule: a change to a related resource', () => {
  it('a route table re-evaluates the gateway endpoints of its VPC, using the table as the item says', async () => {
    const raw = event('change-route-table.json', (inv) => {
      const table = itemOf(inv).configuration as { routes: unknown[] };
      table.routes.push({ destinationPrefixListId: 'pl-7ca54015', gatewayId: GATEWAY0, origin: 'CreateRoute', state: 'active' });
    });

    await handler(raw, lambdaContext());

    expect(writtenFor(GATEWAY0).ComplianceType).toBe('COMPLIANT');
    expect(writtenFor(PRIVATE0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::RouteTable', ComplianceType: 'NOT_APPLICABLE' });
    expect(writtenFor(PRIVATE0).Annotation).toContain(GATEWAY0);
    // The interface endpoint of the VPC is not one this rule judges: not written.
    expect(written().map((e) => e.ComplianceResourceId)).not.toContain(IFACE0);
  });

  it('a subnet re-evaluates the gateway endpoints of its VPC', async () => {
    await handler(fixture('change-subnet.json'), lambdaContext());

    // The new subnet has no table of its own: the main table serves it, the private one is still missing.
    expect(writtenFor(GATEWAY0).ComplianceType).toBe('NON_COMPLIANT');
    expect(writtenFor('subnet-0cccc00000000000c').ComplianceType).toBe('NOT_APPLICABLE');
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
  });

  it('a VPC re-evaluates its endpoints against its DNS attributes, read for that VPC only', async () => {
    account.dns.set(VPC0, { support: true, hostnames: false });

    await handler(fixture('change-vpc.json'), lambdaContext());

    expect(writtenFor(GATEWAY0).ComplianceType).toBe('COMPLIANT');
    expect(writtenFor(IFACE0).ComplianceType).toBe('NON_COMPLIANT');
    expect(writtenFor(IFACE0).Annotation).toContain('enableDnsHostnames');
    expect(writtenFor(VPC0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::VPC', ComplianceType: 'NOT_APPLICABLE' });
    const attributeCalls = ec2.commandCalls(DescribeVpcAttributeCommand).map((c) => c.args[0].input.VpcId);
    expect(new Set(attributeCalls)).toEqual(new Set([VPC0]));
  });

  it('a security group re-evaluates the endpoints that use it, with the group as the item says', async () => {
    await handler(fixture('change-security-group.json'), lambdaContext());

    expect(writtenFor(IFACE0).ComplianceType).toBe('NON_COMPLIANT');
    expect(writtenFor(IFACE0).Annotation).toContain(`${GROUP0} is open to the internet`);
    expect(writtenFor(GROUP0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceType: 'NOT_APPLICABLE' });
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-id', Values: [GROUP0] }] });
  });

  it('the VPC rule: a change to a VPC evaluates it, a change to an endpoint evaluates its VPC', async () => {
    const vpcRule = { ruleParameters: '{"ruleId":"vpc-required-endpoints","requiredServices":"s3:gateway,ssm:interface,sts:interface"}' };

    await handler(event('change-vpc.json', () => {}, vpcRule), lambdaContext());
    expect(writtenFor(VPC0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::VPC', ComplianceType: 'NON_COMPLIANT' });
    expect(writtenFor(VPC0).Annotation).toBe('The VPC lacks endpoints for sts:interface.');

    config.reset();
    config.on(PutEvaluationsCommand).resolves({});
    await handler(event('change-vpc-endpoint-gateway.json', () => {}, vpcRule), lambdaContext());
    expect(writtenFor(VPC0).ComplianceType).toBe('NON_COMPLIANT');
    expect(writtenFor(GATEWAY0)).toMatchObject({ ComplianceType: 'NOT_APPLICABLE', Annotation: expect.stringContaining(VPC0) });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
  });

  it('a related resource the rule does not depend on is NOT_APPLICABLE and reads nothing', async () => {
    const raw = event('change-route-table.json', () => {}, { ruleParameters: '{"ruleId":"endpoint-policy-restricted"}' });

    await handler(raw, lambdaContext());

    expect(writtenFor(PRIVATE0).ComplianceType).toBe('NOT_APPLICABLE');
    expect(written()).toHaveLength(1);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('config-rule: cost of a change does not grow with the account', () => {
  async function callsFor(vpcs: number, name: string) {
    ec2.reset();
    config.reset();
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    mockFakeAccount(ec2, fakeAccount(vpcs));
    await handler(fixture(name), lambdaContext());
    return { calls: ec2Calls(), written: written() };
  }

  it.each(['change-vpc-endpoint-gateway.json', 'change-route-table.json', 'change-vpc.json', 'change-security-group.json', 'change-subnet.json'])(
    '%s: the same EC2 calls for a 4-VPC and a 40-VPC account',
    async (name) => {
      const small = await callsFor(4, name);
      const large = await callsFor(40, name);

      expect(large.calls).toEqual(small.calls);
      expect(large.calls.length).toBeGreaterThan(0);
      expect(large.calls.length).toBeLessThanOrEqual(7);
      expect(large.written).toEqual(small.written);
    },
  );
});

describe('config-rule: oversized items', () => {
  it('rebuilds the item with GetResourceConfigHistory (limit 1) and evaluates it', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves(JSON.parse(JSON.stringify(fixture('history-vpc-endpoint.json')), (k, v) => (k === 'configurationItemCaptureTime' ? new Date(v * 1000) : v)));

    await handler(fixture('oversized-vpc-endpoint.json'), lambdaContext());

    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: GATEWAY0, limit: 1 });
    // The full item names both tables: compliant, with the item's capture time.
    expect(writtenFor(GATEWAY0)).toMatchObject({ ComplianceType: 'COMPLIANT', OrderingTimestamp: new Date('2025-01-06T11:00:00.000Z') });
  });

  it('does not fetch a deleted oversized item: it is NOT_APPLICABLE', async () => {
    const raw = event('oversized-vpc-endpoint.json', (inv) => {
      (inv.configurationItemSummary as Record<string, unknown>).configurationItemStatus = 'ResourceDeleted';
    });

    await handler(raw, lambdaContext());

    expect(config).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    expect(writtenFor(GATEWAY0).ComplianceType).toBe('NOT_APPLICABLE');
  });
});

describe('config-rule: periodic runs', () => {
  it('evaluates every endpoint of the account with the notification time, then withdraws stale results', async () => {
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [
        { ComplianceType: 'NON_COMPLIANT', EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'vpce-guard-gateway-endpoint-route-tables', ResourceType: 'AWS::EC2::VPCEndpoint', ResourceId: 'vpce-0deadbeef000000' } } },
        { ComplianceType: 'NON_COMPLIANT', EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'vpce-guard-gateway-endpoint-route-tables', ResourceType: 'AWS::EC2::VPCEndpoint', ResourceId: GATEWAY0 } } },
      ],
    });

    await handler(fixture('scheduled.json'), lambdaContext());

    const evaluations = written();
    // 4 gateways (non-compliant), 4 interface endpoints (not judged by this rule), 1 stale.
    expect(evaluations.filter((e) => e.ComplianceType === 'NON_COMPLIANT')).toHaveLength(4);
    expect(writtenFor('vpce-0deadbeef000000')).toMatchObject({ ComplianceType: 'NOT_APPLICABLE', Annotation: expect.stringContaining('no longer exists') });
    expect(evaluations.every((e) => e.OrderingTimestamp?.getTime() === Date.parse('2025-01-08T00:00:00.000Z'))).toBe(true);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { MaxResults: 1000 });
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input).not.toHaveProperty('Filters');
    expect(config).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ConfigRuleName: 'vpce-guard-gateway-endpoint-route-tables',
      ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
      Limit: 100,
    });
  });

  it('takes the event\'s account as the account of endpoints that carry no OwnerId', async () => {
    for (const e of account.VpcEndpoints) delete e.OwnerId;
    const raw = event('scheduled.json', () => {}, { ruleParameters: '{"ruleId":"endpoint-policy-restricted"}' });

    await handler(raw, lambdaContext());

    expect(written()).toHaveLength(8);
    expect(written().filter((e) => e.Annotation?.startsWith('Cannot evaluate'))).toEqual([]);
    expect(writtenFor(GATEWAY0).ComplianceType).toBe('NON_COMPLIANT');
  });

  it('writes more than 100 evaluations in batches of at most 100', async () => {
    ec2.reset();
    mockFakeAccount(ec2, fakeAccount(60));

    await handler(fixture('scheduled.json'), lambdaContext());

    const sizes = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length);
    expect(sizes).toEqual([100, 20]);
    expect(new Set(written().map((e) => e.ComplianceResourceId)).size).toBe(120);
  });

  it('one endpoint that cannot be evaluated gets its own annotated result; the others are judged', async () => {
    (account.VpcEndpoints[0] as Record<string, unknown>).PolicyDocument = '{"Statement": [ not json';
    const raw = event('scheduled.json', () => {}, { ruleParameters: JSON.stringify({ ruleId: 'endpoint-policy-restricted', orgId: 'o-q1w2e3r4t5' }) });

    await handler(raw, lambdaContext());

    expect(writtenFor(GATEWAY0).ComplianceType).toBe('NON_COMPLIANT');
    expect(writtenFor(GATEWAY0).Annotation).toMatch(/^Cannot evaluate: /);
    expect(written()).toHaveLength(8);
    expect(written().filter((e) => e.Annotation?.startsWith('Cannot evaluate'))).toHaveLength(1);
    const summary = logLines().find((l) => l.message === 'evaluated');
    expect(summary).toMatchObject({ errors: 1, ruleId: 'endpoint-policy-restricted', eventKind: 'ScheduledNotification' });
  });
});

describe('config-rule: writing results', () => {
  it('retries evaluations Config reports as failed, then succeeds', async () => {
    const failed = { ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceResourceId: GATEWAY0, ComplianceType: 'NON_COMPLIANT' as const, OrderingTimestamp: new Date() };
    config.on(PutEvaluationsCommand).resolvesOnce({ FailedEvaluations: [failed] }).resolves({ FailedEvaluations: [] });

    await handler(fixture('change-vpc-endpoint-gateway.json'), lambdaContext());

    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 2);
  });

  it('fails the invocation naming the evaluations that still fail, after writing every other batch', async () => {
    ec2.reset();
    mockFakeAccount(ec2, fakeAccount(60));
    const stuck = `vpce-1${'3'.padStart(16, '0')}`;
    config.on(PutEvaluationsCommand).callsFake((input: { Evaluations: Evaluation[] }) => ({
      FailedEvaluations: input.Evaluations.filter((e) => e.ComplianceResourceId === stuck),
    }));

    await expect(handler(fixture('scheduled.json'), lambdaContext())).rejects.toThrow(`PutEvaluations failed for 1 evaluation(s): AWS::EC2::VPCEndpoint ${stuck}`);

    // The second batch was written though the first kept failing; the stale check still ran.
    const batches = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations!.map((e) => e.ComplianceResourceId));
    expect(batches.some((b) => b.length === 20)).toBe(true);
    expect(batches.filter((b) => b.length === 1 && b[0] === stuck)).toHaveLength(3);
    const errorLine = logLines().find((l) => l.level === 'ERROR');
    expect(errorLine?.message).toContain(stuck);
  });

  it('TESTMODE sends TestMode and withdraws nothing', async () => {
    await handler(event('scheduled.json', () => {}, { resultToken: 'TESTMODE' }), lambdaContext());

    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'TESTMODE', TestMode: true });
    expect(config).not.toHaveReceivedCommand(GetComplianceDetailsByConfigRuleCommand);
  });

  it('when the time runs low, writes what it has and fails naming what is unfinished', async () => {
    ec2.reset();
    mockFakeAccount(ec2, fakeAccount(60));
    // Enough time for the first batch only.
    let left = 30_000;
    config.on(PutEvaluationsCommand).callsFake(() => {
      left = 5_000;
      return { FailedEvaluations: [] };
    });

    await expect(handler(fixture('scheduled.json'), lambdaContext(() => left))).rejects.toThrow('out of time: 20 evaluation(s) not written (100 written)');

    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    // A run that did not finish cannot know what is stale.
    expect(config).not.toHaveReceivedCommand(GetComplianceDetailsByConfigRuleCommand);
    expect(logLines().find((l) => l.message === 'evaluated')).toMatchObject({ written: 100, unfinished: 20 });
  });

  it('with everything written but too little time left for the cleanup, fails saying the next run will do it', async () => {
    let left = 30_000;
    config.on(PutEvaluationsCommand).callsFake(() => {
      left = 10_500;
      return { FailedEvaluations: [] };
    });

    await expect(handler(fixture('scheduled.json'), lambdaContext(() => (left -= 1_000)))).rejects.toThrow('out of time before withdrawing stale results');

    expect(written()).toHaveLength(8);
    expect(config).not.toHaveReceivedCommand(GetComplianceDetailsByConfigRuleCommand);
  });
});

describe('config-rule: bad input', () => {
  it.each([
    ['absent', undefined],
    ['empty', '{}'],
  ])('ruleParameters %s: fails naming the missing ruleId, calls nothing', async (_label, ruleParameters) => {
    const raw: Record<string, unknown> = { ...fixture('change-vpc-endpoint-gateway.json'), ruleParameters };
    if (ruleParameters === undefined) delete raw.ruleParameters;

    await expect(handler(raw, lambdaContext())).rejects.toThrow('ruleParameters: the key "ruleId" is missing');

    expect(ec2.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it('ruleParameters that are not JSON, or a bad parameter value, fail with the key named', async () => {
    await expect(handler({ ...fixture('scheduled.json'), ruleParameters: '{ruleId:' }, lambdaContext())).rejects.toThrow('ruleParameters: not valid JSON');
    await expect(
      handler({ ...fixture('scheduled.json'), ruleParameters: '{"ruleId":"interface-endpoint-multi-az","minAzs":"two"}' }, lambdaContext()),
    ).rejects.toThrow(/rules\.interface-endpoint-multi-az: minAzs/);
    await expect(handler({ ...fixture('scheduled.json'), ruleParameters: '{"ruleId":"no-such-rule"}' }, lambdaContext())).rejects.toThrow('unknown rule id "no-such-rule"');
    expect(config.calls()).toHaveLength(0);
  });

  it('a malformed event fails naming what is wrong', async () => {
    const raw = event('change-vpc-endpoint-gateway.json', (inv) => {
      delete itemOf(inv).resourceId;
    });

    await expect(handler(raw, lambdaContext())).rejects.toThrow('Config rule event: invokingEvent.configurationItem.resourceId');
    await expect(handler({ ...fixture('scheduled.json'), invokingEvent: '{"messageType":"Unknown"}' }, lambdaContext())).rejects.toThrow(/messageType must be one of/);
  });

  it('settings from VPCE_GUARD_CONFIG apply, and the rule parameters win over them', async () => {
    vi.stubEnv('VPCE_GUARD_CONFIG', JSON.stringify({ rules: { 'interface-endpoint-security-groups': { port: 8443 } } }));
    try {
      // The fixture's own parameters say port "443": compliant.
      await handler(fixture('change-vpc-endpoint-interface.json'), lambdaContext());
      expect(writtenFor(IFACE0).ComplianceType).toBe('COMPLIANT');

      config.reset();
      config.on(PutEvaluationsCommand).resolves({});
      await handler(event('change-vpc-endpoint-interface.json', () => {}, { ruleParameters: '{"ruleId":"interface-endpoint-security-groups"}' }), lambdaContext());
      expect(writtenFor(IFACE0).ComplianceType).toBe('NON_COMPLIANT');
      expect(writtenFor(IFACE0).Annotation).toContain('8443');

      vi.stubEnv('VPCE_GUARD_CONFIG', '{"orgId": "o-x", "unknownKey": 1}');
      await expect(handler(fixture('change-vpc-endpoint-interface.json'), lambdaContext())).rejects.toThrow(/^VPCE_GUARD_CONFIG: /);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
