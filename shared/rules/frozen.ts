import type { Verdict } from './types.js';

/**
 * Freezes a verdict with its variables and findings, so that one verdict can be shared by every
 * resource it is true of (the engine then renders its annotation once). Returns the verdict.
 */
export function frozenVerdict(verdict: Verdict): Verdict {
  if (verdict.status !== 'NOT_APPLICABLE') {
    for (const value of Object.values(verdict.vars)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(verdict.vars);
  }
  if (verdict.status === 'NON_COMPLIANT') {
    verdict.findings.forEach((f) => Object.freeze(f));
    Object.freeze(verdict.findings);
  }
  return Object.freeze(verdict);
}

/**
 * The verdict shared under `key` in the scan's memo, judged by `judge` the first time. A judgement
 * that throws is not kept (the next resource is judged again, and gets its own error).
 */
export function sharedVerdict(memo: Map<string, unknown>, key: string, judge: () => Verdict): Verdict {
  const known = memo.get(key) as Verdict | undefined;
  if (known) return known;
  const verdict = frozenVerdict(judge());
  memo.set(key, verdict);
  return verdict;
}
