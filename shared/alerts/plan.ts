import { ruleIdOf } from '../lambda/settings.js';
import { findRule } from '../rules/catalogue.js';
import type { Severity } from '../rules/types.js';
import { formatComplianceAlert } from './compliance.js';
import type { ComplianceChangeEvent } from './event.js';
import { classifyTransition, meetsSeverity } from './transition.js';
import type { Alert } from './types.js';

/** What to do with one compliance-change event: publish this alert, or ignore it for this reason. */
export type AlertDecision = { publish: true; alert: Alert; kind: 'violation' | 'resolution' } | { publish: false; reason: string };

/**
 * The decision for a validated compliance-change event: events of other Config rules, of rule ids
 * not in the catalogue, without a change of compliance, or below `minSeverity` are ignored.
 */
export function decideComplianceAlert(
  event: ComplianceChangeEvent,
  options: { minSeverity?: Severity; env?: NodeJS.ProcessEnv } = {},
): AlertDecision {
  const { detail } = event;
  const ruleId = ruleIdOf(detail.configRuleName, options.env);
  if (ruleId === undefined) return { publish: false, reason: `Config rule ${detail.configRuleName} is not a vpce-guard rule` };
  const rule = findRule(ruleId);
  if (!rule) return { publish: false, reason: `Config rule ${detail.configRuleName} has the vpce-guard prefix but "${ruleId}" is not in the catalogue` };
  const oldCompliance = detail.oldEvaluationResult?.complianceType;
  const newCompliance = detail.newEvaluationResult.complianceType;
  const transition = classifyTransition(oldCompliance, newCompliance);
  if (!transition.alert) return { publish: false, reason: transition.reason };
  if (!meetsSeverity(rule.severity, options.minSeverity)) {
    return { publish: false, reason: `rule ${ruleId} is ${rule.severity}, below ALERT_MIN_SEVERITY ${options.minSeverity}` };
  }
  const alert = formatComplianceAlert({
    ruleId,
    configRuleName: detail.configRuleName,
    resourceType: detail.resourceType,
    resourceId: detail.resourceId,
    accountId: detail.awsAccountId,
    region: detail.awsRegion,
    ...(oldCompliance ? { oldCompliance } : {}),
    newCompliance,
    ...(detail.newEvaluationResult.annotation ? { annotation: detail.newEvaluationResult.annotation } : {}),
    ...(detail.newEvaluationResult.resultRecordedTime ? { recordedAt: detail.newEvaluationResult.resultRecordedTime } : {}),
  });
  return { publish: true, alert, kind: transition.kind };
}
