import { resolveConfig, runRules, selectRules } from '../engine/index.js';
import { AccountModel, readSnapshot, type AccountData } from '../model/index.js';
import { renderScanTable } from '../report/scan-table.js';
import { readJsonFile } from './io.js';
import { liveEc2Client, readLiveAccount } from './live.js';

export interface ScanOptions {
  snapshot?: string;
  region?: string;
  rules?: string[];
  config?: string;
  format: 'table' | 'json';
  plan: boolean;
  showAll: boolean;
  exitZero: boolean;
}

/** `vpce-guard scan`: returns the exit code (0 clean, 1 non-compliant or errors). */
export async function scanCommand(options: ScanOptions): Promise<number> {
  const rules = selectRules(options.rules);
  const config = resolveConfig(options.config ? await readJsonFile(options.config, 'config') : {}, options.config ?? 'config');
  let data: AccountData;
  if (options.snapshot) {
    data = readSnapshot(await readJsonFile(options.snapshot, 'snapshot'), options.snapshot);
  } else {
    const parts = new Set(rules.flatMap((r) => r.requires));
    const client = liveEc2Client(options.region);
    try {
      data = await readLiveAccount(client, parts, rules.some((r) => r.id === 'endpoint-policy-restricted'));
    } finally {
      client.destroy();
    }
  }
  const model = new AccountModel({
    ...data,
    ...(config.settings.accountId ? { accountId: config.settings.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const result = runRules(model, { rules, config });
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(renderScanTable(result, rules, { showAll: options.showAll, plan: options.plan }));
  }
  for (const error of result.errors) {
    process.stderr.write(`vpce-guard: ${error.ruleId}${error.resourceId ? ` ${error.resourceId}` : ''}: ${error.message}\n`);
  }
  if (options.exitZero) return 0;
  return result.errors.length > 0 || result.evaluations.some((e) => e.complianceType === 'NON_COMPLIANT') ? 1 : 0;
}
