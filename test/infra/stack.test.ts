import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../shared/engine/config.js';

// The generated parts of serverless.yml (infra/stack.cjs), driven with the settings a deployer
// passes as --param, through the same resolveVariable hook osls gives them.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const stack = createRequire(import.meta.url)('../../infra/stack.cjs') as Record<string, (ctx: Json) => Promise<Json>>;
const DEFAULTS: Record<string, string> = {
  rulePrefix: 'vpce-guard-',
  scheduleFrequency: 'TwentyFour_Hours',
  memberAccounts: '',
  orgId: '',
  trustedAccounts: '',
  remediationRules: '',
  maxChangesPerInvocation: '',
  remediateVpcAttributes: 'false',
  remediationMode: 'off',
};

function withParams(params: Record<string, string>) {
  const all = { ...DEFAULTS, ...params };
  return { resolveVariable: async (address: string) => all[address.replace(/^param:/, '')] ?? null };
}

describe('VPCE_GUARD_CONFIG from the settings', () => {
  it('carries the trust boundary and the remediation choice, in a shape the functions accept', async () => {
    const text = await stack.vpceGuardConfig!(
      withParams({
        orgId: 'o-abc123def4',
        trustedAccounts: '111122223333, 444455556666',
        remediationRules: 'gateway-endpoint-route-tables,endpoint-vpc-dns',
        maxChangesPerInvocation: '5',
        remediateVpcAttributes: 'true',
      }),
    );
    const config = resolveConfig(JSON.parse(text), 'VPCE_GUARD_CONFIG');
    expect(config.settings).toEqual({ orgId: 'o-abc123def4', trustedAccounts: ['111122223333', '444455556666'] });
    expect(config.remediation).toEqual({ rules: ['gateway-endpoint-route-tables', 'endpoint-vpc-dns'], maxChangesPerInvocation: 5 });
    expect(config.params.get('endpoint-vpc-dns')).toMatchObject({ remediateVpcAttributes: true });
  });

  it('is the empty boundary by default', async () => {
    const config = resolveConfig(JSON.parse(await stack.vpceGuardConfig!(withParams({}))), 'VPCE_GUARD_CONFIG');
    expect(config.settings).toEqual({ trustedAccounts: [] });
    expect(config.remediation).toBeUndefined();
  });

  it('fails the deploy on a bad setting, naming it', async () => {
    await expect(stack.vpceGuardConfig!(withParams({ orgId: 'org-1' }))).rejects.toThrow(/param orgId/);
    await expect(stack.vpceGuardConfig!(withParams({ trustedAccounts: '1234' }))).rejects.toThrow(/param trustedAccounts/);
    await expect(stack.vpceGuardConfig!(withParams({ maxChangesPerInvocation: 'ten' }))).rejects.toThrow(/param maxChangesPerInvocation/);
    await expect(stack.remediationMode!(withParams({ remediationMode: 'on' }))).rejects.toThrow(/param remediationMode/);
    await expect(stack.configRules!(withParams({ scheduleFrequency: 'Daily' }))).rejects.toThrow(/param scheduleFrequency/);
  });
});

describe('the generated Config rules', () => {
  it('follow the prefix and frequency settings, and let each listed member account\'s Config invoke the function', async () => {
    const resources = await stack.configRules!(withParams({ rulePrefix: 'acme-', scheduleFrequency: 'Six_Hours', memberAccounts: '222233334444' }));
    const rules = Object.values(resources).filter((r: Json) => r.Type === 'AWS::Config::ConfigRule') as Json[];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.Properties.ConfigRuleName).toBe(`acme-${rule.Properties.InputParameters.ruleId}`);
      expect(rule.Properties.Source.SourceDetails.find((d: Json) => d.MessageType === 'ScheduledNotification').MaximumExecutionFrequency).toBe('Six_Hours');
    }
    const permissions = Object.values(resources).filter((r: Json) => r.Type === 'AWS::Lambda::Permission') as Json[];
    expect(permissions.map((p) => p.Properties.SourceAccount)).toEqual([{ Ref: 'AWS::AccountId' }, '222233334444']);
    expect(permissions.every((p) => p.Properties.Principal === 'config.amazonaws.com')).toBe(true);
  });
});
