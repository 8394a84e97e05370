// fast-check generators for endpoint policies and requests, drawn from shared pools of literals
// so that generated conditions and generated callers actually meet.
import fc from 'fast-check';
import type { Caller, Request } from '../../../shared/policy/index.js';

export const SELF = '555544443333';
export const TRUSTED = '666655554444';
export const FOREIGN = '999988887777';
export const ORG = 'o-testorg1234';
export const OTHER_ORG = 'o-otherorg987';
export const BOUNDARY = { accountId: SELF, trustedAccounts: [TRUSTED], orgId: ORG, region: 'us-east-1' };

const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: SELF },
  { AWS: FOREIGN },
  { AWS: `arn:aws:iam::${TRUSTED}:role/reader` },
  { AWS: `arn:aws:iam::${FOREIGN}:role/export` },
  { AWS: [SELF, FOREIGN] },
  { Service: 'ssm.amazonaws.com' },
);
const notPrincipal = fc.constantFrom<unknown>({ AWS: `arn:aws:iam::${SELF}:root` }, { AWS: [`arn:aws:iam::${SELF}:root`, `arn:aws:iam::${FOREIGN}:root`] });
const actions = fc.constantFrom<unknown>('*', 's3:*', 's3:GetObject', ['s3:GetObject', 's3:ListBucket'], 's3:PutObject', 's3:Get*', 'dynamodb:GetItem');
const resources = fc.constantFrom<unknown>(
  '*',
  'arn:aws:s3:::example-reports/*',
  'arn:aws:s3:::aws-ssm-us-east-1/*',
  ['arn:aws:s3:::aws-ssm-us-east-1/*', 'arn:aws:s3:::patch-baseline-snapshot-us-east-1/*'],
);
const keyValues: Record<string, string[]> = {
  'aws:PrincipalOrgID': [ORG, OTHER_ORG, 'o-*'],
  'aws:PrincipalAccount': [SELF, TRUSTED, FOREIGN, '5555*'],
  'aws:PrincipalArn': [`arn:aws:iam::${SELF}:role/*`, 'arn:aws:iam::*:role/export', `arn:aws:iam::${FOREIGN}:role/export`],
  'aws:SourceVpce': ['vpce-0aaa', 'vpce-0bbb'],
};
const operators = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIfExists',
  'StringNotEqualsIfExists',
  'ForAnyValue:StringEquals',
  'ForAllValues:StringEquals',
  'ArnLike',
];
const clause = fc.oneof(
  fc.record({ op: fc.constantFrom(...operators), key: fc.constantFrom(...Object.keys(keyValues)) }).chain(({ op, key }) =>
    fc.subarray(keyValues[key]!, { minLength: 1 }).map((values) => ({ op, key, value: values.length === 1 ? values[0] : values })),
  ),
  fc.record({ op: fc.constant('Null'), key: fc.constantFrom('aws:PrincipalOrgID', 'aws:PrincipalAccount'), value: fc.constantFrom('true', 'false') }),
);
const condition = fc.array(clause, { maxLength: 2 }).map((clauses) => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of clauses) out[c.op] = { ...(out[c.op] ?? {}), [c.key]: c.value };
  return out;
});

const statement = fc
  .record({
    Sid: fc.option(fc.constantFrom('A', 'B', ''), { nil: undefined }),
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    who: fc.oneof({ weight: 5, arbitrary: principal.map((p) => ({ Principal: p })) }, { weight: 1, arbitrary: notPrincipal.map((p) => ({ NotPrincipal: p })) }),
    what: fc.oneof({ weight: 5, arbitrary: actions.map((a) => ({ Action: a })) }, { weight: 1, arbitrary: fc.constant({ NotAction: 's3:DeleteBucket' }) }),
    Resource: resources,
    Condition: condition,
  })
  .map(({ Sid, Effect, who, what, Resource, Condition }) => ({
    ...(Sid === undefined ? {} : { Sid }),
    Effect,
    ...who,
    ...what,
    Resource,
    ...(Object.keys(Condition).length ? { Condition } : {}),
  }));

/** A policy object, sometimes as the JSON string EC2 hands out. */
export const policyArb = fc
  .record({ version: fc.constantFrom('2012-10-17', '2008-10-17'), statements: fc.array(statement, { maxLength: 4 }), asString: fc.boolean() })
  .map(({ version, statements, asString }) => {
    const doc = { Version: version, Statement: statements };
    return asString ? JSON.stringify(doc) : doc;
  });

export const CALLERS: Caller[] = [
  { anonymous: true },
  { anonymous: false, account: SELF, arn: `arn:aws:iam::${SELF}:role/app`, orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-1/`] },
  { anonymous: false, account: SELF, arn: `arn:aws:iam::${SELF}:root` },
  { anonymous: false, account: TRUSTED, arn: `arn:aws:iam::${TRUSTED}:role/reader`, orgId: OTHER_ORG, orgPaths: [`${OTHER_ORG}/r-cd34/`] },
  { anonymous: false, account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:role/export` },
  { anonymous: false, account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:role/export`, orgId: OTHER_ORG, orgPaths: [`${OTHER_ORG}/r-cd34/`] },
  { anonymous: false, account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:root`, orgId: ORG, orgPaths: [`${ORG}/r-ab12/`] },
  { anonymous: false, account: '555500001111', arn: 'arn:aws:iam::555500001111:role/export', orgId: 'o-zzzzzzzzzz' },
];

/** True when the caller is outside the boundary. */
export function outside(caller: Caller): boolean {
  if (caller.anonymous) return true;
  return caller.account !== SELF && caller.account !== TRUSTED && caller.orgId !== ORG;
}

export const AWS_OWNED_OBJECTS = ['arn:aws:s3:::aws-ssm-us-east-1/agent.tar', 'arn:aws:s3:::patch-baseline-snapshot-us-east-1/b.json'];

const ACTIONS = ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteBucket', 'dynamodb:GetItem'];
const RESOURCES = ['arn:aws:s3:::example-reports/q1.csv', ...AWS_OWNED_OBJECTS];
const CONTEXTS: Record<string, string[]>[] = [{}, { 'aws:SourceVpce': ['vpce-0aaa'] }, { 'aws:SourceVpce': ['vpce-0ccc'] }];

/** Every request the pools can make: properties check them all, not a sample. */
export const ALL_REQUESTS: Request[] = CALLERS.flatMap((caller) =>
  ACTIONS.flatMap((action) => RESOURCES.flatMap((resource) => CONTEXTS.map((context) => ({ caller, action, resource, context })))),
);

/** A read of an AWS-owned bucket: allowed to outsiders on purpose. */
export function isAwsOwnedRead(r: Request): boolean {
  return (r.action === 's3:GetObject' || r.action === 's3:ListBucket') && AWS_OWNED_OBJECTS.includes(r.resource);
}
