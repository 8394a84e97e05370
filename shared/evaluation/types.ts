import type { ComplianceType } from '../rules/types.js';

/** One evaluation to write to AWS Config, before it is put in the PutEvaluations shape. */
export interface RuleEvaluation {
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  /** At most 256 characters. */
  annotation: string;
  /** Set when the resource could not be evaluated: why. */
  error?: string;
}

/** A result AWS Config holds for the rule (GetComplianceDetailsByConfigRule). */
export interface StoredResult {
  resourceType: string;
  resourceId: string;
  complianceType: string;
}
