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

  const rule = (protocol: string, o: { from?: number; to?: number; cidrs?: string[]; prefixLists?: string[] } = {}) => ({
    IpProtocol: protocol,
    ...(o.from === undefined ? {} : { FromPort: o.from }),
    ...(o.to === undefined ? {} : { ToPort: o.to }),
    IpRanges: (o.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: [],
    PrefixListIds: (o.prefixLists ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: [],
  });

  it('agrees in number when several groups admit the VPC', () => {
    const result = evaluateRule(RULE, account([[tcp(443, { cidrs: ['10.8.0.0/16'] })], [tcp(443, { groups: ['sg-c'] })]])).get('vpce-i');
    expect(result.annotation).toBe('Groups sg-0, sg-1 admit TCP 443 from inside vpc-0cc1 and nothing from anywhere.');
  });

  it('does not read UDP 443 from the VPC as admitting TCP 443', () => {
    const result = evaluateRule(RULE, account([[rule('udp', { from: 443, to: 443, cidrs: ['10.8.0.0/16'] })]])).get('vpce-i');
    expect(result.findings.map((f) => f.key)).toEqual(['Ingress::443']);
    expect(result.annotation).toBe('Security groups of the endpoint: none admits TCP 443 from vpc-0cc1.');
  });

  it.each([
    ['all traffic', rule('-1', { cidrs: ['10.8.0.0/16'] })],
    ['protocol number 6 (TCP)', rule('6', { from: 443, to: 443, cidrs: ['10.8.0.0/16'] })],
  ])('reads %s from the VPC as admitting TCP 443', (_what, permission) => {
    const result = evaluateRule(RULE, account([[permission]])).get('vpce-i');
    expect(result).toMatchObject({ complianceType: 'COMPLIANT', annotation: 'Group sg-0 admits TCP 443 from inside vpc-0cc1 and nothing from anywhere.' });
  });

  it.each([
    ['a block just before the VPC', '10.7.255.0/24'],
    ['the adjacent block after it', '10.9.0.0/16'],
    ['an IPv6 block outside the VPC', '2600:1f18:abcd:1300::/56'],
  ])('does not count %s as inside the VPC', (_what, cidr) => {
    const permission = cidr.includes(':') ? tcp(443, { ipv6: [cidr] }) : tcp(443, { cidrs: [cidr] });
    expect(evaluateRule(RULE, account([[permission]])).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
  });

  it('counts a rule from inside the VPC only when it covers the port: a range below or above does not', () => {
    expect(evaluateRule(RULE, account([[tcp(1, { cidrs: ['10.8.0.0/16'], to: 442 })]])).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
    expect(evaluateRule(RULE, account([[tcp(444, { cidrs: ['10.8.0.0/16'], to: 1000 })]])).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
    expect(evaluateRule(RULE, account([[tcp(443, { cidrs: ['10.8.0.0/16'], to: 443 })]])).get('vpce-i').complianceType).toBe('COMPLIANT');
  });

  it('reports a prefix-list source as not checked, not as "cannot reach"', () => {
    const raw = account([[rule('tcp', { from: 443, to: 443, prefixLists: ['pl-0a1b2c3d'] })]]);
    const result = evaluateRule(RULE, raw);
    expect(result.evaluations).toEqual([]);
    expect(result.errors[0]!.message).toBe(
      'cannot tell whether clients in vpc-0cc1 reach vpce-i: TCP 443 is admitted only from prefix list pl-0a1b2c3d, whose entries vpce-guard does not read (not checked)',
    );
  });

  it('with an open group too, is non-compliant and still calls the prefix-list source not checked', () => {
    const raw = account([[rule('tcp', { from: 443, to: 443, prefixLists: ['pl-0a1b2c3d'] })], [tcp(22, { cidrs: ['0.0.0.0/0'] })]]);
    const result = evaluateRule(RULE, raw).get('vpce-i');
    expect(result.findings).toEqual([
      { key: 'SecurityGroup::sg-1', message: 'sg-1 admits TCP 22 from anywhere (0.0.0.0/0 or ::/0).' },
      { key: 'Ingress::443', message: 'TCP 443 from inside vpc-0cc1 is not checked: it is admitted only from prefix list pl-0a1b2c3d, whose entries vpce-guard does not read.' },
    ]);
    expect(result.annotation).toBe('Security groups of the endpoint: sg-1 is open to the internet, TCP 443 from vpc-0cc1 not checked (prefix list pl-0a1b2c3d).');
  });

  it.each([
    [rule('-1', { cidrs: ['0.0.0.0/0'] }), 'all traffic'],
    [rule('tcp', { from: 0, to: 65535, cidrs: ['0.0.0.0/0'] }), 'all TCP ports'],
    [rule('udp', { cidrs: ['0.0.0.0/0'] }), 'all UDP ports'],
    [rule('tcp', { from: 1024, to: 2048, cidrs: ['0.0.0.0/0'] }), 'TCP 1024-2048'],
    [rule('icmp', { from: -1, to: -1, cidrs: ['0.0.0.0/0'] }), 'all ICMP'],
    [rule('icmp', { from: 8, to: -1, cidrs: ['0.0.0.0/0'] }), 'ICMP type 8'],
    [rule('icmp', { from: 3, to: 4, cidrs: ['0.0.0.0/0'] }), 'ICMP type 3 code 4'],
    [rule('58', { cidrs: ['0.0.0.0/0'] }), 'all ICMPv6'],
    [rule('50', { cidrs: ['0.0.0.0/0'] }), 'protocol 50'],
  ])('reads an open rule as it is: %#', (permission, text) => {
    const result = evaluateRule(RULE, account([[tcp(443, { groups: ['sg-c'] })], [permission]])).get('vpce-i');
    expect(result.findings).toEqual([{ key: 'SecurityGroup::sg-1', message: `sg-1 admits ${text} from anywhere (0.0.0.0/0 or ::/0).` }]);
  });

  it.each([[0], [65536], ['70000']])('rejects port %j: ports are 1-65535', (port) => {
    expect(() => evaluateRule(RULE, account([[]]), { rules: { [RULE]: { port } } })).toThrow(`rules.${RULE}: port:`);
  });
});
