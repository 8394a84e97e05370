import { commonWord, globMatch, hasWildcard, instantiate } from './glob.js';
import { arnAccount, isInside, type Caller, type TrustBoundary } from './caller.js';
import { keyClass, parseOperator } from './conditions.js';
import type { PolicyDocument } from './document.js';
import { classifyPrincipal } from './principal.js';

const DIGITS = { filler: '0', allowed: (c: string) => c >= '0' && c <= '9', length: 12 };
const ORG_CHARS = { filler: 'a', allowed: (c: string) => /^[a-z0-9-]$/.test(c) };
// Past this many representative callers the analysis is too large to finish in time.
export const MAX_CALLERS = 60_000;

/** Raised when the callers to check would exceed the budget: the analyser answers permissive. */
export class TooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooComplexError';
  }
}

/** A value `prefix` + digits that no pattern of `named` matches unless it matches everything. */
function freshValue(make: (n: number) => string, named: Iterable<string>): string {
  const patterns = [...named].filter((p) => p !== '*' && !/^\*+$/.test(p));
  let candidate = make(0);
  for (let n = 0; n < 500; n++) {
    candidate = make(n);
    if (!patterns.some((p) => globMatch(p, candidate, true))) return candidate;
    if (performance.now() > budgetEnd) throw new TooComplexError('the time budget ran out');
  }
  return candidate;
}

/** A spread of lower-case words: n → a different mix of letters and digits each time. */
function spreadWord(n: number, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let x = (n + 1) * 2_654_435_761;
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[x % 36];
    x = Math.floor(x / 36) + (i + 1) * 97 * (n + 3);
  }
  return out;
}

/** A spread of 12-digit ids (every first digit, varied tails) for fresh-account candidates. */
function spreadAccount(n: number): string {
  const tail = String((n * 7_919 + 104_729) * 15_485_863 % 100_000_000_000).padStart(11, '0');
  return `${n % 10}${tail}`;
}

/** A pattern and the clause (or principal element) it comes from: values of one clause are ORed. */
interface Tagged {
  pattern: string;
  group: string;
}

const MAX_PAIRS = 6_000;
// The deadline of the analysis under way (set by outsideCallers; the analysis is synchronous).
let budgetEnd = Infinity;

/**
 * Shortest strings matched by two wildcard patterns of different clauses (an AND of two
 * wildcards: an Allow's pattern and a Deny's, or two blocks of one statement).
 */
function pairWords(patterns: readonly Tagged[], domain: Parameters<typeof commonWord>[1]): string[] {
  const wild = patterns.filter((t) => hasWildcard(t.pattern));
  const out: string[] = [];
  let pairs = 0;
  for (let i = 0; i < wild.length; i++) {
    for (let j = i + 1; j < wild.length; j++) {
      if (wild[i]!.group === wild[j]!.group) continue;
      if (++pairs > MAX_PAIRS) throw new TooComplexError(`more than ${MAX_PAIRS} pairs of wildcard patterns`);
      if (pairs % 8 === 0 && performance.now() > budgetEnd) throw new TooComplexError('the time budget ran out');
      const word = commonWord([wild[i]!.pattern, wild[j]!.pattern], domain);
      if (word !== undefined) out.push(word);
    }
  }
  return out;
}

/**
 * How many clauses with wildcard patterns on one key a request through this Allow must meet or
 * avoid at once: the Allow's own plus every Deny's. Past two, pairs of patterns do not cover every
 * combination.
 */
export function wildcardGroups(patterns: readonly Tagged[], allowIndex: number): number {
  const groups = new Set(patterns.filter((t) => t.group !== 'literal' && hasWildcard(t.pattern)).map((t) => t.group));
  let n = 0;
  for (const g of groups) if (g.startsWith('Deny:') || g.startsWith(`Allow:${allowIndex}:`)) n++;
  return n;
}

