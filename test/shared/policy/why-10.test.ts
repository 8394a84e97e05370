// Every example of issue #10's "Why" that this analyser now decides right, each with the verdict
// and, where permissive, the concrete outside request the evaluator confirms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePolicy, evaluateRequest, planTightening, type PolicyAnalysis } from '../../../shared/policy/index.js';
import { BOUNDARY, outside, policyArb } from './arbitraries.js';

const SELF = '555544443333';
const NO_ORG = { accountId: SELF, trustedAccounts: [] };
const WITH_ORG = { accountId: SELF, trustedAccounts: [], orgId: 'o-testorg1234' };
const open = (condition: Record<string, unknown>): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition }],
});

/** The analysis is permissive and every finding's proof is an outside request the evaluator allows. */
function expectProvenPermissive(policy: unknown, result: PolicyAnalysis): void {
  expect(result.verdict).toBe('permissive');
  const proofs = result.findings.flatMap((f) => (f.proof ? [f.proof] : []));
  expect(proofs.length).toBeGreaterThan(0);
  for (const proof of proofs) expect(evaluateRequest(policy, proof)).toBe('allow');
}

describe('outside callers the old witness list missed', () => {
  it('a policy that names the fixed fresh org still leaves an outside caller', () => {
    const policy = open({ 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': 'o-vgzoutside' } });
    const result = analysePolicy(policy, WITH_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.orgId).not.toBe('o-vgzoutside');
  });

  it('a foreign IAM user gets past an ArnNotLike on roles and roots', () => {
    const policy = open({ Null: { 'aws:PrincipalArn': 'false' }, ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:root'] } });
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.arn).toMatch(/^arn:aws:(iam::\d{12}:user\/|sts::\d{12}:federated-user\/)/);
  });

  it('an AND of two ARN wildcards: a foreign ops-admin', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' } } },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*-admin' } } },
      ],
    };
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.arn).toMatch(/^arn:aws:iam::\d{12}:role\/ops-.*admin$/);
  });

  it('an AND of two account wildcards: 12* and *34 give 120000000034', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '12*' } } },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalAccount': '*34' } } },
      ],
    };
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.account).toBe('120000000034');
    expect(result.findings[0]!.reason).toContain('120000000034');
  });

  it('ForAnyValue:…IfExists on an absent key is not trusted to catch everyone in a Deny', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringNotEqualsIfExists': { 'aws:PrincipalOrgID': 'o-testorg1234' } } },
      ],
    };
    const result = analysePolicy(policy, WITH_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.orgId).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a condition key or operator named %s is read as a name, nothing more', (name) => {
    const asKey = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"${name}":"x"}}}]}`;
    const asOperator = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"${name}":{"aws:PrincipalOrgID":"o-testorg1234"}}}]}`;
    expectProvenPermissive(asKey, analysePolicy(asKey, WITH_ORG));
    expect(analysePolicy(asOperator, WITH_ORG).verdict).toBe('permissive');
  });
});

describe('ambiguities settled for soundness', () => {
  it('two spellings of one key in one block do not confine an Allow: IAM may apply either one', () => {
    const policy = open({ StringEquals: { 'aws:PrincipalOrgID': 'o-testorg1234', 'aws:principalorgid': 'o-abcdefghij' } });
    expect(analysePolicy(policy, WITH_ORG).verdict).toBe('permissive');
    const single = open({ StringEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } });
    expect(analysePolicy(single, WITH_ORG).verdict).toBe('restricted');
  });
});

describe('ArnEquals with wildcards holds under either reading', () => {
  it('a Deny written with ArnEquals and * is not trusted to catch every role (it might be read literally)', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } } },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } } },
      ],
    };
    expectProvenPermissive(policy, analysePolicy(policy, NO_ORG));
  });

  it('an Allow written with ArnEquals and * admits what its wildcards match', () => {
    const policy = open({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops' } });
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.arn).toMatch(/^arn:aws:iam::\d{12}:role\/ops$/);
  });
});

