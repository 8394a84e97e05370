// The analyser's part of `npm run bench`: adversarial endpoint policies (many stars, many
// accounts × ARN patterns × organizations, many Denies of wildcards, NotAction / NotResource
// Denies on free keys), each within AWS's 20,480 characters, must each be decided within 1 s
// (an answer "too complex" counts, and is shown); the typical policies of the synthetic account
// are timed too. Before the hardening of issue #10 they took about 2 / 4 / 6 µs each on the
// development machine (best of many rounds), the hardened witness analyser 1.5–2× that.
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
    name: 'Denies of ARN wildcards, one per pattern',
    policy: fit((n) => ({
      Statement: [
        allow({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' } }),
        ...Array.from({ length: n }, (_, i) => deny({ ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/*-${i}-*` } })),
      ],
    })),
  },
  {
    name: 'NotAction / NotResource Denies on free keys',
    policy: fit((n) => ({
      Statement: [
        allow({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['team-*', 'cost-*'] } }),
        ...Array.from({ length: n }, (_, i) => ({
          Effect: 'Deny',
          Principal: '*',
          ...(i % 2 ? { NotAction: [`s3:Get*${i}`, 'dynamodb:*'] } : { Action: `s3:*${i}*` }),
          NotResource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:s3:::*-${i}/logs/*`],
          Condition: { 'ForAnyValue:StringNotLikeIfExists': { 'aws:TagKeys': `*${i}*` }, StringNotEquals: { 'aws:PrincipalOrgID': 'o-benchorg123' } },
        })),
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
  // Typical policies first, as a container analysing an account's policies sees them (after
  // the adversarial ones the JIT's shapes are mixed and they run about 1.5× slower).
  // Best of several rounds per policy: the machine is shared, the minimum is the stable figure.
  const rounds = 500;
  const best = TYPICAL.map(() => Infinity);
  for (let r = 0; r < 20; r++) {
    TYPICAL.forEach((policy, j) => {
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) analysePolicy(policy, BOUNDARY);
      best[j] = Math.min(best[j]!, ((performance.now() - t0) * 1000) / rounds);
    });
  }
  console.log(`typical policies of the synthetic account: ${best.map((us) => us.toFixed(1)).join(' / ')} µs per analysis (best of 20 rounds)`);
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
  return failures;
}
