// `npm run bench`: scans synthetic accounts of growing size and checks the targets: 100,000
// endpoints in a few seconds, memory proportional to the input, no quadratic step.
import { resolveConfig, runRules } from '../../shared/engine/index.js';
import { AccountModel, readSnapshot } from '../../shared/model/index.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { BENCH_CONFIG, syntheticSnapshot } from './synthetic-account.js';
import { runPolicyBench } from './policy-bench.js';

const TARGET_SECONDS_100K = 8;
// Time per endpoint at the largest size over time per endpoint at the smallest: 1.0 is linear.
const MAX_GROWTH = 1.5;
const MAX_BYTES_PER_INPUT_BYTE = 8;

interface Row {
  endpoints: number;
  inputMb: number;
  parseMs: number;
  modelMs: number;
  rulesMs: number;
  totalMs: number;
  heapMb: number;
  evaluations: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const keep: unknown[] = [];

function measure(endpoints: number): Row {
  const text = JSON.stringify(syntheticSnapshot(endpoints));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const data = readSnapshot(JSON.parse(text), 'synthetic');
  const t1 = performance.now();
  const model = new AccountModel(data);
  const t2 = performance.now();
  const result = runRules(model, { rules: CATALOGUE, config: resolveConfig(BENCH_CONFIG) });
  const t3 = performance.now();
  // Retained memory: what the model and the results hold once the garbage is collected.
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  keep.push(model, result);
  if (result.errors.length) throw new Error(`bench scan reported errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return {
    endpoints,
    inputMb: text.length / 2 ** 20,
    parseMs: t1 - t0,
    modelMs: t2 - t1,
    rulesMs: t3 - t2,
    totalMs: t3 - t0,
    heapMb,
    evaluations: result.evaluations.length,
  };
}

const sizes = (process.env.BENCH_SIZES ?? '25000,50000,100000').split(',').map(Number);
measure(2_000); // warm-up: JIT and caches
const rows = sizes.map((size) => {
  keep.length = 0;
  return measure(size);
});
console.log('endpoints   input MB   parse+validate ms   model ms   rules ms   total ms   heap MB   evaluations');
for (const r of rows) {
  console.log(
    [r.endpoints, r.inputMb.toFixed(1), r.parseMs.toFixed(0), r.modelMs.toFixed(0), r.rulesMs.toFixed(0), r.totalMs.toFixed(0), r.heapMb.toFixed(0), r.evaluations]
      .map((v, i) => String(v).padStart([9, 10, 19, 10, 10, 10, 9, 13][i]!))
      .join(' '),
  );
}

const failures: string[] = [];
const largest = rows[rows.length - 1]!;
const smallest = rows[0]!;
if (largest.endpoints >= 100_000 && largest.totalMs / 1000 > TARGET_SECONDS_100K) {
  failures.push(`${largest.endpoints} endpoints took ${(largest.totalMs / 1000).toFixed(1)} s (target ${TARGET_SECONDS_100K} s)`);
}
if (rows.length > 1) {
  const growth = largest.totalMs / smallest.totalMs / (largest.endpoints / smallest.endpoints);
  console.log(`time per endpoint, largest over smallest size: ${growth.toFixed(2)} (1.0 is linear)`);
  if (growth > MAX_GROWTH) failures.push(`time grows faster than linear: ${growth.toFixed(2)} (limit ${MAX_GROWTH})`);
}
for (const r of rows) {
  if (r.heapMb > (r.inputMb * MAX_BYTES_PER_INPUT_BYTE)) failures.push(`${r.endpoints} endpoints held ${r.heapMb.toFixed(0)} MB for ${r.inputMb.toFixed(0)} MB of input`);
}
// Adversarial endpoint policies: each decided (or answered "too complex") within 1 s.
failures.push(...runPolicyBench());
if (failures.length) {
  console.log(`FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(`OK: within targets (100k endpoints < ${TARGET_SECONDS_100K} s, linear growth, heap < ${MAX_BYTES_PER_INPUT_BYTE}× input)`);
}
