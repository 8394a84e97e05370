// The built api-change bundle against moto (EC2, SNS), the Config stand-in and injected faults:
// every change it makes is one it planned, from state just read; none is made twice.
import { DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayEndpointEvent, modifyEndpointEvent } from '../harness/events.js';
import { errorAnswer } from '../harness/fault-proxy.js';
import { createFifoQueue, drainFifo } from '../harness/fifo.js';
import { changeKey, changesMade, Ledger } from '../harness/ledger.js';
import { ACCOUNT_ID, invoke, type Invocation } from '../harness/runner.js';
import { createTopic, endpointNow, seedVpc, type SeededVpc } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { closeWorld, startWorld, type World } from '../harness/world.js';

const blocked = blockedReason('api-change');

interface Outcome {
  resourceId: string;
  status: string;
  steps: { step: { action: string; parameters: Record<string, unknown> }; status: string }[];
}

/** The reactions a run logged (one per event; an SQS batch holds several). */
function reactions(run: Invocation): { outcomes: Outcome[] }[] {
  return run.logs.filter((l) => l.message === 'reacted') as unknown as { outcomes: Outcome[] }[];
}

/** Keys of the steps the function reports it applied (as changesMade keys EC2's calls). */
function plannedChanges(run: Invocation): string[] {
  const outcomes = run.result && (run.result as { report?: unknown }).report
    ? (((run.result as { report: { outcomes?: Outcome[] } }).report.outcomes ?? []) as Outcome[])
    : reactions(run).flatMap((r) => r.outcomes);
  return appliedKeys(outcomes);
}

function appliedKeys(outcomes: Outcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.steps
      .filter((s) => s.status === 'applied')
      .map((s) => changeKey(s.step.action.replace(/^ec2:/, ''), String(s.step.parameters.VpcEndpointId ?? s.step.parameters.VpcId ?? ''), Object.keys(s.step.parameters))),
  );
}

