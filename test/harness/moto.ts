// moto_server lifecycle for the reliability tests: one server per test file on a free port of
// 127.0.0.1, ready before the first test, killed in afterAll. moto serves EC2 and SNS; its Config
// is thin (see config-stand-in.ts for what it lacks).
//
// Measured with moto 5.2 (test/harness/harness.test.ts keeps these facts honest):
// - ModifyVpcEndpoint AddRouteTableIds updates the endpoint's RouteTableIds but does NOT add the
//   prefix-list route to the table (CreateVpcEndpoint with RouteTableIds does add it). Account
//   state after a route-table remediation is therefore read from the endpoint's RouteTableIds.
// - DeleteVpcEndpoints leaves the endpoint listed with State "deleted".
// - Every region starts with a default VPC (default subnets, main route table, default group).
// - ModifyVpcEndpoint ignores DryRun and MAKES the change; the vpc-endpoint-id filter of
//   DescribeVpcEndpoints answers 500. The fault proxy bridges both (fault-proxy.ts).
// - Config PutEvaluations works only in test mode; StartConfigRulesEvaluation and
//   GetComplianceDetailsByConfigRule answer an HTML 500.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface Moto {
  url: string;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** True when a `moto_server` executable is on the PATH. */
export function motoInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v moto_server'], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the moto tests cannot run here, or undefined when they can. Absent moto is a skip with this
 * message locally, and a failure in CI (`CI=true`), where moto is part of the toolchain.
 */
export function motoMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (motoInstalled()) return undefined;
  const message = 'moto_server is not on the PATH (pip install "moto[server]==5.2.*"): reliability tests against moto skipped';
  if (env.CI === 'true') throw new Error(`${message} — but CI=true, where moto is required`);
  return message;
}

const READY = /Running on (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts moto_server on a free port and resolves once it answers. */
export async function startMoto(timeoutMs = 15_000): Promise<Moto> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto_server did not start within ${timeoutMs} ms: ${output.slice(-500)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited (${code}) before it was ready: ${output.slice(-500)}`));
    });
  });
  // Keep draining its request log so the pipe never fills.
  child.stdout!.resume();
  child.stderr!.resume();
  await waitUntilAnswers(url, timeoutMs);
  return {
    url,
    reset: async () => {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
      }),
  };
}

async function waitUntilAnswers(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`moto_server at ${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
