import { z } from 'zod';
import { InputError, PolicyError } from '../errors.js';
import type { Endpoint } from '../model/index.js';
import { parseServiceName } from '../model/index.js';
import { analysePolicy, planTightening, type AnalyseOptions, type PolicyAnalysis, type TightenOptions, type TighteningPlan } from '../policy/index.js';
import { accountIdParam, listParam, orgIdParam } from './params.js';
import type { EndpointRule, Finding, RuleContext, Verdict } from './types.js';

const parameters = z.strictObject({
  /** Overrides the global orgId for this rule. */
  orgId: orgIdParam.optional(),
  /** Overrides the global trustedAccounts for this rule. */
  trustedAccounts: listParam(accountIdParam).optional(),
  /** AWS-owned resource patterns (`<region>` placeholders) outsiders may read; default: AWS's list. */
  awsOwnedResources: listParam(z.string().min(1)).optional(),
});
type Params = z.output<typeof parameters>;

/** What one (account, service, region) judges with: built once and shared by its endpoints. */
interface Judging {
  options: AnalyseOptions;
  tighten: TightenOptions;
  /** The boundary as the compliant annotation names it. */
  boundary: string;
  /** Per policy document: the frozen verdict, and the tightening (or the PolicyError that refuses it). */
  verdicts: Map<string, Verdict>;
  tightenings: Map<string, TighteningPlan | PolicyError>;
}

function buildOptions(endpoint: Endpoint, { model, params, settings }: RuleContext<Params>): AnalyseOptions {
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

const JUDGING = 'endpoint-policy-restricted:judging';

/**
 * The endpoint's judging, shared by every endpoint of the same owner and service in this scan
 * (the options depend on nothing else: the region comes from the service name). An account has
 * few distinct (owner, service) pairs and few distinct policies, so the analyses, verdicts and
 * tightenings are computed once each.
 */
function judgingOf(endpoint: Endpoint, ctx: RuleContext<Params>): Judging {
  let byOwner = ctx.memo.get(JUDGING) as Map<string | undefined, Map<string, Judging>> | undefined;
  if (!byOwner) {
    byOwner = new Map();
    ctx.memo.set(JUDGING, byOwner);
  }
  let byService = byOwner.get(endpoint.ownerId);
  if (!byService) {
    byService = new Map();
    byOwner.set(endpoint.ownerId, byService);
  }
  let judging = byService.get(endpoint.serviceName);
  if (!judging) {
    const options = buildOptions(endpoint, ctx);
    judging = {
      options,
      tighten: { ...options, keepAwsOwnedReads: parseServiceName(endpoint.serviceName).short === 's3' },
      boundary: boundaryText(options),
      verdicts: new Map(),
      tightenings: new Map(),
    };
    byService.set(endpoint.serviceName, judging);
  }
  return judging;
}

/** The verdict on a policy document, frozen: endpoints with the same policy share it. */
function verdictOf(judging: Judging, document: string): Verdict {
  let verdict = judging.verdicts.get(document);
  if (!verdict) {
    const result: PolicyAnalysis = analysePolicy(document, judging.options);
    verdict =
      result.verdict === 'restricted'
        ? { status: 'COMPLIANT', vars: Object.freeze({ boundary: judging.boundary }) }
        : {
            status: 'NON_COMPLIANT',
            vars: Object.freeze({ keys: Object.freeze(result.findings.map((f) => f.key)), firstReason: result.findings[0]!.reason }),
            findings: Object.freeze(result.findings.map((f): Finding => Object.freeze({ key: f.key, message: f.reason }))) as Finding[],
          };
    judging.verdicts.set(document, Object.freeze(verdict));
  }
  return verdict;
}

/** The tightening of a policy document, or the PolicyError that refuses it. */
function tighteningOf(judging: Judging, document: string): TighteningPlan | PolicyError {
  let tightened = judging.tightenings.get(document);
  if (!tightened) {
    try {
      tightened = planTightening(document, judging.tighten);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      tightened = error;
    }
    judging.tightenings.set(document, tightened);
  }
  return tightened;
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
    return verdictOf(judgingOf(endpoint, ctx), endpoint.policyDocument);
  },
  plan(endpoint, _verdict, ctx) {
    const judging = judgingOf(endpoint, ctx);
    const before = { PolicyDocument: endpoint.policyDocument };
    const tightened = tighteningOf(judging, endpoint.policyDocument!);
    if (tightened instanceof PolicyError) {
      return {
        ruleId: this.id,
        resourceType: this.resourceType,
        resourceId: endpoint.id,
        iamActions: [...this.remediation!.iamActions],
        status: 'refused',
        summary: `Cannot tighten: ${tightened.message}.`,
        steps: [],
        before,
        after: before,
      };
    }
    return {
      ruleId: this.id,
      resourceType: this.resourceType,
      resourceId: endpoint.id,
      iamActions: [...this.remediation!.iamActions],
      status: 'planned',
      summary: tightened.changes.join('; '),
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: endpoint.id, PolicyDocument: tightened.afterText } }],
      before,
      after: { PolicyDocument: tightened.afterText },
      diff: tightened.diff,
    };
  },
};
