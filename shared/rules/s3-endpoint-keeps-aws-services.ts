import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Endpoint } from '../model/index.js';
import { parseServiceName } from '../model/index.js';
import { MAX_POLICY_CHARS, evaluateRequest, expandAwsOwnedResources, type Request } from '../policy/index.js';
import type { Caller } from '../policy/index.js';
import { accountIdParam, listParam, orgIdParam } from './params.js';
import type { EndpointRule, RuleContext, Verdict } from './types.js';

/**
 * Default of `awsServiceBuckets`: the buckets Systems Manager, Patch Manager and the Amazon Linux
 * package repositories read. Every entry is also in the tightening planner's AWS-owned list
 * (DEFAULT_AWS_OWNED_RESOURCES), so a tightened policy keeps them (a test checks both).
 */
export const SSM_SERVICE_BUCKETS: readonly string[] = [
  'arn:aws:s3:::aws-ssm-<region>/*',
  'arn:aws:s3:::patch-baseline-snapshot-<region>/*',
  'arn:aws:s3:::amazon-ssm-<region>/*',
  'arn:aws:s3:::amazon-ssm-packages-<region>/*',
  'arn:aws:s3:::amazonlinux.<region>.amazonaws.com/*',
  'arn:aws:s3:::amazonlinux-2-repos-<region>/*',
  'arn:aws:s3:::al2023-repos-<region>-de612dc2/*',
  'arn:aws:s3:::packages.<region>.amazonaws.com/*',
  'arn:aws:s3:::repo.<region>.amazonaws.com/*',
];

/** Services whose endpoints show that Systems Manager is used from private subnets. */
const SSM_SERVICES = new Set(['ssm', 'ssmmessages', 'ec2messages']);
const SID = 'VpceGuardKeepAwsOwnedReads';
const READ_ACTION = 's3:GetObject';

const parameters = z.strictObject({
  /** Overrides the global orgId for this rule. */
  orgId: orgIdParam.optional(),
  /** Overrides the global trustedAccounts for this rule. */
  trustedAccounts: listParam(accountIdParam).optional(),
  /** Bucket object patterns (`<region>` placeholders) the account's callers must be able to read. */
  awsServiceBuckets: listParam(z.string().regex(/^arn:aws[a-z-]*:s3:::\S+$/, 'must be an S3 ARN such as arn:aws:s3:::aws-ssm-<region>/*')).default([...SSM_SERVICE_BUCKETS]),
  /** `ssm-endpoints`: only in VPCs with an ssm, ssmmessages or ec2messages endpoint; `always`: every S3 endpoint. */
  when: z.enum(['ssm-endpoints', 'always']).default('ssm-endpoints'),
});
type Params = z.output<typeof parameters>;

interface Boundary {
  accountId: string;
  trustedAccounts: string[];
  orgId?: string;
}

function boundaryOf(endpoint: Endpoint, { model, params, settings }: RuleContext<Params>): Boundary {
  const accountId = endpoint.ownerId ?? settings.accountId ?? model.accountId;
  if (!accountId) throw new InputError(`cannot tell the account of ${endpoint.id}: it has no OwnerId; set accountId in the config`);
  const orgId = params.orgId ?? settings.orgId;
  return { accountId, trustedAccounts: params.trustedAccounts ?? settings.trustedAccounts, ...(orgId ? { orgId } : {}) };
}

/** The concrete buckets for the endpoint's region; an error when a pattern needs a region nobody knows. */
function bucketsOf(endpoint: Endpoint, ctx: RuleContext<Params>): readonly string[] {
  const region = ctx.model.regionOf(endpoint);
  const needsRegion = ctx.params.awsServiceBuckets.some((p) => p.includes('<region>') || p.includes('<RegionWithoutDashes>'));
  if (!region && needsRegion) throw new InputError(`cannot tell the region of ${endpoint.id}: set region in the config`);
  return expandAwsOwnedResources(ctx.params.awsServiceBuckets, region);
}

/** An in-boundary caller of the endpoint's own account, reading one object of the bucket through the endpoint. */
function readRequest(endpoint: Endpoint, boundary: Boundary, pattern: string): Request {
  const caller: Caller = {
    anonymous: false,
    account: boundary.accountId,
    arn: `arn:aws:iam::${boundary.accountId}:role/vpce-guard-probe`,
    ...(boundary.orgId ? { orgId: boundary.orgId } : {}),
  };
  return {
    caller,
    action: READ_ACTION,
    resource: pattern.replaceAll('*', 'vpce-guard-probe'),
    context: { 'aws:SourceVpce': [endpoint.id], 'aws:SourceVpc': [endpoint.vpcId] },
  };
}

