import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, selectRules } from '../../../shared/engine/index.js';
import { InputError } from '../../../shared/errors.js';
import { evaluateResources } from '../../../shared/evaluation/evaluate.js';
import { resolveRuleInput } from '../../../shared/evaluation/rule-input.js';
import { ORG, completeSnapshot, dns, gateway, iface, model, routeTable, securityGroup, subnet, tcp } from '../../helpers/snapshot.js';

const RULE = 'gateway-endpoint-route-tables';
const exemptTag = (value: string) => [{ Key: 'vpce-guard:exempt', Value: value }];

// vpce-s3 misses rtb-a and rtb-b, each serving one subnet.
function account(tags: { a?: string; b?: string } = {}) {
  return completeSnapshot({
    VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: 'vpc-1' })],
    RouteTables: [
      routeTable({ id: 'rtb-main', vpc: 'vpc-1', main: true }),
      { ...routeTable({ id: 'rtb-a', vpc: 'vpc-1', subnets: ['subnet-a'] }), Tags: tags.a ? exemptTag(tags.a) : [] },
      { ...routeTable({ id: 'rtb-b', vpc: 'vpc-1', subnets: ['subnet-b'] }), Tags: tags.b ? exemptTag(tags.b) : [] },
    ],
    Subnets: [subnet({ id: 'subnet-a', vpc: 'vpc-1' }), subnet({ id: 'subnet-b', vpc: 'vpc-1' })],
    VpcAttributes: [dns('vpc-1', true, true)],
  });
}

function scan(raw: Record<string, unknown>, config: Record<string, unknown>, ruleId = RULE, now = new Date('2026-12-02T00:00:00Z')) {
  const result = runRules(model(raw), { rules: selectRules([ruleId]), config: resolveConfig({ orgId: ORG, ...config }), now });
  return { ...result, only: result.evaluations[0]! };
}

