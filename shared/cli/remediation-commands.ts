import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../errors.js';
import { parseCommaList, parseRegion } from './options.js';
import { remediateCommand, type RemediateOptions } from './remediate.js';
import { rollbackCommand, type RollbackOptions } from './rollback.js';

function parseMaxChanges(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return n;
}

/** Adds `remediate` and `rollback` to the `vpce-guard` program. */
export function addRemediationCommands(program: Command): void {
  program
    .command('remediate')
    .description('repair what the rules found, with the safety rules of the api-change function (dry run unless --apply)')
    .argument('[live]', 'act on the live account (the default without --snapshot)')
    .option('--snapshot <file>', 'plan from a snapshot instead of the live account (dry run only)')
    .option('--region <region>', 'AWS region of the live account (default: from the environment)', parseRegion)
    .option('--rules <ids>', 'only these remediations, comma-separated (default: remediation.rules of the config, else route tables and endpoint policies)', parseCommaList)
    .option('--config <file>', 'JSON config, as for scan, with its "remediation" key')
    .option('--dry-run', 'say what would change, change nothing (the default)')
    .option('--apply', 'make the changes (live account only)')
    .option('--max-changes <n>', 'at most this many changes (default: remediation.maxChangesPerInvocation, else 10)', parseMaxChanges)
    .action(async (live: string | undefined, opts: RemediateOptions) => {
      if (live !== undefined && live !== 'live') throw new InputError(`remediate: unknown argument "${live}" (use "live" or --snapshot FILE)`);
      if (live === 'live' && opts.snapshot) throw new InputError('remediate: give either "live" or --snapshot, not both');
      process.exitCode = await remediateCommand(opts);
    });

  program
    .command('rollback')
    .description("restore an endpoint policy from AWS Config's configuration history (prints the policy and the diff unless --apply)")
    .requiredOption('--endpoint <id>', 'the VPC endpoint (vpce-…)')
    .option('--to <time>', 'restore the policy recorded at or before this ISO 8601 time (default: the one before the current)')
    .option('--apply', 'make the change (ModifyVpcEndpoint PolicyDocument)')
    .option('--region <region>', 'AWS region of the endpoint (default: from the environment)', parseRegion)
    .action(async (opts: RollbackOptions) => {
      process.exitCode = await rollbackCommand(opts);
    });
}
