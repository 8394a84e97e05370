import { globMatch, instantiate } from './glob.js';
import { arnAccount, isInside, type Caller, type TrustBoundary } from './caller.js';
import { keyClass } from './conditions.js';
import type { PolicyDocument } from './document.js';
import { classifyPrincipal } from './principal.js';

const FRESH_ACCOUNTS = ['000011112222', '000033334444'];
const FRESH_ORG = 'o-vgzoutside';

/**
 * 12-digit account ids that an account pattern matches (`3141*` → `314100000000`, `314199999999`);
 * none when it can match no account id.
 */
export function fillAccount(pattern: string): string[] {
  const out = new Set<string>();
  for (const digit of ['0', '9']) {
    const fixed = pattern.replace(/\*/g, '').length;
    if (fixed > 12) continue;
    let first = true;
    const filled = pattern.replace(/[*?]/g, (w) => {
      if (w === '?') return digit;
      if (!first) return '';
      first = false;
      return digit.repeat(12 - fixed);
    });
    if (/^\d{12}$/.test(filled)) out.add(filled);
  }
  return [...out];
}

/**
 * Representative callers outside the trust boundary, built from the policy's own literals (and
 * their wildcard fillings) plus fresh values that no literal names. A condition on identity keys
 * can only tell callers apart by which literals they match, so checking these callers is as good
 * as checking every possible one. The anonymous caller comes first.
 */
export function outsideCallers(doc: PolicyDocument, boundary: TrustBoundary): Caller[] {
  const accounts = new Set<string>();
  const arnPatterns = new Set<string>();
  const orgs = new Set<string>([FRESH_ORG]);
  const paths = new Set<string>();

  // ARN patterns are filled per account below; their own account fillings are candidates too.
  const addArnPattern = (pattern: string): void => {
    arnPatterns.add(pattern);
    const account = arnAccount(pattern);
    if (account !== undefined) fillAccount(account).forEach((a) => accounts.add(a));
  };

  for (const statement of doc.statements) {
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const kind = classifyPrincipal(entry);
      if (kind.kind === 'account') accounts.add(kind.account);
      if (kind.kind === 'arn') addArnPattern(kind.pattern);
    }
    for (const clause of statement.conditions) {
      const key = clause.key.toLowerCase();
      if (keyClass(key) === 'free') continue;
      if (key === 'aws:principalarn') clause.values.forEach(addArnPattern);
      const filled = clause.values.flatMap((v) => instantiate(v));
      if (key === 'aws:principalaccount') clause.values.flatMap(fillAccount).forEach((v) => accounts.add(v));
      // Organization ids are lower case in AWS (o-[a-z0-9]+): an upper-case literal names the same one.
      if (key === 'aws:principalorgid') filled.forEach((v) => orgs.add(v.toLowerCase()));
      if (key === 'aws:principalorgpaths') {
        for (const path of filled) {
          paths.add(path.toLowerCase());
          orgs.add((path.split('/')[0] ?? path).toLowerCase());
        }
      }
    }
  }
  const fresh = FRESH_ACCOUNTS.find((a) => !accounts.has(a) && a !== boundary.accountId) ?? FRESH_ACCOUNTS[0]!;
  accounts.add(fresh);

  const accountParts: { account: string; arn: string }[] = [];
  for (const account of accounts) {
    const own = [`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:role/vpce-guard-probe`];
    // Every ARN pattern whose account segment admits this account, filled in for it: a policy
    // naming account A elsewhere and `arn:aws:iam::*:role/x` here admits A's role x.
    for (const pattern of arnPatterns) {
      const parts = pattern.split(':');
      if (parts.length < 6 || !globMatch(parts[4]!, account)) continue;
      own.push(...instantiate([...parts.slice(0, 4), account, ...parts.slice(5)].join(':')));
    }
    for (const arn of new Set(own)) accountParts.push({ account, arn });
  }
  const orgParts: { orgId?: string; orgPaths?: string[] }[] = [{}];
  for (const org of orgs) {
    const own = new Set([`${org}/r-vgz/ou-vgz/`]);
    for (const path of paths) if (path.startsWith(`${org}/`) || path === org) own.add(path);
    for (const path of own) orgParts.push({ orgId: org, orgPaths: [path] });
  }

  const callers: Caller[] = [{ anonymous: true }];
  for (const a of accountParts) {
    for (const o of orgParts) {
      const caller: Caller = { anonymous: false, account: a.account, arn: a.arn, ...o };
      if (!isInside(caller, boundary)) callers.push(caller);
    }
  }
  return callers;
}
