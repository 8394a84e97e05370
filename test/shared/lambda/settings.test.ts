import { describe, expect, it } from 'vitest';
import { accountOfArn, configRuleName, envConfig, memberRoleArn, ruleIdOf, rulePrefixes } from '../../../shared/lambda/settings.js';

describe('memberRoleArn', () => {
  const env = { VPCE_GUARD_MEMBER_ROLE_NAME: 'vpce-guard-member', AWS_REGION: 'eu-west-2' };

  it('names the role in the member account', () => {
    expect(memberRoleArn('135792468013', { env, ownAccountId: '246813579024' })).toBe('arn:aws:iam::135792468013:role/vpce-guard-member');
  });

  it('is undefined for the function\'s own account, without the setting, or without an account', () => {
    expect(memberRoleArn('246813579024', { env, ownAccountId: '246813579024' })).toBeUndefined();
    expect(memberRoleArn('135792468013', { env: {} })).toBeUndefined();
    expect(memberRoleArn(undefined, { env })).toBeUndefined();
  });

  it('uses the partition of the region, and keeps a role path', () => {
    expect(memberRoleArn('135792468013', { env: { VPCE_GUARD_MEMBER_ROLE_NAME: 'ops/vpce-guard', AWS_REGION: 'cn-north-1' } })).toBe('arn:aws-cn:iam::135792468013:role/ops/vpce-guard');
    expect(memberRoleArn('135792468013', { env: { VPCE_GUARD_MEMBER_ROLE_NAME: 'r', AWS_REGION: 'us-gov-west-1' } })).toBe('arn:aws-us-gov:iam::135792468013:role/r');
  });

  it('refuses a bad account id or role name', () => {
    expect(() => memberRoleArn('1234', { env })).toThrow('account id "1234" is not a 12-digit AWS account id');
    expect(() => memberRoleArn('135792468013', { env: { VPCE_GUARD_MEMBER_ROLE_NAME: 'bad name!' } })).toThrow(/VPCE_GUARD_MEMBER_ROLE_NAME/);
  });
});

describe('accountOfArn', () => {
  it('reads the account of a function ARN', () => {
    expect(accountOfArn('arn:aws:lambda:eu-west-2:246813579024:function:f')).toBe('246813579024');
    expect(accountOfArn('not-an-arn')).toBeUndefined();
    expect(accountOfArn(undefined)).toBeUndefined();
  });
});

describe('settings', () => {
  it('reads VPCE_GUARD_CONFIG and the rule prefix', () => {
    expect(envConfig({ VPCE_GUARD_CONFIG: '{"orgId":"o-abcdefghij"}' })).toEqual({ orgId: 'o-abcdefghij' });
    expect(envConfig({})).toEqual({});
    expect(() => envConfig({ VPCE_GUARD_CONFIG: '[' })).toThrow(/^VPCE_GUARD_CONFIG: not valid JSON/);
    expect(configRuleName('endpoint-vpc-dns', { VPCE_GUARD_RULE_PREFIX: 'acme-' })).toBe('acme-endpoint-vpc-dns');
    expect(ruleIdOf('vpce-guard-endpoint-vpc-dns', {})).toBe('endpoint-vpc-dns');
    expect(ruleIdOf('other-rule', {})).toBeUndefined();
  });
});

describe('ruleIdOf', () => {
  it('reads the rule id from an organization rule\'s member-account name (OrgConfigRule-<name>-<suffix>)', () => {
    expect(ruleIdOf('OrgConfigRule-vpce-guard-gateway-endpoint-route-tables-k3v9x0qa', {})).toBe('gateway-endpoint-route-tables');
    expect(ruleIdOf('OrgConfigRule-acme-endpoint-vpc-dns-0a1b2c3d', { VPCE_GUARD_RULE_PREFIX: 'acme-' })).toBe('endpoint-vpc-dns');
  });

  it('does not claim other organization rules, or names without the suffix', () => {
    expect(ruleIdOf('OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba', {})).toBeUndefined();
    expect(ruleIdOf('OrgConfigRule-vpce-guard-endpoint-vpc-dns', {})).toBeUndefined();
    expect(ruleIdOf('OrgConfigRule-vpce-guard--k3v9x0qa', {})).toBeUndefined();
    expect(ruleIdOf('vpce-guard-', {})).toBeUndefined();
  });

  it('lists both prefixes for event patterns', () => {
    expect(rulePrefixes({ VPCE_GUARD_RULE_PREFIX: 'acme-' })).toEqual(['acme-', 'OrgConfigRule-acme-']);
  });
});
