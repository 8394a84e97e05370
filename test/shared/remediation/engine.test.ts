import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, selectRules } from '../../../shared/engine/index.js';
import { AccountModel, readSnapshot, type Snapshot } from '../../../shared/model/index.js';
import { executeRemediations, remediationSettings, ResourceVanishedError, type RemediationOutcome } from '../../../shared/remediation/index.js';
import { evaluateRequest, parsePolicy } from '../../../shared/policy/index.js';
import { DEFAULT_POLICY, dns, gateway, gatewayRoute, iface, routeTable, snapshot, subnet, vpc, SELF, FOREIGN, ORG } from '../../helpers/snapshot.js';
import { fakeEc2, type FakeEc2 } from './fake-port.js';

const VPC = 'vpc-0e1d2c3b4a5f60789';

/** One VPC: two subnets with their own tables, an S3 gateway serving only the first, open policy. */
function account(extra: { endpointTags?: Record<string, string>; policy?: string } = {}): Snapshot {
  return snapshot({
    VpcEndpoints: [gateway({ id: 'vpce-0aa', vpc: VPC, tables: ['rtb-01'], policy: extra.policy ?? DEFAULT_POLICY, ...(extra.endpointTags ? { tags: extra.endpointTags } : {}) })],
    RouteTables: [
      routeTable({ id: 'rtb-01', vpc: VPC, subnets: ['subnet-01'], routes: [gatewayRoute('vpce-0aa')] }),
      routeTable({ id: 'rtb-02', vpc: VPC, subnets: ['subnet-02'] }),
      routeTable({ id: 'rtb-03', vpc: VPC, main: true }),
    ],
    // subnet-03 has no table of its own: the main table serves it.
    Subnets: [subnet({ id: 'subnet-01', vpc: VPC }), subnet({ id: 'subnet-02', vpc: VPC }), subnet({ id: 'subnet-03', vpc: VPC })],
    Vpcs: [vpc({ id: VPC })],
    VpcAttributes: [dns(VPC, true, true)],
  }) as Snapshot;
}

interface Run {
  mode?: 'dry-run' | 'apply';
  config?: unknown;
  rules?: string[];
  maxChanges?: number;
  prepare?: (ec2: FakeEc2) => void;
  ec2?: FakeEc2;
}

async function remediate(state: Snapshot, run: Run = {}): Promise<{ outcomes: RemediationOutcome[]; ec2: FakeEc2 }> {
  const config = resolveConfig(run.config ?? {});
  const data = readSnapshot(structuredClone(state), 'test');
  const result = runRules(new AccountModel(data), { rules: selectRules(undefined), config });
  const ec2 = run.ec2 ?? fakeEc2(structuredClone(state));
  run.prepare?.(ec2);
  const outcomes = await executeRemediations({
    data,
    config,
    plans: result.remediations,
    mode: run.mode ?? 'apply',
    settings: remediationSettings(config.remediation, run.rules, run.maxChanges),
    port: ec2,
  });
  return { outcomes, ec2 };
}

function byRule(outcomes: RemediationOutcome[], ruleId: string): RemediationOutcome {
  const found = outcomes.find((o) => o.ruleId === ruleId);
  if (!found) throw new Error(`no outcome for ${ruleId}: ${JSON.stringify(outcomes.map((o) => o.ruleId))}`);
  return found;
}

