import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { handleConfigRuleEvent, type InvocationSummary } from '../../shared/evaluation/index.js';
import { apiGatewayClient, configClient, ec2Client } from '../../shared/lambda/clients.js';
import { observability, withObservability } from '../../shared/lambda/middleware.js';
import { accountOfArn, memberRoleArn } from '../../shared/lambda/settings.js';

// AWS Config custom rule: one handler for every rule of the catalogue. The rule id comes from
// the rule's input parameters; everything else is in shared/evaluation.

const obs = observability('config-rule');
const { logger, metrics } = obs;

function report(summary: InvocationSummary): void {
  logger.info('evaluated', { ...summary });
  for (const [complianceType, n] of Object.entries(summary.counts)) {
    const metric = metrics.singleMetric();
    metric.addDimensions({ RuleId: summary.ruleId, ComplianceType: complianceType });
    metric.addMetric('Evaluations', MetricUnit.Count, n);
  }
  metrics.addMetric('EvaluationErrors', MetricUnit.Count, summary.errors);
  metrics.addMetric('StaleResultsWithdrawn', MetricUnit.Count, summary.stale);
  metrics.addMetric('UnfinishedEvaluations', MetricUnit.Count, summary.unfinished);
}

async function configRule(event: unknown, context: Context): Promise<InvocationSummary> {
  const ownAccountId = accountOfArn(context.invokedFunctionArn);
  return handleConfigRuleEvent(event, {
    clients: (accountId) => {
      const roleArn = memberRoleArn(accountId, { ...(ownAccountId ? { ownAccountId } : {}) });
      return { ec2: ec2Client(roleArn), config: configClient(roleArn), apiGateway: apiGatewayClient(roleArn) };
    },
    remainingMs: () => context.getRemainingTimeInMillis(),
    onSummary: report,
  });
}

export const handler = withObservability(configRule, obs);
