import { isDeepStrictEqual } from 'node:util';
import { analysePolicy, MAX_POLICY_CHARS, parsePolicy, type AnalyseOptions, type PolicyDocument, type Statement } from '../policy/index.js';
import { admitsAction, admitsResourcePattern } from '../policy/scope.js';
import { hasWildcard } from '../policy/glob.js';

const SCOPE_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'];

function without(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !keys.includes(k)));
}

const clauseKey = (c: { operator: string; key: string }): string => `${c.operator.toLowerCase()}|${c.key.toLowerCase()}`;

/** Every condition of `old` is in `next` with the same values, and `next` names no key twice. */
function conditionsNarrow(old: Statement, next: Statement): boolean {
  const seen = new Set<string>();
  for (const clause of next.conditions) {
    // Two spellings of one key in one block: IAM reads key names case-insensitively, and which one
    // it keeps is not documented, so the added one might replace the old one.
    if (seen.has(clauseKey(clause))) return false;
    seen.add(clauseKey(clause));
  }
  return old.conditions.every((o) =>
    next.conditions.some((n) => n.operator === o.operator && n.key === o.key && isDeepStrictEqual(n.values, o.values)),
  );
}

/** `next` is `old` with conditions added: same principal, actions, resources; only more conditions. */
function isScopedCopy(old: Statement, next: Statement): boolean {
  return isDeepStrictEqual(without(old.raw, ['Sid', 'Condition']), without(next.raw, ['Sid', 'Condition'])) && conditionsNarrow(old, next);
}

/**
 * `next` grants a subset of `old`: same principal and conditions (or more conditions), literal
 * actions `old` admits, resources `old` admits (the kept AWS-owned reads).
 */
function isSubsetCopy(old: Statement, next: Statement): boolean {
  if (!isDeepStrictEqual(without(old.raw, ['Sid', 'Condition', ...SCOPE_FIELDS]), without(next.raw, ['Sid', 'Condition', ...SCOPE_FIELDS]))) return false;
  if (!conditionsNarrow(old, next) || !next.action || !next.resource) return false;
  return (
    next.action.every((a) => !hasWildcard(a) && admitsAction(old, a)) &&
    next.resource.every((r) => admitsResourcePattern(old, r))
  );
}

/**
 * Reasons why `next` might allow a request that `old` denied; empty when it cannot. The check is
 * structural and conservative: every Deny of `old` is kept unchanged, the Version is the same,
 * and every Allow of `next` is an Allow of `old` with conditions added, or a subset of one (fewer
 * literal actions and resources, same principal and conditions). Anything else is refused, even
 * when it might be harmless.
 */
export function broadeningReasons(oldPolicy: unknown, nextPolicy: unknown): string[] {
  let old: PolicyDocument;
  let next: PolicyDocument;
  try {
    old = parsePolicy(oldPolicy);
    next = parsePolicy(nextPolicy);
  } catch (error) {
    return [`cannot read the policies: ${(error as Error).message}`];
  }
  const reasons: string[] = [];
  if (old.version !== next.version) reasons.push(`Version changes from ${old.version ?? '(none)'} to ${next.version ?? '(none)'}`);
  for (const deny of old.statements.filter((s) => s.effect === 'Deny')) {
    if (!next.statements.some((s) => s.effect === 'Deny' && isDeepStrictEqual(s.raw, deny.raw))) {
      reasons.push(`Deny statement #${deny.index} is not kept unchanged`);
    }
  }
  const allows = old.statements.filter((s) => s.effect === 'Allow');
  for (const allow of next.statements.filter((s) => s.effect === 'Allow')) {
    if (!allows.some((o) => isScopedCopy(o, allow) || isSubsetCopy(o, allow))) {
      reasons.push(`Allow statement #${allow.index}${allow.sid ? ` (Sid "${allow.sid}")` : ''} is not a narrowed copy of an Allow of the old policy`);
    }
  }
  return reasons;
}

/**
 * The checks a new endpoint policy must pass before it is sent: it is not the same as the old
 * one, fits 20,480 characters, analyses as restricted, and allows no request the old one denied.
 * Returns the reasons to refuse it (empty: send it).
 */
export function policyChangeRefusals(oldPolicy: string, nextPolicy: string, options: AnalyseOptions): string[] {
  const reasons: string[] = [];
  if (nextPolicy.length > MAX_POLICY_CHARS) reasons.push(`the new policy has ${nextPolicy.length} characters, over the ${MAX_POLICY_CHARS} AWS accepts`);
  try {
    const analysis = analysePolicy(nextPolicy, options);
    if (analysis.verdict !== 'restricted') {
      reasons.push(`the new policy still admits callers outside the trust boundary (${analysis.findings.map((f) => f.key).join(', ')})`);
    }
  } catch (error) {
    reasons.push(`the new policy cannot be analysed: ${(error as Error).message}`);
  }
  reasons.push(...broadeningReasons(oldPolicy, nextPolicy).map((r) => `it might allow what the old policy denied: ${r}`));
  return reasons;
}
