import { describe, expect, it } from 'vitest';
import { evaluateRule, gateway, gatewayRoute, iface, routeTable, snapshot } from '../../helpers/snapshot.js';
import { DYNAMODB_PREFIX_LIST, S3_PREFIX_LIST, egressGroup, egressRule, prefixLists } from '../../helpers/service-parts.js';

const RULE = 'gateway-endpoint-egress';
const V = 'vpc-0e9a1';

/** A VPC with an S3 gateway endpoint routed from one table, and one group with these outbound rules. */
function account(egress: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return snapshot({
    VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: V, tables: ['rtb-a'] })],
    RouteTables: [routeTable({ id: 'rtb-a', vpc: V, main: true, routes: [gatewayRoute('vpce-s3', S3_PREFIX_LIST)] })],
    SecurityGroups: [egressGroup({ id: 'sg-app', vpc: V, egress })],
    PrefixLists: prefixLists(),
    ...extra,
  });
}

describe(RULE, () => {
  it.each([
    ['the prefix list of the endpoint', [egressRule({ prefixLists: [S3_PREFIX_LIST] })]],
    ['anywhere (0.0.0.0/0)', [egressRule({ cidrs: ['0.0.0.0/0'] })]],
    ['all traffic anywhere (the default rule)', [egressRule({ all: true, cidrs: ['0.0.0.0/0'] })]],
    ['ranges covering every CIDR of the prefix list', [egressRule({ cidrs: ['52.0.0.0/8', '3.5.0.0/16'] })]],
    ['a port range covering 443', [egressRule({ port: 1, to: 65535, prefixLists: [S3_PREFIX_LIST] })]],
  ])('is compliant when HTTPS egress goes to %s', (_what, egress) => {
    const result = evaluateRule(RULE, account(egress)).get('sg-app');
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toBe(`sg-app allows TCP 443 egress to the gateway endpoint(s) of ${V}: vpce-s3.`);
  });

  it.each([
    ['only the VPC', [egressRule({ cidrs: ['10.0.0.0/16'] })]],
    ['ranges covering only part of the prefix list', [egressRule({ cidrs: ['52.0.0.0/8'] })]],
    ['another prefix list', [egressRule({ prefixLists: [DYNAMODB_PREFIX_LIST] })]],
  ])('is non-compliant when HTTPS egress goes to %s', (_what, egress) => {
    const result = evaluateRule(RULE, account(egress)).get('sg-app');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings).toEqual([
      {
        key: 'GatewayEndpoint::vpce-s3',
        message: `sg-app allows TCP 443 egress but not to ${S3_PREFIX_LIST} (com.amazonaws.us-east-1.s3), the prefix list of gateway endpoint vpce-s3: add an outbound rule TCP 443 to ${S3_PREFIX_LIST}.`,
      },
    ]);
    expect(result.annotation).toContain(`not to ${S3_PREFIX_LIST} (s3, vpce-s3)`);
  });

  it('finds the prefix list by the service name when no route names it', () => {
    const raw = account([egressRule({ cidrs: ['10.0.0.0/16'] })], { RouteTables: [routeTable({ id: 'rtb-a', vpc: V, main: true })] });
    expect(evaluateRule(RULE, raw).get('sg-app').findings.map((f) => f.message)).toEqual([expect.stringContaining(`not to ${S3_PREFIX_LIST} (com.amazonaws.us-east-1.s3)`)]);
  });

  it('names each unreachable gateway endpoint of the VPC', () => {
    const raw = account([egressRule({ prefixLists: [S3_PREFIX_LIST] })], {
      VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: V, tables: ['rtb-a'] }), gateway({ id: 'vpce-ddb', vpc: V, service: 'dynamodb' })],
    });
    const result = evaluateRule(RULE, raw).get('sg-app');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings.map((f) => f.key)).toEqual(['GatewayEndpoint::vpce-ddb']);
  });

  it('honours the port parameter', () => {
    const raw = account([egressRule({ port: 8443, cidrs: ['10.0.0.0/16'] })]);
    expect(evaluateRule(RULE, raw).get('sg-app').complianceType).toBe('NOT_APPLICABLE');
    expect(evaluateRule(RULE, raw, { rules: { [RULE]: { port: '8443' } } }).get('sg-app').complianceType).toBe('NON_COMPLIANT');
  });

  it.each([
    ['has no egress rule at all (isolated on purpose)', account([]), 'sg-app has no egress rule at all (isolated on purpose).'],
    ['allows no HTTPS egress', account([egressRule({ port: 53, cidrs: ['10.0.0.2/32'] })]), 'sg-app allows no TCP 443 egress at all.'],
    [
      'is in a VPC without gateway endpoint',
      account([egressRule({ cidrs: ['10.0.0.0/16'] })], { VpcEndpoints: [iface({ id: 'vpce-ssm', vpc: V })] }),
      `VPC ${V} has no gateway endpoint.`,
    ],
    [
      'is in a VPC whose gateway endpoint is deleted',
      account([egressRule({ cidrs: ['10.0.0.0/16'] })], { VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: V, state: 'Deleted' })] }),
      `VPC ${V} has no gateway endpoint.`,
    ],
    [
      'carries the exemption tag',
      account([], { SecurityGroups: [egressGroup({ id: 'sg-app', vpc: V, egress: [egressRule({ cidrs: ['10.0.0.0/16'] })], tags: { 'vpce-guard:exempt': RULE } })] }),
      `Exempt by tag vpce-guard:exempt=${RULE}.`,
    ],
  ])('is NOT_APPLICABLE when the group %s', (_what, raw, annotation) => {
    const result = evaluateRule(RULE, raw).get('sg-app');
    expect(result).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation, resourceType: 'AWS::EC2::SecurityGroup' });
  });

  it('judges every group of the account, each in its own VPC', () => {
    const raw = account([egressRule({ cidrs: ['10.0.0.0/16'] })], {
      SecurityGroups: [
        egressGroup({ id: 'sg-app', vpc: V, egress: [egressRule({ cidrs: ['10.0.0.0/16'] })] }),
        egressGroup({ id: 'sg-other', vpc: 'vpc-none', egress: [egressRule({ cidrs: ['10.0.0.0/16'] })] }),
      ],
    });
    const result = evaluateRule(RULE, raw);
    expect(result.evaluations.map((e) => [e.resourceId, e.complianceType])).toEqual([
      ['sg-app', 'NON_COMPLIANT'],
      ['sg-other', 'NOT_APPLICABLE'],
    ]);
  });

  it('is an error, not a verdict, when what the egress reaches cannot be seen', () => {
    const unknownList = account([egressRule({ prefixLists: ['pl-customer1'] })]);
    const noEgressKey = account([], { SecurityGroups: [{ GroupId: 'sg-app', VpcId: V, IpPermissions: [] }] });
    const unknownEntries = account([egressRule({ cidrs: ['52.0.0.0/8'] })], { PrefixLists: [] , RouteTables: [routeTable({ id: 'rtb-a', vpc: V, main: true, routes: [gatewayRoute('vpce-s3', 'pl-unlisted')] })] });
    expect(evaluateRule(RULE, unknownList).errors).toEqual([{ ruleId: RULE, resourceId: 'sg-app', message: expect.stringContaining('pl-customer1, whose entries vpce-guard does not read') }]);
    expect(evaluateRule(RULE, noEgressKey).errors[0]!.message).toContain('no IpPermissionsEgress');
    expect(evaluateRule(RULE, unknownEntries).errors[0]!.message).toContain('the entries of pl-unlisted are not in PrefixLists');
  });

  it('needs PrefixLists', () => {
    const raw = account([egressRule({ cidrs: ['0.0.0.0/0'] })]);
    delete (raw as Record<string, unknown>).PrefixLists;
    expect(evaluateRule(RULE, raw).errors).toEqual([{ ruleId: RULE, message: 'needs PrefixLists, which the input does not provide' }]);
  });
});
