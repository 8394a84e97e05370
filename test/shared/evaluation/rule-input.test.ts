import { describe, expect, it } from 'vitest';
import { resolveRuleInput } from '../../../shared/evaluation/rule-input.js';

describe('resolveRuleInput', () => {
  it('takes the rule from ruleId and its parameters in AWS string form', () => {
    const { rule, config } = resolveRuleInput('{"ruleId":"interface-endpoint-multi-az","minAzs":"3"}', {});

    expect(rule.id).toBe('interface-endpoint-multi-az');
    expect(config.params.get('interface-endpoint-multi-az')).toEqual({ minAzs: 3 });
  });

  it('lets the input parameters win over VPCE_GUARD_CONFIG, globals included', () => {
    const env = { orgId: 'o-envenvenv1', trustedAccounts: ['111111111111'], rules: { 'endpoint-policy-restricted': { orgId: 'o-rulerule12' } } };

    const { config } = resolveRuleInput('{"ruleId":"endpoint-policy-restricted","orgId":"o-input12345","trustedAccounts":"222222222222, 333333333333"}', env);

    expect(config.settings).toMatchObject({ orgId: 'o-input12345', trustedAccounts: ['222222222222', '333333333333'] });
    expect(config.params.get('endpoint-policy-restricted')).toMatchObject({ orgId: 'o-input12345' });
  });

  it('keeps VPCE_GUARD_CONFIG where the input parameters say nothing', () => {
    const { config } = resolveRuleInput('{"ruleId":"endpoint-policy-restricted"}', { accountId: '444444444444', orgId: 'o-envenvenv1' });
    expect(config.settings).toMatchObject({ accountId: '444444444444', orgId: 'o-envenvenv1', trustedAccounts: [] });
  });

  it.each([
    [undefined, 'the key "ruleId" is missing'],
    ['', 'the key "ruleId" is missing'],
    ['{}', 'the key "ruleId" is missing'],
    ['[1]', 'must be a JSON object'],
    ['{"ruleId": 7}', 'ruleId: must be a string'],
    ['{"ruleId":"gateway-endpoint-route-tables","minAzs":"2"}', 'unknown key "minAzs"'],
  ])('ruleParameters %j: fails with %s', (text, message) => {
    expect(() => resolveRuleInput(text, {})).toThrow(message);
  });

  it('names VPCE_GUARD_CONFIG when it is the one at fault', () => {
    expect(() => resolveRuleInput('{"ruleId":"endpoint-vpc-dns"}', { rules: { 'no-such-rule': {} } })).toThrow(/^VPCE_GUARD_CONFIG: rules\.no-such-rule: unknown rule id/);
  });
});
