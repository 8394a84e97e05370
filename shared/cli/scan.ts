import { EC2Client } from '@aws-sdk/client-ec2';
import { readAccount } from '../aws/index.js';
import { resolveConfig, runRules, selectRules } from '../engine/index.js';
import { AccountModel, readSnapshot, type AccountData, type ModelPart } from '../model/index.js';
import { renderScanTable } from '../report/scan-table.js';
import { InputError } from '../errors.js';
import { progressWriter, readJsonFile } from './io.js';

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

async function liveAccount(options: ScanOptions, parts: Set<ModelPart>, serviceDetails: boolean): Promise<AccountData> {
  // Adaptive retries back off under throttling; the default credential chain finds credentials.
  const client = new EC2Client({ ...(options.region ? { region: options.region } : {}), maxAttempts: 8, retryMode: 'adaptive' });
  const progress = progressWriter();
  try {
    let region: string;
    try {
      region = await client.config.region();
    } catch (error) {
      throw new InputError('no AWS region: pass --region or set AWS_REGION (or a region in your AWS profile)', { cause: error });
    }
    progress.say(`vpce-guard: reading ${region}…`);
    const snapshot = await readAccount(client, { parts, serviceDetails, onProgress: (m) => progress.say(`vpce-guard: ${m}`) });
    return readSnapshot(snapshot, 'EC2 responses');
  } finally {
    progress.done();
    client.destroy();
  }
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
    data = await liveAccount(options, parts, rules.some((r) => r.id === 'endpoint-policy-restricted'));
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
