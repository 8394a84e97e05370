// Section 2: the rule core alone. The catalogue's rules and their plans on the built model, CPU
// time measured in this process (the model is built first and not counted).
import { resolveConfig, runRules } from '../../shared/engine/index.js';
import { AccountModel, readSnapshot } from '../../shared/model/index.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { median, type Results } from './report.js';
import { cliSnapshot } from './snapshot-file.js';
import { BENCH_CONFIG } from './synthetic-account.js';

const SECTION = '2 core';
const MAX_CPU_100K_MS = 1_500;
const MAX_GROWTH_10X = 11;

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Figures {
  endpoints: number;
  evaluations: number;
  remediations: number;
  cpuMs: number;
  wallMs: number;
}

function measure(endpoints: number, repeat: number): Figures {
  const model = new AccountModel(readSnapshot(cliSnapshot(endpoints), `synthetic ${endpoints}`));
  const config = resolveConfig({ ...BENCH_CONFIG, accountId: '555544443333' });
  const cpu: number[] = [];
  const wall: number[] = [];
  let evaluations = 0;
  let remediations = 0;
  for (let i = 0; i < repeat; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = runRules(model, { rules: CATALOGUE, config });
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(c0));
    if (result.errors.length) throw new Error(`core bench: the scan reported errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
    evaluations = result.evaluations.length;
    remediations = result.remediations.length;
  }
  return { endpoints, evaluations, remediations, cpuMs: median(cpu), wallMs: median(wall) };
}

/** Runs section 2 at each size and records rows; the 100k target applies at 100,000 endpoints and more. */
export function runCore(results: Results, sizes: readonly number[], repeat: number): void {
  measure(2_000, 1); // warm-up: JIT and caches
  const all: Figures[] = [];
  for (const endpoints of sizes) {
    process.stderr.write(`bench: core, ${endpoints} endpoints…\n`);
    const f = measure(endpoints, repeat);
    all.push(f);
    const k = `${endpoints / 1000}k`;
    results.figure(SECTION, `${k} evaluations (plans: ${f.remediations})`, f.evaluations, '');
    // The target is set for 100,000 endpoints (pro rata above); smaller runs report the figure.
    const limit = (MAX_CPU_100K_MS * endpoints) / 100_000;
    if (endpoints >= 100_000) results.atMost(SECTION, `${k} rules + plans CPU`, f.cpuMs / 1000, 's', limit / 1000, `≤ ${(limit / 1000).toFixed(2)} s`);
    else results.figure(SECTION, `${k} rules + plans CPU`, f.cpuMs / 1000, 's');
  }
  if (all.length >= 2) {
    const [a, b] = all.slice(-2) as [Figures, Figures];
    const limit = (MAX_GROWTH_10X * b.endpoints) / a.endpoints / 10;
    results.atMost(SECTION, `CPU growth ${a.endpoints / 1000}k → ${b.endpoints / 1000}k`, b.cpuMs / a.cpuMs, '×', limit, `≤ ${limit.toFixed(1)}× (linear)`);
  }
  results.details.core = all;
}
