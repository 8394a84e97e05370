import type { RuleEvaluation, StoredResult } from './types.js';

/** The annotation of a result withdrawn because its resource is gone. */
export const STALE_ANNOTATION = 'The resource no longer exists; vpce-guard withdrew its earlier result.';

/**
 * The results AWS Config still holds for resources the periodic run did not find: each becomes
 * NOT_APPLICABLE, so that the dashboard holds no stale findings. Results already NOT_APPLICABLE
 * are left alone.
 */
export function staleEvaluations(stored: readonly StoredResult[], current: readonly RuleEvaluation[]): RuleEvaluation[] {
  const seen = new Set(current.map((e) => `${e.resourceType}|${e.resourceId}`));
  const out = new Map<string, RuleEvaluation>();
  for (const r of stored) {
    const key = `${r.resourceType}|${r.resourceId}`;
    if (r.complianceType === 'NOT_APPLICABLE' || seen.has(key)) continue;
    out.set(key, { resourceType: r.resourceType, resourceId: r.resourceId, complianceType: 'NOT_APPLICABLE', annotation: STALE_ANNOTATION });
  }
  return [...out.values()];
}
