import { readFileSync } from 'node:fs';
import { resolveConfig, runRules, selectRules } from '../../shared/engine/index.js';
import { AccountModel, readSnapshot } from '../../shared/model/index.js';
import type { ReportInput } from '../../shared/report/types.js';

/** The report input of a scan of a snapshot (default: the bundled example with its config), run in-process. */
export function reportOf(
  raw: unknown = JSON.parse(readFileSync('examples/sample-account.json', 'utf8')),
  config: unknown = JSON.parse(readFileSync('examples/vpce-guard.config.json', 'utf8')),
  ruleIds?: string[],
): ReportInput {
  const resolved = resolveConfig(config);
  const rules = selectRules(ruleIds);
  const data = readSnapshot(raw, 'test snapshot');
  const model = new AccountModel({ ...data, ...(resolved.settings.accountId ? { accountId: resolved.settings.accountId } : {}) });
  return { result: runRules(model, { rules, config: resolved }), rules, model, tool: { name: 'vpce-guard', version: '9.9.9' }, generatedAt: '2026-12-02T01:02:03.000Z' };
}
