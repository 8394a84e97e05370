// Section 1: what a user runs. `vpce-guard scan --format json` on snapshot files of the AWS CLI's
// shape, in a fresh process each time, beside the floor measured the same way: a node process that
// reads and JSON.parses the same file and does nothing else.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { median, type Results } from './report.js';
import type { Scratch } from './child.js';
import { BENCH_CONFIG } from './synthetic-account.js';
import { writeSnapshotFile } from './snapshot-file.js';

const SECTION = '1 end to end';
// Targets (issue 13).
const MAX_FLOOR_MULTIPLE = 3;
const MAX_RSS_PER_INPUT_BYTE = 4;
const MAX_OUTPUT_BYTES_PER_ENDPOINT = 1536;
const MAX_GROWTH_10X = 11;
const TARGET_SIZE = 100_000;

interface Figures {
  endpoints: number;
  inputBytes: number;
  floorWallMs: number;
  floorCpuMs: number;
  floorRssBytes: number;
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  outputBytes: number;
  contract: string[];
}

type Json = Record<string, unknown>;

/** What is wrong with the report against the JSON contract (empty: intact). */
export function contractProblems(text: string, endpoints: number): string[] {
  const problems: string[] = [];
  let out: Json;
  try {
    out = JSON.parse(text) as Json;
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  for (const key of ['tool', 'generatedAt', 'account', 'region', 'summary', 'evaluations', 'remediations', 'errors']) {
    if (!(key in out)) problems.push(`no "${key}"`);
  }
  const evaluations = (out.evaluations ?? []) as Json[];
  const remediations = (out.remediations ?? []) as Json[];
  const summary = (out.summary ?? {}) as Json;
  if (summary.evaluations !== evaluations.length) problems.push(`summary counts ${String(summary.evaluations)} evaluations, the list has ${evaluations.length}`);
  if (evaluations.length < endpoints) problems.push(`${evaluations.length} evaluations for ${endpoints} endpoints`);
  if (((out.errors ?? []) as unknown[]).length) problems.push(`${(out.errors as unknown[]).length} errors`);
  if (evaluations.some((e) => typeof e.severity !== 'string' || typeof e.title !== 'string' || typeof e.annotation !== 'string')) problems.push('an evaluation lacks severity, title or annotation');
  // A plan says exactly what it would send: every step an action with its full parameters, a
  // policy rewrite the whole new document (what ModifyVpcEndpoint would be sent), the same as `after`.
  let policyPlans = 0;
  for (const plan of remediations) {
    const steps = (plan.steps ?? []) as Json[];
    if (plan.status === 'planned' && steps.length === 0) problems.push(`planned ${String(plan.resourceId)} has no steps`);
    for (const step of steps) {
      const parameters = step.parameters as Json | undefined;
      if (typeof step.action !== 'string' || !parameters || typeof parameters !== 'object') {
        problems.push(`a step of ${String(plan.resourceId)} is not an action with parameters`);
        continue;
      }
      if ('PolicyDocument' in parameters) {
        policyPlans++;
        const policy = parameters.PolicyDocument;
        if (typeof policy !== 'string') problems.push(`the policy step of ${String(plan.resourceId)} does not carry the document`);
        else if (policy !== (plan.after as Json | undefined)?.PolicyDocument) problems.push(`the policy sent for ${String(plan.resourceId)} differs from its after state`);
      }
    }
    if (problems.length > 20) break;
  }
  if (policyPlans === 0) problems.push('no policy rewrite planned (the account has permissive policies)');
  return problems.slice(0, 20);
}

async function measure(scratch: Scratch, endpoints: number, repeat: number, cli: string): Promise<Figures> {
  const snapshot = scratch.path(`snapshot-${endpoints}.json`);
  const inputBytes = writeSnapshotFile(endpoints, snapshot);
  const config = scratch.path('config.json');
  writeFileSync(config, JSON.stringify({ ...BENCH_CONFIG, accountId: '555544443333' }));
  const output = scratch.path(`report-${endpoints}.json`);
  const floors = [];
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    floors.push(await scratch.run(['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(snapshot)}, 'utf8'))`]));
    const run = await scratch.run([cli, 'scan', '--snapshot', snapshot, '--config', config, '--format', 'json', '--exit-zero'], { stdoutFile: output });
    if (run.code !== 0) throw new Error(`vpce-guard scan of ${endpoints} endpoints exited ${run.code}: ${run.stderr.trim().slice(0, 500)}`);
    runs.push(run);
  }
  const outputBytes = statSync(output).size;
  const contract = contractProblems(readFileSync(output, 'utf8'), endpoints);
  return {
    endpoints,
    inputBytes,
    floorWallMs: median(floors.map((f) => f.wallMs)),
    floorCpuMs: median(floors.map((f) => f.cpuMs)),
    floorRssBytes: median(floors.map((f) => f.peakRssBytes)),
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    outputBytes,
    contract,
  };
}

const MB = 2 ** 20;

/** Runs section 1 at each size (the largest two give the growth) and records rows. */
export async function runEndToEnd(results: Results, scratch: Scratch, sizes: readonly number[], repeat: number, cli: string): Promise<void> {
  const all: Figures[] = [];
  for (const endpoints of sizes) {
    process.stderr.write(`bench: end to end, ${endpoints} endpoints…\n`);
    const f = await measure(scratch, endpoints, repeat, cli);
    all.push(f);
    const k = `${endpoints / 1000}k`;
    results.figure(SECTION, `${k} input file`, f.inputBytes / MB, 'MB');
    results.figure(SECTION, `${k} floor (read + JSON.parse) wall`, f.floorWallMs / 1000, 's');
    // The time and memory targets are set for 100,000 endpoints; smaller runs report the figures.
    if (endpoints >= TARGET_SIZE) {
      results.atMost(SECTION, `${k} scan wall`, f.wallMs / 1000, 's', (f.floorWallMs * MAX_FLOOR_MULTIPLE) / 1000, `≤ ${MAX_FLOOR_MULTIPLE}× floor = ${((f.floorWallMs * MAX_FLOOR_MULTIPLE) / 1000).toFixed(1)} s`);
    } else results.figure(SECTION, `${k} scan wall (${(f.wallMs / f.floorWallMs).toFixed(1)}× floor)`, f.wallMs / 1000, 's');
    results.figure(SECTION, `${k} scan CPU`, f.cpuMs / 1000, 's');
    if (endpoints >= TARGET_SIZE) {
      results.atMost(SECTION, `${k} scan peak RSS`, f.peakRssBytes / MB, 'MB', (f.inputBytes * MAX_RSS_PER_INPUT_BYTE) / MB, `≤ ${MAX_RSS_PER_INPUT_BYTE}× input = ${((f.inputBytes * MAX_RSS_PER_INPUT_BYTE) / MB).toFixed(0)} MB`);
    } else results.figure(SECTION, `${k} scan peak RSS (${(f.peakRssBytes / f.inputBytes).toFixed(1)}× input)`, f.peakRssBytes / MB, 'MB');
    results.figure(SECTION, `${k} output`, f.outputBytes / MB, 'MB');
    results.atMost(SECTION, `${k} output per endpoint`, f.outputBytes / endpoints, 'B', MAX_OUTPUT_BYTES_PER_ENDPOINT, `≤ ${MAX_OUTPUT_BYTES_PER_ENDPOINT} B`);
    results.check(SECTION, `${k} JSON contract intact`, f.contract.length === 0, f.contract.length ? f.contract.slice(0, 2).join('; ') : 'plans carry what they send');
  }
  if (all.length >= 2) {
    const [a, b] = all.slice(-2) as [Figures, Figures];
    const limit = (MAX_GROWTH_10X * b.endpoints) / a.endpoints / 10;
    results.atMost(SECTION, `wall growth ${a.endpoints / 1000}k → ${b.endpoints / 1000}k`, b.wallMs / a.wallMs, '×', limit, `≤ ${limit.toFixed(1)}× (linear)`);
  }
  results.details.endToEnd = all;
}
