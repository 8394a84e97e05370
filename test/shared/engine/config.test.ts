import { describe, expect, it } from 'vitest';
import { resolveConfig, selectRules } from '../../../shared/engine/index.js';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';

const KNOWN = CATALOGUE.map((r) => r.id).join(', ');

describe('resolveConfig', () => {
  it('names "config" as the source when given none, and every known rule id', () => {
    expect(() => resolveConfig({ rules: { nope: {} } })).toThrow(`config: rules.nope: unknown rule id (known: ${KNOWN})`);
  });

  it('leaves accountId and orgId out when not set', () => {
    expect(resolveConfig({}).settings).toEqual({ trustedAccounts: [] });
    expect(resolveConfig().settings).toEqual({ trustedAccounts: [] });
    expect(resolveConfig({ accountId: '314159265358' }).settings).toEqual({ accountId: '314159265358', trustedAccounts: [] });
  });

  it('fills every rule with its defaults', () => {
    const config = resolveConfig({});
    expect([...config.params.keys()]).toEqual(CATALOGUE.map((r) => r.id));
    expect(config.params.get('interface-endpoint-security-groups')).toEqual({ port: 443 });
    expect(config.params.get('endpoint-vpc-dns')).toEqual({ remediateVpcAttributes: false });
  });
});

describe('selectRules', () => {
  it('selects every rule when no ids, or an empty list, are given', () => {
    expect(selectRules(undefined)).toEqual([...CATALOGUE]);
    expect(selectRules([])).toEqual([...CATALOGUE]);
  });

  it('names every unknown id and the known ones', () => {
    expect(() => selectRules(['a', 'endpoint-vpc-dns', 'b'])).toThrow(`unknown rule id "a", "b" (known: ${KNOWN})`);
  });
});
