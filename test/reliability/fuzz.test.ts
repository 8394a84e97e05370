// Fuzzing the built config-rule bundle (imported in-process, its own SDK pointed at moto and the
// Config stand-in through the proxies) with fast-check: mangled events and arbitrary endpoint
// policies end in a clear error or an annotated evaluation — never a crash, never a change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyArb } from '../shared/policy/arbitraries.js';
import { CLEAR_ERRORS } from '../harness/errors.js';
import { changeEvent, endpointItem } from '../harness/events.js';
import { changesMade, Ledger } from '../harness/ledger.js';
import { ACCOUNT_ID, importBundle } from '../harness/runner.js';
import { endpointNow, seedAccount, type SeededVpc } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { closeWorld, overrideEnv, startWorld, type World } from '../harness/world.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const blocked = blockedReason('config-rule');
const RULE = 'endpoint-policy-restricted';

function context(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: 'vpce-guard-config-rule',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:vpce-guard-config-rule`,
    memoryLimitInMB: '256',
    awsRequestId: 'fuzz',
    logGroupName: '/aws/lambda/vpce-guard-config-rule',
    logStreamName: 'fuzz',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Text that stresses parsers: unicode, control characters, quotes, huge and empty. */
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '"}]', 'null', '{"a":', '🚀'.repeat(300), 'x'.repeat(5_000)),
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, fc.constant(undefined));

/** One mangling of a Config rule event: a field of the envelope, of the item or of its configuration set to anything or removed. */
const mangling = fc.record({
  level: fc.constantFrom('event', 'item', 'configuration'),
  field: fc.constantFrom(
    'invokingEvent', 'ruleParameters', 'resultToken', 'eventLeftScope', 'accountId', 'configRuleName',
    'configurationItemCaptureTime', 'configurationItemStatus', 'resourceType', 'resourceId', 'configuration', 'tags', 'relationships',
    'vpcEndpointType', 'vpcId', 'serviceName', 'state', 'policyDocument', 'routeTableIds', 'subnetIds', 'groups',
  ),
  value: anyValue,
});

function mangle(item: Record<string, unknown>, token: string, changes: { level: string; field: string; value: unknown }[]): unknown {
  const it = structuredClone(item);
  const conf = it.configuration as Record<string, unknown>;
  const eventChanges = changes.filter((c) => c.level === 'event');
  for (const c of changes) {
    const target = c.level === 'item' ? it : c.level === 'configuration' ? conf : undefined;
    if (!target) continue;
    if (c.value === undefined) delete target[c.field];
    else target[c.field] = c.value;
  }
  const event = changeEvent(RULE, token, it);
  for (const c of eventChanges) {
    if (c.value === undefined) delete event[c.field];
    else event[c.field] = c.value;
  }
  return event;
}

describe.skipIf(blocked)('fuzz: the config-rule bundle over mangled events and arbitrary policies', () => {
  let world: World;
  let vpc: SeededVpc;
  let handler: Handler;
  let item: Record<string, unknown>;
  const ledger = new Ledger('fuzz config-rule');
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    world = await startWorld();
    vpc = (await seedAccount(world.ec2, 1))[0]!;
    item = endpointItem(await endpointNow(world.ec2, vpc.s3GatewayId));
    const env = {
      AWS_ENDPOINT_URL_EC2: world.endpoints.ec2,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: world.endpoints.config,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    restoreEnv = overrideEnv(env);
    ({ handler } = importBundle<Handler>('config-rule'));
  }, 30_000);
  afterAll(async () => {
    restoreEnv?.();
    await closeWorld(world, ledger);
  });

  async function outcome(event: unknown): Promise<{ ok: true } | { ok: false; error: Error }> {
    try {
      await handler(event, context());
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  }

  it('a mangled event ends in one of our one-line errors or a written evaluation, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mangling, { minLength: 1, maxLength: 3 }), async (changes) => {
        // Prepare
        const token = world.config.tokenFor(`vpce-guard-${RULE}`);
        const event = mangle(item, token, changes);
        const before = world.config.requests.length;
        // Act
        const result = await outcome(event);
        // Assess
        if (!result.ok) {
          expect(CLEAR_ERRORS, `${result.error.name}: ${result.error.message}`).toContain(result.error.name);
          expect(result.error.message).not.toMatch(/\n/);
        } else {
          const puts = world.config.requests.slice(before).filter((r) => r.action === 'PutEvaluations');
          const evaluations = puts.flatMap((r) => (r.body.Evaluations ?? []) as { Annotation?: string }[]);
          expect(evaluations.length).toBeGreaterThan(0);
          for (const e of evaluations) expect((e.Annotation ?? '').length).toBeLessThanOrEqual(256);
        }
        expect(changesMade(world.proxies.ec2)).toEqual([]);
      }),
      { numRuns: 40, seed: 1201 },
    );
  }, 60_000);

  it('any policy document, well-formed or not, gets exactly one annotated evaluation of its endpoint', async () => {
    const policyText = fc.oneof(
      policyArb.map((p) => JSON.stringify(p)),
      policyArb.map((p) => JSON.stringify(p, null, 2)),
      policyArb.chain((p) => fc.nat({ max: JSON.stringify(p).length }).map((n) => JSON.stringify(p).slice(0, n))),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      nastyString,
    );
    const expected: string[] = [];
    const written: string[] = [];
    await fc.assert(
      fc.asyncProperty(policyText, async (policy) => {
        // Prepare
        const token = world.config.tokenFor(`vpce-guard-${RULE}`);
        const it = structuredClone(item);
        (it.configuration as Record<string, unknown>).policyDocument = policy;
        const before = world.config.requests.length;
        // Act
        const result = await outcome(changeEvent(RULE, token, it));
        // Assess
        expect(result.ok ? undefined : `${result.error.name}: ${result.error.message}`).toBeUndefined();
        const evaluations = world.config.requests
          .slice(before)
          .filter((r) => r.action === 'PutEvaluations')
          .flatMap((r) => (r.body.Evaluations ?? []) as { ComplianceResourceId: string; ComplianceType: string; Annotation?: string }[])
          .filter((e) => e.ComplianceResourceId === vpc.s3GatewayId);
        expect(evaluations).toHaveLength(1);
        expect(evaluations[0]!.ComplianceType).toMatch(/^(COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE)$/);
        expect(evaluations[0]!.Annotation?.length ?? 0).toBeGreaterThan(0);
        expect(evaluations[0]!.Annotation!.length).toBeLessThanOrEqual(256);
        expected.push(`${vpc.s3GatewayId}#${expected.length}`);
        written.push(`${vpc.s3GatewayId}#${written.length}`);
        expect(changesMade(world.proxies.ec2)).toEqual([]);
      }),
      { numRuns: 40, seed: 1202 },
    );
    ledger.evaluations(expected, written);
  }, 60_000);
});
