import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { VpceGuardError } from '../errors.js';
import { oneLine } from './io.js';
import { SCAN_FORMATS } from '../report/render.js';
import { parseAccountId, parseAccountList, parseCommaList, parseOrgId, parseRegion, parseServiceOption, parseSeverity } from './options.js';
import { policyCheckCommand, policyTightenCommand, type PolicyOptions } from './policy.js';
import { addRemediationCommands } from './remediation-commands.js';
import { rulesCommand } from './rules.js';
import { scanCommand, type ScanOptions } from './scan.js';
import { snapshotCommand, type SnapshotOptions } from './snapshot.js';

const EXIT_USAGE = 2;

function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
}

function policyCommand(name: string, description: string, run: (o: PolicyOptions) => Promise<number>): Command {
  return new Command(name)
    .description(description)
    .requiredOption('--file <policy>', 'file holding one endpoint policy, as a JSON object or a JSON string')
    .requiredOption('--account-id <id>', "the endpoint's account (inside the trust boundary)", parseAccountId)
    .option('--org-id <id>', 'the organization inside the trust boundary', parseOrgId)
    .option('--trusted-accounts <ids>', 'more accounts inside the trust boundary, comma-separated', parseAccountList)
    .option('--region <region>', "the endpoint's region: names the AWS-owned buckets AWS services read", parseRegion)
    .option('--service <name>', "the endpoint's service (s3 or com.amazonaws.eu-west-1.s3): only its actions count", parseServiceOption)
    .addOption(formatOption())
    .action(async (opts: PolicyOptions) => {
      process.exitCode = await run(opts);
    });
}

// Usage errors on one line, like every other error: `vpce-guard: unknown option '--x' (see --help)`.
const OUTPUT = {
  writeErr: (s: string) => process.stderr.write(s),
  outputError: (s: string, write: (s: string) => void) => write(`vpce-guard: ${oneLine(s.replace(/^error: /, ''))} (see --help)\n`),
};

/** Builds the `vpce-guard` command line. */
export function buildProgram(): Command {
  const program = new Command('vpce-guard')
    .description('Keeps the VPC endpoints of AWS accounts correct and safe.')
    .version(pkg.version)
    .exitOverride()
    .configureOutput(OUTPUT);

  program
    .command('scan')
    .description('evaluate the rules on a snapshot file or on the live account (default credential chain)')
    .option('--snapshot <file>', 'JSON object merging `aws ec2 describe-*` outputs (see `vpce-guard snapshot`; `-` reads stdin); without it the live account is scanned')
    .option('--region <region>', 'AWS region of the live scan (default: from the environment)', parseRegion)
    .option('--rules <ids>', 'only these rules, comma-separated (see `vpce-guard rules`)', parseCommaList)
    .option('--config <file>', 'JSON config: {"orgId", "trustedAccounts", "accountId", "rules": {"<rule-id>": {…}}, "suppressions": […]}')
    .option('--account-id <id>', "the scanned account (inside the trust boundary; over the config's accountId)", parseAccountId)
    .option('--org-id <id>', "the organization inside the trust boundary (over the config's orgId)", parseOrgId)
    .option('--trusted-accounts <ids>', "more accounts inside the trust boundary, comma-separated (replace the config's)", parseAccountList)
    .addOption(new Option('--format <format>', 'output format').choices(SCAN_FORMATS).default('table'))
    .option('--output <file>', 'write the report to this file instead of stdout (shell: policy files beside it)')
    .option('--pretty', 'indent the JSON report', false)
    .option('--plan', 'print the remediation plan, with policy diffs (table format; JSON always has it)', false)
    .option('--show-all', 'list compliant and not-applicable results too (table format)', false)
    .addOption(new Option('--fail-on <severity>', 'exit 1 only for non-compliant results of rules at least this severe: LOW, MEDIUM, HIGH or CRITICAL').argParser(parseSeverity).default('LOW'))
    .option('--no-fail-on-errors', 'evaluation errors alone do not make the exit code 1')
    .option('--exit-zero', 'exit 0 even when non-compliant resources are found', false)
    .action(async (opts: ScanOptions) => {
      process.exitCode = await scanCommand(opts);
    });

  program
    .command('snapshot')
    .description('write a snapshot of the live account (the reader scan uses), for `scan --snapshot`')
    .option('--region <region>', 'AWS region to read (default: from the environment)', parseRegion)
    .option('--rules <ids>', 'only what these rules need, comma-separated (default: every rule)', parseCommaList)
    .option('--output <file>', 'write the snapshot to this file instead of stdout')
    .action(async (opts: SnapshotOptions) => {
      process.exitCode = await snapshotCommand(opts);
    });

  program
    .command('rules')
    .description('list the rule catalogue: id, severity, resource types, parameters with defaults')
    .addOption(formatOption())
    .action((opts: { format: 'table' | 'json' }) => {
      process.exitCode = rulesCommand(opts.format);
    });

  const policy = program.command('policy').description('judge or tighten one endpoint policy');
  policy.addCommand(
    policyCommand('check', 'say whether callers outside the trust boundary can use the endpoint (exit 0 restricted, 1 permissive)', policyCheckCommand),
  );
  policy.addCommand(policyCommand('tighten', 'print the tightened policy and its diff', policyTightenCommand));
  addRemediationCommands(program);
  for (const command of [program, policy, ...policy.commands]) {
    command.exitOverride().configureOutput(OUTPUT);
  }
  return program;
}

/** Runs the CLI; never prints a stack trace. Exit codes: 0 clean, 1 findings, 2 usage or input error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `--help`, `help [command]` and `--version` are answers, not failures.
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code)) return 0;
      return EXIT_USAGE;
    }
    if (error instanceof VpceGuardError) {
      process.stderr.write(`vpce-guard: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`vpce-guard: internal error: ${oneLine(message)}\n`);
    if (process.env.VPCE_GUARD_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}
