import { z } from 'zod';
import { InputError, PolicyError } from '../errors.js';
import type { Endpoint } from '../model/index.js';
import { parseServiceName } from '../model/index.js';
import { analysePolicy, planTightening, type AnalyseOptions, type PolicyAnalysis, type TightenOptions, type TighteningPlan } from '../policy/index.js';
import { accountIdParam, listParam, orgIdParam } from './params.js';
import type { EndpointRule, RuleContext, Verdict } from './types.js';

const parameters = z.strictObject({
  /** Overrides the global orgId for this rule. */
  orgId: orgIdParam.optional(),
  /** Overrides the global trustedAccounts for this rule. */
  trustedAccounts: listParam(accountIdParam).optional(),
  /** AWS-owned resource patterns (`<region>` placeholders) outsiders may read; default: AWS's list. */
  awsOwnedResources: listParam(z.string().min(1)).optional(),
});
type Params = z.output<typeof parameters>;

function analyseOptions(endpoint: Endpoint, { model, params, settings }: RuleContext<Params>): AnalyseOptions {
  const accountId = endpoint.ownerId ?? settings.accountId ?? model.accountId;
  if (!accountId) {
    throw new InputError(`cannot tell the account of ${endpoint.id}: it has no OwnerId; set accountId in the config`);
  }
  const orgId = params.orgId ?? settings.orgId;
  const region = model.regionOf(endpoint);
  return {
    accountId,
    trustedAccounts: params.trustedAccounts ?? settings.trustedAccounts,
    ...(orgId ? { orgId } : {}),
    ...(region ? { region } : {}),
    ...(params.awsOwnedResources ? { awsOwnedResources: params.awsOwnedResources } : {}),
    // Only the calls of the endpoint's service flow through it (an unknown service counts all).
    service: endpoint.serviceName,
  };
}

/** Many endpoints share a policy (the default above all): work on each distinct one once. */
function memoised<T>(memo: Map<string, unknown>, kind: string, endpoint: Endpoint, options: AnalyseOptions, work: () => T): T {
  const key = `${kind}|${JSON.stringify(options)}|${endpoint.policyDocument}`;
  if (memo.has(key)) return memo.get(key) as T;
  const result = work();
  memo.set(key, result);
  return result;
}

function analysis(endpoint: Endpoint, options: AnalyseOptions, memo: Map<string, unknown>): PolicyAnalysis {
  return memoised(memo, 'policy-analysis', endpoint, options, () => analysePolicy(endpoint.policyDocument, options));
}

/** The tightening of the endpoint's policy, or the PolicyError that refuses it. */
function tightening(endpoint: Endpoint, options: TightenOptions, memo: Map<string, unknown>): TighteningPlan | PolicyError {
  return memoised(memo, 'policy-tightening', endpoint, options, () => {
    try {
      return planTightening(endpoint.policyDocument, options);
    } catch (error) {
      if (error instanceof PolicyError) return error;
      throw error;
    }
  });
}

function boundaryText(options: AnalyseOptions): string {
  const parts = [`account ${options.accountId}`];
  if (options.trustedAccounts.length) parts.push(`trusted ${options.trustedAccounts.join(', ')}`);
  if (options.orgId) parts.push(`organization ${options.orgId}`);
  return parts.join('; ');
}

/** The endpoint policy lets no principal outside the trust boundary use the endpoint. */
export const endpointPolicyRestricted: EndpointRule<Params> = {
  id: 'endpoint-policy-restricted',
  title: 'Endpoint policies keep outsiders out',
  description:
    'The endpoint policy lets no caller outside the trust boundary (the account, trustedAccounts, the organization orgId) use the endpoint.',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Gateway', 'Interface'],
  parameters,
  requires: [],
  annotation: {
    compliant: 'The policy admits no caller outside the trust boundary ({boundary}).',
    nonCompliant: 'The policy admits callers outside the trust boundary ({keys}): {firstReason}',
  },
  remediation: {
    description:
      'Adds a principal-scoping condition to the offending Allow statements only; keeps AWS-owned bucket reads for S3 endpoints.',
    iamActions: ['ec2:ModifyVpcEndpoint', 'ec2:DescribeVpcEndpoints'],
  },
  evaluate(endpoint, ctx): Verdict {
    if (endpoint.policyDocument === undefined) return { status: 'NOT_APPLICABLE', reason: 'The endpoint has no policy.' };
    if (ctx.model.serviceDetail(endpoint.serviceName)?.policySupported === false) {
      return { status: 'NOT_APPLICABLE', reason: `${endpoint.serviceName} does not support endpoint policies.` };
    }
    const options = analyseOptions(endpoint, ctx);
    const result = analysis(endpoint, options, ctx.memo);
    if (result.verdict === 'restricted') {
      return { status: 'COMPLIANT', vars: { boundary: boundaryText(options) } };
    }
    return {
      status: 'NON_COMPLIANT',
      vars: { keys: result.findings.map((f) => f.key), firstReason: result.findings[0]!.reason },
      findings: result.findings.map((f) => ({ key: f.key, message: f.reason })),
    };
  },
  plan(endpoint, _verdict, ctx) {
    const options = analyseOptions(endpoint, ctx);
    const base = { ruleId: this.id, resourceType: this.resourceType, resourceId: endpoint.id, iamActions: [...this.remediation!.iamActions] };
    const before = { PolicyDocument: endpoint.policyDocument };
    const tightened = tightening(endpoint, { ...options, keepAwsOwnedReads: parseServiceName(endpoint.serviceName).short === 's3' }, ctx.memo);
    if (tightened instanceof PolicyError) {
      return { ...base, status: 'refused', summary: `Cannot tighten: ${tightened.message}.`, steps: [], before, after: before };
    }
    return {
      ...base,
      status: 'planned',
      summary: tightened.changes.join('; '),
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: endpoint.id, PolicyDocument: tightened.afterText } }],
      before,
      after: { PolicyDocument: tightened.afterText },
      diff: tightened.diff,
    };
  },
};
