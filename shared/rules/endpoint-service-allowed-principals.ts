import { z } from 'zod';
import { InputError } from '../errors.js';
import type { EndpointService, ServicePrincipal } from '../model/index.js';
import { accountIdParam, listParam, orgIdParam } from './params.js';
import type { EndpointServiceRule, RuleContext, Verdict } from './types.js';

const parameters = z.strictObject({
  /** Overrides the global orgId for this rule. */
  orgId: orgIdParam.optional(),
  /** Overrides the global trustedAccounts for this rule. */
  trustedAccounts: listParam(accountIdParam).optional(),
});
type Params = z.output<typeof parameters>;

/** Service states in which nobody can connect any more. */
const GONE = new Set(['deleting', 'deleted', 'failed']);

const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(?:root|role\/.+|user\/.+)$/;
// arn:aws:organizations::<management account>:organization/o-… or …:ou/o-…/ou-…
const ORG_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:(?:organization|ou)\/(o-[a-z0-9]+)(?:\/|$)/;

interface Boundary {
  accountId?: string;
  trustedAccounts: readonly string[];
  orgId?: string;
}

/** Why a principal is outside the boundary (a phrase), or undefined when it is inside. */
function outside(p: ServicePrincipal, b: Boundary): string | undefined {
  const { principal } = p;
  if (principal === '*' || p.principalType === 'All') return 'any AWS principal';
  const account = /^\d{12}$/.test(principal) ? principal : IAM_ARN.exec(principal)?.[1];
  if (account !== undefined) {
    if (account === b.accountId || b.trustedAccounts.includes(account)) return undefined;
    return `account ${account}, outside the trust boundary`;
  }
  const org = ORG_ARN.exec(principal)?.[1];
  if (org !== undefined) return org === b.orgId ? undefined : `organization ${org}, not the trusted organization`;
  if (p.principalType === 'Service') return 'an AWS service principal, not an account of the trust boundary';
  return 'a principal vpce-guard cannot place in the trust boundary';
}

function boundaryOf({ model, params, settings }: RuleContext<Params>): Boundary {
  const accountId = settings.accountId ?? model.accountId;
  const orgId = params.orgId ?? settings.orgId;
  return { ...(accountId ? { accountId } : {}), trustedAccounts: params.trustedAccounts ?? settings.trustedAccounts, ...(orgId ? { orgId } : {}) };
}

function needsAccount(principals: readonly ServicePrincipal[]): boolean {
  return principals.some((p) => /^\d{12}$/.test(p.principal) || IAM_ARN.test(p.principal));
}

/**
 * A PrivateLink endpoint service that accepts connections without manual acceptance allows only
 * principals of the trust boundary (own account, trustedAccounts, orgId).
 */
export const endpointServiceAllowedPrincipals: EndpointServiceRule<Params> = {
  id: 'endpoint-service-allowed-principals',
  title: 'Endpoint services accept only the trust boundary without manual acceptance',
  description:
    'A VPC endpoint service this account provides either requires manual acceptance of connections, or allows only principals of the trust boundary (own account, trustedAccounts, orgId) — never * or another account.',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpointService',
  parameters,
  requires: ['endpointServices'],
  annotation: {
    compliant: '{serviceId}: {why}.',
    nonCompliant: '{serviceId} accepts connections without manual acceptance from {principals}: outside the trust boundary.',
  },
  evaluate(service: EndpointService, ctx): Verdict {
    if (service.state && GONE.has(service.state)) return { status: 'NOT_APPLICABLE', reason: `The endpoint service is ${service.state}.` };
    const principals = service.allowedPrincipals;
    if (principals === undefined) {
      throw new InputError(`cannot judge ${service.id}: ServiceConfigurations gives no AllowedPrincipals for it (describe-vpc-endpoint-service-permissions --service-id ${service.id})`);
    }
    if (principals.length === 0) return { status: 'COMPLIANT', vars: { serviceId: service.id, why: 'no principal is allowed to connect' } };
    if (service.acceptanceRequired) {
      return { status: 'COMPLIANT', vars: { serviceId: service.id, why: `every connection needs manual acceptance (${principals.length} principal(s) allowed)` } };
    }
    const boundary = boundaryOf(ctx);
    if (!boundary.accountId && needsAccount(principals)) {
      throw new InputError(`cannot judge ${service.id}: the account is unknown, so its own principals cannot be told from others; set accountId in the config`);
    }
    const out = principals.flatMap((p) => {
      const why = outside(p, boundary);
      return why === undefined ? [] : [{ principal: p.principal, why }];
    });
    if (out.length === 0) return { status: 'COMPLIANT', vars: { serviceId: service.id, why: `all ${principals.length} allowed principal(s) are in the trust boundary` } };
    return {
      status: 'NON_COMPLIANT',
      vars: { serviceId: service.id, principals: out.map((o) => o.principal) },
      findings: out.map((o) => ({
        key: `Principal::${o.principal}`,
        message: `${service.id} lets ${o.principal} (${o.why}) connect without manual acceptance: turn on acceptance (AcceptanceRequired) or remove the principal.`,
      })),
    };
  },
};
