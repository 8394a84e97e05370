import type { EC2Client } from '@aws-sdk/client-ec2';
import { ec2RemediationPort } from '../aws/ec2-remediation.js';
import { resolveConfig, runRules, selectRules } from '../engine/index.js';
import { InputError } from '../errors.js';
import { AccountModel, readSnapshot, snapshotSchema, type AccountData, type ModelPart } from '../model/index.js';
import { executeRemediations, remediationSettings, snapshotPort, type RemediationOutcome, type RemediationPort } from '../remediation/index.js';
import { parseWith } from '../validation.js';
import { readJsonFile } from './io.js';
import { liveEc2Client, readLiveAccount } from './live.js';

export interface RemediateOptions {
  snapshot?: string;
  region?: string;
  rules?: string[];
  config?: string;
  dryRun?: boolean;
  apply?: boolean;
  maxChanges?: number;
}

/** One outcome as the operator reads it: status, rule, resource, why; then each step and its result. */
export function renderOutcome(outcome: RemediationOutcome, showDiff: boolean): string {
  const lines = [`${outcome.status.padEnd(11)} ${outcome.ruleId} ${outcome.resourceId}${outcome.replanned ? ' (re-planned: it changed since it was read)' : ''}: ${outcome.reason}`];
  for (const s of outcome.steps) {
    lines.push(`  ${s.step.action} ${JSON.stringify(s.step.parameters)} → ${s.status}${s.error ? `: ${s.error}` : ''}`);
  }
  if (showDiff && outcome.plan.diff && (outcome.status === 'would-apply' || outcome.status === 'applied')) {
    lines.push(...outcome.plan.diff.trimEnd().split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `vpce-guard remediate`: plans the remediations of the selected rules and executes them with the
 * same engine and safety rules as the api-change function. A snapshot can only be dry-run; live,
 * `--apply` makes the changes. Prints each outcome and its steps; returns 1 when a step failed.
 */
export async function remediateCommand(options: RemediateOptions): Promise<number> {
  if (options.dryRun && options.apply) throw new InputError('--dry-run and --apply exclude each other');
  if (options.snapshot && options.apply) throw new InputError('--apply: a snapshot is not the live account; it can only be dry-run (drop --snapshot to act on the live account)');
  const mode = options.apply ? 'apply' : 'dry-run';
  const config = resolveConfig(options.config ? await readJsonFile(options.config, 'config') : {}, options.config ?? 'config');
  const settings = remediationSettings(config.remediation, options.rules, options.maxChanges);
  const rules = selectRules([...settings.rules]);

  let data: AccountData;
  let port: RemediationPort;
  let client: EC2Client | undefined;
  if (options.snapshot) {
    const raw = await readJsonFile(options.snapshot, 'snapshot');
    data = readSnapshot(raw, options.snapshot);
    port = snapshotPort(parseWith(snapshotSchema, raw, options.snapshot));
  } else {
    client = liveEc2Client(options.region);
    const parts = new Set<ModelPart>(['vpcs', ...rules.flatMap((r) => r.requires)]);
    data = await readLiveAccount(client, parts, rules.some((r) => r.id === 'endpoint-policy-restricted'));
    port = ec2RemediationPort(client);
  }
  try {
    data = { ...data, ...(config.settings.accountId ? { accountId: config.settings.accountId } : {}), ...(options.region ? { region: options.region } : {}) };
    const result = runRules(new AccountModel(data), { rules, config });
    for (const error of result.errors) {
      process.stderr.write(`vpce-guard: ${error.ruleId}${error.resourceId ? ` ${error.resourceId}` : ''}: ${error.message}\n`);
    }
    const source = options.snapshot ? `snapshot ${options.snapshot} (dry run only; nothing is re-read from EC2)` : 'the live account';
    process.stdout.write(`vpce-guard remediate: ${mode} on ${source}, rules ${[...settings.rules].join(', ')}, at most ${settings.maxChanges} changes\n`);
    const outcomes = await executeRemediations({
      data,
      config,
      plans: result.remediations,
      mode,
      settings,
      port,
      onOutcome: (o) => process.stdout.write(renderOutcome(o, mode === 'dry-run')),
    });
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ') || 'nothing to remediate';
    process.stdout.write(`${summary}\n`);
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  } finally {
    client?.destroy();
  }
}
