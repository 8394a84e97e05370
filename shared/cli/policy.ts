import { InputError } from '../errors.js';
import { analysePolicy, planTightening, type TightenOptions } from '../policy/index.js';
import { renderPolicyCheck, renderTightening } from '../report/policy-table.js';
import { readJsonFile } from './io.js';

export interface PolicyOptions {
  file: string;
  accountId: string;
  orgId?: string;
  trustedAccounts?: string[];
  region?: string;
  service?: string;
  format: 'table' | 'json';
}

async function load(options: PolicyOptions): Promise<{ policy: unknown; analyse: TightenOptions }> {
  const policy = await readJsonFile(options.file, 'policy');
  const analyse: TightenOptions = {
    accountId: options.accountId,
    trustedAccounts: options.trustedAccounts ?? [],
    ...(options.orgId ? { orgId: options.orgId } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.service ? { service: options.service } : {}),
  };
  return { policy, analyse };
}

/** Runs work on the policy; an error in it names the file, as every input error does. */
function onFile<T>(options: PolicyOptions, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InputError && !error.message.startsWith(`policy ${options.file}:`)) {
      throw new InputError(`policy ${options.file}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** `vpce-guard policy check`: 0 restricted, 1 permissive. */
export async function policyCheckCommand(options: PolicyOptions): Promise<number> {
  const { policy, analyse } = await load(options);
  const analysis = onFile(options, () => analysePolicy(policy, analyse));
  if (options.format === 'json') {
    const findings = analysis.findings.map((f) => ({ key: f.key, statement: f.statement, reason: f.reason }));
    process.stdout.write(`${JSON.stringify({ verdict: analysis.verdict, findings }, null, 2)}\n`);
  } else {
    process.stdout.write(renderPolicyCheck(analysis));
  }
  return analysis.verdict === 'permissive' ? 1 : 0;
}

/** `vpce-guard policy tighten`: prints the tightened policy and its diff; 0 on success. */
export async function policyTightenCommand(options: PolicyOptions): Promise<number> {
  const { policy, analyse } = await load(options);
  const plan = onFile(options, () => planTightening(policy, analyse));
  if (options.format === 'json') {
    const out = {
      changed: plan.changed,
      verdictBefore: plan.analysisBefore.verdict,
      findings: plan.analysisBefore.findings,
      changes: plan.changes,
      policy: plan.after,
      policyDocument: plan.afterText,
      diff: plan.diff,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(renderTightening(plan));
  }
  return 0;
}
