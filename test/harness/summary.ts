// Vitest global setup for the reliability summary: gives the test files a fresh folder for their
// ledger lines, and at the end prints the suite's total (faults injected, evaluations expected
// and written, changes planned and made).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { emptyTally, type Tally } from './ledger.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-guard-reliability-'));
  project.provide('reliabilitySummaryDir', dir);
  return () => {
    let lines: (Tally & { label: string })[];
    try {
      lines = readFileSync(join(dir, 'ledger.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Tally & { label: string });
    } catch {
      lines = [];
    }
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    const total = emptyTally();
    for (const line of lines) {
      for (const [kind, n] of Object.entries(line.faultsInjected)) total.faultsInjected[kind] = (total.faultsInjected[kind] ?? 0) + n;
      total.evaluationsExpected += line.evaluationsExpected;
      total.evaluationsWritten += line.evaluationsWritten;
      total.evaluationsLost += line.evaluationsLost;
      total.changesPlanned += line.changesPlanned;
      total.changesMade += line.changesMade;
      total.changesUnplanned += line.changesUnplanned;
    }
    const faults = Object.values(total.faultsInjected).reduce((a, b) => a + b, 0);
    const kinds = Object.entries(total.faultsInjected)
      .sort()
      .map(([k, n]) => `${k}×${n}`)
      .join(', ');
    process.stdout.write(
      [
        '',
        `Reliability summary (${lines.length} files)`,
        `  faults injected      ${faults}${kinds ? ` (${kinds})` : ''}`,
        `  evaluations          expected ${total.evaluationsExpected}, written ${total.evaluationsWritten}, reported unwritten (named or counted in the error) ${total.evaluationsExpected - total.evaluationsWritten - total.evaluationsLost}, lost ${total.evaluationsLost}`,
        `  changes              planned ${total.changesPlanned}, made ${total.changesMade}, unplanned ${total.changesUnplanned}`,
        '',
      ].join('\n'),
    );
  };
}
