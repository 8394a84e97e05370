import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { InputError } from '../errors.js';

const Compliance = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);

const EvaluationResult = z.looseObject({
  evaluationResultIdentifier: z.looseObject({
    evaluationResultQualifier: z.looseObject({ configRuleName: z.string(), resourceType: z.string(), resourceId: z.string() }),
    orderingTimestamp: z.string().optional(),
  }),
  complianceType: Compliance,
  resultRecordedTime: z.string().optional(),
  annotation: z.string().optional(),
});

/** The `detail` of a "Config Rules Compliance Change" event (unknown keys allowed: AWS adds some). */
const ComplianceChangeDetail = z.looseObject({
  messageType: z.literal('ComplianceChangeNotification'),
  configRuleName: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  awsAccountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  awsRegion: z.string().min(1),
  newEvaluationResult: EvaluationResult,
  oldEvaluationResult: EvaluationResult.optional(),
});

/** Powertools' EventBridge envelope around a Config compliance-change detail. */
export const ComplianceChangeEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.config'),
  'detail-type': z.literal('Config Rules Compliance Change'),
  detail: ComplianceChangeDetail,
});

export type ComplianceChangeEvent = z.infer<typeof ComplianceChangeEventSchema>;

/**
 * The event, validated as an EventBridge "Config Rules Compliance Change" event; anything else is
 * an InputError whose one line names each field that is wrong (`detail.newEvaluationResult.complianceType: …`).
 */
export function parseComplianceChange(event: unknown): ComplianceChangeEvent {
  const result = ComplianceChangeEventSchema.safeParse(event);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'event'}: ${issue.message}`);
  throw new InputError(`not a Config Rules Compliance Change event: ${problems.join('; ')}`, { cause: result.error });
}
