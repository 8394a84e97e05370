import { describe, expect, it } from 'vitest';
import { dns, evaluateRule, gateway, iface, snapshot } from '../../helpers/snapshot.js';

const RULE = 'endpoint-vpc-dns';

describe(RULE, () => {
  it('is compliant when the VPC has what each endpoint needs', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-g', vpc: 'vpc-1' }), iface({ id: 'vpce-i', vpc: 'vpc-2', privateDns: true })],
      VpcAttributes: [dns('vpc-1', true, false), dns('vpc-2', true, true)],
    });
    const { get } = evaluateRule(RULE, raw);
    // A gateway needs DNS support only: hostnames off is fine.
    expect(get('vpce-g').complianceType).toBe('COMPLIANT');
    expect(get('vpce-i').complianceType).toBe('COMPLIANT');
  });

  it('flags private DNS without DNS hostnames, and a gateway without DNS support', () => {
    const raw = snapshot({
      VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1', privateDns: true }), gateway({ id: 'vpce-g', vpc: 'vpc-2' })],
      VpcAttributes: [dns('vpc-1', true, false), dns('vpc-2', false, false)],
    });
    const { get } = evaluateRule(RULE, raw);
    expect(get('vpce-i').findings.map((f) => f.key)).toEqual(['VpcAttribute::enableDnsHostnames']);
    expect(get('vpce-i').annotation).toContain('enableDnsHostnames off');
    expect(get('vpce-g').findings.map((f) => f.key)).toEqual(['VpcAttribute::enableDnsSupport']);
  });

  it('flags both attributes for private DNS in a VPC with neither', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1' })], VpcAttributes: [dns('vpc-1', false, false)] });
    expect(evaluateRule(RULE, raw).get('vpce-i').findings.map((f) => f.key)).toEqual([
      'VpcAttribute::enableDnsSupport',
      'VpcAttribute::enableDnsHostnames',
    ]);
  });

  it('is NOT_APPLICABLE for an interface endpoint without private DNS and for a Gateway Load Balancer endpoint', () => {
    const gwlb = { ...iface({ id: 'vpce-l', vpc: 'vpc-1' }), VpcEndpointType: 'GatewayLoadBalancer' };
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1', privateDns: false }), gwlb], VpcAttributes: [dns('vpc-1', false, false)] });
    const { get } = evaluateRule(RULE, raw);
    expect(get('vpce-i').complianceType).toBe('NOT_APPLICABLE');
    expect(get('vpce-l').complianceType).toBe('NOT_APPLICABLE');
  });

  it('plans no VPC change unless remediateVpcAttributes is on, then support before hostnames, once per VPC', () => {
    const raw = snapshot({
      VpcEndpoints: [iface({ id: 'vpce-a', vpc: 'vpc-1' }), iface({ id: 'vpce-b', vpc: 'vpc-1', service: 'sts' })],
      VpcAttributes: [dns('vpc-1', false, false)],
    });
    expect(evaluateRule(RULE, raw).remediations).toEqual([]);
    const { remediations } = evaluateRule(RULE, raw, { rules: { [RULE]: { remediateVpcAttributes: 'true' } } });
    expect(remediations).toHaveLength(1);
    expect(remediations[0]!.steps).toEqual([
      { action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: 'vpc-1', EnableDnsSupport: { Value: true } } },
      { action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: 'vpc-1', EnableDnsHostnames: { Value: true } } },
    ]);
  });

  it('reports an endpoint whose VPC has no attributes in the snapshot, and judges the rest', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-x', vpc: 'vpc-missing' }), gateway({ id: 'vpce-g', vpc: 'vpc-1' })],
      VpcAttributes: [dns('vpc-1', true, true)],
    });
    const { errors, get } = evaluateRule(RULE, raw);
    expect(errors).toEqual([{ ruleId: RULE, resourceId: 'vpce-x', message: 'no VpcAttributes entry for vpc-missing' }]);
    expect(get('vpce-g').complianceType).toBe('COMPLIANT');
  });
});