/** `o-…` organization ids that a pattern matches, well-formed (`o-` and 10–32 characters). */
function fillOrg(pattern: string): string[] {
  const word = commonWord([pattern.toLowerCase(), 'o-??????????*'], ORG_CHARS);
  return word === undefined || !/^o-[a-z0-9]{10,32}$/.test(word) ? [] : [word];
}

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
export function outsideCallers(doc: PolicyDocument, boundary: TrustBoundary, deadline = Infinity): Caller[] {
  budgetEnd = deadline;
  const accounts = new Set<string>();
  const arnPatterns = new Set<string>();
  const arnTagged: Tagged[] = [];
  const orgs = new Set<string>();
  const paths = new Set<string>();
  const accountPatterns: Tagged[] = [];
  const orgPatterns: Tagged[] = [];
  let group = '';
  const pathPatterns: string[] = [];

  // ARN patterns are filled per account below; their own account fillings are candidates too.
  const addArnPattern = (pattern: string): void => {
    arnPatterns.add(pattern);
    arnTagged.push({ pattern, group });
    const account = arnAccount(pattern);
    if (account !== undefined) {
      accountPatterns.push({ pattern: account, group });
      fillAccount(account).forEach((a) => accounts.add(a));
    }
  };

  for (const statement of doc.statements) {
    group = `${statement.effect}:${statement.index}:principal`;
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const kind = classifyPrincipal(entry);
      if (kind.kind === 'account') accounts.add(kind.account);
      if (kind.kind === 'arn') addArnPattern(kind.pattern);
    }
    for (const [c, clause] of statement.conditions.entries()) {
      // StringEquals and the like read `*` as itself: only glob operators make a wildcard group.
      const op = parseOperator(clause.operator);
      group = op?.comparison === 'like' ? `${statement.effect}:${statement.index}:${c}` : 'literal';
      const key = clause.key.toLowerCase();
      // Null only asks whether a key is there: its "true"/"false" name no caller.
      if (keyClass(key) === 'free' || clause.operator.toLowerCase() === 'null') continue;
      if (key === 'aws:principalarn') clause.values.forEach(addArnPattern);
      const filled = clause.values.flatMap((v) => instantiate(v));
      if (key === 'aws:principalaccount') {
        accountPatterns.push(...clause.values.map((pattern) => ({ pattern, group })));
        clause.values.flatMap(fillAccount).forEach((v) => accounts.add(v));
      }
      // Organization ids are lower case in AWS (o-[a-z0-9]+): an upper-case literal names the same one.
      if (key === 'aws:principalorgid') {
        orgPatterns.push(...clause.values.map((pattern) => ({ pattern: pattern.toLowerCase(), group })));
        for (const v of clause.values) (hasWildcard(v) ? fillOrg(v) : [v.toLowerCase()]).forEach((o) => orgs.add(o));
      }
      if (key === 'aws:principalorgpaths') {
        for (const value of clause.values) {
          pathPatterns.push(value.toLowerCase());
          const head = (value.split('/')[0] ?? value).toLowerCase();
          orgPatterns.push({ pattern: head, group });
          (hasWildcard(head) ? fillOrg(head) : [head]).forEach((o) => /^o-[a-z0-9]{10,32}$/.test(o) && orgs.add(o));
        }
        filled.forEach((path) => paths.add(path.toLowerCase()));
      }
    }
  }
  // An AND of two wildcards (an Allow's pattern and a Deny's) is met only by a string both match.
  pairWords(accountPatterns, DIGITS).forEach((a) => accounts.add(a));
  pairWords(orgPatterns, ORG_CHARS).forEach((o) => /^o-[a-z0-9]{10,32}$/.test(o) && orgs.add(o));
  // Fresh values that no pattern of the policy names: the caller nobody thought of.
  accounts.add(freshValue(spreadAccount, [...accountPatterns.map((t) => t.pattern), boundary.accountId, ...boundary.trustedAccounts]));
  orgs.add(freshValue((n) => `o-${spreadWord(n, 10)}`, orgPatterns.map((t) => t.pattern)));
  const rootId = freshValue((n) => `r-${spreadWord(n + 7, 4)}`, [...paths].flatMap((p) => p.split('/').slice(1)));
  const arnPairs = arnPatternPairs(arnTagged);
  callersMeta.set(doc, (allowIndex) =>
    Math.max(wildcardGroups(accountPatterns, allowIndex), wildcardGroups(arnTagged, allowIndex), wildcardGroups(orgPatterns, allowIndex)),
  );

  const accountParts: { account: string; arn: string }[] = [];
  for (const account of accounts) {
    if (performance.now() > budgetEnd) throw new TooComplexError('the time budget ran out');
    // aws:PrincipalArn takes the forms AWS documents: the account root, IAM roles (for their
    // sessions), IAM users and STS federated users.
    const own = [
      `arn:aws:iam::${account}:root`,
      `arn:aws:iam::${account}:role/vpce-guard-probe`,
      `arn:aws:iam::${account}:user/vpce-guard-probe`,
      `arn:aws:sts::${account}:federated-user/vpce-guard-probe`,
    ];
    for (const pair of arnPairs) {
      if (pair.accounts.every((a) => globMatch(a, account))) own.push(`${pair.head}:${account}:${pair.tail}`);
    }
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
    const own = new Set([`${org}/${rootId}/`]);
    for (const path of paths) if (path.startsWith(`${org}/`) || path === org) own.add(path);
    // Each path pattern filled in for this organization: `o-ab*/*` gives a path of o-ab… .
    for (const pattern of pathPatterns) {
      const path = commonWord([pattern, `${org}/r-*/`], { filler: 'a', allowed: (c) => /^[a-z0-9/-]$/.test(c) });
      if (path !== undefined) own.add(path);
    }
    for (const path of own) orgParts.push({ orgId: org, orgPaths: [path] });
  }

  if (accountParts.length * orgParts.length > MAX_CALLERS) {
    throw new TooComplexError(`${accountParts.length} principals × ${orgParts.length} organizations to check`);
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

/** For each pair of ARN patterns: one ARN head and tail both match, and their account segments. */
function arnPatternPairs(patterns: Tagged[]): { head: string; tail: string; accounts: string[] }[] {
  const split = patterns
    .map((t) => ({ parts: t.pattern.split(':'), group: t.group }))
    .filter(({ parts }) => parts.length >= 6)
    .map(({ parts, group }) => ({ head: parts.slice(0, 4).join(':'), account: parts[4]!, tail: parts.slice(5).join(':'), group }));
  const out: { head: string; tail: string; accounts: string[] }[] = [];
  let pairs = 0;
  for (let i = 0; i < split.length; i++) {
    for (let j = i + 1; j < split.length; j++) {
      const a = split[i]!;
      const b = split[j]!;
      if (a.group === b.group || (!hasWildcard(a.head + a.tail) && !hasWildcard(b.head + b.tail))) continue;
      if (++pairs > MAX_PAIRS) throw new TooComplexError(`more than ${MAX_PAIRS} pairs of wildcard ARN patterns`);
      if (pairs % 8 === 0 && performance.now() > budgetEnd) throw new TooComplexError('the time budget ran out');
      const head = commonWord([a.head, b.head], { filler: 'a' });
      const tail = head === undefined ? undefined : commonWord([a.tail, b.tail], { filler: 'x' });
      if (head !== undefined && tail !== undefined) out.push({ head, tail, accounts: [a.account, b.account] });
    }
  }
  return out;
}

/** Per policy: how many wildcard clauses on one key a request through an Allow meets (for the analyser). */
export const callersMeta = new WeakMap<object, (allowIndex: number) => number>();
