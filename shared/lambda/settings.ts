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

/** The catalogue rule id of a deployed Config rule name, or undefined when the rule is not ours. */
export function ruleIdOf(configRuleName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const prefix = rulePrefix(env);
  return configRuleName.startsWith(prefix) ? configRuleName.slice(prefix.length) : undefined;
}
