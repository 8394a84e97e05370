// Gates for the reliability suites: moto must be there (skip locally, fail in CI) and the
// function's bundle must be built (its owner's issue may not have landed yet).
import { motoMissing } from './moto.js';
import { bundleBuilt, type FunctionName } from './runner.js';

const ISSUE: Record<FunctionName, number> = { 'config-rule': 7, 'api-change': 8, 'compliance-alert': 9 };

/** Why a suite over `name` cannot run here, or undefined; prints the reason once. */
export function blockedReason(name: FunctionName): string | undefined {
  const reason =
    motoMissing() ??
    (bundleBuilt(name) ? undefined : `functions/${name}/handler.ts is not there yet (issue ${ISSUE[name]}): its reliability tests are skipped`);
  if (reason) process.stdout.write(`[reliability] ${reason}\n`);
  return reason;
}
