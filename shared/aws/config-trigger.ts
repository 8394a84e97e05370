import { StartConfigRulesEvaluationCommand, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type { RetryStrategyV2 } from '@smithy/types';
import { AwsCallError } from '../errors.js';

/** StartConfigRulesEvaluation takes at most 25 rule names a call. */
export const MAX_RULES_PER_CALL = 25;

/** What became of a re-evaluation request, rule by rule. */
export interface TriggerResult {
  started: string[];
  /** Refused with LimitExceededException: an earlier evaluation of these rules still runs. */
  busy: string[];
  /** Refused with NoSuchConfigRuleException: not deployed under that name. */
  missing: string[];
}

/**
 * The retry strategy for the client that sends StartConfigRulesEvaluation: the SDK's adaptive
 * strategy, except that LimitExceededException is final. The SDK counts it as throttling and would
 * retry it with backoff for half a minute, but here it means "an evaluation of these rules is still
 * running" — retrying cannot help, and the periodic run catches up.
 */
export function evaluationTriggerRetryStrategy(maxAttempts = 8): RetryStrategyV2 {
  return new BusyIsFinal(async () => maxAttempts);
}

class BusyIsFinal extends AdaptiveRetryStrategy {
  override async refreshRetryTokenForRetry(...[token, info]: Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>) {
    // Throwing here ends the retries: the SDK then rethrows the request's own error.
    if (info.error?.name === 'LimitExceededException') throw info.error;
    return super.refreshRetryTokenForRetry(token, info);
  }
}

function nameOf(error: unknown): string {
  return (error as { name?: string }).name ?? 'Error';
}

/**
 * Asks AWS Config to re-evaluate rules now (StartConfigRulesEvaluation), in calls of at most 25
 * names. A LimitExceededException (an evaluation of those rules is still running; the periodic run
 * catches up) is reported in `busy`, not thrown. When a call names a rule that is not deployed,
 * the names are retried one by one so the deployed ones still start; the others are `missing`.
 * Any other failure is an AwsCallError naming the rules.
 */
export async function startRuleEvaluations(client: ConfigServiceClient, ruleNames: readonly string[]): Promise<TriggerResult> {
  const result: TriggerResult = { started: [], busy: [], missing: [] };
  const names = [...new Set(ruleNames)];
  const send = async (batch: string[], splitOnMissing: boolean): Promise<void> => {
    try {
      await client.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: batch }));
      result.started.push(...batch);
    } catch (error) {
      const name = nameOf(error);
      if (name === 'LimitExceededException') result.busy.push(...batch);
      else if (name === 'NoSuchConfigRuleException' && splitOnMissing && batch.length > 1) {
        for (const one of batch) await send([one], false);
      } else if (name === 'NoSuchConfigRuleException') result.missing.push(...batch);
      else throw new AwsCallError(`StartConfigRulesEvaluation(${batch.join(', ')}) failed: ${name}: ${(error as Error).message}`, { cause: error });
    }
  };
  for (let i = 0; i < names.length; i += MAX_RULES_PER_CALL) await send(names.slice(i, i + MAX_RULES_PER_CALL), true);
  return result;
}
