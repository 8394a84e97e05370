import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const EXAMPLE = ['--snapshot', 'examples/sample-account.json', '--config', 'examples/vpce-guard.config.json'];

describe('scan --format and --output', () => {
  it.each([
    ['sarif', (t: string) => expect(JSON.parse(t).version).toBe('2.1.0')],
    ['csv', (t: string) => expect(t.split('\r\n')[0]).toBe('ruleId,severity,resourceType,resourceId,name,complianceType,findingKey,message')],
    ['markdown', (t: string) => expect(t).toMatch(/^# vpce-guard: \d+ non-compliant of \d+ evaluations\n/)],
  ])('--format %s --output FILE writes the report to the file, nothing to stdout, and keeps the exit code', async (format, check) => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-guard-out-'));
    const out = join(dir, `report.${format}`);
    const { code, stdout } = await runCli(['scan', ...EXAMPLE, '--format', format, '--output', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    check(readFileSync(out, 'utf8'));
  });

  it('--plan --format shell writes the script and the policies it names beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-guard-shell-'));
    const { code, stdout } = await runCli(['scan', ...EXAMPLE, '--plan', '--format', 'shell', '--output', join(dir, 'fix.sh'), '--exit-zero']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const script = readFileSync(join(dir, 'fix.sh'), 'utf8');
    const named = [...script.matchAll(/file:\/\/(\S+)/g)].map((m) => m[1]).sort();
    expect(named.length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f !== 'fix.sh').sort()).toEqual(named);
    for (const name of named) expect(JSON.parse(readFileSync(join(dir, name!), 'utf8')).Statement).toBeInstanceOf(Array);
  });

  it('a file that cannot be written is one line naming it, exit 2', async () => {
    const { code, stderr } = await runCli(['scan', ...EXAMPLE, '--format', 'csv', '--output', '/nonexistent-dir/x.csv']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: --output \/nonexistent-dir\/x\.csv: cannot write: ENOENT/);
  });

  it('--snapshot - reads the snapshot from stdin', async () => {
    const { execFile } = await import('node:child_process');
    const { ROOT } = await import('../../helpers/cli.js');
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [`${ROOT}dist/cli.js`, 'scan', '--snapshot', '-', '--config', 'examples/vpce-guard.config.json', '--format', 'csv', '--exit-zero'], { cwd: ROOT }, (error, stdout) =>
        resolve({ code: error ? 1 : 0, stdout }),
      );
      child.stdin!.end(readFileSync(`${ROOT}examples/sample-account.json`));
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('vpce-0b4d6f8a1c3e5a702,prod-dynamodb,NON_COMPLIANT');
  });

  it('--org-id on the command line replaces the config file\'s boundary', async () => {
    const { stdout } = await runCli(['scan', ...EXAMPLE, '--org-id', 'o-otherorg999', '--rules', 'endpoint-policy-restricted', '--plan', '--format', 'markdown']);
    expect(stdout).toContain('added StringEquals aws:PrincipalOrgID = o-otherorg999');
    expect(stdout).not.toContain('aws:PrincipalOrgID = o-k7q2m9x4p1');
  });
});
