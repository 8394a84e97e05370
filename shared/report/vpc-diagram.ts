import dagre from '@dagrejs/dagre';
import type { AccountModel, Endpoint } from '../model/index.js';
import type { EvaluationResult } from '../rules/types.js';

// One diagram per VPC: its endpoints, the route tables serving its subnets, the subnets grouped by
// availability zone. The layout is computed here, at report time, by dagre (a layered graph
// layout); the report holds only the SVG drawn from it.

const CHAR = 7.2; // px per character of the 12px monospace font the diagram uses
const LINE = 16;
const PAD = 10;

export type NodeKind = 'gateway' | 'interface' | 'other-endpoint' | 'route-table' | 'subnet';

interface DiagramNode {
  id: string;
  kind: NodeKind;
  lines: string[];
  /** A non-compliant result names this resource, or a finding names it (an open group, a missed table). */
  bad: boolean;
}

interface DiagramEdge {
  from: string;
  to: string;
  /** A route table a gateway endpoint should have and has not. */
  missing: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function named(id: string, name: string | undefined): string {
  return name ? `${id} (${name})` : id;
}

function shortService(serviceName: string): string {
  return serviceName.replace(/^com\.amazonaws\.(vpce\.)?[a-z0-9-]+\./, '');
}

/** The non-compliant results of each resource, and the findings (by key) of each result. */
function failingBy(evaluations: readonly EvaluationResult[]): Map<string, EvaluationResult[]> {
  const out = new Map<string, EvaluationResult[]>();
  for (const e of evaluations) {
    if (e.complianceType !== 'NON_COMPLIANT') continue;
    const list = out.get(e.resourceId);
    if (list) list.push(e);
    else out.set(e.resourceId, [e]);
  }
  return out;
}

function endpointNode(e: Endpoint, name: (id: string) => string | undefined, failing: EvaluationResult[], openGroups: Set<string>): DiagramNode {
  const kind: NodeKind = e.type === 'Gateway' ? 'gateway' : e.type === 'Interface' ? 'interface' : 'other-endpoint';
  const lines = [named(e.id, name(e.id)), `${e.type} ${shortService(e.serviceName)}${e.state === 'available' ? '' : ` (${e.state})`}`];
  for (const g of e.groupIds) lines.push(`${g}${openGroups.has(g) ? ' OPEN to the internet' : ''}`);
  for (const f of failing) lines.push(`✗ ${f.ruleId}`);
  return { id: e.id, kind, lines, bad: failing.length > 0 };
}

/** Nodes and edges of one VPC's diagram. */
export function vpcGraph(model: AccountModel, vpcId: string, evaluations: readonly EvaluationResult[], name: (id: string) => string | undefined) {
  const failing = failingBy(evaluations);
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const subnets = model.subnetsOf(vpcId);
  const tables = model.routeTablesOf(vpcId);
  const endpoints = model.endpointsInVpc(vpcId);
  const tableIds = new Set(tables.map((t) => t.id));
  const subnetIds = new Set(subnets.map((x) => x.id));
  const missedTables = new Map<string, Set<string>>();
  const openGroups = new Set<string>();
  for (const e of endpoints) {
    for (const result of failing.get(e.id) ?? []) {
      for (const f of result.findings) {
        if (result.ruleId === 'gateway-endpoint-route-tables' && f.key.startsWith('RouteTable::')) {
          const set = missedTables.get(e.id) ?? new Set<string>();
          set.add(f.key.slice('RouteTable::'.length));
          missedTables.set(e.id, set);
        }
        if (f.key.startsWith('SecurityGroup::')) openGroups.add(f.key.slice('SecurityGroup::'.length));
      }
    }
  }
  for (const e of endpoints) {
    nodes.push(endpointNode(e, name, failing.get(e.id) ?? [], openGroups));
    for (const t of e.routeTableIds) if (tableIds.has(t)) edges.push({ from: e.id, to: t, missing: false });
    for (const t of missedTables.get(e.id) ?? []) if (tableIds.has(t)) edges.push({ from: e.id, to: t, missing: true });
    for (const s of e.subnetIds) if (subnetIds.has(s)) edges.push({ from: e.id, to: s, missing: false });
  }
  const missedAnywhere = new Set([...missedTables.values()].flatMap((s) => [...s]));
  const explicit = new Set<string>();
  for (const t of tables) {
    const main = t.associations.some((a) => a.main);
    nodes.push({ id: t.id, kind: 'route-table', lines: [named(t.id, name(t.id)), main ? 'route table (main)' : 'route table'], bad: missedAnywhere.has(t.id) });
    for (const a of t.associations) {
      if (a.subnetId && subnetIds.has(a.subnetId)) {
        explicit.add(a.subnetId);
        edges.push({ from: t.id, to: a.subnetId, missing: false });
      }
    }
  }
  const main = tables.find((t) => t.associations.some((a) => a.main));
  for (const s of subnets) {
    nodes.push({ id: s.id, kind: 'subnet', lines: [named(s.id, name(s.id)), 'subnet'], bad: false });
    if (main && !explicit.has(s.id)) edges.push({ from: main.id, to: s.id, missing: false });
  }
  const zones = new Map<string, string[]>();
  for (const s of subnets) {
    const az = s.availabilityZone ?? s.availabilityZoneId ?? 'zone unknown';
    zones.set(az, [...(zones.get(az) ?? []), s.id]);
  }
  return { nodes, edges, zones };
}

function arrow(id: string, colour: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`;
}

/**
 * One VPC's diagram as an SVG element: endpoints → route tables → subnets (boxed by availability
 * zone), laid out by dagre. Missing route-table associations are dashed red arrows; non-compliant
 * endpoints, open security groups and missed tables are drawn red.
 */
export function renderVpcDiagram(model: AccountModel, vpcId: string, evaluations: readonly EvaluationResult[], name: (id: string) => string | undefined): string {
  const { nodes, edges, zones } = vpcGraph(model, vpcId, evaluations, name);
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const width = Math.ceil(Math.max(...n.lines.map((l) => l.length)) * CHAR + 2 * PAD);
    g.setNode(n.id, { width, height: n.lines.length * LINE + PAD });
  }
  for (const [az, ids] of zones) {
    g.setNode(`az:${az}`, { label: az, paddingTop: 26 });
    for (const id of ids) g.setParent(id, `az:${az}`);
  }
  edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `e${i}`));
  dagre.layout(g);

  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const out: string[] = [];
  out.push(`<svg class="diagram" data-vpc="${escapeXml(vpcId)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Diagram of ${escapeXml(vpcId)}">`);
  out.push(`<defs>${arrow('arrow', '#667')}${arrow('arrow-missing', '#c62828')}</defs>`);
  for (const az of zones.keys()) {
    const c = g.node(`az:${az}`);
    out.push(`<g class="zone"><rect x="${c.x - c.width / 2}" y="${c.y - c.height / 2}" width="${c.width}" height="${c.height}" rx="8"/><text x="${c.x - c.width / 2 + 8}" y="${c.y - c.height / 2 + 17}">${escapeXml(az)}</text></g>`);
  }
  edges.forEach((e, i) => {
    const points: { x: number; y: number }[] = g.edge({ v: e.from, w: e.to, name: `e${i}` }).points ?? [];
    const d = points.map((p: { x: number; y: number }, j: number) => `${j === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
    const cls = e.missing ? 'edge missing' : 'edge';
    out.push(`<path class="${cls}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" d="${d}" marker-end="url(#${e.missing ? 'arrow-missing' : 'arrow'})"><title>${escapeXml(e.missing ? `${e.to} has no route to ${e.from} (missing association)` : `${e.from} → ${e.to}`)}</title></path>`);
  });
  for (const n of nodes) {
    const box = g.node(n.id);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const text = n.lines
      .map((l, i) => `<tspan x="${x + PAD}" y="${y + PAD / 2 + LINE * (i + 1) - 4}"${i === 0 ? ' class="id"' : l.startsWith('✗') || l.includes('OPEN') ? ' class="bad"' : ''}>${escapeXml(l)}</tspan>`)
      .join('');
    out.push(`<g class="node ${n.kind}${n.bad ? ' bad' : ''}" data-id="${escapeXml(n.id)}"><rect x="${x}" y="${y}" width="${box.width}" height="${box.height}" rx="6"/><text>${text}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