describe('config suppressions', () => {
  it('without a finding key: the result becomes NOT_APPLICABLE with the reason, and nothing is planned', () => {
    const { only, remediations } = scan(account(), { suppressions: [{ ruleId: RULE, resourceId: 'vpce-s3', reason: 'legacy VPC, retired in Q1' }] });
    expect(only.complianceType).toBe('NOT_APPLICABLE');
    expect(only.annotation).toBe('Suppressed by config suppressions[0]: legacy VPC, retired in Q1');
    expect(remediations).toEqual([]);
  });

  it('with a finding key: only that finding is muted, and the plan adds only the other table', () => {
    const { only, remediations } = scan(account(), { suppressions: [{ ruleId: RULE, findingKey: 'RouteTable::rtb-a', reason: 'rtb-a routes through the proxy' }] });
    expect(only.complianceType).toBe('NON_COMPLIANT');
    expect(only.findings.map((f) => f.key)).toEqual(['RouteTable::rtb-b']);
    expect(remediations[0]!.steps[0]!.parameters).toEqual({ VpcEndpointId: 'vpce-s3', AddRouteTableIds: ['rtb-b'] });
    // The annotation names what is left and what was muted, not the muted table as missing.
    expect(only.annotation).toBe(`${only.findings[0]!.message} Muted: RouteTable::rtb-a suppressed by config suppressions[0]: rtb-a routes through the proxy.`);
  });

  it('muting every finding makes the result NOT_APPLICABLE and names each reason', () => {
    const { only } = scan(account(), {
      suppressions: [
        { ruleId: RULE, findingKey: 'RouteTable::rtb-a', reason: 'proxy' },
        { ruleId: RULE, resourceId: 'vpce-s3', findingKey: 'RouteTable::rtb-b', reason: 'isolated', expires: '2027-01-31' },
      ],
    });
    expect(only.complianceType).toBe('NOT_APPLICABLE');
    expect(only.annotation).toBe('RouteTable::rtb-a suppressed by config suppressions[0]: proxy; RouteTable::rtb-b suppressed by config suppressions[1] (until 2027-01-31): isolated.');
  });

  it('does not touch other resources, other rules or compliant results', () => {
    const { only } = scan(account(), { suppressions: [{ ruleId: RULE, resourceId: 'vpce-other', reason: 'not this one' }, { ruleId: 'endpoint-vpc-dns', reason: 'other rule' }] });
    expect(only.complianceType).toBe('NON_COMPLIANT');
    expect(only.findings).toHaveLength(2);
  });

  it('an expired suppression is not applied and is reported', () => {
    const { only, warnings } = scan(account(), { suppressions: [{ ruleId: RULE, reason: 'until the migration', expires: '2026-12-01' }] }, RULE, new Date('2026-12-02T00:00:00Z'));
    expect(only.complianceType).toBe('NON_COMPLIANT');
    expect(warnings).toEqual([
      { ruleId: RULE, message: `suppression suppressions[0] (${RULE}: "until the migration") expired on 2026-12-01: no longer applied, so its findings are reported again` },
    ]);
  });

  it('a date-only expiry holds through that day (UTC); a time expires at that time', () => {
    const config = { suppressions: [{ ruleId: RULE, reason: 'r', expires: '2026-12-01' }] };
    expect(scan(account(), config, RULE, new Date('2026-12-01T23:59:59Z')).only.complianceType).toBe('NOT_APPLICABLE');
    const timed = { suppressions: [{ ruleId: RULE, reason: 'r', expires: '2026-12-01T12:00:00+01:00' }] };
    expect(scan(account(), timed, RULE, new Date('2026-12-01T10:59:00Z')).only.complianceType).toBe('NOT_APPLICABLE');
    expect(scan(account(), timed, RULE, new Date('2026-12-01T11:00:00Z')).only.complianceType).toBe('NON_COMPLIANT');
  });

  it.each([
    [{ ruleId: 'gateway-endpoint-route-table', reason: 'typo' }, /^cfg: suppressions\[0\]\.ruleId: unknown rule id "gateway-endpoint-route-table" \(known: gateway-endpoint-route-tables, /],
    [{ ruleId: RULE }, /^cfg: suppressions\[0\]\.reason: /],
    [{ ruleId: RULE, reason: '   ' }, /^cfg: suppressions\[0\]\.reason: say why the finding is accepted/],
    [{ ruleId: RULE, reason: 'r', expires: 'next week' }, /^cfg: suppressions\[0\]\.expires: expected a date \(2026-06-30\) or an ISO 8601 time/],
    [{ ruleId: RULE, reason: 'r', resource: 'vpce-1' }, /^cfg: suppressions\[0\]: unknown key "resource"/],
  ])('refuses %j with one line naming it', (entry, message) => {
    expect(() => resolveConfig({ suppressions: [entry] }, 'cfg')).toThrow(InputError);
    expect(() => resolveConfig({ suppressions: [entry] }, 'cfg')).toThrow(message);
  });
});

describe('exemption tags on route tables and security groups', () => {
  it('a tagged route table exempts the finding it causes, not the others', () => {
    const { only, remediations } = scan(account({ a: RULE }), {});
    expect(only.findings.map((f) => f.key)).toEqual(['RouteTable::rtb-b']);
    expect(remediations[0]!.steps[0]!.parameters).toEqual({ VpcEndpointId: 'vpce-s3', AddRouteTableIds: ['rtb-b'] });
  });

  it('when every cause is exempt, the result is NOT_APPLICABLE naming the tags', () => {
    const { only } = scan(account({ a: '*', b: `endpoint-vpc-dns, ${RULE}` }), {});
    expect(only.complianceType).toBe('NOT_APPLICABLE');
    expect(only.annotation).toBe(`RouteTable::rtb-a exempt by tag vpce-guard:exempt=* on rtb-a; RouteTable::rtb-b exempt by tag vpce-guard:exempt=endpoint-vpc-dns, ${RULE} on rtb-b.`);
  });

  it('a tag for another rule exempts nothing', () => {
    expect(scan(account({ a: 'endpoint-vpc-dns' }), {}).only.findings).toHaveLength(2);
  });

  it('an open security group tagged exempt does not fail the endpoint', () => {
    const open = (tags: { Key: string; Value: string }[]) =>
      completeSnapshot({
        VpcEndpoints: [iface({ id: 'vpce-ssm', vpc: 'vpc-1', subnets: ['subnet-a'], groups: ['sg-in', 'sg-open'] })],
        Subnets: [subnet({ id: 'subnet-a', vpc: 'vpc-1' })],
        SecurityGroups: [
          securityGroup({ id: 'sg-in', vpc: 'vpc-1', ingress: [tcp(443, { cidrs: ['10.0.0.0/16'] })] }),
          { ...securityGroup({ id: 'sg-open', vpc: 'vpc-1', ingress: [tcp(443, { cidrs: ['0.0.0.0/0'] })] }), Tags: tags },
        ],
      });
    const rule = 'interface-endpoint-security-groups';
    const before = scan(open([]), {}, rule).only;
    expect(before.findings.map((f) => f.key)).toEqual(['SecurityGroup::sg-open']);
    const after = scan(open(exemptTag(rule)), {}, rule).only;
    expect(after.complianceType).toBe('NOT_APPLICABLE');
    expect(after.annotation).toContain('SecurityGroup::sg-open exempt by tag vpce-guard:exempt=interface-endpoint-security-groups on sg-open');
  });

  it('a misspelt rule id in an exemption tag is reported, naming the resource and the id', () => {
    const { warnings, only } = scan(account({ a: 'gateway-endpoint-routetables' }), {});
    expect(only.findings).toHaveLength(2);
    expect(warnings).toEqual([
      { resourceId: 'rtb-a', message: expect.stringMatching(/^rtb-a: tag vpce-guard:exempt=gateway-endpoint-routetables names unknown rule id "gateway-endpoint-routetables", which exempts nothing \(known: gateway-endpoint-route-tables, /) },
    ]);
  });
});

describe('suppressions in the Lambda functions (VPCE_GUARD_CONFIG)', () => {
  it('the Config rule path mutes a suppressed result with its reason, through the same engine', () => {
    // Prepare: the global config as the functions read it, and the Config rule's input parameters.
    const globalConfig = { orgId: ORG, suppressions: [{ ruleId: RULE, resourceId: 'vpce-s3', reason: 'legacy VPC' }] };
    const { rule, config } = resolveRuleInput(JSON.stringify({ ruleId: RULE }), globalConfig);
    // Act
    const [evaluation] = evaluateResources(rule, model(account()), config, ['vpce-s3']);
    // Assess
    expect(evaluation).toMatchObject({ resourceId: 'vpce-s3', complianceType: 'NOT_APPLICABLE', annotation: 'Suppressed by config suppressions[0]: legacy VPC' });
  });
});
