// Runs in a fresh `node` process for the benchmark: imports one function bundle, invokes its
// `handler` once with the event in a file and a fake Lambda context, and writes to a file how long
// the import and the invocation took, whether it succeeded, and the process's resource usage.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, outFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const region = process.env.AWS_REGION ?? 'us-east-1';
const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'vpce-guard-bench';
const deadline = Date.now() + 900_000;
const context = {
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: `bench/[$LATEST]${randomUUID()}`,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {},
  fail() {},
  succeed() {},
};
const t0 = performance.now();
let outcome;
let t1 = t0;
try {
  const { handler } = await import(pathToFileURL(bundle).href);
  t1 = performance.now();
  const result = await handler(event, context);
  outcome = { ok: true, result: result ?? null };
} catch (error) {
  outcome = { ok: false, error: `${error?.name}: ${error?.message}` };
}
const t2 = performance.now();
const usage = process.resourceUsage();
writeFileSync(outFile, JSON.stringify({ ...outcome, importMs: t1 - t0, invokeMs: t2 - t1, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
process.exit(0);
