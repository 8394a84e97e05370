import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, selectRules } from '../../../shared/engine/index.js';
import { AccountModel, readSnapshot, type Snapshot } from '../../../shared/model/index.js';
import { analysePolicy, evaluateRequest, planTightening } from '../../../shared/policy/index.js';
import { broadeningReasons, changeOf, executeRemediations, remediationSettings, stepOf } from '../../../shared/remediation/index.js';
import { ALL_REQUESTS, BOUNDARY, ORG, TRUSTED, policyArb } from '../policy/arbitraries.js';
import { gateway, gatewayRoute, routeTable, snapshot, subnet } from '../../helpers/snapshot.js';
import { fakeEc2, type FakeEc2 } from './fake-port.js';

const VPC = 'vpc-0f00d';
const CONFIG = { orgId: ORG, trustedAccounts: [TRUSTED] };

function account(policy: unknown, tables: string[]): Snapshot {
  return snapshot({
    VpcEndpoints: [gateway({ id: 'vpce-0p', vpc: VPC, tables, policy: typeof policy === 'string' ? policy : JSON.stringify(policy) })],
    RouteTables: ['rtb-1', 'rtb-2', 'rtb-3'].map((id, i) => routeTable({ id, vpc: VPC, subnets: [`subnet-${i}`], ...(tables.includes(id) ? { routes: [gatewayRoute('vpce-0p')] } : {}) })),
    Subnets: [0, 1, 2].map((i) => subnet({ id: `subnet-${i}`, vpc: VPC })),
  }) as Snapshot;
}

async function applyOnce(ec2: FakeEc2): Promise<void> {
  const config = resolveConfig(CONFIG);
  const data = readSnapshot(structuredClone(ec2.state), 'property');
  const { remediations } = runRules(new AccountModel(data), { rules: selectRules(undefined), config });
  await executeRemediations({ data, config, plans: remediations, mode: 'apply', settings: remediationSettings(undefined), port: ec2 });
}

/** The requests a policy allows, as indexes into ALL_REQUESTS; undefined when it cannot be evaluated concretely. */
function allowed(policy: unknown): Set<number> | undefined {
  try {
    return new Set(ALL_REQUESTS.flatMap((r, i) => (evaluateRequest(policy, r) === 'allow' ? [i] : [])));
  } catch {
    return undefined;
  }
}

const tablesArb = fc.subarray(['rtb-1', 'rtb-2', 'rtb-3']);

describe('remediation properties', () => {
  it('a policy the engine sends allows no request the old policy denied, and analyses as restricted', async () => {
    let policiesSent = 0;
    await fc.assert(
      fc.asyncProperty(policyArb, async (policy) => {
        const ec2 = fakeEc2(account(policy, ['rtb-1']));
        await applyOnce(ec2);
        const sent = ec2.applied.filter((c) => c.kind === 'set-endpoint-policy');
        policiesSent += sent.length;
        for (const change of sent) {
          // Judged as the rule judges it: only the S3 endpoint's own actions flow through it.
          expect(analysePolicy(change.policyDocument, { ...BOUNDARY, service: 'com.amazonaws.us-east-1.s3' } as typeof BOUNDARY).verdict).toBe('restricted');
          const before = allowed(policy);
          const after = allowed(change.policyDocument);
          if (!before || !after) continue;
          for (const i of after) expect(before.has(i), JSON.stringify(ALL_REQUESTS[i])).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    // Not vacuous: many generated policies are permissive and do get rewritten.
    expect(policiesSent).toBeGreaterThan(30);
  });

  it('applying twice equals applying once: the second run sends nothing and the state is the same', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, tablesArb, async (policy, tables) => {
        const ec2 = fakeEc2(account(policy, tables));
        await applyOnce(ec2);
        const once = structuredClone(ec2.state);
        const sent = ec2.applied.length;
        await applyOnce(ec2);
        expect(ec2.applied.length).toBe(sent);
        expect(ec2.state).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });

  it('never removes a route table association', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, tablesArb, async (policy, tables) => {
        const ec2 = fakeEc2(account(policy, tables));
        await applyOnce(ec2);
        for (const id of tables) expect(ec2.state.VpcEndpoints[0]!.RouteTableIds).toContain(id);
      }),
      { numRuns: 60 },
    );
  });

  it('the broadening guard is sound: a policy it lets through allows nothing the old one denied', () => {
    let passed = 0;
    const nextArb = fc.oneof(
      policyArb,
      policyArb.map((p) => ({ base: p })),
    );
    fc.assert(
      fc.property(policyArb, nextArb, (old, next) => {
        let candidate: unknown = next;
        if (typeof next === 'object' && next !== null && 'base' in next) {
          // A tightening of the old policy: what the engine is normally asked to send.
          try {
            candidate = planTightening(old, { ...BOUNDARY, keepAwsOwnedReads: true }).after;
          } catch {
            return;
          }
        }
        if (broadeningReasons(old, candidate).length > 0) return;
        passed += 1;
        const before = allowed(old);
        const after = allowed(candidate);
        if (!before || !after) return;
        for (const i of after) expect(before.has(i)).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect(passed).toBeGreaterThan(50);
  });

  it('no planned step, however written, becomes a removal, a reset or an attribute turned off', () => {
    const value = fc.oneof(fc.constant(true), fc.constant(false), fc.constant({ Value: false }), fc.constant({ Value: true }), fc.constant(['rtb-1']), fc.constant('vpce-0a'), fc.constant('vpc-0a'), fc.string());
    const key = fc.constantFrom('VpcEndpointId', 'VpcId', 'AddRouteTableIds', 'RemoveRouteTableIds', 'ResetPolicy', 'PolicyDocument', 'EnableDnsSupport', 'EnableDnsHostnames', 'DryRun', 'SubnetIds');
    const step = fc.record({
      action: fc.constantFrom('ec2:ModifyVpcEndpoint', 'ec2:ModifyVpcAttribute', 'ec2:DeleteVpcEndpoints', 'ec2:ReplaceRouteTableAssociation'),
      parameters: fc.dictionary(key, value, { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(step, (s) => {
        const change = changeOf(s);
        if ('refused' in change) return;
        const sent = stepOf(change);
        expect(sent.parameters).not.toHaveProperty('RemoveRouteTableIds');
        expect(sent.parameters).not.toHaveProperty('ResetPolicy');
        for (const attr of ['EnableDnsSupport', 'EnableDnsHostnames']) {
          if (attr in sent.parameters) expect(sent.parameters[attr]).toEqual({ Value: true });
        }
        expect(['ec2:ModifyVpcEndpoint', 'ec2:ModifyVpcAttribute']).toContain(sent.action);
      }),
      { numRuns: 500 },
    );
  });
});
