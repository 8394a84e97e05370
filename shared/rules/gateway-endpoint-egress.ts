import { z } from 'zod';
import { InputError } from '../errors.js';
import { cidrContains } from '../model/cidr.js';
import type { AccountModel, Endpoint, IngressPermission, SecurityGroup } from '../model/index.js';
import { parseServiceName, TERMINAL_STATES } from '../model/index.js';
import { intParam } from './params.js';
import type { Finding, SecurityGroupRule, Verdict } from './types.js';

const parameters = z.strictObject({
  /** The port clients use to reach the service: 443 (HTTPS) for S3 and DynamoDB. */
  port: intParam(1, 65535).default(443),
});
type Params = z.output<typeof parameters>;

const ANYWHERE = '0.0.0.0/0';

function coversPort(p: IngressPermission, port: number): boolean {
  if (p.protocol === '-1' || p.protocol === 'all') return true;
  if (p.protocol !== 'tcp' && p.protocol !== '6') return false;
  return (p.fromPort ?? 0) <= port && port <= (p.toPort ?? 65535);
}

/** The gateway endpoint's prefix list: from a route to the endpoint, else the AWS-managed list named after its service. */
function prefixListIdOf(endpoint: Endpoint, model: AccountModel): string | undefined {
  for (const table of model.routeTablesOf(endpoint.vpcId)) {
    const route = table.routes.find((r) => r.gatewayId === endpoint.id && r.destinationPrefixListId);
    if (route) return route.destinationPrefixListId;
  }
  return model.prefixListNamed(endpoint.serviceName)?.id;
}

/** Whether the HTTPS egress rules let traffic reach every address of the prefix list. */
function reaches(rules: readonly IngressPermission[], prefixListId: string, model: AccountModel, group: SecurityGroup): boolean {
  if (rules.some((p) => p.prefixListIds.includes(prefixListId) || p.ipv4Cidrs.includes(ANYWHERE))) return true;
  const ranges = rules.flatMap((p) => p.ipv4Cidrs);
  const otherLists = [...new Set(rules.flatMap((p) => p.prefixListIds))].filter((id) => !model.prefixList(id));
  const list = model.prefixList(prefixListId);
  if (list && list.cidrs.length > 0 && list.cidrs.every((c) => ranges.some((r) => cidrContains(r, c)))) return true;
  // What vpce-guard cannot see might still cover the service: say so rather than guess.
  if (ranges.length > 0 && !list) {
    throw new InputError(`cannot judge ${group.id}: its egress goes to CIDR ranges, and the entries of ${prefixListId} are not in PrefixLists`);
  }
  if (otherLists.length > 0) {
    throw new InputError(`cannot judge ${group.id}: its egress goes to prefix list ${otherLists.join(', ')}, whose entries vpce-guard does not read (not in PrefixLists)`);
  }
  return false;
}

/**
 * In a VPC with a gateway endpoint, a security group that allows some HTTPS egress allows it to
 * the endpoint's prefix list or to ranges that cover it, so that instances using it reach the endpoint.
 */
export const gatewayEndpointEgress: SecurityGroupRule<Params> = {
  id: 'gateway-endpoint-egress',
  title: 'Security groups that allow HTTPS egress can reach the gateway endpoints',
  description:
    "In a VPC with a gateway endpoint, a security group that allows some HTTPS egress allows it to the endpoint's prefix list (or to ranges covering the service), so instances using it reach the endpoint.",
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::SecurityGroup',
  parameters,
  requires: ['securityGroups', 'routeTables', 'prefixLists'],
  annotation: {
    compliant: '{groupId} allows TCP {port} egress to the gateway endpoint(s) of {vpcId}: {endpoints}.',
    nonCompliant: '{groupId} allows TCP {port} egress, but not to {missing}: instances using it cannot reach the gateway endpoint; add an outbound rule TCP {port} to the prefix list.',
  },
  evaluate(group, { model, params }): Verdict {
    if (!group.vpcId) return { status: 'NOT_APPLICABLE', reason: `${group.id} belongs to no VPC.` };
    const gateways = model.endpointsInVpc(group.vpcId).filter((e) => e.type === 'Gateway' && !TERMINAL_STATES.has(e.state));
    if (gateways.length === 0) return { status: 'NOT_APPLICABLE', reason: `VPC ${group.vpcId} has no gateway endpoint.` };
    if (group.egress === undefined) {
      throw new InputError(`cannot judge ${group.id}: SecurityGroups gives no IpPermissionsEgress for it (describe-security-groups prints it)`);
    }
    if (group.egress.length === 0) return { status: 'NOT_APPLICABLE', reason: `${group.id} has no egress rule at all (isolated on purpose).` };
    const https = group.egress.filter((p) => coversPort(p, params.port));
    if (https.length === 0) return { status: 'NOT_APPLICABLE', reason: `${group.id} allows no TCP ${params.port} egress at all.` };

    const findings: Finding[] = [];
    const missing: string[] = [];
    for (const endpoint of gateways) {
      const prefixListId = prefixListIdOf(endpoint, model);
      if (!prefixListId) {
        throw new InputError(
          `cannot judge ${group.id}: the prefix list of ${endpoint.id} (${endpoint.serviceName}) is unknown (no route to the endpoint names one and PrefixLists has none of that name)`,
        );
      }
      if (reaches(https, prefixListId, model, group)) continue;
      const service = parseServiceName(endpoint.serviceName).short;
      findings.push({
        key: `GatewayEndpoint::${endpoint.id}`,
        message: `${group.id} allows TCP ${params.port} egress but not to ${prefixListId} (${endpoint.serviceName}), the prefix list of gateway endpoint ${endpoint.id}: add an outbound rule TCP ${params.port} to ${prefixListId}.`,
      });
      missing.push(`${prefixListId} (${service}, ${endpoint.id})`);
    }
    if (findings.length === 0) return { status: 'COMPLIANT', vars: { groupId: group.id, port: params.port, vpcId: group.vpcId, endpoints: gateways.map((e) => e.id) } };
    return { status: 'NON_COMPLIANT', vars: { groupId: group.id, port: params.port, missing }, findings };
  },
};
