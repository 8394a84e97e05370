import { globCovers, globMatch, hasWildcard } from './glob.js';
import type { Statement } from './document.js';
import { AWS_OWNED_READ_ACTIONS, ownedCovers } from './aws-owned.js';

const READ_ACTIONS = new Set(AWS_OWNED_READ_ACTIONS.map((a) => a.toLowerCase()));

/** True when an Allow grants only reads of AWS-owned buckets (already expanded for the region). */
export function isAwsOwnedRead(statement: Statement, owned: readonly string[]): boolean {
  if (!statement.action || !statement.resource || owned.length === 0) return false;
  return (
    statement.action.every((a) => READ_ACTIONS.has(a.toLowerCase())) &&
    statement.resource.every((r) => ownedCovers(owned, r))
  );
}

/** True when the statement's Action/NotAction admits this literal action. */
export function admitsAction(statement: Statement, action: string): boolean {
  if (statement.action) return statement.action.some((p) => globMatch(p, action, true));
  return !statement.notAction?.some((p) => globMatch(p, action, true));
}

/** True when the statement's Resource/NotResource admits every resource the pattern names. */
export function admitsResourcePattern(statement: Statement, pattern: string): boolean {
  if (statement.resource) return statement.resource.some((r) => globCovers(r, pattern));
  // NotResource: keep the pattern only when no excluded resource can overlap it.
  return !statement.notResource?.some((n) => globMatch(n, pattern) || globMatch(pattern, n) || hasWildcard(n));
}

/**
 * The actions a statement can grant through an endpoint that carries only the calls of these
 * service prefixes, as an Action list (a copy of the statement), or undefined when it grants none
 * of them. Sound: a pattern that might reach one of the prefixes is kept as written.
 */
export function boundToService(statement: Statement, prefixes: readonly string[]): Statement | undefined {
  const kept = new Set<string>();
  for (const prefix of prefixes) {
    const all = `${prefix}:*`;
    if (statement.action) {
      for (const a of statement.action) {
        if (globCovers(a, all, true)) kept.add(all);
        else if (globCovers(all, a, true)) kept.add(a);
        else if (mightReach(a, prefix)) kept.add(a);
      }
    } else if (!statement.notAction!.some((n) => globCovers(n, all, true))) {
      kept.add(all);
    }
  }
  if (kept.size === 0) return undefined;
  const { notAction: _notAction, ...rest } = statement;
  return { ...rest, action: [...kept] };
}

/** Could the action pattern match some action of the prefix (`s3:Get*` vs `dynamodb`: no)? */
function mightReach(pattern: string, prefix: string): boolean {
  const colon = pattern.indexOf(':');
  const head = colon < 0 ? pattern : pattern.slice(0, colon);
  if (hasWildcard(head)) return true;
  return colon >= 0 && head.toLowerCase() === prefix;
}
