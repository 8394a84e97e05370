import type { ScanResult } from '../engine/index.js';
import type { RemediationPlan } from '../remediation/types.js';
import { countOf } from '../rules/annotation.js';
import type { ComplianceType, Rule } from '../rules/types.js';

export interface ScanTableOptions {
  /** List NOT_APPLICABLE results too (they are counted either way). */
  showAll: boolean;
  /** Print the remediation plan; otherwise a hint that one exists. */
  plan: boolean;
}

const LABEL: Record<ComplianceType, string> = {
  NON_COMPLIANT: 'NON_COMPLIANT',
  COMPLIANT: 'COMPLIANT',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
};
const ORDER: ComplianceType[] = ['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE'];

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

function planLines(plan: RemediationPlan): string[] {
  const lines = [`[${plan.status}] ${plan.ruleId} ${plan.resourceId}: ${plan.summary}`];
  for (const step of plan.steps) {
    const params = { ...step.parameters };
    // The policy itself is shown as a diff below, not as one long JSON string.
    if (typeof params.PolicyDocument === 'string') params.PolicyDocument = `<${params.PolicyDocument.length} characters, see diff>`;
    lines.push(`    ${step.action} ${JSON.stringify(params)}`);
  }
  if (plan.diff) lines.push(indent(plan.diff.trimEnd(), '    '));
  return lines;
}

/** The human report of a scan: one section per rule, a summary line, then the plan. */
export function renderScanTable(result: ScanResult, rules: readonly Rule[], options: ScanTableOptions): string {
  const out: string[] = [];
  for (const rule of rules) {
    const evaluations = result.evaluations.filter((e) => e.ruleId === rule.id);
    const errors = result.errors.filter((e) => e.ruleId === rule.id);
    out.push(`${rule.id}  [${rule.severity}]  ${rule.title}`);
    const width = Math.max(12, ...evaluations.map((e) => e.resourceId.length));
    for (const status of ORDER) {
      const rows = evaluations.filter((e) => e.complianceType === status);
      if (status === 'NOT_APPLICABLE' && !options.showAll) {
        if (rows.length) out.push(`  (${rows.length} not applicable; --show-all lists them)`);
        continue;
      }
      for (const row of rows) {
        out.push(`  ${LABEL[status].padEnd(14)} ${row.resourceId.padEnd(width)}  ${row.annotation}`);
        for (const finding of row.findings) out.push(`      - ${finding.key}: ${finding.message}`);
      }
    }
    for (const error of errors) out.push(`  ERROR          ${(error.resourceId ?? '(rule)').padEnd(width)}  ${error.message}`);
    if (evaluations.length === 0 && errors.length === 0) out.push('  (no resources of this type)');
    out.push('');
  }
  const count = (type: ComplianceType) => result.evaluations.filter((e) => e.complianceType === type).length;
  out.push(
    `Summary: ${countOf(rules.length, 'rule')}, ${countOf(result.evaluations.length, 'evaluation')}: ${count('NON_COMPLIANT')} non-compliant, ` +
      `${count('COMPLIANT')} compliant, ${count('NOT_APPLICABLE')} not applicable, ${countOf(result.errors.length, 'error')}.`,
  );
  const planned = result.remediations.filter((p) => p.status === 'planned').length;
  const refused = result.remediations.length - planned;
  if (options.plan) {
    out.push('', `Remediation plan: ${planned} planned, ${refused} refused (left to an operator). Nothing has been changed.`);
    for (const plan of result.remediations) out.push(...planLines(plan));
  } else if (result.remediations.length > 0) {
    out.push(`${countOf(planned, 'remediation')} can be planned (${refused} refused): run again with --plan to see them.`);
  }
  return `${out.join('\n')}\n`;
}
