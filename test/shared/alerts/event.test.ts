import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideComplianceAlert, parseComplianceChange } from '../../../shared/alerts/index.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/compliance-change/${name}.json`, 'utf8'));

describe('parseComplianceChange', () => {
  it('reads a compliance-change event with and without an old result', () => {
    expect(parseComplianceChange(fixture('violation')).detail.oldEvaluationResult?.complianceType).toBe('COMPLIANT');
    expect(parseComplianceChange(fixture('first-non-compliant')).detail.oldEvaluationResult).toBeUndefined();
  });

  it('names every wrong field of a malformed event in one line', () => {
    expect(() => parseComplianceChange(fixture('malformed'))).toThrow(
      /^not a Config Rules Compliance Change event: .*detail\.awsAccountId: .*; detail\.newEvaluationResult\.complianceType: /,
    );
  });

  it('rejects an event of another kind, naming its detail-type', () => {
    const event = { ...(fixture('violation') as object), 'detail-type': 'AWS API Call via CloudTrail' };
    expect(() => parseComplianceChange(event)).toThrow(/detail-type: /);
  });

  it('rejects something that is not an event at all', () => {
    expect(() => parseComplianceChange('hello')).toThrow(/^not a Config Rules Compliance Change event: event: /);
  });
});

describe('decideComplianceAlert', () => {
  const decide = (name: string, options = {}) => decideComplianceAlert(parseComplianceChange(fixture(name)), options);

  it('publishes a change to NON_COMPLIANT, a resolution and a deletion', () => {
    expect(decide('violation')).toMatchObject({ publish: true, kind: 'violation' });
    expect(decide('first-non-compliant')).toMatchObject({ publish: true, kind: 'violation' });
    expect(decide('resolution')).toMatchObject({ publish: true, kind: 'resolution' });
    expect(decide('deletion')).toMatchObject({ publish: true, kind: 'resolution', alert: { attributes: { complianceType: 'NOT_APPLICABLE' } } });
  });

  it('ignores, with the reason, no change, a first COMPLIANT and a foreign rule', () => {
    expect(decide('no-transition')).toEqual({ publish: false, reason: 'compliance did not change (still NON_COMPLIANT)' });
    expect(decide('first-compliant')).toEqual({ publish: false, reason: 'first result is COMPLIANT: nothing to report' });
    expect(decide('foreign-rule')).toEqual({ publish: false, reason: 'Config rule restricted-ssh is not a vpce-guard rule' });
  });

  it('follows a configured rule prefix', () => {
    const env = { VPCE_GUARD_RULE_PREFIX: 'acme-' };
    expect(decide('violation', { env })).toMatchObject({ publish: false, reason: expect.stringContaining('is not a vpce-guard rule') });
  });

  it('ignores rules below the minimum severity', () => {
    expect(decide('low-severity', { minSeverity: 'MEDIUM' })).toEqual({
      publish: false,
      reason: 'rule interface-endpoint-multi-az is LOW, below ALERT_MIN_SEVERITY MEDIUM',
    });
    expect(decide('low-severity', { minSeverity: 'LOW' })).toMatchObject({ publish: true });
  });
});
