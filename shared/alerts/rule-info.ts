import { InputError } from '../errors.js';
import { findRule } from '../rules/catalogue.js';
import type { Rule } from '../rules/types.js';

/** The catalogue rule an alert is about; an id not in the catalogue is an InputError. */
export function ruleFor(ruleId: string): Rule {
  const rule = findRule(ruleId);
  if (!rule) throw new InputError(`alert: "${ruleId}" is not a rule of the vpce-guard catalogue`);
  return rule;
}

/** The "what to do" lines shared by alerts about an open finding. */
export function fixLines(rule: Rule, preview: string): string[] {
  return [
    `Expected: ${rule.description}`,
    rule.remediation
      ? `Automatic repair (opt-in, REMEDIATION_MODE): ${rule.remediation.description}`
      : 'No automatic repair for this rule: fix it by hand (resource link below).',
    `Preview the fix: ${preview}`,
    `Or exempt the resource: tag it vpce-guard:exempt = ${rule.id}`,
  ];
}
