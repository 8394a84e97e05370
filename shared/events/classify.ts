import { z } from 'zod';
import { parseWith } from '../validation.js';
import { CALL_KINDS, type CallHints, type Reach } from './calls.js';

/** The detail-type of CloudTrail API-call events on EventBridge. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/** The CloudTrail `eventSource` of EC2. */
export const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';

/** The EventBridge envelope, as Powertools' EventBridgeSchema validates it. */
export interface EventBridgeEnvelope {
  id: string;
  source: string;
  account: string;
  region: string;
  'detail-type': string;
  detail: unknown;
}

// Only what vpce-guard reads is checked; CloudTrail adds fields over time.
const detailSchema = z.looseObject({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  eventID: z.string().optional(),
  awsRegion: z.string().min(1).optional(),
  recipientAccountId: z.union([z.string(), z.number().transform(String)]).optional(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
  requestParameters: z.unknown().optional(),
  responseElements: z.unknown().optional(),
});

/** What an API call affected: ids to read back from EC2, never the event's claims about state. */
export interface AffectedResources extends CallHints {
  eventName: string;
  eventId?: string;
  accountId: string;
  region: string;
  rules: readonly string[];
  reach: Reach;
}

export type Classification = { kind: 'ignored'; reason: string } | { kind: 'affected'; affected: AffectedResources };

const ID_PATTERNS: Record<keyof CallHints, RegExp> = {
  vpcIds: /^vpc-[0-9a-z]+$/,
  endpointIds: /^vpce-[0-9a-z]+$/,
  routeTableIds: /^rtb-[0-9a-z]+$/,
  subnetIds: /^subnet-[0-9a-z]+$/,
  securityGroupIds: /^sg-[0-9a-z]+$/,
  associationIds: /^rtbassoc-[0-9a-z]+$/,
};

function cleanHints(raw: Partial<CallHints>): CallHints {
  const out = {} as CallHints;
  for (const key of Object.keys(ID_PATTERNS) as (keyof CallHints)[]) {
    out[key] = [...new Set((raw[key] ?? []).filter((id) => ID_PATTERNS[key].test(id)))];
  }
  return out;
}

/**
 * Decides what an EventBridge event means for vpce-guard. Events of another detail-type, source or
 * call, and CloudTrail records with `errorCode` set (the call changed nothing), are ignored with
 * the reason; a CloudTrail event whose detail lacks `eventSource` or `eventName` is an InputError.
 */
export function classifyEvent(event: EventBridgeEnvelope): Classification {
  if (event['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE) {
    return { kind: 'ignored', reason: `detail-type "${event['detail-type']}" is not "${CLOUDTRAIL_DETAIL_TYPE}"` };
  }
  const detail = parseWith(detailSchema, event.detail, `event ${event.id}: detail`);
  if (detail.eventSource !== EC2_EVENT_SOURCE) {
    return { kind: 'ignored', reason: `eventSource ${detail.eventSource} is not ${EC2_EVENT_SOURCE}` };
  }
  const kind = CALL_KINDS[detail.eventName];
  if (!kind) return { kind: 'ignored', reason: `${detail.eventName} does not affect VPC endpoints` };
  if (detail.errorCode) {
    return { kind: 'ignored', reason: `${detail.eventName} failed with ${detail.errorCode}, so it changed nothing` };
  }
  const hints = cleanHints(kind.hints(detail.requestParameters, detail.responseElements));
  return {
    kind: 'affected',
    affected: {
      ...hints,
      eventName: detail.eventName,
      ...(detail.eventID ? { eventId: detail.eventID } : {}),
      accountId: detail.recipientAccountId ?? event.account,
      region: detail.awsRegion ?? event.region,
      rules: kind.rules,
      reach: kind.reach,
    },
  };
}

/** True when the hints name nothing at all that could be read back. */
export function namesNothing(affected: CallHints): boolean {
  return (Object.keys(ID_PATTERNS) as (keyof CallHints)[]).every((key) => affected[key].length === 0);
}
