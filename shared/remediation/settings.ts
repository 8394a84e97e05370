import { z } from 'zod';
import { InputError } from '../errors.js';
import { CATALOGUE, findRule } from '../rules/catalogue.js';
import type { RemediationMode } from './types.js';

/** The remediations a mode other than `off` covers when `remediation.rules` is absent: the mission's two. */
export const DEFAULT_REMEDIATION_RULES: readonly string[] = ['gateway-endpoint-route-tables', 'endpoint-policy-restricted'];

/** Changes one invocation may make when `remediation.maxChangesPerInvocation` is absent. */
export const DEFAULT_MAX_CHANGES = 10;

const REMEDIABLE = CATALOGUE.filter((rule) => rule.remediation !== undefined && rule.plan !== undefined).map((rule) => rule.id);

/**
 * The `remediation` key of the config (`VPCE_GUARD_CONFIG`, `--config`): closed, so a misspelt key
 * is an error rather than a remediation silently left on or off.
 */
export const remediationConfigSchema = z.strictObject({
  rules: z
    .array(z.string().min(1))
    .superRefine((ids, ctx) => {
      for (const id of ids) {
        if (!findRule(id)) ctx.addIssue({ code: 'custom', message: `unknown rule id "${id}" (known: ${CATALOGUE.map((r) => r.id).join(', ')})` });
        else if (!REMEDIABLE.includes(id)) ctx.addIssue({ code: 'custom', message: `rule "${id}" has no remediation (remediable: ${REMEDIABLE.join(', ')})` });
      }
    })
    .optional(),
  maxChangesPerInvocation: z.number().int().min(1).max(1000).optional(),
});

export type RemediationConfig = z.output<typeof remediationConfigSchema>;

/** The remediation settings in force: which rules may change things, and how many changes at most. */
export interface RemediationSettings {
  rules: ReadonlySet<string>;
  maxChanges: number;
}

const MODES: readonly RemediationMode[] = ['off', 'dry-run', 'apply'];

/** `REMEDIATION_MODE`: `off` (also when unset or empty), `dry-run` or `apply`; anything else is an InputError. */
export function remediationMode(env: NodeJS.ProcessEnv = process.env): RemediationMode {
  const value = env.REMEDIATION_MODE?.trim().toLowerCase() ?? '';
  if (value === '') return 'off';
  if ((MODES as readonly string[]).includes(value)) return value as RemediationMode;
  throw new InputError(`REMEDIATION_MODE: "${env.REMEDIATION_MODE}" is not one of ${MODES.join(', ')}`);
}

/**
 * The settings from the validated `remediation` config, optionally narrowed to `only` (the CLI's
 * --rules). The DNS fix needs both: `endpoint-vpc-dns` listed here and the rule's own
 * `remediateVpcAttributes: true` (without it the rule plans nothing).
 */
export function remediationSettings(config: RemediationConfig | undefined, only?: readonly string[], maxChanges?: number): RemediationSettings {
  const configured = config?.rules ?? DEFAULT_REMEDIATION_RULES;
  if (only) {
    const bad = only.filter((id) => !REMEDIABLE.includes(id));
    if (bad.length) throw new InputError(`--rules: ${bad.map((b) => `"${b}"`).join(', ')} has no remediation (remediable: ${REMEDIABLE.join(', ')})`);
  }
  return {
    rules: new Set(only ?? configured),
    maxChanges: maxChanges ?? config?.maxChangesPerInvocation ?? DEFAULT_MAX_CHANGES,
  };
}
