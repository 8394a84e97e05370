import pkg from '../../package.json' with { type: 'json' };
import { resolveConfig, runRules, selectRules, type ScanConfig } from '../engine/index.js';
import { AccountModel, readSnapshot, type AccountData } from '../model/index.js';
import { releaseInputGarbage } from '../model/release.js';
import type { Rule, Severity } from '../rules/types.js';
import { writeScanJsonTo } from '../report/json.js';
import { renderReport, type ScanFormat } from '../report/render.js';
import type { ReportInput } from '../report/types.js';
import { gateExitCode } from './gate.js';
import { readJsonFile, writeReport } from './io.js';
import { liveEc2Client, readLiveAccount } from './live.js';

export interface ScanOptions {
  snapshot?: string;
  region?: string;
  rules?: string[];
  config?: string;
  accountId?: string;
  orgId?: string;
  trustedAccounts?: string[];
  format: ScanFormat;
  output?: string;
  pretty: boolean;
  plan: boolean;
  showAll: boolean;
  exitZero: boolean;
  failOn: Severity;
  failOnErrors: boolean;
}

/** Colour on a terminal, unless NO_COLOR is set to anything but the empty string (no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** The config with the trust boundary given on the command line over the file's. */
function withBoundary(config: ScanConfig, options: ScanOptions): ScanConfig {
  const settings = {
    ...config.settings,
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.orgId ? { orgId: options.orgId } : {}),
    ...(options.trustedAccounts ? { trustedAccounts: options.trustedAccounts } : {}),
  };
  return { ...config, settings };
}

/** The account to judge: the snapshot (`-`: stdin), else the live account (only the parts the rules need). */
export async function loadAccount(options: { snapshot?: string; region?: string }, rules: readonly Rule[]): Promise<AccountData> {
  if (options.snapshot) {
    const source = options.snapshot === '-' ? 'snapshot (stdin)' : options.snapshot;
    return readSnapshot(await readJsonFile(options.snapshot, 'snapshot'), source);
  }
  const parts = new Set(rules.flatMap((r) => r.requires));
  const client = liveEc2Client(options.region);
  try {
    return await readLiveAccount(client, parts, rules.some((r) => r.id === 'endpoint-policy-restricted'));
  } finally {
    client.destroy();
  }
}

/**
 * `vpce-guard scan`: judges the account, writes the report in the chosen format (to `--output`
 * or stdout) and returns the exit code: 1 when a finding at least `--fail-on` severe, or an
 * evaluation error (unless `--no-fail-on-errors`), was found; 0 otherwise or with `--exit-zero`.
 */
export async function scanCommand(options: ScanOptions): Promise<number> {
  const rules = selectRules(options.rules);
  const config = withBoundary(resolveConfig(options.config ? await readJsonFile(options.config, 'config') : {}, options.config ?? 'config'), options);
  // The model copies the account data: no variable keeps the data alive beside it (hundreds of MB for a large account).
  const model = await loadAccount(options, rules).then(
    (data) =>
      new AccountModel({
        ...data,
        ...(config.settings.accountId ? { accountId: config.settings.accountId } : {}),
        ...(options.region ? { region: options.region } : {}),
      }),
  );
  releaseInputGarbage();
  const result = runRules(model, { rules, config });
  const generatedAt = new Date();
  if (options.format === 'json') {
    // Streamed in batches: a large account's report is never one string in memory.
    const account = config.settings.accountId ?? model.accountId;
    const region = options.region ?? model.region;
    await writeScanJsonTo(result, { generatedAt, rules, ...(account ? { account } : {}), ...(region ? { region } : {}) }, options.output, { pretty: options.pretty });
  } else {
    const input: ReportInput = { result, rules, model, tool: { name: pkg.name, version: pkg.version }, generatedAt: generatedAt.toISOString() };
    const color = options.output === undefined && useColor(process.stdout, process.env);
    const report = renderReport(input, options.format, { showAll: options.showAll, plan: options.plan, color, toFile: options.output !== undefined && options.output !== '-' });
    await writeReport(report, options.output);
  }
  for (const error of result.errors) {
    process.stderr.write(`vpce-guard: ${error.ruleId}${error.resourceId ? ` ${error.resourceId}` : ''}: ${error.message}\n`);
  }
  for (const warning of result.warnings ?? []) process.stderr.write(`vpce-guard: warning: ${warning.message}\n`);
  return gateExitCode(result, rules, options);
}
