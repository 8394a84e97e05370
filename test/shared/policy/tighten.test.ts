import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePolicy, evaluateRequest, MAX_POLICY_CHARS, planTightening } from '../../../shared/policy/index.js';
import { PolicyError } from '../../../shared/errors.js';
import { BOUNDARY, CALLERS, FOREIGN, ORG, SELF, TRUSTED, ALL_REQUESTS, isAwsOwnedRead, outside, policyArb } from './arbitraries.js';

const RUNS = { numRuns: 250 };

describe('analyser soundness against concrete requests', () => {
  it('never calls a policy restricted when some outside caller is allowed something', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const verdict = analysePolicy(policy, BOUNDARY).verdict;
        for (const r of ALL_REQUESTS) {
          if (outside(r.caller) && !isAwsOwnedRead(r) && evaluateRequest(policy, r) === 'allow') {
            expect(verdict).toBe('permissive');
          }
        }
      }),
      RUNS,
    );
  });
});

describe('planTightening properties', () => {
  it('the result analyses as restricted, is valid JSON within 20,480 characters, and is a fixed point', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const plan = planTightening(policy, BOUNDARY);
        expect(analysePolicy(plan.after, BOUNDARY).verdict).toBe('restricted');
        expect(plan.afterText.length).toBeLessThanOrEqual(MAX_POLICY_CHARS);
        expect(JSON.parse(plan.afterText)).toEqual(plan.after);
        const again = planTightening(plan.afterText, BOUNDARY);
        expect(again.changed).toBe(false);
        expect(again.after).toEqual(plan.after);
      }),
      RUNS,
    );
  });

  it('allows no request the original policy did not allow', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const { after } = planTightening(policy, BOUNDARY);
        for (const r of ALL_REQUESTS) {
          if (evaluateRequest(after, r) === 'allow') expect(evaluateRequest(policy, r)).toBe('allow');
        }
      }),
      RUNS,
    );
  });

  it('keeps every AWS-owned bucket read the original allowed (S3 endpoints)', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const { after } = planTightening(policy, { ...BOUNDARY, keepAwsOwnedReads: true });
        for (const r of ALL_REQUESTS) {
          if (isAwsOwnedRead(r) && evaluateRequest(policy, r) === 'allow') expect(evaluateRequest(after, r)).toBe('allow');
        }
      }),
      RUNS,
    );
  });
});

describe('planTightening examples', () => {
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

  it('scopes the offending statement to the organization and keeps the rest', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Sid: 'Fine', Effect: 'Allow', Principal: { AWS: SELF }, Action: '*', Resource: '*' },
        { Sid: 'Guard', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: '*' },
      ],
    };
    const plan = planTightening(policy, { ...BOUNDARY, keepAwsOwnedReads: false });
    const statements = (plan.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual({ ...policy.Statement[0], Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } });
    expect(statements.slice(1)).toEqual(policy.Statement.slice(1));
    expect(plan.changes).toEqual([`statement #0 (Sid "Open"): added StringEquals aws:PrincipalOrgID = ${ORG}`]);
  });

  it('scopes by account (own and trusted) without an organization', () => {
    const plan = planTightening(full, { accountId: SELF, trustedAccounts: [TRUSTED] });
    expect((plan.after as { Statement: { Condition: unknown }[] }).Statement[0]!.Condition).toEqual({
      StringEquals: { 'aws:PrincipalAccount': [SELF, TRUSTED] },
    });
  });

  it('never overwrites an existing condition on the same key: it ANDs another operator', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORG, 'o-otherorg987'] } } }] };
    const plan = planTightening(policy, BOUNDARY);
    const condition = (plan.after as { Statement: { Condition: Record<string, unknown> }[] }).Statement[0]!.Condition;
    expect(condition.StringEquals).toEqual({ 'aws:PrincipalOrgID': [ORG, 'o-otherorg987'] });
    expect(condition.StringLike).toEqual({ 'aws:PrincipalOrgID': ORG });
  });

  it('keeps AWS-owned reads as a statement of their own, for the region, in the string form EC2 takes', () => {
    const plan = planTightening(JSON.stringify(full), { ...BOUNDARY, region: 'eu-central-1', service: 'com.amazonaws.eu-central-1.s3' });
    const added = (plan.after as { Statement: Record<string, unknown>[] }).Statement[1]!;
    expect(added).toMatchObject({ Sid: 'VpceGuardKeepAwsOwnedReads', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:ListBucket'] });
    expect(added.Resource).toContain('arn:aws:s3:::patch-baseline-snapshot-eu-central-1/*');
    expect(added.Resource).toContain('arn:aws:s3:::cloudformation-custom-resource-response-eucentral1/*');
    expect(plan.afterText).toBe(JSON.stringify(plan.after));
    expect(plan.diff).toMatch(/^\+.*VpceGuardKeepAwsOwnedReads/m);
  });

  it('changes nothing in a restricted policy', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: SELF }, Action: '*', Resource: '*' }] };
    const plan = planTightening(policy, BOUNDARY);
    expect(plan).toMatchObject({ changed: false, diff: '', changes: [], after: policy });
  });

  it('refuses, with a clear error, a result over 20,480 characters', () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: FOREIGN }, Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }));
    expect(() => planTightening({ Statement: many }, BOUNDARY)).toThrow(PolicyError);
    expect(() => planTightening({ Statement: many }, BOUNDARY)).toThrow(/over the 20480 AWS accepts/);
  });

  it('every caller pool entry is used by the property tests', () => {
    expect(CALLERS.some(outside)).toBe(true);
    expect(CALLERS.some((c) => !outside(c))).toBe(true);
  });
});