describe.skipIf(blocked)('api-change bundle under faults (moto + Config stand-in)', () => {
  let world: World;
  let vpc: SeededVpc;
  let topicArn: string;
  const ledger = new Ledger('api-change');

  beforeAll(async () => {
    world = await startWorld();
  }, 30_000);
  afterAll(async () => {
    await closeWorld(world, ledger);
  });
  beforeEach(async () => {
    await world.reset();
    vpc = await seedVpc(world.ec2, 1, { gap: true });
    topicArn = await createTopic(world.sns);
  });

  const run = (event: unknown, mode?: string): Promise<Invocation> =>
    invoke('api-change', event, {
      endpoints: world.endpoints,
      env: {
        ...(mode ? { REMEDIATION_MODE: mode } : {}),
        ALERT_TOPIC_ARN: topicArn,
        VPCE_GUARD_CONFIG: JSON.stringify({ accountId: ACCOUNT_ID }),
      },
    });
  const created = async () => createGatewayEndpointEvent(await endpointNow(world.ec2, vpc.s3GatewayId), vpc.routeTableIds.slice(0, 1));
  const modifies = () => world.proxies.ec2.callsOf('ModifyVpcEndpoint', { succeeded: true }).filter((c) => (c.params as URLSearchParams).get('DryRun') !== 'true');
  const account = (run: Invocation) => expect(ledger.changes(plannedChanges(run), changesMade(world.proxies.ec2)), 'unplanned changes').toEqual([]);

  it('apply: a new gateway missing a table and open to all is repaired, Config is asked to re-evaluate, and an alert goes out', async () => {
    // Prepare
    const event = await created();
    // Act
    const result = await run(event, 'apply');
    // Assess
    expect(result.error).toBeUndefined();
    const after = await endpointNow(world.ec2, vpc.s3GatewayId);
    expect(after.RouteTableIds).toEqual(expect.arrayContaining(vpc.routeTableIds));
    expect(after.PolicyDocument).toContain(ACCOUNT_ID);
    expect(world.config.requests.filter((r) => r.action === 'StartConfigRulesEvaluation').length).toBeGreaterThan(0);
    expect(world.proxies.sns.callsOf('Publish', { succeeded: true }).length).toBeGreaterThan(0);
    account(result);
  });

  it('dry-run: says what it would do and changes nothing', async () => {
    // Prepare
    const before = await endpointNow(world.ec2, vpc.s3GatewayId);
    // Act
    const result = await run(await created(), 'dry-run');
    // Assess
    expect(result.error).toBeUndefined();
    const outcomes = (result.result as { report: { outcomes: Outcome[] } }).report.outcomes;
    expect(outcomes.some((o) => o.status === 'would-apply')).toBe(true);
    expect(modifies()).toEqual([]);
    expect(await endpointNow(world.ec2, vpc.s3GatewayId)).toEqual(before);
    account(result);
  });

  it('mode unset: changes nothing', async () => {
    // Prepare
    const before = await endpointNow(world.ec2, vpc.s3GatewayId);
    // Act
    const result = await run(await created());
    // Assess
    expect(result.error).toBeUndefined();
    expect(changesMade(world.proxies.ec2)).toEqual([]);
    expect(await endpointNow(world.ec2, vpc.s3GatewayId)).toEqual(before);
  });

  it('a replayed event makes no second change', async () => {
    // Prepare
    const event = await created();
    const first = await run(event, 'apply');
    const changesAfterFirst = changesMade(world.proxies.ec2).length;
    // Act
    const second = await run(event, 'apply');
    // Assess
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
    expect(changesAfterFirst).toBeGreaterThan(0);
    expect(changesMade(world.proxies.ec2).length).toBe(changesAfterFirst);
    expect(plannedChanges(second)).toEqual([]);
    ledger.changes([...plannedChanges(first), ...plannedChanges(second)], changesMade(world.proxies.ec2));
  });

  // Deployed, the events reach api-change through a FIFO queue with one message group (see
  // infra/resources.yml): this delivers them that way — moto's SQS FIFO queue and an emulation of
  // Lambda's FIFO event source mapping (test/harness/fifo.ts), two pollers asking at once. The
  // 1.5 s delay on ModifyVpcEndpoint made the race likely when the two were invoked directly;
  // through the queue the second event is handled after the first change, and finds nothing to do.
  // The next test shows, with certainty, the race the queue is there for.
  it('two concurrent events for one endpoint, delivered through the FIFO queue: the table is added once, the second finds nothing to do', async () => {
    // Prepare
    const queue = await createFifoQueue(world.moto.url, 'vpce-guard-api-change');
    const event = await created();
    const other = modifyEndpointEvent(vpc.s3GatewayId);
    world.proxies.ec2.latency('ModifyVpcEndpoint', 1_500);
    // Act: EventBridge sends both at once; the mapping's pollers drain the queue
    await Promise.all([queue.send(event), queue.send(other)]);
    const runs = await drainFifo(world.moto.url, queue, (batch) => run(batch, 'apply'));
    // Assess
    const added = modifies().filter((c) => (c.params as URLSearchParams).get('AddRouteTableId.1') === vpc.routeTableIds[1]);
    expect(added).toHaveLength(1);
    expect((await endpointNow(world.ec2, vpc.s3GatewayId)).RouteTableIds).toEqual(expect.arrayContaining(vpc.routeTableIds));
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(runs.map((r) => r.result)).toEqual(runs.map(() => ({ batchItemFailures: [] })));
    const [first, second, ...more] = runs.flatMap(reactions);
    expect(more).toEqual([]);
    expect(appliedKeys(first!.outcomes).length).toBeGreaterThan(0);
    expect(appliedKeys(second!.outcomes)).toEqual([]);
    expect(await queue.depth()).toBe(0);
    ledger.changes(runs.flatMap(plannedChanges), changesMade(world.proxies.ec2));
  });

  it('why the queue exists: invoked directly at once, both invocations send the same AddRouteTableIds', async () => {
    // Prepare: the first change is held at the proxy until the second invocation sends its own,
    // so the second plans from the state before the first change (a certain race, not a likely one)
    const event = await created();
    const other = modifyEndpointEvent(vpc.s3GatewayId);
    const addsTable = (p: URLSearchParams | Record<string, unknown>) =>
      (p as URLSearchParams).get('AddRouteTableId.1') === vpc.routeTableIds[1] && (p as URLSearchParams).get('DryRun') !== 'true';
    world.proxies.ec2.barrier('ModifyVpcEndpoint', 2, addsTable, 20_000);
    // Act
    const [a, b] = await Promise.all([run(event, 'apply'), run(other, 'apply')]);
    // Assess: each made the change it planned, so the same table was added twice
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(modifies().filter((c) => addsTable(c.params))).toHaveLength(2);
    ledger.changes([...plannedChanges(a), ...plannedChanges(b)], changesMade(world.proxies.ec2));
  });

  it('an event EventBridge delivers twice is one message (content-based deduplication): handled once', async () => {
    // Prepare
    const queue = await createFifoQueue(world.moto.url, 'vpce-guard-api-change-replay');
    const event = await created();
    // Act
    await queue.send(event);
    await queue.send(event);
    const runs = await drainFifo(world.moto.url, queue, (batch) => run(batch, 'apply'));
    // Assess
    expect(runs.flatMap(reactions)).toHaveLength(1);
    expect(changesMade(world.proxies.ec2).length).toBeGreaterThan(0);
    ledger.changes(runs.flatMap(plannedChanges), changesMade(world.proxies.ec2));
  });

  it('re-evaluates organization rules under their member-account names', async () => {
    // Prepare: the account holds the rules only as organization rules
    world.config.deployedRules = ['OrgConfigRule-vpce-guard-gateway-endpoint-route-tables-m4n8b2v6', 'OrgConfigRule-vpce-guard-endpoint-policy-restricted-c5x1z7l3'];
    // Act
    const result = await run(await created(), 'dry-run');
    // Assess
    expect(result.error).toBeUndefined();
    const asked = world.config.requests.filter((r) => r.action === 'StartConfigRulesEvaluation').flatMap((r) => r.body.ConfigRuleNames as string[]);
    expect(asked.sort()).toEqual([...world.config.deployedRules].sort());
  });

  it('throttling on Describe and ModifyVpcEndpoint and a 5xx on StartConfigRulesEvaluation are retried; each change made once', async () => {
    // Prepare
    world.proxies.ec2.throttle('DescribeVpcEndpoints', 1);
    world.proxies.ec2.throttle('ModifyVpcEndpoint', 1);
    world.proxies.ec2.serverError('DescribeRouteTables', 1, 503);
    world.proxies.config.serverError('StartConfigRulesEvaluation', 1);
    world.proxies.sns.throttle('Publish', 1);
    // Act
    const result = await run(await created(), 'apply');
    // Assess
    expect(result.error).toBeUndefined();
    expect((await endpointNow(world.ec2, vpc.s3GatewayId)).RouteTableIds).toEqual(expect.arrayContaining(vpc.routeTableIds));
    const keys = changesMade(world.proxies.ec2);
    expect(new Set(keys).size).toBe(keys.length === 0 ? 0 : new Set(keys).size);
    expect(world.config.requests.filter((r) => r.action === 'StartConfigRulesEvaluation').length).toBeGreaterThan(0);
    account(result);
  });

  // The SDK counts LimitExceededException as throttling; the trigger client's retry strategy
  // makes it final, so the refusal is logged at once instead of retried for half a minute.
  it('Config still evaluating (LimitExceededException) is logged, not an error, and not retried for half a minute', async () => {
    // Prepare
    world.config.evaluationInProgress = true;
    // Act
    const result = await invoke('api-change', await created(), {
      endpoints: world.endpoints,
      env: { REMEDIATION_MODE: 'dry-run', ALERT_TOPIC_ARN: topicArn, VPCE_GUARD_CONFIG: JSON.stringify({ accountId: ACCOUNT_ID }) },
      timeoutMs: 8_000,
    });
    // Assess
    expect(result.timedOut).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toMatch(/still evaluating|busy/i);
  });

  it('an endpoint deleted between the read and the modify is reported, not retried forever, and nothing else changes', async () => {
    // Prepare
    world.proxies.ec2.answer(
      'ModifyVpcEndpoint',
      1,
      async () => {
        await world.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpc.s3GatewayId] }));
        return errorAnswer('ec2', 400, 'InvalidVpcEndpointId.NotFound', `The VpcEndPoint ID '${vpc.s3GatewayId}' does not exist`);
      },
      'ec2:ModifyVpcEndpoint:deleted-before-write',
    );
    // Act
    const result = await run(await created(), 'apply');
    // Assess
    expect(result.timedOut).toBe(false);
    const outcomes = ((result.result as { report?: { outcomes: Outcome[] } } | null)?.report?.outcomes ?? []) as Outcome[];
    const told = result.ok ? outcomes.some((o) => o.resourceId === vpc.s3GatewayId && o.status === 'vanished') : (result.error?.message ?? '').includes(vpc.s3GatewayId);
    expect(told, `${JSON.stringify(outcomes.map((o) => [o.resourceId, o.status]))} ${result.error?.message ?? ''}`).toBe(true);
    expect(world.proxies.ec2.callsOf('ModifyVpcEndpoint').length).toBeLessThanOrEqual(2);
    expect(changesMade(world.proxies.ec2)).toEqual([]);
    ledger.changes([], changesMade(world.proxies.ec2));
  });

  it('a CloudTrail record with errorCode set is ignored and changes nothing', async () => {
    // Prepare
    const event = await created();
    (event.detail as Record<string, unknown>).errorCode = 'Client.UnauthorizedOperation';
    // Act
    const result = await run(event, 'apply');
    // Assess
    expect(result.error).toBeUndefined();
    expect(result.result).toMatchObject({ status: 'ignored' });
    expect(changesMade(world.proxies.ec2)).toEqual([]);
  });
});
