import { describe, expect, it } from 'vitest';
import { evaluateRule, gateway, iface, securityGroup, snapshot, tcp, vpc } from '../../helpers/snapshot.js';

const RULE = 'interface-endpoint-security-groups';
const V = 'vpc-0cc1';

function account(ingress: Record<string, unknown>[][], extra: Record<string, unknown> = {}) {
  const groups = ingress.map((rules, i) => securityGroup({ id: `sg-${i}`, vpc: V, ingress: rules }));
  return snapshot({
    VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, groups: groups.map((g) => g.GroupId as string) })],
    SecurityGroups: groups,
    Vpcs: [{ ...vpc({ id: V, cidr: '10.8.0.0/16' }), Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f18:abcd:1200::/56', Ipv6CidrBlockState: { State: 'associated' } }] }],
    ...extra,
  });
}

describe(RULE, () => {
  it.each([
    ['the VPC CIDR', [tcp(443, { cidrs: ['10.8.0.0/16'] })]],
    ['a subnet of the VPC', [tcp(443, { cidrs: ['10.8.4.0/24'] })]],
    ['a port range covering 443', [tcp(0, { cidrs: ['10.8.0.0/16'], to: 65535 })]],
    ['another security group', [tcp(443, { groups: ['sg-clients'] })]],
    ['the VPC IPv6 block', [tcp(443, { ipv6: ['2600:1f18:abcd:1200::/64'] })]],
  ])('is compliant when a group admits 443 from %s', (_what, rules) => {
    expect(evaluateRule(RULE, account([rules])).get('vpce-i').complianceType).toBe('COMPLIANT');
  });

  it.each([
    ['another network', [tcp(443, { cidrs: ['192.168.0.0/16'] })]],
    ['the wrong port', [tcp(80, { cidrs: ['10.8.0.0/16'] })]],
    ['no rule at all', []],
  ])('is non-compliant when the only rule admits %s', (_what, rules) => {
    const result = evaluateRule(RULE, account([rules])).get('vpce-i');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings.map((f) => f.key)).toEqual(['Ingress::443']);
  });

  it.each([['0.0.0.0/0'], ['::/0']])('flags a group open to %s even when another admits the VPC', (open) => {
    const openRule = open.includes(':') ? tcp(443, { ipv6: [open] }) : tcp(443, { cidrs: [open] });
    const result = evaluateRule(RULE, account([[tcp(443, { cidrs: ['10.8.0.0/16'] })], [openRule]])).get('vpce-i');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings.map((f) => f.key)).toEqual(['SecurityGroup::sg-1']);
    expect(result.annotation).toContain('sg-1 is open to the internet');
  });

  it('flags an all-traffic rule from anywhere', () => {
    const all = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
    const result = evaluateRule(RULE, account([[all]])).get('vpce-i');
    expect(result.findings[0]).toMatchObject({ key: 'SecurityGroup::sg-0', message: expect.stringContaining('all traffic') });
  });

  it('honours the port parameter', () => {
    const raw = account([[tcp(8443, { cidrs: ['10.8.0.0/16'] })]]);
    expect(evaluateRule(RULE, raw).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
    expect(evaluateRule(RULE, raw, { rules: { [RULE]: { port: '8443' } } }).get('vpce-i').complianceType).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE for gateway endpoints', () => {
    const raw = account([[]], { VpcEndpoints: [gateway({ id: 'vpce-g', vpc: V })] });
    expect(evaluateRule(RULE, raw).get('vpce-g').complianceType).toBe('NOT_APPLICABLE');
  });

  it('reports a group missing from the snapshot by name', () => {
    const raw = account([[]], { SecurityGroups: [] });
    expect(evaluateRule(RULE, raw).errors[0]!.message).toBe('cannot judge vpce-i: the input lacks security group sg-0 (not in SecurityGroups)');
  });
});
