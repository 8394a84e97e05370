import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { snsClientFor } from '../../shared/aws/sns.js';
import { resolveConfig } from '../../shared/engine/config.js';
import { parseWith } from '../../shared/validation.js';
import { classifyEvent } from '../../shared/events/classify.js';
import { ec2Client, evaluationTriggerClient } from '../../shared/lambda/clients.js';
import { observability, withObservability } from '../../shared/lambda/middleware.js';
import { accountOfArn, configRuleName, envConfig, memberRoleArn } from '../../shared/lambda/settings.js';
import { RemediationError } from '../../shared/remediation/errors.js';
import { reactToApiCall, type ReactionReport } from '../../shared/remediation/respond.js';
import { remediationMode, remediationSettings } from '../../shared/remediation/settings.js';

// EventBridge "AWS API Call via CloudTrail" events from EC2 → read back, evaluate, remediate as
// configured, ask AWS Config to re-evaluate, alert. Everything but the wiring is in shared/.

const obs = observability('api-change');
const { logger, metrics } = obs;

type Envelope = z.infer<typeof EventBridgeSchema>;

export interface ApiChangeResult {
  status: 'ignored' | 'handled';
  reason?: string;
  report?: ReactionReport;
}

function record(report: ReactionReport, mode: string): void {
  const outcomes = report.outcomes.map((o) => ({ ruleId: o.ruleId, resourceId: o.resourceId, status: o.status, reason: o.reason, steps: o.steps }));
  logger.info('reacted', { mode, ...report, outcomes });
  for (const error of report.evaluationErrors) logger.error('cannot evaluate', { ...error });
  if (report.unresolved.length) logger.warn('ids EC2 no longer knows; AWS Config catches up on them', { unresolved: report.unresolved });
  if (report.trigger?.busy.length) logger.info('AWS Config is still evaluating these rules; the periodic run catches up', { busy: report.trigger.busy });
  if (report.trigger?.missing.length) logger.warn('these Config rules are not deployed', { missing: report.trigger.missing });
  const count = (status: string) => report.outcomes.filter((o) => o.status === status).length;
  metrics.addMetric('EvaluationErrors', MetricUnit.Count, report.evaluationErrors.length);
  metrics.addMetric('NonCompliantFound', MetricUnit.Count, report.nonCompliant.length);
  for (const status of ['applied', 'would-apply', 'failed', 'refused', 'deferred', 'vanished', 'skipped']) {
    metrics.addMetric(`Remediations_${status}`, MetricUnit.Count, count(status));
  }
  metrics.addMetric('AlertsPublished', MetricUnit.Count, report.alertsPublished);
}

async function apiChange(raw: unknown, context: Context): Promise<ApiChangeResult> {
  // Validated here rather than by the parser middleware, so that a malformed envelope is one
  // InputError line naming each wrong field (the middleware only says "Failed to parse schema").
  const event: Envelope = parseWith(EventBridgeSchema, raw, 'EventBridge event');
  const classification = classifyEvent(event);
  if (classification.kind === 'ignored') {
    logger.info('event ignored', { reason: classification.reason, eventId: event.id });
    metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
    return { status: 'ignored', reason: classification.reason };
  }
  const { affected } = classification;
  const mode = remediationMode();
  const scanConfig = resolveConfig(envConfig(), 'VPCE_GUARD_CONFIG');
  const settings = remediationSettings(scanConfig.remediation);
  const ownAccountId = accountOfArn(context.invokedFunctionArn);
  const roleArn = memberRoleArn(affected.accountId, { ...(ownAccountId ? { ownAccountId } : {}) });
  const region = affected.region;
  const topicArn = process.env.ALERT_TOPIC_ARN?.trim();
  logger.appendKeys({ eventName: affected.eventName, eventId: affected.eventId, accountId: affected.accountId });

  const report = await reactToApiCall(affected, {
    ec2: ec2Client(roleArn, region),
    config: evaluationTriggerClient(roleArn, region),
    ...(topicArn ? { alerts: { client: snsClientFor(topicArn), topicArn } } : {}),
    scanConfig,
    mode,
    settings,
    configRuleName: (ruleId) => configRuleName(ruleId),
  });
  record(report, mode);
  if (report.failures.length) {
    throw new RemediationError(`${report.failures.length} failure(s) reacting to ${affected.eventName}: ${report.failures.join('; ')}`);
  }
  return { status: 'handled', report };
}

export const handler = withObservability(apiChange, obs);
