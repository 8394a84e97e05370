// Every example of issue #10's "Why" that this analyser now decides right, each with the verdict
// and, where permissive, the concrete outside request the evaluator confirms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePolicy, evaluateRequest, type PolicyAnalysis } from '../../../shared/policy/index.js';
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

  it('a policy past the caller budget is permissive, "too complex to decide", and never throws', () => {
    const accounts = Array.from({ length: 400 }, (_, i) => String(100000000000 + i * 1237));
    const arns = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::*:role/team-${i}-*`);
    const orgs = Array.from({ length: 40 }, (_, i) => `o-${String(i).padStart(10, 'q')}`);
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: accounts }, Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': arns }, StringEquals: { 'aws:PrincipalOrgID': orgs } } },
      ],
    };
    const result = analysePolicy(policy, NO_ORG);
    expect(result.verdict).toBe('permissive');
    expect(result.findings.map((f) => f.key)).toEqual(['Analysis::too-complex']);
    expect(result.findings[0]!.reason).toMatch(/too complex to decide/);
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
