import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../shared/engine/index.js';
import { InputError } from '../../../shared/errors.js';
import { DEFAULT_MAX_CHANGES, remediationMode, remediationSettings } from '../../../shared/remediation/index.js';

describe('remediationMode', () => {
  it('is off when REMEDIATION_MODE is unset or empty', () => {
    expect(remediationMode({})).toBe('off');
    expect(remediationMode({ REMEDIATION_MODE: ' ' })).toBe('off');
  });

  it('reads dry-run and apply', () => {
    expect(remediationMode({ REMEDIATION_MODE: 'dry-run' })).toBe('dry-run');
    expect(remediationMode({ REMEDIATION_MODE: 'APPLY' })).toBe('apply');
  });

  it('rejects anything else, naming the variable', () => {
    expect(() => remediationMode({ REMEDIATION_MODE: 'yes' })).toThrow(new InputError('REMEDIATION_MODE: "yes" is not one of off, dry-run, apply'));
  });
});

describe('the remediation config key', () => {
  it('defaults to the two remediations of the mission and a cap of 10', () => {
    const settings = remediationSettings(resolveConfig({}).remediation);
    expect([...settings.rules]).toEqual(['gateway-endpoint-route-tables', 'endpoint-policy-restricted']);
    expect(settings.maxChanges).toBe(DEFAULT_MAX_CHANGES);
  });

  it('takes the rules and the cap from the config', () => {
    const config = resolveConfig({ remediation: { rules: ['endpoint-vpc-dns'], maxChangesPerInvocation: 3 } });
    const settings = remediationSettings(config.remediation);
    expect([...settings.rules]).toEqual(['endpoint-vpc-dns']);
    expect(settings.maxChanges).toBe(3);
  });

  it('is closed: unknown keys, unknown rules, alert-only rules and bad caps are errors', () => {
    expect(() => resolveConfig({ remediation: { rule: [] } })).toThrow(/remediation: unknown key "rule"/);
    expect(() => resolveConfig({ remediation: { rules: ['no-such-rule'] } })).toThrow(/remediation.rules: unknown rule id "no-such-rule"/);
    expect(() => resolveConfig({ remediation: { rules: ['interface-endpoint-multi-az'] } })).toThrow(/has no remediation/);
    expect(() => resolveConfig({ remediation: { maxChangesPerInvocation: 0 } })).toThrow(/maxChangesPerInvocation/);
  });

  it('lets the CLI narrow the rules and the cap', () => {
    const settings = remediationSettings(undefined, ['endpoint-policy-restricted'], 1);
    expect([...settings.rules]).toEqual(['endpoint-policy-restricted']);
    expect(settings.maxChanges).toBe(1);
    expect(() => remediationSettings(undefined, ['vpc-required-endpoints'])).toThrow(/has no remediation/);
  });
});