/** The patterns an in-boundary caller cannot read under the policy (absent policy: full access). */
function blockedBuckets(policy: unknown, endpoint: Endpoint, boundary: Boundary, buckets: readonly string[]): { pattern: string; decision: string }[] {
  const out: { pattern: string; decision: string }[] = [];
  for (const pattern of buckets) {
    let decision: string;
    try {
      decision = evaluateRequest(policy, readRequest(endpoint, boundary, pattern));
    } catch (error) {
      throw new InputError(`cannot evaluate the policy of ${endpoint.id} for ${pattern}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (decision !== 'allow') out.push({ pattern, decision });
  }
  return out;
}

function bucketName(pattern: string): string {
  return pattern.replace(/^arn:aws[a-z-]*:s3:::/, '').replace(/\/.*$/, '');
}

/** The statement that lets the boundary's callers read the given buckets, and nothing else. */
function readStatement(sid: string, boundary: Boundary, resources: string[]): Record<string, unknown> {
  const condition = boundary.orgId
    ? { 'aws:PrincipalOrgID': boundary.orgId }
    : { 'aws:PrincipalAccount': [...new Set([boundary.accountId, ...boundary.trustedAccounts])] };
  return { Sid: sid, Effect: 'Allow', Principal: '*', Action: [READ_ACTION], Resource: resources, Condition: { StringEquals: condition } };
}

function freeSid(statements: Record<string, unknown>[]): string {
  const taken = new Set(statements.map((s) => s.Sid));
  if (!taken.has(SID)) return SID;
  let n = 2;
  while (taken.has(`${SID}${n}`)) n += 1;
  return `${SID}${n}`;
}

/**
 * The fix an operator can apply by hand: the policy with one Allow statement added that lets the
 * trust boundary's callers s3:GetObject the blocked AWS-owned buckets, and nothing else. `cannot`
 * when no added Allow can fix it (an explicit Deny, the size limit); undefined when nothing is blocked.
 */
export function suggestedFix(
  endpoint: Endpoint,
  ctx: RuleContext<Params>,
): { statement: Record<string, unknown>; policy: string } | { cannot: string } | undefined {
  if (endpoint.policyDocument === undefined) return undefined;
  const boundary = boundaryOf(endpoint, ctx);
  const blocked = blockedBuckets(endpoint.policyDocument, endpoint, boundary, bucketsOf(endpoint, ctx)).map((b) => b.pattern);
  if (blocked.length === 0) return undefined;
  const doc = JSON.parse(endpoint.policyDocument) as Record<string, unknown>;
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Record<string, unknown>[];
  const statement = readStatement(freeSid(statements), boundary, blocked);
  const policy = JSON.stringify({ ...doc, Statement: [...statements, statement] });
  if (policy.length > MAX_POLICY_CHARS) return { cannot: `the policy would exceed ${MAX_POLICY_CHARS} characters` };
  const still = blockedBuckets(policy, endpoint, boundary, blocked);
  if (still.length > 0) return { cannot: `an explicit Deny blocks ${still.map((b) => bucketName(b.pattern)).join(', ')}; an Allow cannot lift it` };
  return { statement, policy };
}

/** S3 endpoints keep the AWS-owned buckets Systems Manager and the package repositories need readable. */
export const s3EndpointKeepsAwsServices: EndpointRule<Params> = {
  id: 's3-endpoint-keeps-aws-services',
  title: 'S3 endpoint policies keep AWS services working',
  description:
    "The S3 endpoint's policy lets the account's own callers read the AWS-owned buckets Systems Manager, Patch Manager and the package repositories need in the endpoint's region.",
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Gateway', 'Interface'],
  // A new or changed SSM endpoint decides whether the VPC's S3 endpoints are judged (when: ssm-endpoints).
  vpcTriggers: [...SSM_SERVICES],
  parameters,
  requires: [],
  annotation: {
    compliant: 'The policy lets the account read all {count} AWS-owned service buckets ({region}).',
    nonCompliant: 'The policy blocks reads of {blockedCount} AWS-owned service bucket(s) SSM and patching need: {buckets}',
  },
  // Alert only (no `remediation`): the fix adds an Allow, and remediation never broadens access.
  // The plan is a refusal that spells out the statement an operator can add by hand.
  evaluate(endpoint, ctx): Verdict {
    if (parseServiceName(endpoint.serviceName).short !== 's3') {
      return { status: 'NOT_APPLICABLE', reason: `The rule judges S3 endpoints; this one is ${endpoint.serviceName}.` };
    }
    if (ctx.params.when === 'ssm-endpoints') {
      const ssm = ctx.model.endpointsInVpc(endpoint.vpcId).some((e) => SSM_SERVICES.has(parseServiceName(e.serviceName).short));
      if (!ssm) return { status: 'NOT_APPLICABLE', reason: `VPC ${endpoint.vpcId} has no ssm, ssmmessages or ec2messages endpoint (parameter when: ssm-endpoints).` };
    }
    const boundary = boundaryOf(endpoint, ctx);
    const buckets = bucketsOf(endpoint, ctx);
    if (buckets.length === 0) return { status: 'NOT_APPLICABLE', reason: 'No AWS-owned service buckets are configured.' };
    const region = ctx.model.regionOf(endpoint) ?? 'no region';
    if (endpoint.policyDocument === undefined) return { status: 'COMPLIANT', vars: { count: buckets.length, region } };
    const blocked = blockedBuckets(endpoint.policyDocument, endpoint, boundary, buckets);
    if (blocked.length === 0) return { status: 'COMPLIANT', vars: { count: buckets.length, region } };
    return {
      status: 'NON_COMPLIANT',
      vars: { blockedCount: blocked.length, buckets: blocked.map((b) => bucketName(b.pattern)) },
      findings: blocked.map((b) => ({
        key: `Bucket::${bucketName(b.pattern)}`,
        message: `${READ_ACTION} on ${b.pattern} by account ${boundary.accountId} is ${b.decision === 'explicit-deny' ? 'explicitly denied' : 'not allowed'}.`,
      })),
    };
  },
  plan(endpoint, verdict, ctx) {
    if (verdict.findings.length === 0) return undefined;
    const fix = suggestedFix(endpoint, ctx);
    if (!fix) return undefined;
    const before = { PolicyDocument: endpoint.policyDocument };
    const summary =
      'statement' in fix
        ? `Alert only: the fix adds an Allow, and remediation never broadens access. To fix by hand, append this statement to the policy: ${JSON.stringify(fix.statement)}`
        : `Alert only, and no statement can fix it: ${fix.cannot}.`;
    return { ruleId: this.id, resourceType: this.resourceType, resourceId: endpoint.id, status: 'refused', summary, steps: [], before, after: before, iamActions: [] };
  },
};
