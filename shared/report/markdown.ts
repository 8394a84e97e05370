import { countOf } from '../rules/annotation.js';
import { SEVERITY_ORDER } from './severity.js';
import { findingsOf, summarise } from './summary.js';
import { nameLookup, type ReportInput } from './types.js';

/** Text safe in a Markdown table cell: pipes escaped, line breaks as `<br>`, HTML not interpreted. */
export function mdCell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * The scan as GitHub-flavoured Markdown (a pull-request comment or a job summary): the counts,
 * a table by severity and one by rule, the non-compliant resources grouped by rule with their
 * findings, then errors and warnings. With `plan`, the remediation plan too.
 */
export function renderMarkdown(input: ReportInput, options: { plan: boolean }): string {
  const { result, rules, model } = input;
  const s = summarise(result, rules);
  const name = nameLookup(model);
  const out: string[] = [];
  out.push(`# vpce-guard: ${s.nonCompliant} non-compliant of ${countOf(s.evaluations, 'evaluation')}`, '');
  const where = [model.accountId && `account ${code(model.accountId)}`, model.region && `region ${code(model.region)}`].filter(Boolean).join(', ');
  out.push(`${where ? `${where[0]!.toUpperCase()}${where.slice(1)} · ` : ''}${input.tool.name} ${input.tool.version} · ${input.generatedAt}`, '');
  out.push(`${s.compliant} compliant, ${s.notApplicable} not applicable, ${countOf(s.errors, 'error')}, ${countOf(s.warnings, 'warning')}.`, '');
  out.push('| Severity | Non-compliant |', '|---|---:|');
  for (const severity of SEVERITY_ORDER) out.push(`| ${severity} | ${s.bySeverity[severity]} |`);
  out.push('', '| Rule | Severity | Non-compliant | Findings | Errors |', '|---|---|---:|---:|---:|');
  for (const r of s.byRule) out.push(`| ${code(r.ruleId)} ${mdCell(r.title)} | ${r.severity} | ${r.nonCompliant} | ${r.findings} | ${r.errors} |`);
  for (const rule of rules) {
    const failing = result.evaluations.filter((e) => e.ruleId === rule.id && e.complianceType === 'NON_COMPLIANT');
    if (failing.length === 0) continue;
    out.push('', `## ${code(rule.id)} (${rule.severity}): ${mdCell(rule.title)}`, '', '| Resource | Name | Finding | Message |', '|---|---|---|---|');
    for (const e of failing) {
      for (const f of findingsOf(e)) out.push(`| ${code(e.resourceId)} | ${mdCell(name(e.resourceId) ?? '')} | ${code(f.key)} | ${mdCell(f.message)} |`);
    }
  }
  if (result.errors.length > 0) {
    out.push('', '## Errors (not judged)', '');
    for (const e of result.errors) out.push(`- ${code(e.ruleId)}${e.resourceId ? ` ${code(e.resourceId)}` : ''}: ${mdCell(e.message)}`);
  }
  if ((result.warnings ?? []).length > 0) {
    out.push('', '## Warnings', '');
    for (const w of result.warnings ?? []) out.push(`- ${mdCell(w.message)}`);
  }
  if (options.plan && result.remediations.length > 0) {
    out.push('', '## Remediation plan (nothing has been changed)', '');
    for (const p of result.remediations) {
      out.push(`- **${p.status}** ${code(p.ruleId)} ${code(p.resourceId)}: ${mdCell(p.summary)}`);
      if (p.diff) out.push('', '  ```diff', ...p.diff.trimEnd().split('\n').map((l) => `  ${l}`), '  ```', '');
    }
  }
  return `${out.join('\n')}\n`;
}
