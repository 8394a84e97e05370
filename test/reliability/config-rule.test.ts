// The built config-rule bundle against moto (EC2), the Config stand-in and injected faults: every
// evaluation expected is written or named in the invocation's error; none is silently lost.
import { DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeEvent, endpointItem, scheduledEvent } from '../harness/events.js';
import { Ledger } from '../harness/ledger.js';
import { invoke, type Invocation } from '../harness/runner.js';
import { endpointNow, endpointsNow, seedAccount, seedBareVpcs, vpcIdsNow, type SeededVpc } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { closeWorld, startWorld, type World } from '../harness/world.js';

const blocked = blockedReason('config-rule');

describe.skipIf(blocked)('config-rule bundle under faults (moto + Config stand-in)', () => {
  let world: World;
  const ledger = new Ledger('config-rule');

  beforeAll(async () => {
    world = await startWorld();
  }, 30_000);
  afterAll(async () => {
    await closeWorld(world, ledger);
  });
  beforeEach(async () => {
    await world.reset();
  });

  const run = (event: unknown, timeoutMs?: number): Promise<Invocation> =>
    invoke('config-rule', event, { endpoints: world.endpoints, ...(timeoutMs ? { timeoutMs } : {}) });
  const written = (rule: string) => new Map(world.config.results(`vpce-guard-${rule}`).map((r) => [r.resourceId, r]));
  const liveEndpoints = async (type?: string) =>
    (await endpointsNow(world.ec2)).filter((e) => String(e.State).toLowerCase() !== 'deleted' && (!type || e.VpcEndpointType === type)).map((e) => e.VpcEndpointId!);

  const seedMany = (count: number): Promise<string[]> => seedBareVpcs(world.ec2, count);

  it('a periodic run over a multi-VPC account writes an evaluation for every endpoint, right ones, and withdraws a stale one', async () => {
    // Prepare
    const vpcs: SeededVpc[] = await seedAccount(world.ec2, 6);
    const rule = 'gateway-endpoint-route-tables';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    world.config.hold({ ruleName: `vpce-guard-${rule}`, resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0deadbeef0000000a', complianceType: 'NON_COMPLIANT' });
    // Act
    const result = await run(scheduledEvent(rule, token));
    // Assess
    expect(result.error).toBeUndefined();
    const results = written(rule);
    const expected = await liveEndpoints('Gateway');
    expect(ledger.evaluations(expected, results.keys())).toEqual([]);
    for (const vpc of vpcs) {
      const gap = vpc.routeTableIds.length > 1 && !(await endpointNow(world.ec2, vpc.s3GatewayId)).RouteTableIds!.includes(vpc.routeTableIds[1]!);
      expect(results.get(vpc.s3GatewayId)?.complianceType).toBe(gap ? 'NON_COMPLIANT' : 'COMPLIANT');
    }
    expect(results.get('vpce-0deadbeef0000000a')?.complianceType).toBe('NOT_APPLICABLE');
  });

  it('every rule of the catalogue writes every evaluation of the account', async () => {
    // Prepare
    await seedAccount(world.ec2, 4);
    const byRule: Record<string, string[]> = {
      'endpoint-policy-restricted': await liveEndpoints(),
      'endpoint-vpc-dns': await liveEndpoints(),
      'interface-endpoint-security-groups': await liveEndpoints('Interface'),
      'interface-endpoint-multi-az': await liveEndpoints('Interface'),
      'vpc-required-endpoints': await vpcIdsNow(world.ec2),
    };
    // Act
    const runs = [];
    for (const rule of Object.keys(byRule)) runs.push(await run(scheduledEvent(rule, world.config.tokenFor(`vpce-guard-${rule}`))));
    // Assess
    expect(runs.map((r) => r.error)).toEqual(runs.map(() => undefined));
    for (const [rule, expected] of Object.entries(byRule)) {
      expect(expected.length, rule).toBeGreaterThan(0);
      expect(ledger.evaluations(expected, written(rule).keys()), rule).toEqual([]);
    }
  });

  it('throttling on Describe and PutEvaluations and a 5xx are retried: all 130 evaluations of a two-batch run are written', async () => {
    // Prepare
    const ids = await seedMany(129);
    const rule = 'vpc-required-endpoints';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    world.proxies.ec2.throttle('DescribeVpcs', 1);
    world.proxies.ec2.throttle('DescribeRouteTables', 1);
    world.proxies.ec2.serverError('DescribeVpcEndpoints', 1, 503);
    world.proxies.config.throttle('PutEvaluations', 2);
    world.proxies.config.serverError('GetComplianceDetailsByConfigRule', 1);
    // Act
    const result = await run(scheduledEvent(rule, token));
    // Assess
    expect(result.error).toBeUndefined();
    const expected = await vpcIdsNow(world.ec2);
    expect(expected).toEqual(expect.arrayContaining(ids));
    expect(new Set(expected).size).toBe(130);
    expect(ledger.evaluations(expected, written(rule).keys())).toEqual([]);
    const puts = world.proxies.config.callsOf('PutEvaluations');
    expect(puts.filter((c) => c.fault).length).toBe(2);
    expect(puts.filter((c) => c.status === 200).every((c) => ((c.params as { Evaluations: unknown[] }).Evaluations.length <= 100))).toBe(true);
  });

  it('a partial PutEvaluations failure is retried and nothing is lost', async () => {
    // Prepare
    await seedAccount(world.ec2, 3);
    const rule = 'endpoint-policy-restricted';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    const expected = await liveEndpoints();
    const victim = expected[1]!;
    world.proxies.config.partialPutEvaluations(2, (e) => e.ComplianceResourceId === victim);
    // Act
    const result = await run(scheduledEvent(rule, token));
    // Assess
    expect(result.error).toBeUndefined();
    expect(ledger.evaluations(expected, written(rule).keys())).toEqual([]);
    expect(world.proxies.config.injected['config:PutEvaluations:partial-failure']).toBe(2);
  });

  it('an evaluation Config keeps refusing is reported by name after every other one is written', async () => {
    // Prepare
    await seedAccount(world.ec2, 3);
    const rule = 'endpoint-policy-restricted';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    const expected = await liveEndpoints();
    const victim = expected[0]!;
    world.proxies.config.partialPutEvaluations(50, (e) => e.ComplianceResourceId === victim);
    // Act
    const result = await run(scheduledEvent(rule, token));
    // Assess
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain(victim);
    const reported = expected.filter((id) => result.error?.message?.includes(id));
    expect(reported).toEqual([victim]);
    expect(ledger.evaluations(expected, written(rule).keys(), reported)).toEqual([]);
    expect(written(rule).has(victim)).toBe(false);
  });

  it('a change to an endpoint that is gone from EC2 when read ends in an evaluation or a clear error, never a crash or a lost write', async () => {
    // Prepare
    const [vpc] = await seedAccount(world.ec2, 1);
    const rule = 'gateway-endpoint-route-tables';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    const item = endpointItem(await endpointNow(world.ec2, vpc!.s3GatewayId));
    await world.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpc!.s3GatewayId] }));
    // Act
    const result = await run(changeEvent(rule, token, item));
    // Assess
    const stored = written(rule).get(vpc!.s3GatewayId);
    if (result.ok) {
      expect(stored?.complianceType).toMatch(/NOT_APPLICABLE|NON_COMPLIANT/);
      expect(stored?.annotation).toBeTruthy();
    } else {
      expect(result.error?.message).toContain(vpc!.s3GatewayId);
    }
    expect(result.timedOut).toBe(false);
    ledger.evaluations([vpc!.s3GatewayId], written(rule).keys(), result.ok ? [] : [vpc!.s3GatewayId]);
  });

  it('a change-triggered run survives a throttled DescribeRouteTables and writes the endpoint', async () => {
    // Prepare
    const [vpc] = await seedAccount(world.ec2, 1);
    const rule = 'gateway-endpoint-route-tables';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    world.proxies.ec2.throttle('DescribeRouteTables', 2);
    // Act
    const result = await run(changeEvent(rule, token, endpointItem(await endpointNow(world.ec2, vpc!.s3GatewayId))));
    // Assess
    expect(result.error).toBeUndefined();
    expect(ledger.evaluations([vpc!.s3GatewayId], written(rule).keys())).toEqual([]);
    expect(written(rule).get(vpc!.s3GatewayId)?.complianceType).toBe('NON_COMPLIANT');
  });

  it('near its timeout it writes what it has and reports the rest instead of dying mid-batch', async () => {
    // Prepare
    await seedMany(149);
    const rule = 'vpc-required-endpoints';
    const token = world.config.tokenFor(`vpce-guard-${rule}`);
    world.proxies.config.latency('PutEvaluations', 2_500);
    const expected = await vpcIdsNow(world.ec2);
    // Act: 10 s is the function's reserve, so a 12.5 s timeout leaves time for about one batch.
    const started = Date.now();
    const result = await run(scheduledEvent(rule, token), 12_500);
    // Assess
    expect(result.timedOut).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.error?.name).toBe('InvocationIncompleteError');
    const summary = result.logs.find((l) => l.message === 'evaluated') as { written: number; unfinished: number } | undefined;
    expect(summary).toBeDefined();
    expect(summary!.written + summary!.unfinished).toBe(expected.length);
    const puts = world.proxies.config.callsOf('PutEvaluations').map((c) => c.at - started);
    expect(summary!.unfinished, `PutEvaluations at ${puts.join(', ')} ms; ${result.error?.message}`).toBeGreaterThan(0);
    expect(written(rule).size).toBe(summary!.written);
    // Those not written are reported (by count), not lost.
    const have = new Set(written(rule).keys());
    ledger.evaluations(expected, have, expected.filter((id) => !have.has(id)));
  });
});
