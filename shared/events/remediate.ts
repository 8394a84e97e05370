import { z } from 'zod';
import { findRule } from '../rules/catalogue.js';
import { parseWith } from '../validation.js';
import type { AffectedResources } from './classify.js';

/** The `source` of a request sent by the AWS Config "Remediate" button (infra/remediation-document.json). */
export const REMEDIATE_SOURCE = 'vpce-guard.remediate';

const remediable = (id: string) => findRule(id)?.remediation !== undefined;

const requestSchema = z.strictObject({
  source: z.literal(REMEDIATE_SOURCE),
  ruleId: z.string().refine(remediable, { message: 'not a catalogue rule with a remediation' }),
  resourceType: z.string().min(1),
  resourceId: z.string().regex(/^vpce-[0-9a-z]+$/, 'not a VPC endpoint id (vpce-…)'),
  accountId: z.string().regex(/^\d{12}$/, 'not a 12-digit AWS account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'not an AWS region'),
});

/** One press of the "Remediate" button: repair this resource for this rule. */
export type RemediateRequest = z.infer<typeof requestSchema>;

/** True when an event claims to be a "Remediate" request (then `parseRemediateRequest` validates it). */
export function isRemediateRequest(event: unknown): boolean {
  return (event as { source?: unknown } | null)?.source === REMEDIATE_SOURCE;
}

/**
 * Validates a "Remediate" request: `{source, ruleId, resourceType, resourceId, accountId, region}`,
 * nothing else; the rule must be a catalogue rule with a remediation and the resource type the
 * rule's. A bad request is an InputError naming each wrong field.
 */
export function parseRemediateRequest(event: unknown): RemediateRequest {
  const request = parseWith(requestSchema, event, 'remediation request');
  const ruleType = findRule(request.ruleId)!.resourceType;
  if (request.resourceType !== ruleType) {
    parseWith(z.object({ resourceType: z.literal(ruleType) }), request, 'remediation request');
  }
  return request;
}

/**
 * What a "Remediate" request affects: exactly the named resource, for the pressed rule only (its
 * evaluation, its remediation and its re-evaluation in AWS Config).
 */
export function remediateTarget(request: RemediateRequest): AffectedResources {
  return {
    eventName: 'Remediate',
    accountId: request.accountId,
    region: request.region,
    rules: [request.ruleId],
    reach: 'named',
    vpcIds: [],
    endpointIds: [request.resourceId],
    routeTableIds: [],
    subnetIds: [],
    securityGroupIds: [],
    associationIds: [],
  };
}
