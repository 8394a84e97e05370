import { describe, expect, it } from 'vitest';
import { broadeningReasons, policyChangeRefusals } from '../../../shared/remediation/index.js';

const SELF = '555544443333';
const OPTIONS = { accountId: SELF, trustedAccounts: [] };
const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
const scoped = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': SELF } } }],
};

describe('broadeningReasons', () => {
  it('lets through an Allow with a condition added', () => {
    expect(broadeningReasons(open, scoped)).toEqual([]);
  });

  it('refuses a wider action', () => {
    const wider = { ...scoped, Statement: [{ ...scoped.Statement[0], Action: '*' }] };
    expect(broadeningReasons(scoped, wider)).toEqual([expect.stringContaining('Allow statement #0 is not a narrowed copy')]);
  });

  it('refuses a dropped condition', () => {
    expect(broadeningReasons(scoped, open)).toHaveLength(1);
  });

  it('refuses a dropped or changed Deny', () => {
    const withDeny = { ...scoped, Statement: [...scoped.Statement, { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }] };
    expect(broadeningReasons(withDeny, scoped)).toEqual(['Deny statement #1 is not kept unchanged']);
  });

  it('refuses a second spelling of a key already in the block (which one IAM keeps is not documented)', () => {
    const twice = {
      ...scoped,
      Statement: [{ ...scoped.Statement[0], Condition: { StringEquals: { 'aws:PrincipalAccount': SELF, 'aws:principalaccount': '999988887777' } } }],
    };
    expect(broadeningReasons(scoped, twice)).toHaveLength(1);
  });

  it('refuses a changed Version (policy variables read differently)', () => {
    expect(broadeningReasons(open, { ...scoped, Version: '2008-10-17' })).toEqual([expect.stringContaining('Version changes')]);
  });

  it('lets through a read-only subset of an old Allow (the kept AWS-owned reads)', () => {
    const next = { ...scoped, Statement: [...scoped.Statement, { Sid: 'Keep', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::aws-ssm-eu-west-1/*'] }] };
    expect(broadeningReasons(open, next)).toEqual([]);
  });
});

describe('policyChangeRefusals', () => {
  it('refuses a new policy that still admits outsiders, naming the finding', () => {
    expect(policyChangeRefusals(JSON.stringify(open), JSON.stringify(open), OPTIONS)).toEqual([expect.stringContaining('still admits callers outside')]);
  });

  it('refuses a policy over 20,480 characters', () => {
    const huge = { ...scoped, Statement: [{ ...scoped.Statement[0], Resource: Array.from({ length: 700 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`) }] };
    expect(policyChangeRefusals(JSON.stringify(open), JSON.stringify(huge), OPTIONS).join(' ')).toContain('over the 20480');
  });

  it('accepts a restricted, narrowed policy', () => {
    expect(policyChangeRefusals(JSON.stringify(open), JSON.stringify(scoped), OPTIONS)).toEqual([]);
  });
});
