import { instantiate } from './glob.js';
import { arnAccount, isInside, type Caller, type TrustBoundary } from './caller.js';
import { keyClass } from './conditions.js';
import type { PolicyDocument } from './document.js';
import { classifyPrincipal } from './principal.js';

const FRESH_ACCOUNTS = ['000011112222', '000033334444'];
const FRESH_ORG = 'o-vgzoutside';

/**
 * Representative callers outside the trust boundary, built from the policy's own literals (and
 * their wildcard fillings) plus fresh values that no literal names. A condition on identity keys
 * can only tell callers apart by which literals they match, so checking these callers is as good
 * as checking every possible one. The anonymous caller comes first.
 */
export function outsideCallers(doc: PolicyDocument, boundary: TrustBoundary): Caller[] {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const orgs = new Set<string>([FRESH_ORG]);
  const paths = new Set<string>();

  const addArn = (arn: string): void => {
    arns.add(arn);
    const account = arnAccount(arn);
    if (account) accounts.add(account);
  };

  for (const statement of doc.statements) {
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const kind = classifyPrincipal(entry);
      if (kind.kind === 'account') accounts.add(kind.account);
      if (kind.kind === 'arn') instantiate(kind.pattern).forEach(addArn);
    }
    for (const clause of statement.conditions) {
      const key = clause.key.toLowerCase();
      if (keyClass(key) === 'free') continue;
      const filled = clause.values.flatMap((v) => instantiate(v));
      if (key === 'aws:principalaccount') filled.forEach((v) => accounts.add(v));
      if (key === 'aws:principalarn') filled.forEach(addArn);
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
    for (const arn of arns) if (arnAccount(arn) === account) own.push(arn);
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
