import type { ScanResult } from '../engine/index.js';
import type { EvaluationResult, Rule, Severity } from '../rules/types.js';

/** Counts of a scan: results by compliance, errors, and non-compliant results by severity and rule. */
export interface ScanSummary {
  evaluations: number;
  nonCompliant: number;
  compliant: number;
  notApplicable: number;
  errors: number;
  warnings: number;
  /** Non-compliant results per severity, every severity present (0 when none). */
  bySeverity: Record<Severity, number>;
  /** Per rule that ran, in catalogue order: its severity and its non-compliant results. */
  byRule: { ruleId: string; title: string; severity: Severity; nonCompliant: number; findings: number; errors: number }[];
}

/** Summarises a scan for the top of every report. */
export function summarise(result: ScanResult, rules: readonly Rule[]): ScanSummary {
  const count = (type: EvaluationResult['complianceType']) => result.evaluations.filter((e) => e.complianceType === type).length;
  const bySeverity: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  const byRule = rules.map((rule) => {
    const failing = result.evaluations.filter((e) => e.ruleId === rule.id && e.complianceType === 'NON_COMPLIANT');
    bySeverity[rule.severity] += failing.length;
    return {
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      nonCompliant: failing.length,
      findings: failing.reduce((n, e) => n + Math.max(1, e.findings.length), 0),
      errors: result.errors.filter((e) => e.ruleId === rule.id).length,
    };
  });
  return {
    evaluations: result.evaluations.length,
    nonCompliant: count('NON_COMPLIANT'),
    compliant: count('COMPLIANT'),
    notApplicable: count('NOT_APPLICABLE'),
    errors: result.errors.length,
    warnings: result.warnings?.length ?? 0,
    bySeverity,
    byRule,
  };
}

/** The findings of a non-compliant result; one standing for the result when the rule gave none. */
export function findingsOf(e: EvaluationResult): { key: string; message: string }[] {
  return e.findings.length > 0 ? e.findings : [{ key: e.ruleId, message: e.annotation }];
}
