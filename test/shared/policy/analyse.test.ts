import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePolicy, type AnalyseOptions } from '../../../shared/policy/index.js';
import { PolicyError } from '../../../shared/errors.js';

interface Case {
  name: string;
  covers: string;
  policy: unknown;
  verdict: 'permissive' | 'restricted';
  keys?: string[];
  boundary?: Partial<AnalyseOptions> & { orgId?: string | null };
  reasonContains?: string;
}

const corpus = JSON.parse(readFileSync(new URL('../../fixtures/policies/corpus.json', import.meta.url), 'utf8')) as {
  boundary: AnalyseOptions;
  cases: Case[];
};

function options(c: Case): AnalyseOptions {
  const merged = { ...corpus.boundary, ...c.boundary } as AnalyseOptions & { orgId?: string | null };
  if (merged.orgId === null) delete merged.orgId;
  return merged as AnalyseOptions;
}

describe('analysePolicy on the corpus', () => {
  it('holds at least 60 policies', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(corpus.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = analysePolicy(c.policy, options(c));
    expect(result.verdict).toBe(c.verdict);
    if (c.keys) expect(result.findings.map((f) => f.key)).toEqual(c.keys);
    if (c.reasonContains) expect(result.findings.map((f) => f.reason).join('\n')).toContain(c.reasonContains);
  });
});

describe('findings', () => {
  it('name the statement by index and Sid, and say why', () => {
    const policy = {
      Statement: [
        { Sid: 'Mine', Effect: 'Allow', Principal: { AWS: '555544443333' }, Action: '*', Resource: '*' },
        { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:role/export' }, Action: 's3:GetObject', Resource: '*' },
      ],
    };
    const [finding] = analysePolicy(policy, { accountId: '555544443333', trustedAccounts: [] }).findings;
    expect(finding).toEqual({
      key: 'Account::999988887777',
      statement: { index: 1, sid: 'Vendor' },
      reason: expect.stringMatching(/^Allow statement #1 \(Sid "Vendor"\): .*999988887777, outside the trust boundary.* e\.g\. arn:aws:iam::999988887777:role\/export may call s3:GetObject on /),
      proof: expect.objectContaining({ action: 's3:GetObject', caller: expect.objectContaining({ arn: 'arn:aws:iam::999988887777:role/export' }) }),
    });
  });

  it('give one finding per outside account, so each can be exempted on its own', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: ['111100002222', '333300004444'] }, Action: '*', Resource: '*' }] };
    const keys = analysePolicy(policy, { accountId: '555544443333', trustedAccounts: [] }).findings.map((f) => f.key);
    expect(keys).toEqual(['Account::111100002222', 'Account::333300004444']);
  });
});

describe('what the analyser cannot model never crashes it and never confines', () => {
  const boundary = { accountId: '555544443333', trustedAccounts: [], orgId: 'o-testorg1234' };
  it.each([
    ['a date operator on an identity key', { DateGreaterThan: { 'aws:PrincipalOrgID': '2020-01-01T00:00:00Z' } }],
    ['a binary operator', { BinaryEquals: { 'aws:PrincipalAccount': 'QUJD' } }],
    ['an operator that does not exist', { StringSortOf: { 'aws:PrincipalOrgID': 'o-testorg1234' } }],
    ['Null with IfExists', { NullIfExists: { 'aws:PrincipalOrgID': 'true' } }],
    ['numbers and booleans as values', { StringEquals: { 'example:Count': 3, 'example:Flag': true } }],
  ])('%s', (_what, condition) => {
    const result = analysePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition }] }, boundary);
    expect(result.verdict).toBe('permissive');
  });

  it('an unmodelled Deny is assumed avoidable', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEqualsWeird: { 'aws:PrincipalOrgID': 'o-testorg1234' } } },
      ],
    };
    expect(analysePolicy(policy, boundary).verdict).toBe('permissive');
  });

  it('odd principal forms: CanonicalUser, a malformed ARN, an unknown type', () => {
    for (const principal of [{ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, { AWS: 'arn:aws:iam' }, { AWS: 'someone' }]) {
      const result = analysePolicy({ Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }] }, boundary);
      expect(result.verdict).toBe('permissive');
      expect(result.findings[0]!.reason).toMatch(/not modelled|not a well-formed|not an account/);
    }
  });
});

describe('bad policies give a PolicyError that names the fault', () => {
  const boundary = { accountId: '555544443333', trustedAccounts: [] };
  it.each([
    ['{"Statement": [', /not valid JSON/],
    [[1, 2], /must be a JSON object/],
    [{ Version: '2012-10-17' }, /has no Statement/],
    [{ Statement: [{ Effect: 'Permit', Principal: '*', Action: '*' }] }, /Statement\[0\]\.Effect must be "Allow" or "Deny"/],
    [{ Statement: [{ Effect: 'Allow', Principal: '*' }] }, /Statement\[0\] must have exactly one of Action and NotAction/],
    [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: [1] }] }, /Statement\[0\]\.Action\[0\] must be a string/],
    [{ Statement: [{ Effect: 'Allow', Principal: 7, Action: '*' }] }, /Statement\[0\]\.Principal must be/],
    [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Condition: { StringEquals: 'x' } }] }, /Condition\.StringEquals must be an object/],
  ])('%j', (policy, message) => {
    expect(() => analysePolicy(policy, boundary)).toThrow(PolicyError);
    expect(() => analysePolicy(policy, boundary)).toThrow(message);
  });
});
