import { z } from 'zod';
import { InputError } from '../errors.js';
import { CATALOGUE, findRule } from '../rules/catalogue.js';
import { accountIdParam, listParam, orgIdParam } from '../rules/params.js';
import type { GlobalSettings, Rule } from '../rules/types.js';
import { parseWith } from '../validation.js';
import { remediationConfigSchema, type RemediationConfig } from '../remediation/settings.js';
import { suppressionSchema, type Suppression } from './suppressions.js';

const configSchema = z.strictObject({
  accountId: accountIdParam.optional(),
  orgId: orgIdParam.optional(),
  trustedAccounts: listParam(accountIdParam).default([]),
  rules: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** `{"rules": ["<rule-id>", …], "maxChangesPerInvocation": N}`: read by the remediation engine. */
  remediation: remediationConfigSchema.optional(),
  /** Accepted findings: `[{"ruleId", "resourceId"?, "findingKey"?, "reason", "expires"?}]`. */
  suppressions: z.array(suppressionSchema).default([]),
});

/** A validated scan configuration: global settings and each rule's parameters, defaults filled in. */
export interface ScanConfig {
  settings: GlobalSettings;
  params: ReadonlyMap<string, unknown>;
  /** The `remediation` key, validated; absent when the config has none. */
  remediation?: RemediationConfig;
  /** The `suppressions` key, validated (expired ones included: the engine reports them). */
  suppressions?: readonly Suppression[];
}

/** Validates and fills in a rule's parameters; errors name `source` and the parameter. */
export function resolveParams(rule: Rule, raw: unknown, source: string): unknown {
  return parseWith(rule.parameters, raw ?? {}, source);
}

/**
 * Reads a config file's content (`{"orgId", "trustedAccounts", "accountId", "rules": {"<rule-id>":
 * {…}}, "suppressions": […], "remediation": {…}}`). Unknown keys, unknown rule ids (in `rules` and
 * in suppressions) and bad parameters are errors that name what is wrong.
 */
export function resolveConfig(raw: unknown = {}, source = 'config'): ScanConfig {
  const parsed = parseWith(configSchema, raw, source);
  for (const id of Object.keys(parsed.rules)) {
    if (!findRule(id)) {
      throw new InputError(`${source}: rules.${id}: unknown rule id (known: ${CATALOGUE.map((r) => r.id).join(', ')})`);
    }
  }
  const suppressions = parsed.suppressions.map((entry, i): Suppression => ({ ...entry, where: `suppressions[${i}]` }));
  for (const s of suppressions) {
    if (!findRule(s.ruleId)) {
      throw new InputError(`${source}: ${s.where}.ruleId: unknown rule id "${s.ruleId}" (known: ${CATALOGUE.map((r) => r.id).join(', ')})`);
    }
  }
  const params = new Map<string, unknown>();
  for (const rule of CATALOGUE) params.set(rule.id, resolveParams(rule, parsed.rules[rule.id], `${source}: rules.${rule.id}`));
  const settings: GlobalSettings = { trustedAccounts: parsed.trustedAccounts };
  if (parsed.accountId) settings.accountId = parsed.accountId;
  if (parsed.orgId) settings.orgId = parsed.orgId;
  return { settings, params, suppressions, ...(parsed.remediation ? { remediation: parsed.remediation } : {}) };
}

/** Picks rules by id, in catalogue order; unknown ids are an InputError naming them. */
export function selectRules(ids: readonly string[] | undefined): Rule[] {
  if (!ids || ids.length === 0) return [...CATALOGUE];
  const unknown = ids.filter((id) => !findRule(id));
  if (unknown.length) {
    throw new InputError(`unknown rule id ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${CATALOGUE.map((r) => r.id).join(', ')})`);
  }
  return CATALOGUE.filter((rule) => ids.includes(rule.id));
}
