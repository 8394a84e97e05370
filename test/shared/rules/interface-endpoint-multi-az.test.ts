import { describe, expect, it } from 'vitest';
import { evaluateRule, gateway, iface, snapshot, subnet } from '../../helpers/snapshot.js';

const RULE = 'interface-endpoint-multi-az';
const V = 'vpc-0dd1';
const SUBNETS = [subnet({ id: 'subnet-a', vpc: V, az: 'us-east-1a' }), subnet({ id: 'subnet-a2', vpc: V, az: 'us-east-1a' }), subnet({ id: 'subnet-b', vpc: V, az: 'us-east-1b' }), subnet({ id: 'subnet-c', vpc: V, az: 'us-east-1c' })];

function run(subnets: string[], config: unknown = {}, tags?: Record<string, string>) {
  const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, subnets, ...(tags ? { tags } : {}) })], Subnets: SUBNETS });
  return evaluateRule(RULE, raw, config);
}

describe(RULE, () => {
  it('is compliant across two zones', () => {
    const result = run(['subnet-a', 'subnet-b']).get('vpce-i');
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toBe('Subnets span 2 availability zones (us-east-1a, us-east-1b); at least 2 required.');
  });

  it('counts zones, not subnets', () => {
    const result = run(['subnet-a', 'subnet-a2']).get('vpce-i');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings).toEqual([{ key: 'AvailabilityZones', message: 'vpce-i spans 1 availability zone; at least 2 required.' }]);
    expect(result.annotation).toMatch(/^Subnets span 1 availability zone \(us-east-1a\); at least 2 required/);
  });

  it('honours minAzs, also as a string', () => {
    expect(run(['subnet-a', 'subnet-b'], { rules: { [RULE]: { minAzs: '3' } } }).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
    expect(run(['subnet-a', 'subnet-b', 'subnet-c'], { rules: { [RULE]: { minAzs: 3 } } }).get('vpce-i').complianceType).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE for gateways and for exempt endpoints', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-g', vpc: V })], Subnets: SUBNETS });
    expect(evaluateRule(RULE, raw).get('vpce-g').complianceType).toBe('NOT_APPLICABLE');
    const exempt = run(['subnet-a'], {}, { 'vpce-guard:exempt': '*' }).get('vpce-i');
    expect(exempt).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation: 'Exempt by tag vpce-guard:exempt=*.' });
  });

  it('does not exempt for a tag naming another rule', () => {
    expect(run(['subnet-a'], {}, { 'vpce-guard:exempt': 'endpoint-vpc-dns' }).get('vpce-i').complianceType).toBe('NON_COMPLIANT');
  });

  it('reports an unknown subnet', () => {
    expect(run(['subnet-zz']).errors[0]!.message).toContain('subnet subnet-zz');
  });
});
