// `npm run bench` (never part of `npm test`): what users run, measured against the targets of
// issue 13, printed as one table and written to bench/results.json. Exits 1 when a target is
// missed. See bench/README.md for the sections, the settings and what each target protects.
//
// Settings (environment): BENCH_SIZES (end-to-end and core sizes, default 10000,100000),
// BENCH_REPEAT (runs per end-to-end and core figure, median; default 3), BENCH_CONFIG_ENDPOINTS
// (the periodic run's account, default 10000), BENCH_COLD_RUNS (default 20), BENCH_SECTIONS
// (comma-separated: e2e,core,periodic,change,cold,policy; default all).
import { join } from 'node:path';
import { Scratch } from './child.js';
import { runCore } from './core-bench.js';
import { runEndToEnd } from './e2e-bench.js';
import { runChangeTriggered, runColdStart, runPeriodic } from './function-bench.js';
import { runPolicyBench } from './policy-bench.js';
import { renderTable, Results, writeResults } from './report.js';

function numbers(name: string, fallback: string): number[] {
  const list = (process.env[name] ?? fallback).split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name}: expected positive integers separated by commas, got "${process.env[name]}"`);
  return list;
}

const sizes = numbers('BENCH_SIZES', '10000,100000');
const [repeat] = numbers('BENCH_REPEAT', '3') as [number];
const [configEndpoints] = numbers('BENCH_CONFIG_ENDPOINTS', '10000') as [number];
const [coldRuns] = numbers('BENCH_COLD_RUNS', '20') as [number];
const ALL = ['e2e', 'core', 'periodic', 'change', 'cold', 'policy'];
const sections = new Set((process.env.BENCH_SECTIONS ?? ALL.join(',')).split(',').map((s) => s.trim()));
const unknown = [...sections].filter((s) => !ALL.includes(s));
if (unknown.length) throw new Error(`BENCH_SECTIONS: unknown ${unknown.join(', ')} (known: ${ALL.join(', ')})`);

const results = new Results();
const scratch = new Scratch();
const started = performance.now();
try {
  if (sections.has('e2e')) await runEndToEnd(results, scratch, sizes, repeat, join(process.cwd(), 'dist/cli.js'));
  if (sections.has('core')) runCore(results, sizes, repeat);
  if (sections.has('periodic')) await runPeriodic(results, scratch, configEndpoints);
  if (sections.has('change')) await runChangeTriggered(results, scratch);
  if (sections.has('cold')) await runColdStart(results, scratch, coldRuns);
  if (sections.has('policy')) {
    // The analyser's own section (test/bench/policy-bench.ts) prints its table and returns its misses.
    const misses = runPolicyBench();
    results.check('policy analyser', 'adversarial policies decided in time', misses.length === 0, misses.length ? misses.join('; ') : 'each ≤ 1 s');
  }
} finally {
  scratch.dispose();
}
const seconds = (performance.now() - started) / 1000;
console.log(`\n${renderTable(results)}\n`);
writeResults('bench/results.json', results, { sizes, repeat, configEndpoints, coldRuns, sections: [...sections], seconds: Math.round(seconds) });
const misses = results.misses;
console.log(`${misses.length ? `MISS: ${misses.length} target(s) missed` : 'ok: every target met'} (${seconds.toFixed(0)} s; bench/results.json written)`);
if (misses.length) process.exitCode = 1;
