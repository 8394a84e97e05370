import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { alertSettings } from '../../shared/alerts/settings.js';
import { decideComplianceAlert } from '../../shared/alerts/plan.js';
import { parseComplianceChange } from '../../shared/alerts/event.js';
import { publishAlert, snsClientFor } from '../../shared/aws/sns.js';
import { observability, withObservability } from '../../shared/lambda/middleware.js';

// EventBridge "Config Rules Compliance Change" events → one SNS alert per change of compliance of a
// vpce-guard rule. Everything but the wiring is in shared/alerts/.

const obs = observability('compliance-alert');
const { logger, metrics } = obs;

export interface ComplianceAlertResult {
  status: 'published' | 'ignored';
  reason?: string;
  messageId?: string;
}

async function complianceAlert(event: unknown): Promise<ComplianceAlertResult> {
  const settings = alertSettings();
  const change = parseComplianceChange(event);
  const { detail } = change;
  logger.appendKeys({ configRuleName: detail.configRuleName, resourceId: detail.resourceId, accountId: detail.awsAccountId });
  const decision = decideComplianceAlert(change, settings.minSeverity ? { minSeverity: settings.minSeverity } : {});
  if (!decision.publish) {
    logger.info('event ignored', { reason: decision.reason, eventId: change.id });
    metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
    return { status: 'ignored', reason: decision.reason };
  }
  const { messageId } = await publishAlert(snsClientFor(settings.topicArn), settings.topicArn, decision.alert);
  logger.info('alert published', { kind: decision.kind, subject: decision.alert.subject, messageId, attributes: decision.alert.attributes });
  metrics.addMetric('AlertsPublished', MetricUnit.Count, 1);
  return { status: 'published', messageId };
}

/** The Lambda entry point: Powertools Logger and Metrics through the shared middy chain. */
export const handler = withObservability(complianceAlert, obs);
