// Invokes a built function bundle (dist/functions/<name>/index.mjs, as deployed) in a child `node`
// process, the way the Lambda runtime does: one event, a context whose getRemainingTimeInMillis
// counts down to the function's timeout, and a kill when the timeout passes.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./invoke-child.mjs', import.meta.url));

export const FUNCTION_NAMES = ['config-rule', 'api-change', 'compliance-alert'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The account the fake context's function ARN names (moto's default account). */
export const ACCOUNT_ID = '123456789012';

/** Where a function's bundle is built. */
export function bundlePath(name: FunctionName): string {
  return `${ROOT}dist/functions/${name}/index.mjs`;
}

// Node's own loader, out of vitest's reach: a bundle imported through vitest is first run through
// its transform (seconds for 4 MB of bundled SDK), and is then no longer the file as built. Node
// 20.19+ loads an ES module without top-level await with require().
const nativeRequire = createRequire(import.meta.url);

/** Loads a built bundle into this process, as built (for suites that run many cases in-process). */
export function importBundle<H>(name: FunctionName): { handler: H } {
  return nativeRequire(bundlePath(name)) as { handler: H };
}

/** True when the function's bundle has been built (its handler exists). */
export function bundleBuilt(name: FunctionName): boolean {
  return existsSync(bundlePath(name)) && existsSync(`${ROOT}functions/${name}/handler.ts`);
}

export interface Endpoints {
  ec2?: string;
  sns?: string;
  config?: string;
}

export interface InvokeOptions {
  endpoints: Endpoints;
  /** Settings of the function (VPCE_GUARD_CONFIG, REMEDIATION_MODE, ALERT_TOPIC_ARN, …). */
  env?: Record<string, string>;
  /** The function's Lambda timeout (default 60 s); the child is killed this long after the invocation starts. */
  timeoutMs?: number;
}

export interface Invocation {
  ok: boolean;
  result?: unknown;
  error?: { name?: string; message?: string; stack?: string };
  /** The runtime killed the function at its timeout. */
  timedOut: boolean;
  /** Structured (JSON) lines the function logged. */
  logs: Record<string, unknown>[];
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs `handler(event, context)` of a built function in a fresh process with only the given settings. */
export function invoke(name: FunctionName, event: unknown, options: InvokeOptions): Promise<Invocation> {
  return invokeFile(bundlePath(name), event, options, `vpce-guard-${name}`);
}

/** Runs `handler(event, context)` of any ESM file in a fresh process (the runner itself is tested this way). */
export function invokeFile(file: string, event: unknown, options: InvokeOptions, functionName = 'vpce-guard-test'): Promise<Invocation> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    POWERTOOLS_SERVICE_NAME: 'vpce-guard',
    NODE_NO_WARNINGS: '1',
    ...(options.endpoints.ec2 ? { AWS_ENDPOINT_URL_EC2: options.endpoints.ec2 } : {}),
    ...(options.endpoints.sns ? { AWS_ENDPOINT_URL_SNS: options.endpoints.sns } : {}),
    ...(options.endpoints.config ? { AWS_ENDPOINT_URL_CONFIG_SERVICE: options.endpoints.config } : {}),
    ...options.env,
  };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [file], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    let stdout = '';
    let stderr = '';
    let outcome: { ok: boolean; result?: unknown; error?: Invocation['error'] } | undefined;
    let timedOut = false;
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message) => (outcome = message as typeof outcome));
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs + 500);
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(killer);
      const logs = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
      const base = { timedOut, logs, stdout, stderr, durationMs: Date.now() - started };
      if (outcome) resolve({ ...base, ...outcome });
      else resolve({ ...base, ok: false, error: { name: timedOut ? 'Timeout' : 'Exit', message: timedOut ? `Task timed out after ${timeoutMs} ms` : `exited with ${code} before reporting` } });
    });
    child.send({ event, timeoutMs, functionName, accountId: ACCOUNT_ID });
  });
}
