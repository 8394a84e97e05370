import { InputError } from '../errors.js';

/** Default prefix of the deployed Config rules: `vpce-guard-<ruleId>`. */
export const DEFAULT_RULE_PREFIX = 'vpce-guard-';

/**
 * The `VPCE_GUARD_CONFIG` environment variable, parsed: the CLI's `--config` shape (validate it
 * with `resolveConfig`). Absent or empty means `{}`; text that is not a JSON object is an
 * InputError naming the variable.
 */
export function envConfig(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const text = env.VPCE_GUARD_CONFIG?.trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`VPCE_GUARD_CONFIG: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('VPCE_GUARD_CONFIG: must be a JSON object in the shape of the CLI --config file');
  }
  return value as Record<string, unknown>;
}

/** The prefix of the deployed Config rule names (`VPCE_GUARD_RULE_PREFIX`, default `vpce-guard-`). */
export function rulePrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env.VPCE_GUARD_RULE_PREFIX?.trim() || DEFAULT_RULE_PREFIX;
}

/** The deployed Config rule name of a catalogue rule. */
export function configRuleName(ruleId: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${rulePrefix(env)}${ruleId}`;
}

/**
 * How AWS Config names, in each member account, the rule an organization Config rule creates there:
 * `OrgConfigRule-<organization rule name>-<8 lowercase letters and digits>`.
 */
export const ORGANIZATION_RULE_PREFIX = 'OrgConfigRule-';
const ORGANIZATION_SUFFIX = /-[a-z0-9]{8}$/;

/** The rule-name prefixes a vpce-guard rule has: `<prefix>` (stack) and `OrgConfigRule-<prefix>` (organization rule). */
export function rulePrefixes(env: NodeJS.ProcessEnv = process.env): [string, string] {
  const prefix = rulePrefix(env);
  return [prefix, `${ORGANIZATION_RULE_PREFIX}${prefix}`];
}

/**
 * The catalogue rule id of a deployed Config rule name, or undefined when the rule is not ours. Both
 * forms are understood: `vpce-guard-<ruleId>` (deployed by the stack) and
 * `OrgConfigRule-vpce-guard-<ruleId>-<suffix>` (created in a member account by an organization rule).
 */
export function ruleIdOf(configRuleName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const [prefix, organizationPrefix] = rulePrefixes(env);
  if (configRuleName.startsWith(organizationPrefix)) {
    const rest = configRuleName.slice(organizationPrefix.length);
    return ORGANIZATION_SUFFIX.test(rest) ? rest.replace(ORGANIZATION_SUFFIX, '') || undefined : undefined;
  }
  return configRuleName.startsWith(prefix) ? configRuleName.slice(prefix.length) || undefined : undefined;
}

const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;

/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account id in a Lambda function ARN (`context.invokedFunctionArn`), or undefined. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The role to assume to act in a member account: `arn:<partition>:iam::<accountId>:role/<name>`
 * with the name from `VPCE_GUARD_MEMBER_ROLE_NAME`. Undefined when the setting is unset, when no
 * account is given, or when the account is the function's own (`ownAccountId`, from
 * `accountOfArn(context.invokedFunctionArn)`): then the function's own credentials are used.
 */
export function memberRoleArn(
  accountId: string | undefined,
  options: { ownAccountId?: string; env?: NodeJS.ProcessEnv } = {},
): string | undefined {
  const env = options.env ?? process.env;
  const name = env.VPCE_GUARD_MEMBER_ROLE_NAME?.trim();
  if (!name || !accountId || accountId === options.ownAccountId) return undefined;
  if (!/^\d{12}$/.test(accountId)) throw new InputError(`account id "${accountId}" is not a 12-digit AWS account id`);
  if (!ROLE_NAME.test(name)) throw new InputError(`VPCE_GUARD_MEMBER_ROLE_NAME: "${name}" is not an IAM role name`);
  const path = name.replace(/^\/+/, '');
  return `arn:${partitionOf(env.AWS_REGION)}:iam::${accountId}:role/${path}`;
}
