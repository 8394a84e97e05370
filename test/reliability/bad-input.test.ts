// The bad-input corpus (test/fixtures/bad-input/*.json) against the built bundles: each case ends
// in a clear one-line error or an annotated evaluation — never a crash, a timeout, a lost
// evaluation of another resource, or a change to the account.
import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledEvent } from '../harness/events.js';
import { expectClearError } from '../harness/errors.js';
import { changesMade, Ledger } from '../harness/ledger.js';
import { importBundle, invoke, type FunctionName, type Invocation } from '../harness/runner.js';
import { createTopic, endpointsNow, OPEN_POLICY, seedAccount, seedVpc, type SeededVpc } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { closeWorld, overrideEnv, startWorld, type World } from '../harness/world.js';

const DIR = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));

interface BadInput {
  file: string;
  function: FunctionName;
  description: string;
  /** 'evaluation': an annotated evaluation (config-rule), a normal return (the EventBridge functions). */
  expect: 'error' | 'evaluation' | 'error-or-evaluation';
  errorMatches?: string;
  /** The exact result of a normal return (an SQS batch's `batchItemFailures`). */
  expectResult?: unknown;
  /** A failure already reported to the function's owner: the case runs as it.fails until fixed. */
  knownBug?: string;
  event: unknown;
}

const RESTRICTED_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } } }],
});

const corpus: BadInput[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as Omit<BadInput, 'file'>) }));

