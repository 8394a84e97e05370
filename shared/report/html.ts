import { SEVERITY_ORDER } from './severity.js';
import { findingsOf, summarise } from './summary.js';
import { nameLookup, type ReportInput } from './types.js';
import { renderVpcDiagram } from './vpc-diagram.js';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
:root { --bad: #c62828; --ok: #2e7d32; --muted: #667; --line: #d8dbe2; font-family: system-ui, sans-serif; color: #1d2330; }
body { margin: 0 auto; max-width: 1400px; padding: 24px; }
h1 { margin: 0 0 4px; font-size: 24px; } h2 { margin-top: 36px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin-bottom: 16px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 26px; } .card.bad b { color: var(--bad); } .card.ok b { color: var(--ok); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
td.n { text-align: right; } code { font-size: 13px; }
.sev { font-weight: 600; padding: 1px 6px; border-radius: 4px; color: #fff; font-size: 12px; }
.sev-CRITICAL { background: #7b1fa2; } .sev-HIGH { background: var(--bad); } .sev-MEDIUM { background: #ef6c00; } .sev-LOW { background: #0277bd; }
.vpc { margin-bottom: 28px; } .vpc .problems { color: var(--bad); }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fafbfc; }
svg.diagram { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; display: block; }
svg .zone rect { fill: #eef3fb; stroke: #9fb3d1; stroke-dasharray: 4 3; } svg .zone text { fill: #46618a; font-weight: 600; }
svg .node rect { fill: #fff; stroke: #8a93a6; stroke-width: 1.2; }
svg .node.gateway rect { fill: #e8f5e9; } svg .node.interface rect { fill: #e3f2fd; } svg .node.route-table rect { fill: #fff8e1; }
svg .node.bad rect { stroke: var(--bad); stroke-width: 2.5; }
svg .node .id { font-weight: 700; } svg .node .bad { fill: var(--bad); font-weight: 600; }
svg .edge { fill: none; stroke: #667; stroke-width: 1.4; }
svg .edge.missing { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 6 4; }
svg .dim { opacity: 0.2; }
.legend span { margin-right: 16px; } .legend i { display: inline-block; width: 26px; height: 0; border-top: 2px solid #667; vertical-align: middle; margin-right: 4px; }
.legend i.missing { border-top: 2px dashed var(--bad); }
`;

// Hovering a node fades what is not connected to it. No network, no libraries.
const SCRIPT = `
for (const svg of document.querySelectorAll('svg.diagram')) {
  const nodes = [...svg.querySelectorAll('.node')];
  const edges = [...svg.querySelectorAll('.edge')];
  for (const node of nodes) {
    const id = node.dataset.id;
    node.addEventListener('mouseenter', () => {
      const near = new Set([id]);
      for (const e of edges) if (e.dataset.from === id || e.dataset.to === id) { near.add(e.dataset.from); near.add(e.dataset.to); }
      for (const n of nodes) n.classList.toggle('dim', !near.has(n.dataset.id));
      for (const e of edges) e.classList.toggle('dim', e.dataset.from !== id && e.dataset.to !== id);
    });
    node.addEventListener('mouseleave', () => { for (const x of [...nodes, ...edges]) x.classList.remove('dim'); });
  }
}
`;

/**
 * The scan as one self-contained HTML page (no network: inline CSS, SVG and a few lines of script;
 * a Content-Security-Policy forbids loading anything): the summary, the findings by severity and
 * rule, errors and warnings, and for each VPC a diagram of its subnets by availability zone, the
 * route tables serving them and its endpoints, missing associations and open groups marked.
 */
export function renderHtml(input: ReportInput): string {
  const { result, rules, model } = input;
  const s = summarise(result, rules);
  const name = nameLookup(model);
  const label = (id: string) => `<code>${esc(id)}</code>${name(id) ? ` ${esc(name(id)!)}` : ''}`;
  const out: string[] = [];
  const where = [model.accountId && `account ${model.accountId}`, model.region && `region ${model.region}`].filter(Boolean).join(', ');
  out.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>vpce-guard report${where ? `: ${esc(where)}` : ''}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1>vpce-guard report</h1><div class="meta">${esc([where, `${input.tool.name} ${input.tool.version}`, input.generatedAt].filter(Boolean).join(' · '))}</div>`);
  out.push('<section id="summary"><div class="cards">');
  out.push(`<div class="card ${s.nonCompliant ? 'bad' : 'ok'}"><b>${s.nonCompliant}</b>non-compliant</div><div class="card ok"><b>${s.compliant}</b>compliant</div>`);
  out.push(`<div class="card"><b>${s.notApplicable}</b>not applicable</div><div class="card ${s.errors ? 'bad' : ''}"><b>${s.errors}</b>errors</div>`);
  for (const sev of SEVERITY_ORDER) out.push(`<div class="card"><b>${s.bySeverity[sev]}</b><span class="sev sev-${sev}">${sev}</span></div>`);
  out.push('</div>');
  out.push('<table><thead><tr><th>Rule</th><th>Severity</th><th>Non-compliant</th><th>Findings</th><th>Errors</th></tr></thead><tbody>');
  for (const r of s.byRule) {
    out.push(`<tr><td><code>${esc(r.ruleId)}</code> ${esc(r.title)}</td><td><span class="sev sev-${r.severity}">${r.severity}</span></td><td class="n">${r.nonCompliant}</td><td class="n">${r.findings}</td><td class="n">${r.errors}</td></tr>`);
  }
  out.push('</tbody></table></section>');

  out.push('<section id="findings"><h2>Findings by severity and rule</h2>');
  const ordered = [...rules].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  let any = false;
  for (const rule of ordered) {
    const failing = result.evaluations.filter((e) => e.ruleId === rule.id && e.complianceType === 'NON_COMPLIANT');
    if (failing.length === 0) continue;
    any = true;
    out.push(`<h3><span class="sev sev-${rule.severity}">${rule.severity}</span> <code>${esc(rule.id)}</code> ${esc(rule.title)}</h3>`);
    out.push('<table class="findings"><thead><tr><th>Resource</th><th>Finding</th><th>Message</th></tr></thead><tbody>');
    for (const e of failing) for (const f of findingsOf(e)) out.push(`<tr data-rule="${esc(rule.id)}"><td>${label(e.resourceId)}</td><td><code>${esc(f.key)}</code></td><td>${esc(f.message)}</td></tr>`);
    out.push('</tbody></table>');
  }
  if (!any) out.push('<p>No non-compliant resources.</p>');
  if (result.errors.length > 0) {
    out.push('<h3>Errors (not judged)</h3><ul>');
    for (const e of result.errors) out.push(`<li><code>${esc(e.ruleId)}</code>${e.resourceId ? ` ${label(e.resourceId)}` : ''}: ${esc(e.message)}</li>`);
    out.push('</ul>');
  }
  if ((result.warnings ?? []).length > 0) {
    out.push('<h3>Warnings</h3><ul>');
    for (const w of result.warnings ?? []) out.push(`<li>${esc(w.message)}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');

  out.push('<section id="vpcs"><h2>VPCs</h2>');
  out.push('<p class="legend"><span><i></i>association (endpoint → route table, table → subnet, interface endpoint → its subnets)</span><span><i class="missing"></i>missing route-table association</span><span>red border: a non-compliant resource or a missed table</span></p>');
  const vpcIds = [...new Set([...model.vpcs.map((v) => v.id), ...model.endpoints.map((e) => e.vpcId)])];
  for (const vpcId of vpcIds) {
    const problems = result.evaluations.filter((e) => e.resourceId === vpcId && e.complianceType === 'NON_COMPLIANT');
    out.push(`<section class="vpc" id="${esc(vpcId)}"><h3>${label(vpcId)}${model.vpc(vpcId) ? ` <small>${esc(model.vpc(vpcId)!.ipv4Cidrs.join(', '))}</small>` : ''}</h3>`);
    for (const p of problems) out.push(`<p class="problems">✗ <code>${esc(p.ruleId)}</code>: ${esc(p.annotation)}</p>`);
    out.push(`<div class="scroll">${renderVpcDiagram(model, vpcId, result.evaluations, name)}</div></section>`);
  }
  if (vpcIds.length === 0) out.push('<p>No VPCs in the input.</p>');
  out.push('</section>');
  out.push(`<script>${SCRIPT}</script></body></html>`);
  return `${out.join('\n')}\n`;
}
