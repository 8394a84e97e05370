import { InputError } from '../errors.js';
import type { Severity } from '../rules/types.js';
import { parseSeverity } from './transition.js';

/** The settings of the compliance-alert function. */
export interface AlertSettings {
  topicArn: string;
  minSeverity?: Severity;
}

/**
 * `ALERT_TOPIC_ARN` (required) and `ALERT_MIN_SEVERITY` (optional: LOW, MEDIUM, HIGH, CRITICAL);
 * a missing topic or an unknown severity is an InputError naming the variable.
 */
export function alertSettings(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const topicArn = env.ALERT_TOPIC_ARN?.trim();
  if (!topicArn) throw new InputError('ALERT_TOPIC_ARN is not set: the SNS topic to publish alerts to');
  const min = env.ALERT_MIN_SEVERITY?.trim();
  return { topicArn, ...(min ? { minSeverity: parseSeverity(min, 'ALERT_MIN_SEVERITY') } : {}) };
}
