import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { VpceGuardError } from '../errors.js';

/** The Powertools logger and metrics of one function. */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/** Default CloudWatch namespace of every vpce-guard metric (`POWERTOOLS_METRICS_NAMESPACE` overrides it). */
export const METRICS_NAMESPACE = 'vpce-guard';

/**
 * The logger and metrics of a function: service `POWERTOOLS_SERVICE_NAME` (default
 * `vpce-guard-<functionName>`), namespace `POWERTOOLS_METRICS_NAMESPACE` (default `vpce-guard`),
 * level `POWERTOOLS_LOG_LEVEL`. Powertools reads its settings here, once per container.
 */
export function observability(functionName: string, env: NodeJS.ProcessEnv = process.env): Observability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME?.trim() || `vpce-guard-${functionName}`;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace: env.POWERTOOLS_METRICS_NAMESPACE?.trim() || METRICS_NAMESPACE }),
  };
}

export interface ErrorReportingOptions {
  /** The metric counted once per failed invocation. */
  metricName?: string;
}

const errorReportingDefaults: Required<ErrorReportingOptions> = { metricName: 'InvocationErrors' };

/**
 * A middy middleware that reports a failed invocation: one error line (what failed, in one
 * sentence, with the error's name) and an `InvocationErrors` metric. The error is rethrown, so the
 * invocation still fails: a failure is never swallowed.
 */
export function errorReporting({ logger, metrics }: Observability, options: ErrorReportingOptions = {}): MiddlewareObj {
  const { metricName } = { ...errorReportingDefaults, ...options };
  const onError: MiddlewareObj['onError'] = (request) => {
    const error = request.error;
    const expected = error instanceof VpceGuardError;
    logger.error(expected ? error.message : 'invocation failed unexpectedly', error as Error);
    metrics.addMetric(metricName, MetricUnit.Count, 1);
  };
  return { onError };
}

/**
 * Wraps a handler in the middy chain every vpce-guard function uses: Powertools Logger with the
 * Lambda context injected (keys reset per invocation), Powertools Metrics flushed after each
 * invocation (cold start captured, no error on an empty set), and error reporting.
 */
export function withObservability<E, R>(handler: (event: E, context: Context) => Promise<R>, obs: Observability) {
  return middy(handler)
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(logMetrics(obs.metrics, { captureColdStartMetric: true, throwOnEmptyMetrics: false }))
    .use(errorReporting(obs));
}
