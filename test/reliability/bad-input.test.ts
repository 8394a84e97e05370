// The bad-input corpus (test/fixtures/bad-input/*.json) against the built bundles: each case ends
// in a clear one-line error or an annotated evaluation — never a crash, a timeout, a lost
// evaluation of another resource, or a change to the account.
import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scheduledEvent } from '../harness/events.js';
import { expectClearError } from '../harness/errors.js';
import { changesMade, Ledger } from '../harness/ledger.js';
import { invoke, type FunctionName } from '../harness/runner.js';
import { createTopic, endpointsNow, OPEN_POLICY, seedAccount, seedVpc, type SeededVpc } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { startWorld, type World } from '../harness/world.js';

const DIR = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));

interface BadInput {
  file: string;
  function: FunctionName;
  description: string;
  /** 'evaluation': an annotated evaluation (config-rule), a normal return (the EventBridge functions). */
  expect: 'error' | 'evaluation' | 'error-or-evaluation';
  errorMatches?: string;
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

for (const fn of ['config-rule', 'api-change', 'compliance-alert'] as const) {
  const cases = corpus.filter((c) => c.function === fn);
  if (cases.length === 0) continue;
  const blocked = blockedReason(fn);

  describe.skipIf(blocked)(`${fn} bundle: bad input`, () => {
    let world: World;
    let vpc: SeededVpc;
    const ledger = new Ledger(`bad-input ${fn}`);
    const rule = 'endpoint-policy-restricted';

    beforeAll(async () => {
      world = await startWorld();
    }, 30_000);
    afterAll(async () => {
      if (world) for (const proxy of Object.values(world.proxies)) ledger.faults(proxy);
      ledger.flush();
      await world?.close();
    });
    let topicArn = '';
    beforeEach(async () => {
      await world.reset();
      if (fn === 'config-rule') {
        vpc = (await seedAccount(world.ec2, 1))[0]!;
      } else {
        // Nothing to repair, so any change a bad event led to would be unplanned.
        vpc = await seedVpc(world.ec2, 1);
        await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc.s3GatewayId, PolicyDocument: RESTRICTED_POLICY }));
        topicArn = await createTopic(world.sns);
      }
    });

    const vars = () => ({
      vpcId: vpc.vpcId,
      gatewayId: vpc.s3GatewayId,
      tableA: vpc.routeTableIds[0]!,
      tableB: vpc.routeTableIds[1]!,
      policy: OPEN_POLICY,
      resultToken: world.config.tokenFor(`vpce-guard-${rule}`),
    });

    for (const c of cases) {
      const test = c.knownBug ? it.fails : it;
      test(`${c.file}: ${c.description} → ${c.expect}${c.knownBug ? ` (known bug, ${c.knownBug.split(':')[0]})` : ''}`, async () => {
        // Prepare
        const event = fill(c.event, vars());
        // Act
        const run = await invoke(fn, event, { endpoints: world.endpoints, env: { REMEDIATION_MODE: 'apply', ALERT_TOPIC_ARN: topicArn || 'arn:aws:sns:us-east-1:123456789012:none', VPCE_GUARD_CONFIG: JSON.stringify({ accountId: '123456789012' }) } });
        // Assess
        const stored = world.config.results(`vpce-guard-${rule}`).find((r) => r.resourceId === vpc.s3GatewayId);
        if (c.expect === 'error' || (c.expect === 'error-or-evaluation' && !run.ok)) {
          expect(run.ok, JSON.stringify(run.result)).toBe(false);
          expectClearError(run);
          if (c.errorMatches) expect(run.error?.message).toMatch(new RegExp(c.errorMatches, 'i'));
        } else {
          expect(run.error).toBeUndefined();
          if (fn === 'config-rule') {
            expect(stored?.annotation ?? '', 'an annotated evaluation of the endpoint').not.toBe('');
            expect(stored!.annotation!.length).toBeLessThanOrEqual(256);
            ledger.evaluations([vpc.s3GatewayId], [stored!.resourceId]);
          }
        }
        expect(ledger.changes([], changesMade(world.proxies.ec2))).toEqual([]);
      });
    }

    if (fn === 'config-rule') {
      it('one endpoint whose stored policy is not JSON does not stop the periodic evaluation of the others', async () => {
        // Prepare
        await seedAccount(world.ec2, 3, 20);
        await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc.s3GatewayId, PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",' }));
        const expected = (await endpointsNow(world.ec2)).map((e) => e.VpcEndpointId!);
        // Act
        const run = await invoke('config-rule', scheduledEvent(rule, vars().resultToken), { endpoints: world.endpoints });
        // Assess
        expect(run.error).toBeUndefined();
        const results = new Map(world.config.results(`vpce-guard-${rule}`).map((r) => [r.resourceId, r]));
        expect(ledger.evaluations(expected, results.keys())).toEqual([]);
        expect(results.get(vpc.s3GatewayId)?.complianceType).toBe('NON_COMPLIANT');
        expect(results.get(vpc.s3GatewayId)?.annotation).toMatch(/JSON|policy/i);
      });
    }
  });
}
