import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePolicy, evaluateRequest, planTightening } from '../../../shared/policy/index.js';
import { serviceActionPrefixes, serviceShortName, serviceTable } from '../../../shared/policy/services.js';
import { PolicyError } from '../../../shared/errors.js';
import { ALL_REQUESTS, BOUNDARY, FOREIGN, ORG, SELF, isAwsOwnedRead, outside, policyArb } from './arbitraries.js';

const NO_ORG = { accountId: SELF, trustedAccounts: [] };

describe('the service table', () => {
  it('reads full, short and partner service names', () => {
    expect(serviceShortName('com.amazonaws.eu-west-1.ecr.api')).toBe('ecr.api');
    expect(serviceActionPrefixes('com.amazonaws.us-east-1.s3')).toContain('s3');
    expect(serviceActionPrefixes('S3')).toContain('s3');
    expect(serviceActionPrefixes('dynamodb')).toEqual(['dynamodb']);
    expect(serviceActionPrefixes('com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0')).toBeUndefined();
    expect(serviceActionPrefixes('com.amazonaws.us-east-1.unheard-of')).toBeUndefined();
  });

  it('gives a source for every entry', () => {
    for (const entry of serviceTable()) {
      expect(entry.source, entry.service).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(entry.prefixes.length, entry.service).toBeGreaterThan(0);
    }
  });
});

describe('an endpoint carries only its service calls', () => {
  const allowAllDenyDynamoOutsiders = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } },
    ],
  };

  it('Allow * plus Deny dynamodb:* outside the organization is restricted on a DynamoDB endpoint', () => {
    const options = { ...BOUNDARY, service: 'com.amazonaws.us-east-1.dynamodb' };
    expect(analysePolicy(allowAllDenyDynamoOutsiders, options).verdict).toBe('restricted');
  });

  it('the same policy stays permissive on an S3 endpoint and when the service is unknown', () => {
    expect(analysePolicy(allowAllDenyDynamoOutsiders, { ...BOUNDARY, service: 's3' }).verdict).toBe('permissive');
    expect(analysePolicy(allowAllDenyDynamoOutsiders, BOUNDARY).verdict).toBe('permissive');
    expect(analysePolicy(allowAllDenyDynamoOutsiders, { ...BOUNDARY, service: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0' }).verdict).toBe('permissive');
  });

  it('an Allow of another service grants nothing through the endpoint', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: '*' }] };
    const result = analysePolicy(policy, { ...NO_ORG, service: 's3' });
    expect(result.verdict).toBe('restricted');
    expect(result.notes.join('\n')).toMatch(/grants no action of s3/);
  });

  it('a NotAction Allow that excludes the whole service grants nothing; one that excludes part still does', () => {
    const excluded = { Statement: [{ Effect: 'Allow', Principal: '*', NotAction: 'dynamodb:*', Resource: '*' }] };
    const partial = { Statement: [{ Effect: 'Allow', Principal: '*', NotAction: 'dynamodb:Put*', Resource: '*' }] };
    expect(analysePolicy(excluded, { ...NO_ORG, service: 'dynamodb' }).verdict).toBe('restricted');
    expect(analysePolicy(partial, { ...NO_ORG, service: 'dynamodb' }).verdict).toBe('permissive');
  });

  it.each(['com.amazonaws.us-east-1.s3', 'com.amazonaws.us-east-1.dynamodb'])(
    'with service %s, never restricted when an outsider may call an action of that service',
    (service) => {
      const prefix = `${serviceActionPrefixes(service)![0]}:`;
      fc.assert(
        fc.property(policyArb, (policy) => {
          const verdict = analysePolicy(policy, { ...BOUNDARY, service }).verdict;
          for (const r of ALL_REQUESTS) {
            if (!r.action.startsWith(prefix) || !outside(r.caller) || isAwsOwnedRead(r)) continue;
            if (evaluateRequest(policy, r) === 'allow') expect(verdict).toBe('permissive');
          }
        }),
        { numRuns: 200 },
      );
    },
  );
});

describe('tightening says what it did', () => {
  it('names a statement left able to admit nobody', () => {
    const policy = { Statement: [{ Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/export` }, Action: 's3:GetObject', Resource: '*' }] };
    const plan = planTightening(policy, NO_ORG);
    expect(plan.changes[0]).toMatch(new RegExp(`statement #0 \\(Sid "Vendor"\\): added .*; it now admits nobody: its only principal \\(account ${FOREIGN}\\) is outside the trust boundary`));
  });

  it('adds the AWS-owned read statement only for S3: by service, or by the policy actions', () => {
    const open = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    const openS3 = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
    const count = (p: unknown): number => ((p as { Statement: unknown[] }).Statement).length;
    expect(count(planTightening(open, { ...BOUNDARY, service: 'dynamodb' }).after)).toBe(1);
    expect(count(planTightening(open, BOUNDARY).after)).toBe(1);
    expect(count(planTightening(open, { ...BOUNDARY, service: 'com.amazonaws.us-east-1.s3' }).after)).toBe(2);
    expect(count(planTightening(openS3, BOUNDARY).after)).toBe(2);
  });

  it('on an S3 policy without a region, says the AWS-owned reads could not be kept', () => {
    const openS3 = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
    const plan = planTightening(openS3, { accountId: SELF, trustedAccounts: [], orgId: ORG });
    expect(plan.changes.at(-1)).toMatch(/AWS-owned S3 buckets .*could not be kept: the region is unknown \(pass --region\)/);
    expect(planTightening(openS3, { ...NO_ORG, service: 'dynamodb' }).changes.join('\n')).not.toMatch(/could not be kept/);
  });
});

describe('findings name concrete example callers', () => {
  it('fills a wildcard account pattern to a full 12-digit id', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '3141*' } } }] };
    const [finding] = analysePolicy(policy, NO_ORG).findings;
    expect(finding!.reason).toMatch(/account 3141\d{8}\b/);
  });

  it('names an example account for an ARN pattern with * in the account', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:role/export' }, Action: '*', Resource: '*' }] };
    const [finding] = analysePolicy(policy, NO_ORG).findings;
    expect(finding!.reason).toMatch(/e\.g\. arn:aws:iam::\d{12}:role\/export/);
    expect(finding!.reason).not.toMatch(/iam:::|::role/);
  });
});

describe('policy structure errors', () => {
  it('refuses a Version other than 2012-10-17 and 2008-10-17, in one line', () => {
    const policy = { Version: '2012-10-18', Statement: [] };
    expect(() => analysePolicy(policy, NO_ORG)).toThrow(PolicyError);
    expect(() => analysePolicy(policy, NO_ORG)).toThrow(/^Version "2012-10-18" is not a policy language version \(use 2012-10-17 or 2008-10-17\)$/);
  });

  it('keeps messages on one line even when a name in the policy holds a line break', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Condition: { 'String\nEquals': 'x' } }] };
    expect(() => analysePolicy(policy, NO_ORG)).toThrow(PolicyError);
    try {
      analysePolicy(policy, NO_ORG);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/\n/);
    }
  });
});
