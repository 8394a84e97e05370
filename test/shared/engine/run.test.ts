import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, selectRules } from '../../../shared/engine/index.js';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';
import type { EndpointRule } from '../../../shared/rules/types.js';
import { InputError } from '../../../shared/errors.js';
import { gateway, model, snapshot } from '../../helpers/snapshot.js';

describe('runRules', () => {
  it('keeps evaluating the other resources when a rule throws on one', () => {
    // Prepare: a rule that fails on one endpoint only.
    const flaky: EndpointRule<Record<string, never>> = {
      id: 'flaky',
      title: 'flaky',
      description: 'fails on vpce-2',
      severity: 'LOW',
      resourceType: 'AWS::EC2::VPCEndpoint',
      endpointTypes: ['Gateway'],
      parameters: z.strictObject({}),
      requires: [],
      annotation: { compliant: 'fine', nonCompliant: 'bad' },
      evaluate(endpoint) {
        if (endpoint.id === 'vpce-2') throw new TypeError('boom');
        return { status: 'COMPLIANT', vars: {} };
      },
    };
    const m = model(snapshot({ VpcEndpoints: ['vpce-1', 'vpce-2', 'vpce-3'].map((id) => gateway({ id, vpc: 'vpc-1' })) }));
    // Act
    const result = runRules(m, { rules: [flaky] });
    // Assess
    expect(result.evaluations.map((e) => e.resourceId)).toEqual(['vpce-1', 'vpce-3']);
    expect(result.errors).toEqual([{ ruleId: 'flaky', resourceId: 'vpce-2', message: 'boom' }]);
  });

  it('evaluates only the resources asked for', () => {
    const m = model(snapshot({ VpcEndpoints: ['vpce-1', 'vpce-2'].map((id) => gateway({ id, vpc: 'vpc-1' })) }));
    const result = runRules(m, { rules: selectRules(['endpoint-policy-restricted']), resourceIds: new Set(['vpce-2']) });
    expect(result.evaluations.map((e) => e.resourceId)).toEqual(['vpce-2']);
  });

  it('every rule in the catalogue has an id, title, description, closed parameter schema and both templates', () => {
    for (const rule of CATALOGUE) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(0);
      expect(() => rule.parameters.parse({ surelyNotAParameter: 1 })).toThrow();
      expect(rule.annotation.compliant.length).toBeGreaterThan(0);
      expect(rule.annotation.nonCompliant.length).toBeGreaterThan(0);
      if (rule.remediation) expect(rule.remediation.iamActions.every((a) => /^ec2:[A-Z]\w+$/.test(a))).toBe(true);
    }
  });
});

describe('resolveConfig and selectRules', () => {
  it('fills defaults and accepts string forms', () => {
    const config = resolveConfig({ orgId: 'o-testorg1234', trustedAccounts: '666655554444,777766665555', rules: { 'interface-endpoint-multi-az': { minAzs: '3' } } });
    expect(config.settings).toEqual({ orgId: 'o-testorg1234', trustedAccounts: ['666655554444', '777766665555'] });
    expect(config.params.get('interface-endpoint-multi-az')).toEqual({ minAzs: 3 });
    expect(config.params.get('vpc-required-endpoints')).toEqual({ requiredServices: ['s3:gateway'] });
  });

  it.each([
    [{ orgID: 'o-x' }, 'cfg.json: unknown key "orgID"'],
    [{ trustedAccounts: ['12345'] }, 'cfg.json: trustedAccounts[0]: must be a 12-digit AWS account id'],
    [{ orgId: 'org-1' }, 'cfg.json: orgId: must be an organization id'],
    [{ rules: { 'no-such-rule': {} } }, 'cfg.json: rules.no-such-rule: unknown rule id'],
    [{ rules: { 'interface-endpoint-multi-az': { minAZs: 2 } } }, 'cfg.json: rules.interface-endpoint-multi-az: unknown key "minAZs"'],
    [{ rules: { 'interface-endpoint-multi-az': { minAzs: 0 } } }, 'cfg.json: rules.interface-endpoint-multi-az: minAzs:'],
  ])('rejects %j with a message naming the key', (raw, message) => {
    expect(() => resolveConfig(raw, 'cfg.json')).toThrow(InputError);
    expect(() => resolveConfig(raw, 'cfg.json')).toThrow(message);
  });

  it('selects rules in catalogue order and names unknown ids', () => {
    expect(selectRules(['vpc-required-endpoints', 'endpoint-vpc-dns']).map((r) => r.id)).toEqual(['endpoint-vpc-dns', 'vpc-required-endpoints']);
    expect(() => selectRules(['endpoint-vpc-dns', 'nope'])).toThrow(/unknown rule id "nope"/);
  });
});
