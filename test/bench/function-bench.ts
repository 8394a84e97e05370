// Sections 3–5: the deployed bundles (dist/functions/<name>/index.mjs), each invocation in a fresh
// `node` process against a counting loopback AWS (test/bench/counting-stand-in.ts).
//   3. the periodic Config run of every rule on a 10k-endpoint account, in 512 MB;
//   4. the API calls of periodic and change-triggered evaluations, beside the fewest possible;
//   5. cold start: import + one invocation, beside a naive build of the same handler.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import type { Rule } from '../../shared/rules/types.js';
import { changeEvent, complianceChangeEvent, endpointItem, modifyEndpointEvent, scheduledEvent } from '../harness/events.js';
import type { Scratch } from './child.js';
import { PAGE, startCountingStandIn, type CountingStandIn } from './counting-stand-in.js';
import { median, type Results } from './report.js';
import { cliSnapshot } from './snapshot-file.js';
import { BENCH_CONFIG } from './synthetic-account.js';

type Raw = Record<string, unknown>;

const LAMBDA_MB = 512;
// The Node.js Lambda runtime gives the V8 heap most of the memory; the rest is code and buffers.
const HEAP_MB = Math.round(LAMBDA_MB * 0.9);
const MAX_CALLS_OVER_MINIMUM = 1.2;
const MAX_COLD_SHARE_OF_NAIVE = 0.5;
const ROUTE_TABLE_PAGE = 100; // DescribeRouteTables returns at most 100 a page
const FILTER_VALUES = 200;
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:vpce-guard-alerts';

const FUNCTIONS = ['config-rule', 'api-change', 'compliance-alert'] as const;
// Model parts the counting stand-in serves; a rule that needs another is not benched here.
const SERVED = new Set(['routeTables', 'vpcs', 'subnets', 'securityGroups', 'vpcDns']);
const NEEDS_SERVICE_DETAILS = new Set(['endpoint-policy-restricted']);
const RULE_NAMES = CATALOGUE.map((r) => `vpce-guard-${r.id}`);

function functionEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(LAMBDA_MB),
    POWERTOOLS_SERVICE_NAME: 'vpce-guard',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    VPCE_GUARD_CONFIG: JSON.stringify(BENCH_CONFIG),
    ALERT_TOPIC_ARN: TOPIC,
    NODE_NO_WARNINGS: '1',
  };
}

interface Invocation {
  ok: boolean;
  error?: string;
  importMs: number;
  invokeMs: number;
  peakRssBytes: number;
  calls: Map<string, number>;
}

async function invoke(scratch: Scratch, standIn: CountingStandIn, bundle: string, event: unknown, nodeArgs: string[] = []): Promise<Invocation> {
  const eventFile = scratch.path('event.json');
  const outFile = scratch.path('outcome.json');
  writeFileSync(eventFile, JSON.stringify(event));
  standIn.reset();
  const run = await scratch.run([...nodeArgs, join(process.cwd(), 'test/bench/invoke-child.mjs'), bundle, eventFile, outFile], { env: functionEnv(standIn.url) });
  let outcome: { ok: boolean; error?: string; importMs: number; invokeMs: number };
  try {
    outcome = JSON.parse(readFileSync(outFile, 'utf8')) as typeof outcome;
  } catch {
    outcome = { ok: false, error: `the process ended without an outcome (exit ${run.code}): ${run.stderr.trim().split('\n').slice(-2).join(' | ')}`, importMs: 0, invokeMs: 0 };
  }
  rmSync(outFile, { force: true });
  return { ...outcome, peakRssBytes: run.peakRssBytes, calls: new Map(standIn.calls) };
}

const sum = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The fewest calls a periodic evaluation of `rule` can make on `account`. */
function minimumPeriodicCalls(rule: Rule, account: Record<string, Raw[]>): Map<string, number> {
  const endpoints = account.VpcEndpoints!;
  const min = new Map<string, number>([['DescribeVpcEndpoints', pages(endpoints.length, PAGE)]]);
  const parts = new Set<string>(rule.requires);
  if (parts.has('routeTables')) min.set('DescribeRouteTables', pages(account.RouteTables!.length, ROUTE_TABLE_PAGE));
  if (parts.has('vpcs')) min.set('DescribeVpcs', pages(account.Vpcs!.length, PAGE));
  if (parts.has('subnets')) min.set('DescribeSubnets', pages(account.Subnets!.length, PAGE));
  if (parts.has('securityGroups')) min.set('DescribeSecurityGroups', pages(account.SecurityGroups!.length, PAGE));
  if (parts.has('vpcDns')) {
    // Only where the DNS rule needs it: gateways need DNS support, private DNS needs hostnames too.
    const needs = new Map<string, Set<string>>();
    for (const e of endpoints) {
      const set = needs.get(String(e.VpcId)) ?? new Set<string>();
      if (e.VpcEndpointType === 'Gateway' || e.PrivateDnsEnabled) set.add('support');
      if (e.VpcEndpointType === 'Interface' && e.PrivateDnsEnabled) set.add('hostnames');
      needs.set(String(e.VpcId), set);
    }
    min.set('DescribeVpcAttribute', [...needs.values()].reduce((n, s) => n + s.size, 0));
  }
  if (NEEDS_SERVICE_DETAILS.has(rule.id)) min.set('DescribeVpcEndpointServices', pages(new Set(endpoints.map((e) => e.ServiceName)).size, FILTER_VALUES));
  const resources = rule.resourceType === 'AWS::EC2::VPC' ? account.Vpcs!.length : endpoints.length;
  min.set('PutEvaluations', pages(resources, 100));
  min.set('GetComplianceDetailsByConfigRule', 1); // nothing stored yet: one empty page
  return min;
}

