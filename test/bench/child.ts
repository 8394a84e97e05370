// Runs a command in a fresh `node` process and measures it: wall time from the parent, CPU time and
// peak RSS from the child itself (a preloaded probe writes process.resourceUsage() at exit).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildRun {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  code: number | null;
  stderr: string;
}

const PROBE = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RUSAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
});
`;

/** A scratch directory for one bench run (snapshot files, outputs, the probe), removed by `dispose`. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'vpce-guard-bench-'));
  readonly probe = join(this.dir, 'probe.mjs');
  private runs = 0;

  constructor() {
    writeFileSync(this.probe, PROBE);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Runs `node <nodeArgs…>` with the probe preloaded; stdout goes to `stdoutFile` (default discarded). */
  run(nodeArgs: readonly string[], options: { stdoutFile?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<ChildRun> {
    const rusage = this.path(`rusage-${++this.runs}.json`);
    const out = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', pathToFileURL(this.probe).href, ...nodeArgs], {
        stdio: ['ignore', out, 'pipe'],
        env: { ...process.env, ...options.env, BENCH_RUSAGE_FILE: rusage },
        ...(options.cwd ? { cwd: options.cwd } : {}),
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => {
        if (stderr.length < 20_000) stderr += c.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => {
        const wallMs = performance.now() - started;
        if (typeof out === 'number') closeSync(out);
        let usage: { cpuMs: number; maxRssKb: number };
        try {
          usage = JSON.parse(readFileSync(rusage, 'utf8')) as typeof usage;
        } catch {
          reject(new Error(`node ${nodeArgs.join(' ')} exited ${code} without its resource usage: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
          return;
        }
        resolve({ wallMs, cpuMs: usage.cpuMs, peakRssBytes: usage.maxRssKb * 1024, code, stderr });
      });
    });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
