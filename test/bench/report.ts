// The benchmark's results: one row per figure, with its target and verdict; printed as one table
// and written to bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

export interface Row {
  section: string;
  measure: string;
  value: number;
  unit: string;
  /** The target, as a sentence fragment (`≤ 3× floor = 6.9 s`); absent for figures only reported. */
  target?: string;
  ok?: boolean;
}

export class Results {
  readonly rows: Row[] = [];
  readonly details: Record<string, unknown> = {};

  /** A figure reported without a target. */
  figure(section: string, measure: string, value: number, unit: string): void {
    this.rows.push({ section, measure, value, unit });
  }

  /** A figure with a target: `ok` when value ≤ limit. */
  atMost(section: string, measure: string, value: number, unit: string, limit: number, target: string): void {
    this.rows.push({ section, measure, value, unit, target, ok: value <= limit });
  }

  /** A yes/no target. */
  check(section: string, measure: string, ok: boolean, target: string): void {
    this.rows.push({ section, measure, value: ok ? 1 : 0, unit: ok ? 'yes' : 'no', target, ok });
  }

  get misses(): Row[] {
    return this.rows.filter((r) => r.ok === false);
  }
}

function show(value: number, unit: string): string {
  if (unit === 'yes' || unit === 'no') return unit;
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return unit ? `${value.toFixed(digits)} ${unit}` : value.toFixed(digits);
}

/** The table, one row per figure: section, measure, value, target, ok/MISS. */
export function renderTable(results: Results): string {
  const rows = results.rows.map((r) => [r.section, r.measure, show(r.value, r.unit), r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS']);
  const head = ['section', 'measure', 'value', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Writes bench/results.json: the environment, every row and the sections' details. */
export function writeResults(path: string, results: Results, settings: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const out = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    settings,
    misses: results.misses.length,
    rows: results.rows,
    details: results.details,
  };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