function benchable(rule: Rule): boolean {
  return rule.requires.every((p) => SERVED.has(p));
}

const MB = 2 ** 20;

/** Sections 3 and 4 (periodic): every benchable rule's periodic run on an account of `endpoints`. */
export async function runPeriodic(results: Results, scratch: Scratch, endpoints: number): Promise<void> {
  process.stderr.write(`bench: periodic Config runs on ${endpoints} endpoints…\n`);
  const account = cliSnapshot(endpoints);
  const standIn = await startCountingStandIn(account, RULE_NAMES);
  const bundle = join(process.cwd(), 'dist/functions/config-rule/index.mjs');
  const rows: Raw[] = [];
  try {
    for (const rule of CATALOGUE) {
      if (!benchable(rule)) {
        rows.push({ ruleId: rule.id, skipped: `needs ${rule.requires.filter((p) => !SERVED.has(p)).join(', ')}, which the bench does not serve` });
        continue;
      }
      const run = await invoke(scratch, standIn, bundle, scheduledEvent(rule.id, `bench-token-${rule.id}`), [`--max-old-space-size=${HEAP_MB}`]);
      const minimum = minimumPeriodicCalls(rule, account);
      rows.push({ ruleId: rule.id, ok: run.ok, error: run.error, ms: run.importMs + run.invokeMs, peakRssMb: run.peakRssBytes / MB, calls: Object.fromEntries(run.calls), minimum: Object.fromEntries(minimum) });
    }
  } finally {
    await standIn.close();
  }
  const ran = rows.filter((r) => r.skipped === undefined);
  const k = `${endpoints / 1000}k`;
  const failed = ran.filter((r) => !r.ok);
  results.check('3 periodic run', `${k}: every rule's run succeeds`, failed.length === 0, failed.length ? `${String(failed[0]!.ruleId)}: ${String(failed[0]!.error)}` : `${ran.length} rules, each in a fresh process`);
  const worst = ran.reduce((a, b) => ((b.peakRssMb as number) > (a.peakRssMb as number) ? b : a), ran[0]!);
  results.atMost('3 periodic run', `${k}: peak RSS (worst rule, ${String(worst.ruleId)})`, worst.peakRssMb as number, 'MB', LAMBDA_MB, `≤ ${LAMBDA_MB} MB (heap limit ${HEAP_MB} MB)`);
  const slowest = ran.reduce((a, b) => ((b.ms as number) > (a.ms as number) ? b : a), ran[0]!);
  results.figure('3 periodic run', `${k}: duration (slowest rule, ${String(slowest.ruleId)})`, (slowest.ms as number) / 1000, 's');
  const made = ran.reduce((n, r) => n + sum(new Map(Object.entries(r.calls as Record<string, number>))), 0);
  const fewest = ran.reduce((n, r) => n + sum(new Map(Object.entries(r.minimum as Record<string, number>))), 0);
  results.figure('4 API calls', `periodic, ${k}, ${ran.length} rules: calls (minimum ${fewest})`, made, '');
  results.atMost('4 API calls', `periodic, ${k}: calls over minimum`, made / fewest, '×', MAX_CALLS_OVER_MINIMUM, `≤ ${MAX_CALLS_OVER_MINIMUM}×`);
  const over = ran.filter((r) => sum(new Map(Object.entries(r.calls as Record<string, number>))) > MAX_CALLS_OVER_MINIMUM * sum(new Map(Object.entries(r.minimum as Record<string, number>))));
  results.check('4 API calls', `periodic, ${k}: each rule within ${MAX_CALLS_OVER_MINIMUM}×`, over.length === 0, over.length ? `over: ${over.map((r) => String(r.ruleId)).join(', ')}` : 'every rule');
  results.details.periodic = { endpoints, rules: rows };
}

