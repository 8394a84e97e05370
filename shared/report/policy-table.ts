import type { PolicyAnalysis, TighteningPlan } from '../policy/index.js';

/** The human report of `policy check`. */
export function renderPolicyCheck(analysis: PolicyAnalysis): string {
  const lines = [`Verdict: ${analysis.verdict}`];
  for (const f of analysis.findings) lines.push(`  - ${f.key}: ${f.reason}`);
  for (const note of analysis.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The human report of `policy tighten`: the changes, the diff, then the new policy. */
export function renderTightening(plan: TighteningPlan): string {
  if (!plan.changed) return 'The policy is already restricted; nothing to tighten.\n';
  return [
    'Changes:',
    ...plan.changes.map((c) => `  - ${c}`),
    '',
    plan.diff.trimEnd(),
    '',
    'Tightened policy:',
    JSON.stringify(plan.after, null, 2),
    '',
  ].join('\n');
}
