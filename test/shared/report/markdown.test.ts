import { describe, expect, it } from 'vitest';
import { mdCell, renderMarkdown } from '../../../shared/report/markdown.js';
import { reportOf } from '../../helpers/report.js';

describe('renderMarkdown', () => {
  const input = reportOf();
  const md = renderMarkdown(input, { plan: false });

  it('opens with the counts, then tables by severity and by rule', () => {
    const nonCompliant = input.result.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length;
    expect(md.split('\n')[0]).toBe(`# vpce-guard: ${nonCompliant} non-compliant of ${input.result.evaluations.length} evaluations`);
    expect(md).toContain('| Severity | Non-compliant |\n|---|---:|\n| CRITICAL | 0 |\n| HIGH | ');
    for (const rule of input.rules) expect(md).toMatch(new RegExp(`^\\| \`${rule.id}\` .* \\| ${rule.severity} \\| \\d+ \\| \\d+ \\| \\d+ \\|$`, 'm'));
  });

  it('lists each finding of a non-compliant resource with its Name tag, under its rule', () => {
    const section = md.slice(md.indexOf('## `gateway-endpoint-route-tables` (HIGH)'));
    expect(section).toContain('| `vpce-0b4d6f8a1c3e5a702` | prod-dynamodb | `RouteTable::rtb-0c2e4a6b8d1f3a504` | Route table rtb-0c2e4a6b8d1f3a504 serves');
    expect(md).not.toContain('COMPLIANT |');
  });

  it('prints the plan with its diffs only when asked', () => {
    expect(md).not.toContain('## Remediation plan');
    const withPlan = renderMarkdown(input, { plan: true });
    expect(withPlan).toContain('## Remediation plan (nothing has been changed)');
    expect(withPlan).toContain('```diff');
  });

  it('keeps table cells intact whatever a tag or message holds', () => {
    expect(mdCell('a|b\nc <script>')).toBe('a\\|b<br>c &lt;script&gt;');
  });
});
