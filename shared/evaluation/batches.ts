import { fitAnnotation } from '../rules/annotation.js';
import type { RuleEvaluation } from './types.js';

/** The most evaluations one PutEvaluations call takes. */
export const MAX_BATCH = 100;

/** One evaluation in the PutEvaluations shape. */
export interface PutEvaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  Annotation: string;
  OrderingTimestamp: Date;
}

/**
 * Evaluations in the PutEvaluations shape, one per resource (the last one given wins), with the
 * ordering timestamp (the item's capture time for a change, the notification time for a
 * periodic run) and annotations of at most 256 characters.
 */
export function toPutEvaluations(evaluations: readonly RuleEvaluation[], orderingTimestamp: Date): PutEvaluation[] {
  const byResource = new Map<string, PutEvaluation>();
  for (const e of evaluations) {
    const key = `${e.resourceType}|${e.resourceId}`;
    byResource.delete(key);
    byResource.set(key, {
      ComplianceResourceType: e.resourceType,
      ComplianceResourceId: e.resourceId,
      ComplianceType: e.complianceType,
      Annotation: fitAnnotation(e.annotation),
      OrderingTimestamp: orderingTimestamp,
    });
  }
  return [...byResource.values()];
}

/** Splits a list into batches of at most `size` (100, the PutEvaluations limit). */
export function batchesOf<T>(items: readonly T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
