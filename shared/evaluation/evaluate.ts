import { VpceGuardError } from '../errors.js';
import type { ScanConfig } from '../engine/config.js';
import { runRules } from '../engine/run.js';
import type { AccountModel } from '../model/index.js';
import { fitAnnotation } from '../rules/annotation.js';
import { resourcesOf } from '../rules/resources.js';
import type { Rule } from '../rules/types.js';
import type { RuleEvaluation } from './types.js';

/** Every resource of the rule's type in the model. */
export function resourcesOfRule(rule: Rule, model: AccountModel): string[] {
  return resourcesOf(rule, model).map((r) => r.id);
}

/**
 * Evaluates the rule on the given resources (default: every resource of its type) and returns
 * one evaluation per resource. A resource that cannot be evaluated (a policy that is not JSON, a
 * related resource missing) is NON_COMPLIANT with an annotation that says why, and never stops
 * the others; a resource asked for that the model does not hold is NOT_APPLICABLE.
 */
export function evaluateResources(rule: Rule, model: AccountModel, config: ScanConfig, ids?: readonly string[]): RuleEvaluation[] {
  const wanted = ids ?? resourcesOfRule(rule, model);
  const result = runRules(model, { rules: [rule], config, resourceIds: new Set(wanted) });
  const ruleError = result.errors.find((e) => e.resourceId === undefined);
  if (ruleError && ids === undefined) throw new VpceGuardError(`${rule.id}: ${ruleError.message}`);
  const byId = new Map<string, RuleEvaluation>();
  for (const e of result.evaluations) {
    byId.set(e.resourceId, { resourceType: e.resourceType, resourceId: e.resourceId, complianceType: e.complianceType, annotation: fitAnnotation(e.annotation) });
  }
  for (const e of result.errors) {
    const targets = e.resourceId === undefined ? wanted : [e.resourceId];
    for (const id of targets) {
      byId.set(id, { resourceType: rule.resourceType, resourceId: id, complianceType: 'NON_COMPLIANT', annotation: fitAnnotation(`Cannot evaluate: ${e.message}`), error: e.message });
    }
  }
  return wanted.map(
    (id) =>
      byId.get(id) ?? {
        resourceType: rule.resourceType,
        resourceId: id,
        complianceType: 'NOT_APPLICABLE',
        annotation: fitAnnotation(`${id} is not in the account's current EC2 state (deleted meanwhile?).`),
      },
  );
}
