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

  it('takes requiredServices as a comma list or JSON array, with or without a type', () => {
    const config = { rules: { [RULE]: { requiredServices: 's3, ecr.api:interface, com.amazonaws.us-east-1.sts' } } };
    const { get } = evaluateRule(RULE, raw, config);
    expect(get('vpc-with').findings.map((f) => f.key)).toEqual(['Service::com.amazonaws.us-east-1.sts']);
    expect(get('vpc-interface-only').findings.map((f) => f.key)).toEqual(['Service::ecr.api:interface', 'Service::com.amazonaws.us-east-1.sts']);
    const json = evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: '["s3"]' } } });
    expect(json.get('vpc-interface-only').complianceType).toBe('COMPLIANT');
  });

  it('rejects a service with an unknown endpoint type', () => {
    expect(() => evaluateRule(RULE, raw, { rules: { [RULE]: { requiredServices: 's3:bridge' } } })).toThrow(/requiredServices\[0\].*gateway, interface/);
  });
});
