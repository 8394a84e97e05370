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

  it.each([
    ['support off, hostnames on', false, true, [{ action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: 'vpc-1', EnableDnsSupport: { Value: true } } }], 'Turn on enableDnsSupport for vpc-1.'],
    ['support on, hostnames off', true, false, [{ action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: 'vpc-1', EnableDnsHostnames: { Value: true } } }], 'Turn on enableDnsHostnames for vpc-1.'],
  ])('with %s, plans to turn on only the attribute that is off', (_what, support, hostnames, steps, summary) => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1' })], VpcAttributes: [dns('vpc-1', support, hostnames)] });
    const [plan] = evaluateRule(RULE, raw, { rules: { [RULE]: { remediateVpcAttributes: true } } }).remediations;
    expect(plan).toMatchObject({ status: 'planned', steps, summary });
    expect(plan!.after).toEqual(Object.fromEntries(Object.keys(plan!.before).map((k) => [k, true])));
  });

  it('names the missing attribute and its effect for each endpoint type', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-g', vpc: 'vpc-1' }), iface({ id: 'vpce-i', vpc: 'vpc-1' })],
      VpcAttributes: [dns('vpc-1', false, true)],
    });
    const { get } = evaluateRule(RULE, raw);
    expect(get('vpce-g').annotation).toBe('vpc-1 has enableDnsSupport off, so instances cannot resolve s3 names to reach the gateway endpoint.');
    expect(get('vpce-i').annotation).toBe('vpc-1 has enableDnsSupport off, so the private DNS name of com.amazonaws.us-east-1.ssm does not resolve to the endpoint.');
    expect(get('vpce-i').findings).toEqual([{ key: 'VpcAttribute::enableDnsSupport', message: 'vpc-1 has enableDnsSupport off; vpce-i needs it on.' }]);
  });

  it('reports an attributes entry that lacks an attribute the endpoint needs', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1' })], VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: { Value: true } }] });
    expect(evaluateRule(RULE, raw).errors[0]!.message).toBe('VpcAttributes of vpc-1 lack EnableDnsHostnames');
  });

  it('says which attributes it found on', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-1' })], VpcAttributes: [dns('vpc-1', true, true)] });
    expect(evaluateRule(RULE, raw).get('vpce-i').annotation).toBe('vpc-1 has enableDnsSupport, enableDnsHostnames on, as the endpoint needs.');
  });
});
