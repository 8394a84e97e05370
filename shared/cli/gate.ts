import type { ScanResult } from '../engine/index.js';
import type { Rule, Severity } from '../rules/types.js';

/** Severities from the least to the most severe. */
export const SEVERITIES: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export interface GateOptions {
  /** Non-compliant results of rules at least this severe fail the scan. */
  failOn: Severity;
  /** Evaluation errors fail the scan (the default). */
  failOnErrors: boolean;
  /** Exit 0 whatever was found. */
  exitZero: boolean;
}

/** True when `severity` is at least `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/**
 * The exit code of a scan: 1 when a non-compliant result of a rule at least `failOn` severe was
 * found, or an evaluation failed (unless `failOnErrors` is off); 0 otherwise or with `exitZero`.
 */
export function gateExitCode(result: ScanResult, rules: readonly Rule[], options: GateOptions): number {
  if (options.exitZero) return 0;
  if (options.failOnErrors && result.errors.length > 0) return 1;
  const severity = new Map(rules.map((r) => [r.id, r.severity]));
  const failing = result.evaluations.some((e) => {
    if (e.complianceType !== 'NON_COMPLIANT') return false;
    const s = severity.get(e.ruleId);
    // A result of a rule the scan did not select cannot be graded: it fails, never passes.
    return s === undefined || atLeast(s, options.failOn);
  });
  return failing ? 1 : 0;
}
