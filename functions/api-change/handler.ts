import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import type { z } from 'zod';
import { snsClientFor } from '../../shared/aws/sns.js';
import { resolveConfig } from '../../shared/engine/config.js';
import { parseWith } from '../../shared/validation.js';
import { classifyEvent, type AffectedResources } from '../../shared/events/classify.js';
import { isRemediateRequest, parseRemediateRequest, remediateTarget, type RemediateRequest } from '../../shared/events/remediate.js';
import { ec2Client, evaluationTriggerClient } from '../../shared/lambda/clients.js';
import { observability, withObservability } from '../../shared/lambda/middleware.js';
import { isSqsEvent, processFifoBatch } from '../../shared/lambda/sqs-batch.js';
import { accountOfArn, envConfig, memberRoleArn, ruleIdOf } from '../../shared/lambda/settings.js';
import { RemediationError } from '../../shared/remediation/errors.js';
import { reactToApiCall, type ReactionReport } from '../../shared/remediation/respond.js';
import { remediationMode, remediationSettings } from '../../shared/remediation/settings.js';

// EventBridge "AWS API Call via CloudTrail" events from EC2 → read back, evaluate, remediate as
// configured, ask AWS Config to re-evaluate, alert. Everything but the wiring is in shared/.
// Deployed, the events come through an SQS FIFO queue (one message group: one change at a time);
// an EventBridge event passed directly (tests, CLI) and the Config "Remediate" button's request
// (infra/remediation-document.json) are accepted as well.

const obs = observability('api-change');
const { logger, metrics } = obs;

type Envelope = z.infer<typeof EventBridgeSchema>;

export interface ApiChangeResult {
  status: 'ignored' | 'handled';
  reason?: string;
  report?: ReactionReport;
  /** For a "Remediate" request: what became of the pressed rule's remediation of the resource. */
  remediation?: { ruleId: string; resourceId: string; mode: string; status: string; reason?: string; steps?: unknown[] };
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

/** The pressed rule's outcome for the resource, or why nothing was done. */
function remediationResult(request: RemediateRequest, report: ReactionReport, mode: string): NonNullable<ApiChangeResult['remediation']> {
  const base = { ruleId: request.ruleId, resourceId: request.resourceId, mode };
  const outcome = report.outcomes.find((o) => o.ruleId === request.ruleId && o.resourceId === request.resourceId);
  if (outcome) return { ...base, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}), steps: outcome.steps };
  if (mode === 'off') return { ...base, status: 'off', reason: 'REMEDIATION_MODE is off: nothing was changed' };
  if (report.resourceIds.length === 0) return { ...base, status: 'vanished', reason: `EC2 does not know ${request.resourceId}` };
  if (!report.nonCompliant.includes(`${request.ruleId} ${request.resourceId}`)) return { ...base, status: 'compliant', reason: 'nothing to do: the resource complies with the rule now' };
  return { ...base, status: 'no-plan', reason: 'non-compliant, but the rule planned no change (see the evaluation annotation)' };
}

/** One event: a "Remediate" request or an EventBridge event (directly or as an SQS message body). */
async function reactTo(raw: unknown, context: Context): Promise<ApiChangeResult> {
  let affected: AffectedResources;
  let request: RemediateRequest | undefined;
  if (isRemediateRequest(raw)) {
    request = parseRemediateRequest(raw);
    affected = remediateTarget(request);
    logger.appendKeys({ eventName: affected.eventName, ruleId: request.ruleId, resourceId: request.resourceId, accountId: affected.accountId });
  } else {
    // Validated here rather than by the parser middleware, so that a malformed envelope is one
    // InputError line naming each wrong field (the middleware only says "Failed to parse schema").
    const event: Envelope = parseWith(EventBridgeSchema, raw, 'EventBridge event');
    const classification = classifyEvent(event);
    if (classification.kind === 'ignored') {
      logger.info('event ignored', { reason: classification.reason, eventId: event.id });
      metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
      return { status: 'ignored', reason: classification.reason };
    }
    affected = classification.affected;
    logger.appendKeys({ eventName: affected.eventName, eventId: affected.eventId, accountId: affected.accountId });
  }
  const mode = remediationMode();
  const scanConfig = resolveConfig(envConfig(), 'VPCE_GUARD_CONFIG');
  const settings = remediationSettings(scanConfig.remediation);
  const ownAccountId = accountOfArn(context.invokedFunctionArn);
  const roleArn = memberRoleArn(affected.accountId, { ...(ownAccountId ? { ownAccountId } : {}) });
  const region = affected.region;
  const topicArn = process.env.ALERT_TOPIC_ARN?.trim();

  const report = await reactToApiCall(affected, {
    ec2: ec2Client(roleArn, region),
    config: evaluationTriggerClient(roleArn, region),
    ...(topicArn ? { alerts: { client: snsClientFor(topicArn), topicArn } } : {}),
    scanConfig,
    mode,
    settings,
    ruleIdOf: (name) => ruleIdOf(name),
  });
  record(report, mode);
  if (report.failures.length) {
    throw new RemediationError(`${report.failures.length} failure(s) reacting to ${affected.eventName}: ${report.failures.join('; ')}`);
  }
  return { status: 'handled', report, ...(request ? { remediation: remediationResult(request, report, mode) } : {}) };
}

/** An SQS batch from the FIFO queue, record by record; otherwise one event. */
async function apiChange(raw: unknown, context: Context): Promise<ApiChangeResult | SQSBatchResponse> {
  if (!isSqsEvent(raw)) return reactTo(raw, context);
  return processFifoBatch(
    raw,
    (body, record) => {
      // One message's keys must not label the next one's lines.
      logger.resetKeys();
      logger.appendKeys({ messageId: record.messageId });
      return reactTo(body, context);
    },
    {
      rejected: (record, error) => {
        logger.error('bad input in an SQS message; consumed, since delivering it again cannot help', { messageId: record.messageId, error: error.message });
        metrics.addMetric('BadInputMessages', MetricUnit.Count, 1);
      },
      failed: (record, error) => {
        logger.error('an SQS message failed; it and the later messages of its group are delivered again', { messageId: record.messageId, error: error as Error });
        metrics.addMetric('FailedMessages', MetricUnit.Count, 1);
      },
    },
  );
}

export const handler = withObservability(apiChange, obs);