describe('executeRemediations: dry-run and apply', () => {
  it('dry-run changes nothing, says what it would do, and probes each change', async () => {
    const { outcomes, ec2 } = await remediate(account(), { mode: 'dry-run' });
    expect(ec2.applied).toEqual([]);
    const tables = byRule(outcomes, 'gateway-endpoint-route-tables');
    expect(tables).toMatchObject({ status: 'would-apply', reason: expect.stringContaining('would: Associate rtb-02, rtb-03') });
    expect(tables.steps).toEqual([
      { step: { action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-0aa', AddRouteTableIds: ['rtb-02', 'rtb-03'] } }, status: 'would-apply' },
    ]);
    expect(byRule(outcomes, 'endpoint-policy-restricted').status).toBe('would-apply');
    expect(ec2.probed.map((c) => c.kind)).toEqual(['add-route-tables', 'set-endpoint-policy']);
  });

  it('apply sends exactly the planned changes: the missing tables and a restricted policy', async () => {
    const { outcomes, ec2 } = await remediate(account());
    expect(ec2.applied).toEqual([
      { kind: 'add-route-tables', endpointId: 'vpce-0aa', routeTableIds: ['rtb-02', 'rtb-03'] },
      { kind: 'set-endpoint-policy', endpointId: 'vpce-0aa', policyDocument: expect.stringContaining(`"aws:PrincipalAccount":"${SELF}"`) },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    const policy = byRule(outcomes, 'endpoint-policy-restricted');
    expect(policy.plan.before).toEqual({ PolicyDocument: DEFAULT_POLICY });
  });

  it('covers only the configured rules; the others are reported as not enabled', async () => {
    const { outcomes, ec2 } = await remediate(account(), { config: { remediation: { rules: ['endpoint-policy-restricted'] } } });
    expect(ec2.applied.map((c) => c.kind)).toEqual(['set-endpoint-policy']);
    expect(byRule(outcomes, 'gateway-endpoint-route-tables').status).toBe('not-enabled');
  });
});

describe('executeRemediations: safety rules', () => {
  it('caps the changes of one invocation and reports the rest as deferred', async () => {
    const state = account();
    for (const n of [1, 2]) {
      state.VpcEndpoints.push(gateway({ id: `vpce-0b${n}`, vpc: VPC, service: 'dynamodb', policy: DEFAULT_POLICY }) as Snapshot['VpcEndpoints'][number]);
    }
    // 2 endpoints of dynamodb in one VPC: the route-table plan is refused (no guessing); policies are planned.
    const { outcomes, ec2 } = await remediate(state, { maxChanges: 2 });
    expect(ec2.applied).toHaveLength(2);
    const deferred = outcomes.filter((o) => o.status === 'deferred');
    expect(deferred.map((o) => `${o.ruleId} ${o.resourceId}`)).toEqual(['endpoint-policy-restricted vpce-0b1', 'endpoint-policy-restricted vpce-0b2']);
    expect(deferred[0]!.reason).toContain('cap of 2 changes');
  });

  it('honours an exemption tag added between the plan and the change', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      prepare: (fake) => {
        fake.beforeRead = () => fake.state.VpcEndpoints[0]!.Tags!.push({ Key: 'vpce-guard:exempt', Value: 'endpoint-policy-restricted' });
      },
    });
    expect(ec2.applied.map((c) => c.kind)).toEqual(['add-route-tables']);
    expect(byRule(outcomes, 'endpoint-policy-restricted')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('exempt by tag') });
  });

  it('never acts on an exempt endpoint', async () => {
    const { outcomes, ec2 } = await remediate(account({ endpointTags: { 'vpce-guard:exempt': '*' } }));
    expect(ec2.applied).toEqual([]);
    expect(outcomes).toEqual([]);
  });

  it('re-reads the endpoint before each change and re-plans from what moved', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      rules: ['gateway-endpoint-route-tables'],
      prepare: (fake) => {
        // Someone associated rtb-02 after the plan was made.
        fake.beforeRead = () => (fake.state.VpcEndpoints[0]!.RouteTableIds = ['rtb-01', 'rtb-02']);
      },
    });
    expect(ec2.reads).toEqual(['vpce-0aa']);
    expect(ec2.applied).toEqual([{ kind: 'add-route-tables', endpointId: 'vpce-0aa', routeTableIds: ['rtb-03'] }]);
    expect(byRule(outcomes, 'gateway-endpoint-route-tables')).toMatchObject({ status: 'applied', replanned: true });
  });

  it('skips a plan whose endpoint was fixed meanwhile, and never applies the stale plan', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      rules: ['endpoint-policy-restricted'],
      prepare: (fake) => {
        fake.beforeRead = () =>
          (fake.state.VpcEndpoints[0]!.PolicyDocument = JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': SELF } } }],
          }));
      },
    });
    expect(ec2.applied).toEqual([]);
    expect(byRule(outcomes, 'endpoint-policy-restricted')).toMatchObject({ status: 'skipped', replanned: true, reason: expect.stringContaining('COMPLIANT') });
  });

  it('changes nothing when the same event is replayed (idempotent)', async () => {
    const first = await remediate(account());
    expect(first.ec2.applied).toHaveLength(2);
    const again = await remediate(account(), { ec2: first.ec2 });
    expect(first.ec2.applied).toHaveLength(2);
    expect(again.outcomes.every((o) => o.status === 'skipped')).toBe(true);
  });

  it('reports an endpoint that vanished before the change, and does not retry it', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      prepare: (fake) => {
        fake.beforeRead = () => (fake.state.VpcEndpoints = []);
      },
    });
    expect(ec2.applied).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['vanished', 'vanished']);
    expect(ec2.reads).toEqual(['vpce-0aa', 'vpce-0aa']);
  });

  it('reports an endpoint that vanished during the change (InvalidVpcEndpointId.NotFound)', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      rules: ['gateway-endpoint-route-tables'],
      prepare: (fake) => {
        fake.apply = async (change) => {
          fake.applied.push(change);
          throw new ResourceVanishedError('ModifyVpcEndpoint(vpce-0aa): InvalidVpcEndpointId.NotFound');
        };
      },
    });
    expect(ec2.applied).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 'vanished', reason: expect.stringContaining('not retried') });
  });

  it('reports a failed change as failed and goes on with the next plan', async () => {
    const { outcomes, ec2 } = await remediate(account(), {
      prepare: (fake) => {
        const real = fake.apply.bind(fake);
        fake.apply = async (change) => {
          if (change.kind === 'add-route-tables') throw new Error('UnauthorizedOperation: not allowed');
          return real(change);
        };
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'applied']);
    expect(outcomes[0]!.steps[0]).toMatchObject({ status: 'failed', error: 'UnauthorizedOperation: not allowed' });
    expect(ec2.applied.map((c) => c.kind)).toEqual(['set-endpoint-policy']);
  });

  it('a failed dry-run probe is a failed outcome (the apply would be refused)', async () => {
    const { outcomes } = await remediate(account(), {
      mode: 'dry-run',
      rules: ['gateway-endpoint-route-tables'],
      prepare: (fake) => {
        fake.probe = async () => {
          throw new Error('UnauthorizedOperation: You are not authorized to perform this operation.');
        };
      },
    });
    expect(outcomes[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('UnauthorizedOperation') });
  });

  it('refuses to guess between several gateway endpoints of one service', async () => {
    const state = account();
    state.VpcEndpoints.push(gateway({ id: 'vpce-0ab', vpc: VPC, policy: DEFAULT_POLICY }) as Snapshot['VpcEndpoints'][number]);
    const { outcomes, ec2 } = await remediate(state, { rules: ['gateway-endpoint-route-tables'] });
    expect(ec2.applied).toEqual([]);
    const tables = outcomes.filter((o) => o.ruleId === 'gateway-endpoint-route-tables');
    expect(tables.map((o) => o.status)).toEqual(['refused', 'refused']);
    expect(tables[0]!.reason).toContain('not guessing');
  });
});

