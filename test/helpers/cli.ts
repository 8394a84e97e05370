import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}dist/cli.js`;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `vpce-guard` executable (test/global-setup.ts builds it). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let scratch: string | undefined;

/** Writes a file into a scratch folder of this test run and returns its path. */
export function tempFile(name: string, content: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'vpce-guard-test-'));
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}
