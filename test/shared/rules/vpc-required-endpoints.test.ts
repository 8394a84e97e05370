import { describe, expect, it } from 'vitest';
import { evaluateRule, gateway, iface, snapshot, vpc } from '../../helpers/snapshot.js';

const RULE = 'vpc-required-endpoints';

describe(RULE, () => {
  const raw = snapshot({
    Vpcs: [vpc({ id: 'vpc-with' }), vpc({ id: 'vpc-without' }), vpc({ id: 'vpc-interface-only' }), vpc({ id: 'vpc-exempt', tags: { 'vpce-guard:exempt': RULE } })],
    VpcEndpoints: [
      gateway({ id: 'vpce-1', vpc: 'vpc-with' }),
      iface({ id: 'vpce-2', vpc: 'vpc-with', service: 'ecr.api' }),
      gateway({ id: 'vpce-3', vpc: 'vpc-without', state: 'deleted' }),
      iface({ id: 'vpce-4', vpc: 'vpc-interface-only', service: 's3' }),
    ],
  });

  it('requires an S3 gateway by default; a deleted one or an S3 interface endpoint does not count', () => {
    const { get } = evaluateRule(RULE, raw);
    expect(get('vpc-with').complianceType).toBe('COMPLIANT');
    expect(get('vpc-without').findings).toEqual([{ key: 'Service::s3:gateway', message: 'vpc-without has no endpoint for s3:gateway.' }]);
    expect(get('vpc-interface-only').complianceType).toBe('NON_COMPLIANT');
    expect(get('vpc-exempt').complianceType).toBe('NOT_APPLICABLE');
  });

  it('takes requiredServices as a comma list or JSON array, types in any case, full names too', () => {
    const config = { rules: { [RULE]: { requiredServices: 's3:Gateway, ecr.api:interface, com.amazonaws.us-east-1.sts:interface' } } };
    const { get } = evaluateRule(RULE, raw, config);
    expect(get('vpc-with').findings.map((f) => f.key)).toEqual(['Service::com.amazonaws.us-east-1.sts:interface']);
    expect(get('vpc-interface-only').findings.map((f) => f.key)).toEqual(['Service::s3:Gateway', 'Service::ecr.api:interface', 'Service::com.amazonaws.us-east-1.sts:interface']);
    const json = evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: '["s3:interface"]' } } });
    expect(json.get('vpc-interface-only').complianceType).toBe('COMPLIANT');
    expect(json.get('vpc-with').complianceType).toBe('NON_COMPLIANT');
  });

  it('is satisfied by a full service name of the endpoint, and not by the same name of another region', () => {
    const ok = evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: 'com.amazonaws.us-east-1.s3:gateway' } } });
    expect(ok.get('vpc-with').complianceType).toBe('COMPLIANT');
    const other = evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: 'com.amazonaws.eu-west-1.s3:gateway' } } });
    expect(other.get('vpc-with').complianceType).toBe('NON_COMPLIANT');
  });

  it.each([
    ['s3:bridge', 'requiredServices[0]: must be name:Gateway or name:Interface'],
    ['s3', 'requiredServices[0]: must be name:Gateway or name:Interface'],
    [':gateway', 'requiredServices[0]: must be name:Gateway or name:Interface'],
    ['s3:gatewayloadbalancer', 'requiredServices[0]: must be name:Gateway or name:Interface'],
    ['', 'requiredServices: must name at least one service'],
    ['s3:gateway, dynamodb', 'requiredServices[1]: must be name:Gateway or name:Interface'],
  ])('rejects requiredServices %j', (value, message) => {
    expect(() => evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: value } } })).toThrow(message);
  });
});
