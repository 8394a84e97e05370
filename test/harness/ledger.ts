// The reliability ledger: what each test file injected, expected and observed. Each file prints
// its line in afterAll and leaves it in the run's summary folder; the global teardown
// (summary.ts) adds the lines up and prints the suite's total.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { FaultProxy } from './fault-proxy.js';

declare module 'vitest' {
  interface ProvidedContext {
    reliabilitySummaryDir: string;
  }
}

export interface Tally {
  faultsInjected: Record<string, number>;
  evaluationsExpected: number;
  evaluationsWritten: number;
  evaluationsLost: number;
  changesPlanned: number;
  changesMade: number;
  changesUnplanned: number;
}

export function emptyTally(): Tally {
  return { faultsInjected: {}, evaluationsExpected: 0, evaluationsWritten: 0, evaluationsLost: 0, changesPlanned: 0, changesMade: 0, changesUnplanned: 0 };
}

/** EC2 calls that change an account. */
export const MUTATING_EC2 = /^(Create|Delete|Modify|Associate|Disassociate|Replace|Authorize|Revoke|Reset|Attach|Detach)/;

export class Ledger {
  readonly tally = emptyTally();

  constructor(readonly label: string) {}

  /** Adds the faults a proxy injected (call once per proxy, at the end of a test). */
  faults(proxy: FaultProxy): void {
    for (const [kind, n] of Object.entries(proxy.injected)) this.tally.faultsInjected[kind] = (this.tally.faultsInjected[kind] ?? 0) + n;
  }

  /**
   * Counts evaluations by resource id: `expected` ones the test knows must be written, `written`
   * those the dashboard holds, `reported` those the function named as not written (in its error).
   * Returns the lost ones: expected, not written and not reported.
   */
  evaluations(expected: Iterable<string>, written: Iterable<string>, reported: Iterable<string> = []): string[] {
    const have = new Set(written);
    const told = new Set(reported);
    const want = [...new Set(expected)];
    const lost = want.filter((id) => !have.has(id) && !told.has(id));
    this.tally.evaluationsExpected += want.length;
    this.tally.evaluationsWritten += want.filter((id) => have.has(id)).length;
    this.tally.evaluationsLost += lost.length;
    return lost;
  }

  /** Counts changes: `planned` the ones the function was meant to make, `made` those EC2 accepted (as "action resource" keys). */
  changes(planned: Iterable<string>, made: Iterable<string>): string[] {
    const list = [...planned];
    const allowed = new Set(list);
    const done = [...made];
    const unplanned = done.filter((c) => !allowed.has(c));
    this.tally.changesPlanned += list.length;
    this.tally.changesMade += done.length;
    this.tally.changesUnplanned += unplanned.length;
    return unplanned;
  }

  /** Prints this file's line and leaves it for the suite total. */
  flush(): void {
    const t = this.tally;
    const faults = Object.values(t.faultsInjected).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `[reliability] ${this.label}: faults injected ${faults}; evaluations expected ${t.evaluationsExpected}, written ${t.evaluationsWritten}, reported unwritten ${t.evaluationsExpected - t.evaluationsWritten - t.evaluationsLost}, lost ${t.evaluationsLost}; changes planned ${t.changesPlanned}, made ${t.changesMade}, unplanned ${t.changesUnplanned}\n`,
    );
    let dir: string | undefined;
    try {
      dir = inject('reliabilitySummaryDir');
    } catch {
      dir = undefined;
    }
    if (dir) appendFileSync(join(dir, 'ledger.jsonl'), `${JSON.stringify({ label: this.label, ...t })}\n`);
  }
}

const NOT_A_CHANGE = new Set(['Action', 'Version', 'VpcEndpointId', 'VpcId', 'GroupId', 'RouteTableId', 'DryRun']);

/** The key of one change: "ModifyVpcEndpoint vpce-… AddRouteTableId" (the action, the resource, the fields changed). */
export function changeKey(action: string, resourceId: string, fields: Iterable<string>): string {
  const names = [...new Set([...fields].map((f) => f.replace(/\.\d+$/, '').replace(/s$/, '')).filter((f) => !NOT_A_CHANGE.has(f)))].sort();
  return `${action} ${resourceId} ${names.join(',')}`.trim();
}

/** Keys of the EC2 changes that went through a proxy and succeeded (dry runs never change anything). */
export function changesMade(ec2: FaultProxy): string[] {
  return ec2.calls
    .filter((c) => MUTATING_EC2.test(c.action) && c.status >= 200 && c.status < 300)
    .map((c) => {
      const p = c.params as URLSearchParams;
      const id = p.get('VpcEndpointId') ?? p.get('VpcId') ?? p.get('GroupId') ?? p.get('RouteTableId') ?? '';
      return changeKey(c.action, id, p.keys());
    });
}
