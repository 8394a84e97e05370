import type { RemediationPlan } from '../remediation/types.js';
import { countOf } from '../rules/annotation.js';
import type { ComplianceType, Severity } from '../rules/types.js';
import { SEVERITY_ORDER } from './severity.js';
import { summarise } from './summary.js';
import { nameLookup, type ReportInput } from './types.js';

export interface ScanTableOptions {
  /** List compliant and not-applicable results too (they are counted either way). */
  showAll: boolean;
  /** Print the remediation plan; otherwise a hint that one exists. */
  plan: boolean;
  /** ANSI colours (a terminal that did not set NO_COLOR). */
  color: boolean;
}

type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';
const SGR: Record<Style, string> = { red: '31', green: '32', yellow: '33', cyan: '36', dim: '2', bold: '1' };

function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `\x1b[${SGR[style]}m${text}\x1b[0m` : (_style, text) => text;
}

const STATUS_STYLE: Record<ComplianceType, Style> = { NON_COMPLIANT: 'red', COMPLIANT: 'green', NOT_APPLICABLE: 'dim' };
const SEVERITY_STYLE: Record<Severity, Style> = { CRITICAL: 'red', HIGH: 'red', MEDIUM: 'yellow', LOW: 'cyan' };
const ORDER: ComplianceType[] = ['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE'];

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** Each distinct policy diff once, with the plans (endpoints) it applies to, in plan order. */
function distinctDiffs(plans: readonly RemediationPlan[]): Map<string, RemediationPlan[]> {
  const out = new Map<string, RemediationPlan[]>();
  for (const plan of plans) {
    if (!plan.diff) continue;
    const list = out.get(plan.diff);
    if (list) list.push(plan);
    else out.set(plan.diff, [plan]);
  }
  return out;
}

/**
 * The report for people: a header and the summary (by severity and by rule) first, then per rule
 * its non-compliant resources (with their Name tags) and findings, compliant and not-applicable
 * ones only counted unless `showAll`; errors; then the plan, each distinct policy diff printed once
 * with the endpoints it applies to. Colour only when asked (a TTY without NO_COLOR).
 */
export function renderScanTable(input: ReportInput, options: ScanTableOptions): string {
  const { result, rules, model } = input;
  const paint = painter(options.color);
  const name = nameLookup(model);
  const label = (id: string) => {
    const n = name(id);
    return n ? `${id} (${n})` : id;
  };
  const s = summarise(result, rules);
  const out: string[] = [];
  const where = [model.accountId && `account ${model.accountId}`, model.region].filter(Boolean).join(', ');
  out.push(paint('bold', `vpce-guard scan${where ? ` of ${where}` : ''}`));
  out.push(
    `Summary: ${countOf(rules.length, 'rule')}, ${countOf(s.evaluations, 'evaluation')}: ${paint(s.nonCompliant ? 'red' : 'green', `${s.nonCompliant} non-compliant`)}, ` +
      `${s.compliant} compliant, ${s.notApplicable} not applicable, ${countOf(s.errors, 'error')}.`,
  );
  out.push(`By severity: ${SEVERITY_ORDER.map((sev) => (s.bySeverity[sev] ? paint(SEVERITY_STYLE[sev], `${sev} ${s.bySeverity[sev]}`) : `${sev} 0`)).join(', ')}`);
  const ruleWidth = Math.max(...rules.map((r) => r.id.length));
  for (const r of s.byRule) {
    if (r.nonCompliant === 0 && r.errors === 0) continue;
    const errors = r.errors ? `, ${countOf(r.errors, 'error')}` : '';
    out.push(`  ${paint(SEVERITY_STYLE[r.severity], r.severity.padEnd(8))} ${r.ruleId.padEnd(ruleWidth)}  ${r.nonCompliant} non-compliant${errors}`);
  }
  out.push('');
  for (const rule of rules) {
    const evaluations = result.evaluations.filter((e) => e.ruleId === rule.id);
    const errors = result.errors.filter((e) => e.ruleId === rule.id);
    out.push(`${paint('bold', rule.id)}  [${paint(SEVERITY_STYLE[rule.severity], rule.severity)}]  ${rule.title}`);
    const shown = evaluations.filter((e) => options.showAll || e.complianceType === 'NON_COMPLIANT');
    const width = Math.max(12, ...shown.map((e) => label(e.resourceId).length));
    for (const status of ORDER) {
      for (const row of shown.filter((e) => e.complianceType === status)) {
        out.push(`  ${paint(STATUS_STYLE[status], status.padEnd(14))} ${label(row.resourceId).padEnd(width)}  ${row.annotation}`);
        for (const finding of row.findings) out.push(`      - ${finding.key}: ${finding.message}`);
      }
    }
    for (const error of errors) out.push(`  ${paint('red', 'ERROR'.padEnd(14))} ${(error.resourceId ? label(error.resourceId) : '(rule)').padEnd(width)}  ${error.message}`);
    const hidden = evaluations.length - shown.length;
    if (hidden > 0) {
      const compliant = evaluations.filter((e) => e.complianceType === 'COMPLIANT').length;
      const na = hidden - compliant;
      const parts = [compliant && `${compliant} compliant`, na && `${na} not applicable`].filter(Boolean).join(', ');
      out.push(paint('dim', `  (${parts}; --show-all lists them)`));
    }
    if (evaluations.length === 0 && errors.length === 0) out.push('  (no resources of this type)');
    out.push('');
  }
  for (const w of result.warnings ?? []) out.push(`${paint('yellow', 'Warning:')} ${w.message}`);
  if ((result.warnings ?? []).length > 0) out.push('');
  const planned = result.remediations.filter((p) => p.status === 'planned').length;
  const refused = result.remediations.length - planned;
  if (options.plan) {
    out.push(`Remediation plan: ${planned} planned, ${refused} refused (left to an operator). Nothing has been changed.`);
    const diffs = distinctDiffs(result.remediations);
    const diffNumber = new Map([...diffs.keys()].map((d, i) => [d, i + 1]));
    for (const plan of result.remediations) {
      out.push(`[${paint(plan.status === 'planned' ? 'green' : 'yellow', plan.status)}] ${plan.ruleId} ${label(plan.resourceId)}: ${plan.summary}`);
      for (const step of plan.steps) {
        const params = { ...step.parameters };
        // The policy itself is shown as a diff below, once however many endpoints get it.
        if (typeof params.PolicyDocument === 'string') params.PolicyDocument = `<${params.PolicyDocument.length} characters: policy diff ${diffNumber.get(plan.diff ?? '') ?? '?'}>`;
        out.push(`    ${step.action} ${JSON.stringify(params)}`);
      }
    }
    for (const [diff, plans] of diffs) {
      out.push('', paint('bold', `Policy diff ${diffNumber.get(diff)}, for ${plans.map((p) => `${label(p.resourceId)} (${p.ruleId})`).join(', ')}:`));
      const lines = indent(diff.trimEnd(), '    ').split('\n');
      out.push(...lines.map((l) => (/^ {4}\+(?!\+\+)/.test(l) ? paint('green', l) : /^ {4}-(?!--)/.test(l) ? paint('red', l) : l)));
    }
  } else if (result.remediations.length > 0) {
    out.push(`${countOf(planned, 'remediation')} can be planned (${refused} refused): run again with --plan to see them.`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
