import { InputError } from '../errors.js';
import { resolveConfig, type ScanConfig } from '../engine/config.js';
import { CATALOGUE, findRule } from '../rules/catalogue.js';
import type { Rule } from '../rules/types.js';

/** The rule a Config rule runs, and the configuration it runs with. */
export interface RuleInput {
  rule: Rule;
  config: ScanConfig;
}

/** Keys of the input parameters that are global settings rather than the rule's own parameters. */
const GLOBAL_KEYS = ['accountId', 'orgId', 'trustedAccounts'] as const;

function parseParameters(ruleParameters: string | null | undefined): Record<string, unknown> {
  const text = ruleParameters?.trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`ruleParameters: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('ruleParameters: must be a JSON object such as {"ruleId": "<rule-id>", …}');
  }
  return value as Record<string, unknown>;
}

function ruleTakes(rule: Rule, key: string): boolean {
  const shape = (rule.parameters as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && key in shape;
}

/**
 * Reads the Config rule's input parameters (`{"ruleId": "<rule-id>", …}`, a JSON string in which
 * AWS passes every value as a string) over the global settings (`VPCE_GUARD_CONFIG`, the CLI
 * `--config` shape). `accountId`, `orgId` and `trustedAccounts` set the global settings; every
 * other key is a parameter of the rule. The input parameters win. Both are validated by
 * `resolveConfig`; errors name the key and where it came from.
 */
export function resolveRuleInput(ruleParameters: string | null | undefined, globalConfig: Record<string, unknown>): RuleInput {
  // Validated alone first, so that an error in it is reported as the environment's.
  resolveConfig(globalConfig, 'VPCE_GUARD_CONFIG');
  const params = parseParameters(ruleParameters);
  const { ruleId, ...rest } = params;
  if (ruleId === undefined || ruleId === '') {
    throw new InputError(
      `ruleParameters: the key "ruleId" is missing: set the Config rule's input parameters to {"ruleId": "<rule-id>", …} (rule ids: ${CATALOGUE.map((r) => r.id).join(', ')})`,
    );
  }
  if (typeof ruleId !== 'string') throw new InputError('ruleParameters: ruleId: must be a string');
  const rule = findRule(ruleId.trim());
  if (!rule) throw new InputError(`ruleParameters: ruleId: unknown rule id "${ruleId}" (known: ${CATALOGUE.map((r) => r.id).join(', ')})`);

  const globals: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    const isGlobal = (GLOBAL_KEYS as readonly string[]).includes(key);
    if (isGlobal) globals[key] = value;
    // A rule that takes the key itself (endpoint-policy-restricted: orgId, trustedAccounts) gets it
    // too, so that the input parameters also win over that rule's parameters in VPCE_GUARD_CONFIG.
    if (!isGlobal || ruleTakes(rule, key)) own[key] = value;
  }
  const rules = (globalConfig.rules ?? {}) as Record<string, Record<string, unknown>>;
  const merged = {
    ...globalConfig,
    ...globals,
    rules: { ...rules, [rule.id]: { ...(rules[rule.id] ?? {}), ...own } },
  };
  return { rule, config: resolveConfig(merged, 'ruleParameters over VPCE_GUARD_CONFIG') };
}
