// Differential test: the analyser against the concrete evaluator. For random policies and random
// outside requests, whenever the evaluator allows an outside request, the analyser must not say
// restricted (soundness); and, the generated policies being inside the modelled fragment, every
// permissive verdict carries a proof the evaluator confirms (exactness). The pools collide on
// purpose with every constant the analyser uses (the accounts, organizations, names, actions and
// resources it tries first, and the old witness values).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePolicy, evaluateRequest, type Caller, type Request } from '../../../shared/policy/index.js';

const SELF = '555544443333';
const TRUSTED = '666655554444';
const ORG = 'o-testorg1234';
const BOUNDARY = { accountId: SELF, trustedAccounts: [TRUSTED], orgId: ORG, region: 'us-east-1' };
const OWNED = ['arn:aws:s3:::aws-ssm-us-east-1/agent.tar'];

const ACCOUNTS = [SELF, TRUSTED, '999988887777', '120000000034', '000011112222', '000033334444', '100000000000', '314100000000', '123456789012', '210987654321', '999999999999'];
const ORGS = [ORG, 'o-vgzoutside', 'o-vgzfresh0000', 'o-otherorg987', 'o-abcdefghij', 'o-a1b2c3d4e5', 'o-z9y8x7w6v5'];
const NAMES = ['ops-admin', 'ops-reader', 'vpce-guard-probe', 'export', 'x-admin', 'team/ops-eu-admin', 'vgz'];

const accountPattern = fc.constantFrom(...ACCOUNTS, '12*', '*34', '3141*', '5555*', '*', '9999?8887777');
const orgPattern = fc.constantFrom(...ORGS, 'o-*', 'o-vgz*', '*fresh*', 'O-TESTORG1234');
const arnPattern = fc.constantFrom(
  'arn:aws:iam::*:role/ops-*',
  'arn:aws:iam::*:role/*-admin',
  'arn:aws:iam::*:role/*',
  'arn:aws:iam::*:root',
  'arn:aws:iam::*:user/*',
  'arn:aws:sts::*:federated-user/*',
  `arn:aws:iam::${SELF}:role/*`,
  'arn:aws:iam::999988887777:*',
  'arn:aws:iam::*:*/vpce-guard-probe',
  'arn:aws:iam::*:role/*/ops-*',
  'arn:aws:sts::*:assumed-role/*',
  'arn:aws:iam::123456789012:root',
  'arn:aws:iam::*:*',
);
const freeValue = fc.constantFrom('vpce-0aaa', 'vpce-0bbb', '*', 'vgz', 'vpce-0*');

const keyed: Record<string, fc.Arbitrary<string>> = {
  'aws:PrincipalAccount': accountPattern,
  'aws:PrincipalOrgID': orgPattern,
  'aws:PrincipalArn': arnPattern,
  'aws:PrincipalOrgPaths': orgPattern.map((o) => `${o}/*`),
  'aws:SourceVpce': freeValue,
  'aws:PrincipalIsAWSService': fc.constantFrom('true', 'false'),
  'aws:SourceAccount': accountPattern,
  constructor: freeValue,
  __proto__: freeValue,
};
const base = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'ArnLike', 'ArnNotLike', 'ArnEquals', 'StringEqualsIgnoreCase', 'Bool'];
const operator = fc
  .record({ q: fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), b: fc.constantFrom(...base), ifExists: fc.boolean() })
  .map(({ q, b, ifExists }) => `${q}${b}${ifExists ? 'IfExists' : ''}`);