describe('no hang', () => {
  it('a 308-character ArnLike value with nine * is decided', () => {
    const value = `arn:aws:iam::*:role/${Array.from({ length: 8 }, (_, i) => `${'a'.repeat(30)}${i}*`).join('')}${'a'.repeat(288 - 20 - 8 * 32)}`;
    const padded = value.padEnd(308, 'b');
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': padded } } },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*b' } } },
      ],
    };
    expect(padded.length).toBe(308);
    expect((padded.match(/\*/g) ?? []).length).toBe(9);
    expectProvenPermissive(policy, analysePolicy(policy, NO_ORG));
  });

  it('accounts × ARN patterns × organizations (the 20,000-character kind) is decided, each finding proven', () => {
    const accounts = Array.from({ length: 400 }, (_, i) => String(100000000000 + i * 1237));
    const arns = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::*:role/team-${i}-*`);
    const orgs = Array.from({ length: 40 }, (_, i) => `o-${String(i).padStart(10, 'q')}`);
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: accounts }, Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': arns }, StringEquals: { 'aws:PrincipalOrgID': orgs } } },
      ],
    };
    const result = analysePolicy(policy, { ...NO_ORG, budgetMs: 60_000 });
    expect(result.findings.map((f) => f.key)).toEqual(accounts.map((a) => `Account::${a}`));
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.arn).toMatch(/^arn:aws:iam::100000000000:role\/team-0-/);
  });

  it('past the budget the answer is permissive, "too complex to decide", and nothing is thrown', () => {
    // 12* and *34 on a 12-digit account: only automata find 120000000034.
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '12*' } } },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalAccount': '*34' } } },
      ],
    };
    for (const budget of [{ budgetMs: 0 }, { maxStates: 3 }]) {
      const result = analysePolicy(policy, { ...NO_ORG, ...budget });
      expect(result.verdict).toBe('permissive');
      expect(result.findings.map((f) => f.key)).toEqual(['Analysis::too-complex']);
      expect(result.findings[0]!.reason).toMatch(/too complex to decide/);
    }
  });
});

describe('three or more wildcard clauses on one key are decided exactly', () => {
  const allowDeny = (allow: Record<string, unknown>, ...denies: Record<string, unknown>[]): unknown => ({
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: allow },
      ...denies.map((Condition) => ({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition })),
    ],
  });

  it('role/ops-* minus everything but *-admin and *-eu-*: a foreign ops-eu-admin', () => {
    const policy = allowDeny(
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' } },
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*-admin' } },
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*-eu-*' } },
    );
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    const arn = result.findings[0]!.proof!.caller.arn!;
    expect(arn).toMatch(/^arn:aws:iam::\d{12}:role\/ops-/);
    expect(arn).toMatch(/-admin$/);
    expect(arn).toMatch(/-eu-/);
  });

  it('12* and *34 but not *0034: 12…34 with another digit before 34', () => {
    const policy = allowDeny(
      { StringLike: { 'aws:PrincipalAccount': '12*' } },
      { StringNotLike: { 'aws:PrincipalAccount': '*34' } },
      { StringLike: { 'aws:PrincipalAccount': '*0034' } },
    );
    const result = analysePolicy(policy, NO_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.proof!.caller.account).toMatch(/^12\d{6}(?!00)\d{2}34$/);
  });

  it('1* with a Deny of *5 and a Deny of everything but *5: no account is left', () => {
    const policy = allowDeny(
      { StringLike: { 'aws:PrincipalAccount': '1*' } },
      { StringNotLike: { 'aws:PrincipalAccount': '*5' } },
      { StringLike: { 'aws:PrincipalAccount': '*5' } },
    );
    expect(analysePolicy(policy, NO_ORG).verdict).toBe('restricted');
  });
});

describe('names that collide with the analyser\'s own values hide no one', () => {
  it('excluding the accounts, organizations and names the analyser tries first still leaves an outsider', () => {
    const policy = open({
      StringNotEquals: { 'aws:PrincipalAccount': ['123456789012', '210987654321', '100000000000', '999999999999', '000011112222'], 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', 'o-z9y8x7w6v5', 'o-vgzoutside'] },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:*/vpce-guard-probe', 'arn:aws:sts::*:federated-user/vpce-guard-probe', 'arn:aws:iam::*:root'] },
      Null: { 'aws:PrincipalArn': 'false' },
    });
    const result = analysePolicy(policy, WITH_ORG);
    expectProvenPermissive(policy, result);
  });
});

describe('precision', () => {
  it('NotAction "*" and NotResource "*" grant nothing', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', NotAction: '*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: '*', NotResource: '*' },
      ],
    };
    expect(analysePolicy(policy, NO_ORG).verdict).toBe('restricted');
  });

  it('a Null clause "false" never becomes a witness account or organization', () => {
    const policy = open({ Null: { 'aws:PrincipalAccount': 'false', 'aws:PrincipalOrgID': 'false' } });
    const result = analysePolicy(policy, WITH_ORG);
    expectProvenPermissive(policy, result);
    expect(result.findings[0]!.reason).not.toMatch(/account false|organization false/);
  });

  it('a Deny written with NotAction is decided: it covers the Allow for outsiders', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', Principal: '*', NotAction: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } } },
      ],
    };
    expect(analysePolicy(policy, WITH_ORG).verdict).toBe('restricted');
  });

  it('a Deny written with NotResource is decided: it covers the Allow for outsiders', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::reports/*' },
        { Effect: 'Deny', Principal: '*', Action: '*', NotResource: 'arn:aws:s3:::other/*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': SELF } } },
      ],
    };
    expect(analysePolicy(policy, NO_ORG).verdict).toBe('restricted');
    const gap = { Statement: [policy.Statement[0], { ...policy.Statement[1], NotResource: 'arn:aws:s3:::reports/q*' }] };
    const result = analysePolicy(gap, NO_ORG);
    expectProvenPermissive(gap, result);
    expect(result.findings[0]!.proof!.resource).toMatch(/^arn:aws:s3:::reports\/q/);
  });

  it('several Denies that only together cover an Allow: restricted', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': SELF } } },
        { Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': SELF } } },
      ],
    };
    expect(analysePolicy(policy, NO_ORG).verdict).toBe('restricted');
  });

  it('the AWS-owned exception applies per resource: only the AWS-owned reads left open is restricted', () => {
    const owned = ['arn:aws:s3:::aws-ssm-us-east-1/*', 'arn:aws:s3:::amazonlinux-2-repos-us-east-1/*'];
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', NotResource: owned, Condition: { StringNotEquals: { 'aws:PrincipalAccount': SELF } } },
      ],
    };
    const options = { ...NO_ORG, region: 'us-east-1' };
    expect(analysePolicy(policy, options).verdict).toBe('restricted');
    // Without the region the AWS-owned buckets are not known: the reads count.
    expectProvenPermissive(policy, analysePolicy(policy, NO_ORG));
  });

  it('aws:PrincipalArn takes only the forms AWS documents (no STS session ARNs): covering them all is restricted', () => {
    const policy = open({ Null: { 'aws:PrincipalArn': 'false' }, ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:*', 'arn:aws:sts::*:federated-user/*'] } });
    expect(analysePolicy(policy, NO_ORG).verdict).toBe('restricted');
  });

  it('witnesses are well formed: 12-digit accounts and o- plus 10 to 32 characters', () => {
    const policy = open({ StringLike: { 'aws:PrincipalOrgID': 'o-ab*', 'aws:PrincipalAccount': '9*' } });
    const { proof } = analysePolicy(policy, WITH_ORG).findings[0]!;
    expect(proof!.caller.account).toMatch(/^9\d{11}$/);
    expect(proof!.caller.orgId).toMatch(/^o-ab[a-z0-9]{8,30}$/);
  });
});

describe('proofs', () => {
  it('every proof a permissive verdict carries is an outside request the evaluator allows', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const result = analysePolicy(policy, BOUNDARY);
        for (const f of result.findings) {
          if (!f.proof) continue;
          expect(outside(f.proof.caller)).toBe(true);
          expect(evaluateRequest(policy, f.proof)).toBe('allow');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('duplicate JSON keys are refused as ambiguous', () => {
  const text = (orgs: string[]): string =>
    `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{${orgs.map((o) => `"aws:PrincipalOrgID":"${o}"`).join(',')}}}}]}`;

  it('a condition key written twice in one block is permissive whichever one JSON.parse keeps', () => {
    // Either order: the last one (the one JSON.parse keeps) is the boundary's organization.
    for (const orgs of [['o-abcdefghij', 'o-testorg1234'], ['o-testorg1234', 'o-abcdefghij']]) {
      const result = analysePolicy(text(orgs), WITH_ORG);
      expect(result.verdict).toBe('permissive');
      expect(result.findings[0]).toMatchObject({ key: 'Analysis::duplicate-key', statement: { index: 0 }, reason: expect.stringContaining('"aws:PrincipalOrgID" twice in Statement[0].Condition.StringEquals') });
    }
    expect(analysePolicy(text(['o-testorg1234']), WITH_ORG).verdict).toBe('restricted');
  });

  it('the planner refuses to rewrite such a policy (it would pick one reading for AWS)', () => {
    expect(() => planTightening(text(['o-abcdefghij', 'o-testorg1234']), WITH_ORG)).toThrow(/twice in Statement\[0\]\.Condition\.StringEquals/);
  });

  it('names inside string values and escaped spellings are read as JSON reads them', () => {
    const escaped = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Sid":"a\\"Sid\\":b","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij","aws:Principal\\u004frgID":"o-testorg1234"}}}]}';
    expect(analysePolicy(escaped, WITH_ORG).findings[0]!.key).toBe('Analysis::duplicate-key');
    const quoted = '{"Statement":[{"Sid":"\\"Effect\\"","Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-testorg1234"}}}]}';
    expect(analysePolicy(quoted, WITH_ORG).verdict).toBe('restricted');
  });
});
