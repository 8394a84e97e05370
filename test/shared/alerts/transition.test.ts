import { describe, expect, it } from 'vitest';
import { classifyTransition, meetsSeverity, parseSeverity } from '../../../shared/alerts/index.js';

describe('classifyTransition', () => {
  it.each([
    ['COMPLIANT', 'NON_COMPLIANT', 'violation'],
    [undefined, 'NON_COMPLIANT', 'violation'],
    ['NOT_APPLICABLE', 'NON_COMPLIANT', 'violation'],
    ['NON_COMPLIANT', 'COMPLIANT', 'resolution'],
    ['NON_COMPLIANT', 'NOT_APPLICABLE', 'resolution'],
  ] as const)('%s -> %s is a %s', (old, now, kind) => {
    expect(classifyTransition(old, now)).toEqual({ alert: true, kind });
  });

  it.each([
    ['NON_COMPLIANT', 'NON_COMPLIANT', 'did not change'],
    ['COMPLIANT', 'COMPLIANT', 'did not change'],
    [undefined, 'COMPLIANT', 'first result is COMPLIANT'],
    [undefined, 'NOT_APPLICABLE', 'first result is NOT_APPLICABLE'],
    ['COMPLIANT', 'NOT_APPLICABLE', 'no finding opened or closed'],
    ['NON_COMPLIANT', 'INSUFFICIENT_DATA', 'the finding stays open'],
  ] as const)('%s -> %s is silent (%s)', (old, now, reason) => {
    const result = classifyTransition(old, now);
    expect(result.alert).toBe(false);
    expect(result.alert === false && result.reason).toContain(reason);
  });
});

describe('severity threshold', () => {
  it('lets through the threshold and above only', () => {
    expect(meetsSeverity('LOW', 'MEDIUM')).toBe(false);
    expect(meetsSeverity('MEDIUM', 'MEDIUM')).toBe(true);
    expect(meetsSeverity('HIGH', 'MEDIUM')).toBe(true);
    expect(meetsSeverity('LOW', undefined)).toBe(true);
  });

  it('reads any case and names the setting when the value is unknown', () => {
    expect(parseSeverity(' high ', 'ALERT_MIN_SEVERITY')).toBe('HIGH');
    expect(() => parseSeverity('urgent', 'ALERT_MIN_SEVERITY')).toThrow('ALERT_MIN_SEVERITY: "urgent" is not a severity (LOW, MEDIUM, HIGH, CRITICAL)');
  });
});
