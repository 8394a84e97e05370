import { formatRemediationAlert, type Alert, type RemediationAlertInput } from '../alerts/index.js';
import type { RemediationOutcome } from './types.js';

const ALERT_OUTCOME: Partial<Record<RemediationOutcome['status'], RemediationAlertInput['outcome']>> = {
  applied: 'applied',
  'would-apply': 'would-apply',
  skipped: 'skipped',
  deferred: 'skipped',
  vanished: 'skipped',
  failed: 'failed',
  refused: 'refused',
};

/** Where the change happened, for the alert. */
export interface AlertContext {
  mode: 'dry-run' | 'apply';
  accountId?: string;
  region?: string;
}

/**
 * The operator alert for one remediation outcome (through the alerts formatter), or undefined
 * for a rule whose remediation is not switched on. When a policy is (or would be) replaced, the
 * full old policy, exactly as EC2 returned it, is in the message whatever its length: nothing
 * replaced is lost, and `vpce-guard rollback` or a person can put it back.
 */
export function remediationAlert(outcome: RemediationOutcome, context: AlertContext): Alert | undefined {
  const kind = ALERT_OUTCOME[outcome.status];
  if (!kind) return undefined;
  const error = outcome.steps.find((s) => s.error)?.error;
  const alert = formatRemediationAlert({
    ruleId: outcome.ruleId,
    resourceType: outcome.resourceType,
    resourceId: outcome.resourceId,
    ...(context.accountId ? { accountId: context.accountId } : {}),
    ...(context.region ? { region: context.region } : {}),
    ...(outcome.vpcId ? { vpcId: outcome.vpcId } : {}),
    mode: context.mode,
    outcome: kind,
    summary: outcome.status === 'deferred' || outcome.status === 'vanished' ? `${outcome.status}: ${outcome.reason}` : outcome.reason,
    steps: outcome.steps.length ? outcome.steps.map((s) => s.step) : outcome.plan.steps,
    before: outcome.plan.before,
    after: outcome.plan.after,
    ...(error ? { error } : {}),
  });
  const old = outcome.plan.before.PolicyDocument;
  const replacesPolicy = outcome.plan.steps.some((s) => 'PolicyDocument' in s.parameters);
  if (replacesPolicy && typeof old === 'string' && !alert.message.includes(old)) {
    alert.message += `\n\nOLD POLICY, IN FULL (as EC2 returned it; restore with: vpce-guard rollback --endpoint ${outcome.resourceId} --apply)\n${old}\n`;
  }
  return alert;
}