/** Replaces ${name} in every string of a JSON value, inside JSON-string fields (invokingEvent) too. */
function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    if (/^[[{]/.test(value)) {
      try {
        return JSON.stringify(fill(JSON.parse(value), vars));
      } catch {
        // not JSON (a truncated document): fill it as text
      }
    }
    return value.replace(/\$\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

it('the corpus holds every kind of bad input the issue names', () => {
  // Assess
  const names = corpus.map((c) => c.file).join(' ');
  for (const kind of ['truncated', 'wrong-type', 'policy-oversized', 'policy-invalid', 'unknown-resource-type', 'non-ascii', 'unknown-message-type']) {
    expect(names).toContain(kind);
  }
});

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function lambdaContext() {
  const deadline = Date.now() + 60_000;
  return {
    functionName: 'vpce-guard-bad-input',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:vpce-guard-bad-input',
    awsRequestId: 'bad-input',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Runs a bundle's handler in this process (the corpus is large; a child per case costs a second of CPU each). */
async function invokeHere(handler: Handler, event: unknown): Promise<Invocation> {
  const started = Date.now();
  const base = { timedOut: false, logs: [], stdout: '', stderr: '' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)));
  try {
    const result = await Promise.race([handler(event, lambdaContext()), timeout]);
    if (result === 'timeout') return { ...base, ok: false, timedOut: true, error: { name: 'Timeout', message: 'no answer within 20 s' }, durationMs: Date.now() - started };
    return { ...base, ok: true, result, durationMs: Date.now() - started };
  } catch (error) {
    const e = error as Error;
    return { ...base, ok: false, error: { name: e.name, message: e.message, stack: e.stack }, durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const FUNCTIONS = (['config-rule', 'api-change', 'compliance-alert'] as const).filter((fn) => corpus.some((c) => c.function === fn));
const runnable = FUNCTIONS.filter((fn) => !blockedReason(fn));

describe.skipIf(runnable.length === 0)('bad input against the built bundles', () => {
  let world: World;
  let gapVpc: SeededVpc;
  let cleanVpc: SeededVpc;
  let topicArn: string;
  const handlers = new Map<FunctionName, Handler>();
  const ledger = new Ledger('bad-input');
  const rule = 'endpoint-policy-restricted';
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    world = await startWorld();
    gapVpc = (await seedAccount(world.ec2, 1))[0]!;
    // Nothing to repair here, so any change a bad event led to would be unplanned.
    cleanVpc = await seedVpc(world.ec2, 2);
    await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: cleanVpc.s3GatewayId, PolicyDocument: RESTRICTED_POLICY }));
    topicArn = await createTopic(world.sns);
    const env = {
      AWS_ENDPOINT_URL_EC2: world.endpoints.ec2,
      AWS_ENDPOINT_URL_SNS: world.endpoints.sns,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: world.endpoints.config,
      REMEDIATION_MODE: 'apply',
      ALERT_TOPIC_ARN: topicArn,
      VPCE_GUARD_CONFIG: JSON.stringify({ accountId: '123456789012' }),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    restoreEnv = overrideEnv(env);
    for (const fn of runnable) handlers.set(fn, importBundle<Handler>(fn).handler);
  }, 30_000);
  afterAll(async () => {
    restoreEnv?.();
    await closeWorld(world, ledger);
  });

  for (const c of corpus) {
    if (!runnable.includes(c.function)) continue;
    const test = c.knownBug ? it.fails : it;
    test(`${c.file}: ${c.description} → ${c.expect}${c.knownBug ? ` (known bug, ${c.knownBug.split(':')[0]})` : ''}`, async () => {
      // Prepare
      const vpc = c.function === 'config-rule' ? gapVpc : cleanVpc;
      const ruleName = `vpce-guard-${rule}|${c.file}`;
      const event = fill(c.event, {
        vpcId: vpc.vpcId,
        gatewayId: vpc.s3GatewayId,
        tableA: vpc.routeTableIds[0]!,
        tableB: vpc.routeTableIds[1]!,
        policy: OPEN_POLICY,
        resultToken: world.config.tokenFor(ruleName),
      });
      // Act
      const run = await invokeHere(handlers.get(c.function)!, event);
      // Assess
      const stored = world.config.results(ruleName).find((r) => r.resourceId === vpc.s3GatewayId);
      if (c.expect === 'error' || (c.expect === 'error-or-evaluation' && !run.ok)) {
        expect(run.ok, JSON.stringify(run.result)).toBe(false);
        expectClearError(run);
        if (c.errorMatches) expect(run.error?.message).toMatch(new RegExp(c.errorMatches, 'i'));
      } else {
        expect(run.error).toBeUndefined();
        if (c.expectResult !== undefined) expect(run.result).toEqual(c.expectResult);
        if (c.function === 'config-rule') {
          expect(stored?.annotation ?? '', 'an annotated evaluation of the endpoint').not.toBe('');
          expect(stored!.annotation!.length).toBeLessThanOrEqual(256);
          ledger.evaluations([vpc.s3GatewayId], [stored!.resourceId]);
        }
      }
      expect(ledger.changes([], changesMade(world.proxies.ec2))).toEqual([]);
    });
  }
});

describe.skipIf(blockedReason('config-rule'))('config-rule bundle: one bad resource among good ones', () => {
  let world: World;
  const ledger = new Ledger('bad-input config-rule periodic');
  const rule = 'endpoint-policy-restricted';
  beforeAll(async () => {
    world = await startWorld();
  }, 30_000);
  afterAll(async () => {
    await closeWorld(world, ledger);
  });

  it('one endpoint whose stored policy is not JSON does not stop the periodic evaluation of the others', async () => {
    // Prepare
    const [vpc] = await seedAccount(world.ec2, 4, 20);
    await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc!.s3GatewayId, PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",' }));
    const expected = (await endpointsNow(world.ec2)).map((e) => e.VpcEndpointId!);
    // Act
    const run = await invoke('config-rule', scheduledEvent(rule, world.config.tokenFor(`vpce-guard-${rule}`)), { endpoints: world.endpoints });
    // Assess
    expect(run.error).toBeUndefined();
    const results = new Map(world.config.results(`vpce-guard-${rule}`).map((r) => [r.resourceId, r]));
    expect(ledger.evaluations(expected, results.keys())).toEqual([]);
    expect(results.get(vpc!.s3GatewayId)?.complianceType).toBe('NON_COMPLIANT');
    expect(results.get(vpc!.s3GatewayId)?.annotation).toMatch(/JSON|policy/i);
  });
});