/** Section 4 (change-triggered): the same change in an account of 4 VPCs and of 40 costs the same calls. */
export async function runChangeTriggered(results: Results, scratch: Scratch): Promise<void> {
  process.stderr.write('bench: change-triggered evaluations, 4 and 40 VPCs…\n');
  const bundle = join(process.cwd(), 'dist/functions/config-rule/index.mjs');
  const byRule = new Map<string, Record<number, number>>();
  const errors: string[] = [];
  for (const vpcs of [4, 40]) {
    const account = cliSnapshot(vpcs * 50);
    // An interface endpoint with private DNS in the first VPC: every endpoint rule judges it.
    const endpoint = account.VpcEndpoints!.find((e) => e.VpcEndpointType === 'Interface' && e.State === 'available')!;
    const standIn = await startCountingStandIn(account, RULE_NAMES);
    try {
      for (const rule of CATALOGUE.filter(benchable)) {
        const run = await invoke(scratch, standIn, bundle, changeEvent(rule.id, `bench-token-${rule.id}`, endpointItem(endpoint as never)));
        if (!run.ok) errors.push(`${rule.id} (${vpcs} VPCs): ${run.error}`);
        byRule.set(rule.id, { ...byRule.get(rule.id), [vpcs]: sum(run.calls) });
      }
    } finally {
      await standIn.close();
    }
  }
  const differ = [...byRule].filter(([, c]) => c[4] !== c[40]);
  const total = (v: number) => [...byRule.values()].reduce((n, c) => n + (c[v] ?? 0), 0);
  results.figure('4 API calls', `change-triggered, ${byRule.size} rules: calls for 4 VPCs (40 VPCs: ${total(40)})`, total(4), '');
  results.check('4 API calls', 'change-triggered: same calls for 4 and 40 VPCs', differ.length === 0 && errors.length === 0, errors.length ? errors[0]! : differ.length ? `differ: ${differ.map(([id, c]) => `${id} ${c[4]}/${c[40]}`).join(', ')}` : 'every rule');
  results.details.changeTriggered = { calls: Object.fromEntries(byRule), errors };
}

/** The naive build of a handler: the SDK left external (as the runtime provides it), esbuild's default main fields. */
async function naiveBuild(name: string, dir: string): Promise<string> {
  const outfile = join(dir, name, 'index.mjs');
  await build({
    entryPoints: [`functions/${name}/handler.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'],
    banner: { js: "import { createRequire as __vg_createRequire } from 'node:module';\nconst require = __vg_createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

/** Section 5: per function, bundle bytes and the median import + one invocation over `runs` fresh processes, beside the naive build. */
export async function runColdStart(results: Results, scratch: Scratch, runs: number): Promise<void> {
  process.stderr.write(`bench: cold start, ${runs} runs per build…\n`);
  // Beside node_modules, so that the naive bundles resolve the SDK they leave external.
  const dir = join(process.cwd(), 'node_modules/.cache/vpce-guard-bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const account = cliSnapshot(200);
  const endpoint = account.VpcEndpoints!.find((e) => e.VpcEndpointType === 'Interface' && e.State === 'available')!;
  const events: Record<(typeof FUNCTIONS)[number], unknown> = {
    'config-rule': changeEvent('endpoint-policy-restricted', 'bench-token', endpointItem(endpoint as never)),
    'api-change': modifyEndpointEvent(String(endpoint.VpcEndpointId)),
    'compliance-alert': complianceChangeEvent('gateway-endpoint-route-tables', String(endpoint.VpcEndpointId), 'NON_COMPLIANT', 'COMPLIANT'),
  };
  const standIn = await startCountingStandIn(account, RULE_NAMES);
  const details: Raw[] = [];
  try {
    for (const name of FUNCTIONS) {
      const ours = join(process.cwd(), `dist/functions/${name}/index.mjs`);
      const naive = await naiveBuild(name, dir);
      const times = { ours: [] as number[], naive: [] as number[] };
      let failure: string | undefined;
      for (let i = 0; i < runs; i++) {
        for (const [kind, bundle] of [['ours', ours], ['naive', naive]] as const) {
          const run = await invoke(scratch, standIn, bundle, events[name]);
          if (!run.ok) failure ??= `${kind}: ${run.error}`;
          times[kind].push(run.importMs + run.invokeMs);
        }
      }
      const oursMs = median(times.ours);
      const naiveMs = median(times.naive);
      results.figure('5 cold start', `${name}: bundle`, statSync(ours).size / 1024, 'KB');
      results.figure('5 cold start', `${name}: naive import + invoke`, naiveMs, 'ms');
      results.atMost('5 cold start', `${name}: import + invoke`, oursMs, 'ms', naiveMs * MAX_COLD_SHARE_OF_NAIVE, `≤ ½ naive = ${(naiveMs * MAX_COLD_SHARE_OF_NAIVE).toFixed(0)} ms`);
      results.check('5 cold start', `${name}: invocation succeeds`, failure === undefined, failure ?? 'both builds');
      details.push({ name, bundleBytes: statSync(ours).size, naiveBundleBytes: statSync(naive).size, oursMs, naiveMs, times, failure });
    }
  } finally {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  }
  results.details.coldStart = details;
}