describe('executeRemediations: the DNS fix', () => {
  function dnsAccount(tags?: Record<string, string>): Snapshot {
    return snapshot({
      VpcEndpoints: [iface({ id: 'vpce-0dd', vpc: VPC, privateDns: true })],
      Vpcs: [vpc({ id: VPC, ...(tags ? { tags } : {}) })],
      VpcAttributes: [dns(VPC, true, false)],
    }) as Snapshot;
  }
  const enabled = { orgId: ORG, rules: { 'endpoint-vpc-dns': { remediateVpcAttributes: true } }, remediation: { rules: ['endpoint-vpc-dns'] } };

  it('turns the missing attribute on only when both switches are set', async () => {
    const on = await remediate(dnsAccount(), { config: enabled });
    expect(on.ec2.applied).toEqual([{ kind: 'enable-vpc-attribute', vpcId: VPC, attribute: 'enableDnsHostnames' }]);
    const listedOnly = await remediate(dnsAccount(), { config: { orgId: ORG, remediation: { rules: ['endpoint-vpc-dns'] } } });
    expect(listedOnly.ec2.applied).toEqual([]);
    const paramOnly = await remediate(dnsAccount(), { config: { orgId: ORG, rules: enabled.rules } });
    expect(paramOnly.ec2.applied).toEqual([]);
  });

  it('does not touch a VPC exempt from the rule', async () => {
    const { outcomes, ec2 } = await remediate(dnsAccount({ 'vpce-guard:exempt': 'endpoint-vpc-dns' }), { config: enabled });
    expect(ec2.applied).toEqual([]);
    expect(outcomes[0]).toMatchObject({ status: 'refused', reason: expect.stringContaining('exempt') });
  });
});

describe('executeRemediations: the new policy', () => {
  it('allows no request the old policy denied (checked request by request)', async () => {
    const old = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::locked/*' },
      ],
    });
    const { ec2 } = await remediate(account({ policy: old }), { rules: ['endpoint-policy-restricted'] });
    const sent = ec2.applied[0];
    if (sent?.kind !== 'set-endpoint-policy') throw new Error('no policy sent');
    expect(parsePolicy(sent.policyDocument).statements.filter((s) => s.effect === 'Deny')).toHaveLength(1);
    for (const account of [SELF, FOREIGN]) {
      for (const action of ['s3:GetObject', 's3:PutObject']) {
        for (const resource of ['arn:aws:s3:::locked/a', 'arn:aws:s3:::open/a']) {
          const request = { caller: { anonymous: false, account, arn: `arn:aws:iam::${account}:role/x` }, action, resource };
          if (evaluateRequest(old, request) !== 'allow') expect(evaluateRequest(sent.policyDocument, request)).not.toBe('allow');
        }
      }
    }
  });
});