const clause = fc.oneof(
  fc.record({ op: operator, key: fc.constantFrom(...Object.keys(keyed)) }).chain(({ op, key }) =>
    fc.array(keyed[key]!, { minLength: 1, maxLength: 3 }).map((values) => ({ op, key, values })),
  ),
  fc.record({
    op: fc.constant('Null'),
    key: fc.constantFrom('aws:PrincipalOrgID', 'aws:PrincipalArn', 'aws:SourceVpce', 'aws:PrincipalAccount', 'aws:PrincipalOrgPaths', 'aws:PrincipalIsAWSService'),
    values: fc.constantFrom(['true'], ['false']),
  }),
);
const condition = fc.array(clause, { maxLength: 3 }).map((clauses) => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of clauses) {
    const block = out[c.op] ?? {};
    Object.defineProperty(block, c.key, { value: c.values.length === 1 ? c.values[0] : c.values, enumerable: true, writable: true, configurable: true });
    out[c.op] = block;
  }
  return out;
});
const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: SELF },
  { AWS: '999988887777' },
  { AWS: 'arn:aws:iam::*:role/ops-*' },
  { AWS: ['000011112222', 'arn:aws:iam::120000000034:root'] },
  { Service: 'ssm.amazonaws.com' },
  { AWS: 'AROAEXAMPLEUNIQUEID12' },
  { AWS: 'arn:aws:iam::999988887777:user/export' },
  { AWS: 'arn:aws:sts::999988887777:federated-user/export' },
  { AWS: ['arn:aws:iam::*:root', '123456789012'] },
);
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny', 'Deny'),
  who: fc.oneof(
    { weight: 6, arbitrary: principal.map((p) => ({ Principal: p })) },
    { weight: 1, arbitrary: fc.constantFrom({ NotPrincipal: { AWS: `arn:aws:iam::${SELF}:root` } }, { NotPrincipal: { AWS: ['999988887777', `arn:aws:iam::${SELF}:root`] } }) },
  ),
  what: fc.oneof(
    fc.constantFrom({ Action: '*' }, { Action: 's3:*' }, { Action: ['s3:GetObject', 'dynamodb:GetItem'] }, { Action: 's3:Get*' }, { Action: 's3:PutObject' }),
    fc.constantFrom({ NotAction: 's3:*' }, { NotAction: '*' }, { NotAction: ['s3:GetObject', 'dynamodb:*'] }, { NotAction: 's3:PutObject' }),
  ),
  where: fc.constantFrom(
    {},
    { Resource: '*' },
    { Resource: 'arn:aws:s3:::example-reports/*' },
    { NotResource: 'arn:aws:s3:::example-reports/*' },
    { Resource: OWNED },
    { NotResource: OWNED },
    { NotResource: '*' },
    { Resource: 'arn:aws:s3:::vgz-example-bucket/*' },
  ),
  Condition: condition,
}).map(({ Effect, who, what, where, Condition }) => ({ Effect, ...who, ...what, ...where, ...(Object.keys(Condition).length ? { Condition } : {}) }));
const policy = fc.array(statement, { minLength: 1, maxLength: 5 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const caller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Caller>({ anonymous: true }) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        account: fc.constantFrom(...ACCOUNTS.filter((a) => a !== SELF && a !== TRUSTED)),
        form: fc.constantFrom('root', 'role', 'user', 'federated'),
        name: fc.constantFrom(...NAMES),
        org: fc.option(fc.constantFrom(...ORGS.filter((o) => o !== ORG)), { nil: undefined }),
      })
      .map(({ account, form, name, org }) => {
        const arn =
          form === 'root'
            ? `arn:aws:iam::${account}:root`
            : form === 'federated'
              ? `arn:aws:sts::${account}:federated-user/${name.replace(/\//g, '-')}`
              : `arn:aws:iam::${account}:${form}/${name}`;
        return { anonymous: false, account, arn, ...(org ? { orgId: org, orgPaths: [`${org}/r-ab12/`] } : {}) };
      }),
  },
);
const request: fc.Arbitrary<Request> = fc.record({
  caller,
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'ec2:DescribeInstances'),
  resource: fc.constantFrom('arn:aws:s3:::example-reports/q1.csv', 'arn:aws:s3:::other/x', 'arn:aws:s3:::vgz-example-bucket/report.csv', ...OWNED),
  context: fc.constantFrom<Record<string, string[]>>(
    {},
    { 'aws:SourceVpce': ['vpce-0aaa'] },
    { 'aws:SourceVpce': ['vpce-0bbb', 'vpce-0aaa'] },
    { constructor: ['vpce-0aaa'] },
    { 'aws:SourceVpce': ['vgz'], constructor: ['*'] },
  ),
});

const outside = (c: Caller): boolean => c.anonymous || (c.account !== SELF && c.account !== TRUSTED && c.orgId !== ORG);
const isOwnedRead = (r: Request): boolean => r.action === 's3:GetObject' && OWNED.includes(r.resource);
// Operators outside the modelled fragment cannot be evaluated concretely; those pairs are skipped.
function decision(p: unknown, r: Request): string | undefined {
  try {
    return evaluateRequest(p, r);
  } catch {
    return undefined;
  }
}

export const DIFFERENTIAL_RUNS = 2_000;
export const REQUESTS_PER_POLICY = 40;

describe('differential: the analyser never says restricted when the evaluator lets an outsider in', () => {
  const tally = { permissive: 0, restricted: 0, proven: 0 };
  it(`${DIFFERENTIAL_RUNS} policies × ${REQUESTS_PER_POLICY} outside requests`, () => {
    fc.assert(
      fc.property(policy, fc.array(request, { minLength: REQUESTS_PER_POLICY, maxLength: REQUESTS_PER_POLICY }), (p, requests) => {
        const result = analysePolicy(p, { ...BOUNDARY, budgetMs: 60_000 });
        const verdict = result.verdict;
        tally[verdict]++;
        if (verdict === 'permissive') {
          // Exactness: inside the modelled fragment a permissive verdict has a confirmed proof,
          // unless it rests on an element read by assumption (a role-session principal).
          const proofs = result.findings.flatMap((f) => (f.proof ? [f.proof] : []));
          for (const proof of proofs) {
            expect(outside(proof.caller), JSON.stringify(proof)).toBe(true);
            expect(decision(p, proof), JSON.stringify(proof)).toBe('allow');
          }
          if (!result.findings.some((f) => f.reason.includes('Assumed:'))) expect(proofs.length, JSON.stringify(result.findings)).toBeGreaterThan(0);
          if (proofs.length > 0) tally.proven++;
          return;
        }
        for (const r of requests) {
          if (isOwnedRead(r)) continue;
          expect(decision(p, r), JSON.stringify(r)).not.toBe('allow');
        }
      }),
      { numRuns: DIFFERENTIAL_RUNS },
    );
    // The generator must produce both verdicts in earnest, or the test proves nothing.
    expect(tally.restricted).toBeGreaterThan(DIFFERENTIAL_RUNS / 10);
    expect(tally.permissive).toBeGreaterThan(DIFFERENTIAL_RUNS / 10);
    expect(tally.proven).toBeGreaterThan(tally.permissive * 0.9);
    // A few seconds alone; the whole suite on two shared cores can take several times as long.
  }, 120_000);
});
