import { globMatch, hasWildcard } from './glob.js';
import { arnAccount, type Caller } from './caller.js';
import type { PrincipalEntry } from './document.js';

/** What one principal entry stands for. */
export type PrincipalKind =
  | { kind: 'everyone' }
  | { kind: 'account'; account: string }
  | { kind: 'arn'; pattern: string; account?: string }
  | { kind: 'service' }
  | { kind: 'nobody'; why: string }
  | { kind: 'unmodelled'; why: string };

// IAM unique ids (shown in a policy after its principal was deleted) match nobody.
const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA)[A-Z0-9]{12,}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** Classifies a principal entry the way DESIGN.md reads principals. */
export function classifyPrincipal(entry: PrincipalEntry): PrincipalKind {
  if (entry.type === '*' || (entry.type === 'AWS' && entry.value === '*')) return { kind: 'everyone' };
  if (entry.type === 'Service') return { kind: 'service' };
  if (entry.type !== 'AWS') {
    return { kind: 'unmodelled', why: `${entry.type} principals are not modelled; assumed to be outside callers` };
  }
  const value = entry.value;
  if (ACCOUNT_ID.test(value)) return { kind: 'account', account: value };
  const root = ROOT_ARN.exec(value);
  if (root?.[1]) return { kind: 'account', account: root[1] };
  if (UNIQUE_ID.test(value)) return { kind: 'nobody', why: `${value} is an IAM unique id of a deleted principal` };
  if (value.startsWith('arn:')) {
    const account = arnAccount(value);
    if (account === undefined) return { kind: 'unmodelled', why: `"${value}" is not a well-formed ARN` };
    return hasWildcard(account) ? { kind: 'arn', pattern: value } : { kind: 'arn', pattern: value, account };
  }
  return { kind: 'unmodelled', why: `AWS principal "${value}" is not an account, ARN or unique id` };
}

/**
 * Does the principal entry match this (outside) caller? `mode` says how to treat what is not
 * modelled: in an Allow it is assumed to match, in a Deny assumed not to.
 */
export function principalMatches(kind: PrincipalKind, caller: Caller, mode: 'allow' | 'deny'): boolean {
  switch (kind.kind) {
    case 'everyone':
      return true;
    case 'account':
      return !caller.anonymous && caller.account === kind.account;
    case 'arn':
      return !caller.anonymous && caller.arn !== undefined && globMatch(kind.pattern, caller.arn);
    case 'service':
    case 'nobody':
      return false;
    case 'unmodelled':
      return mode === 'allow' && !caller.anonymous;
  }
}
