// The analyser's part of `npm run bench`: adversarial endpoint policies (many stars, many
// accounts × ARN patterns × organizations, many Denies), each within AWS's 20,480 characters,
// must each be decided within 1 s; the typical policies of the synthetic account are timed too.
import { analysePolicy, MAX_POLICY_CHARS } from '../../shared/policy/index.js';

const TARGET_MS = 1_000;
const BOUNDARY = { accountId: '555544443333', trustedAccounts: [] as string[], orgId: 'o-benchorg123', region: 'us-east-1' };

function fit(build: (n: number) => unknown): unknown {
  // The largest n whose policy still fits AWS's limit.
  let n = 1;
  while (JSON.stringify(build(n * 2)).length <= MAX_POLICY_CHARS) n *= 2;
  let hi = n * 2;
  while (hi - n > 1) {
    const mid = (n + hi) >> 1;
    if (JSON.stringify(build(mid)).length <= MAX_POLICY_CHARS) n = mid;
    else hi = mid;
  }
  return build(n);
}

const allow = (condition: Record<string, unknown>, principal: unknown = '*') => ({ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*', Condition: condition });
const deny = (condition: Record<string, unknown>) => ({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: condition });

const nineStars = `arn:aws:iam::*:role/${Array.from({ length: 8 }, (_, i) => `${'a'.repeat(30)}${i}*`).join('')}`.padEnd(308, 'b');

export const ADVERSARIAL: { name: string; policy: unknown }[] = [
  { name: '308-character ArnLike with nine *', policy: { Statement: [allow({ ArnLike: { 'aws:PrincipalArn': nineStars } }), deny({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*b' } })] } },
  {
    name: 'ArnLike values full of stars',
    policy: fit((n) => ({ Statement: [allow({ ArnLike: { 'aws:PrincipalArn': Array.from({ length: n }, (_, i) => `arn:aws:iam::*:role/${'*a'.repeat(20)}${i}*`) } })] })),
  },
  {
    name: 'accounts × ARN patterns × organizations',
    policy: fit((n) => ({
      Statement: [
        allow(
          {
            ArnLike: { 'aws:PrincipalArn': Array.from({ length: n }, (_, i) => `arn:aws:iam::*:role/team-${i}-*`) },
            StringEquals: { 'aws:PrincipalOrgID': Array.from({ length: n }, (_, i) => `o-${String(i).padStart(10, 'q')}`) },
          },
          { AWS: Array.from({ length: n * 2 }, (_, i) => String(100000000000 + i * 7919)) },
        ),
      ],
    })),
  },
  {
    name: 'many Denies on account patterns',
    policy: fit((n) => ({
      Statement: [
        allow({ StringLike: { 'aws:PrincipalAccount': '1*' } }),
        ...Array.from({ length: n }, (_, i) => deny({ StringNotLike: { 'aws:PrincipalAccount': `*${String(i).padStart(3, '0')}*` } })),
      ],
    })),
  },
];

const TYPICAL = [
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-benchorg123"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Principal":{"AWS":["555544443333","100000000001"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-1/*"}]}',
];

/** Runs the policy benchmark, prints its table and returns the targets it missed. */
export function runPolicyBench(): string[] {
  const failures: string[] = [];
  console.log('\nadversarial policy                               chars   verdict      ms');
  for (const { name, policy } of ADVERSARIAL) {
    const chars = JSON.stringify(policy).length;
    const t0 = performance.now();
    const result = analysePolicy(policy, BOUNDARY);
    const ms = performance.now() - t0;
    const how = result.findings.some((f) => f.key === 'Analysis::too-complex') ? 'too-complex' : result.verdict;
    console.log(`${name.padEnd(46)} ${String(chars).padStart(7)}   ${how.padEnd(11)} ${ms.toFixed(0).padStart(5)}`);
    if (chars > MAX_POLICY_CHARS) failures.push(`adversarial policy "${name}" has ${chars} characters, over ${MAX_POLICY_CHARS}`);
    if (ms > TARGET_MS) failures.push(`adversarial policy "${name}" took ${ms.toFixed(0)} ms (target ${TARGET_MS} ms)`);
  }
  const rounds = 2_000;
  for (const policy of TYPICAL) analysePolicy(policy, BOUNDARY); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const policy of TYPICAL) analysePolicy(policy, BOUNDARY);
  const perPolicyUs = ((performance.now() - t0) * 1000) / (rounds * TYPICAL.length);
  console.log(`typical policies of the synthetic account: ${perPolicyUs.toFixed(0)} µs per analysis`);
  return failures;
}
