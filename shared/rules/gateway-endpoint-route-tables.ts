import { z } from 'zod';
import type { AccountModel, Endpoint } from '../model/index.js';
import { parseServiceName } from '../model/index.js';
import { countOf, withArticle } from './annotation.js';
import type { EndpointRule, Finding, Verdict } from './types.js';

/** Route tables of the VPC that route to some live gateway endpoint of the service. */
function coveredTables(model: AccountModel, endpoint: Endpoint, memo: Map<string, unknown>): { covered: Set<string>; endpoints: Endpoint[] } {
  const key = `gateway-covered|${endpoint.vpcId}|${endpoint.serviceName}`;
  const known = memo.get(key) as { covered: Set<string>; endpoints: Endpoint[] } | undefined;
  if (known) return known;
  const endpoints = model.liveEndpointsOfService(endpoint.vpcId, endpoint.serviceName, 'Gateway');
  const ids = new Set(endpoints.map((e) => e.id));
  const covered = new Set(endpoints.flatMap((e) => e.routeTableIds));
  for (const table of model.routeTablesOf(endpoint.vpcId)) {
    if (table.routes.some((r) => r.gatewayId && ids.has(r.gatewayId) && r.state !== 'blackhole')) covered.add(table.id);
  }
  const result = { covered, endpoints };
  memo.set(key, result);
  return result;
}

/** Every in-scope route table of the endpoint's VPC routes to a gateway endpoint of the same service. */
export const gatewayEndpointRouteTables: EndpointRule<Record<string, never>> = {
  id: 'gateway-endpoint-route-tables',
  title: 'Gateway endpoints serve every subnet of their VPC',
  description:
    'Every route table of the VPC that serves a subnet (explicitly, or as the main table of subnets without one) routes to a gateway endpoint of the service.',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Gateway'],
  parameters: z.strictObject({}),
  requires: ['routeTables', 'subnets'],
  annotation: {
    compliant: 'Every route table serving subnets of {vpcId} ({tables}) routes to {service} gateway endpoint.',
    nonCompliant: 'No route to {service} gateway endpoint in route tables serving subnets of {vpcId}: {missing}.',
  },
  remediation: {
    description: 'Adds the missing route tables to the endpoint (ModifyVpcEndpoint AddRouteTableIds); never removes one.',
    iamActions: ['ec2:ModifyVpcEndpoint', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeRouteTables'],
  },
  evaluate(endpoint, { model, memo }): Verdict {
    const { covered } = coveredTables(model, endpoint, memo);
    const inScope = model.inScopeRouteTables(endpoint.vpcId);
    const missing = inScope.filter((t) => !covered.has(t.id)).map((t) => t.id);
    const service = withArticle(parseServiceName(endpoint.serviceName).short);
    if (missing.length === 0) {
      const tables = inScope.length === 0 ? 'no table serves a subnet' : countOf(inScope.length, 'table');
      return { status: 'COMPLIANT', vars: { tables, vpcId: endpoint.vpcId, service } };
    }
    const findings: Finding[] = missing.map((id) => {
      const table = model.routeTable(id)!;
      const subnets = table.associations.flatMap((a) => (a.subnetId ? [a.subnetId] : []));
      const serves = table.associations.some((a) => a.main)
        ? `is the main table${subnets.length ? ` and serves ${subnets.join(', ')}` : ' of subnets without their own table'}`
        : `serves ${subnets.join(', ')}`;
      return { key: `RouteTable::${id}`, message: `Route table ${id} ${serves} but has no route to ${service} gateway endpoint.` };
    });
    return { status: 'NON_COMPLIANT', vars: { missing, vpcId: endpoint.vpcId, service }, findings };
  },
  plan(endpoint, verdict, { model, memo }) {
    const missing = verdict.findings.map((f) => f.key.slice('RouteTable::'.length));
    const { endpoints } = coveredTables(model, endpoint, memo);
    const base = { ruleId: this.id, resourceType: this.resourceType, resourceId: endpoint.id, iamActions: [...this.remediation!.iamActions] };
    if (endpoints.length > 1) {
      return {
        ...base,
        status: 'refused',
        summary: `${endpoints.length} gateway endpoints of ${endpoint.serviceName} in ${endpoint.vpcId} (${endpoints.map((e) => e.id).join(', ')}): not guessing which should serve ${missing.join(', ')}.`,
        steps: [],
        before: { RouteTableIds: endpoint.routeTableIds },
        after: { RouteTableIds: endpoint.routeTableIds },
      };
    }
    return {
      ...base,
      status: 'planned',
      summary: `Associate ${missing.join(', ')} with ${endpoint.id}.`,
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: endpoint.id, AddRouteTableIds: missing } }],
      before: { RouteTableIds: endpoint.routeTableIds },
      after: { RouteTableIds: [...endpoint.routeTableIds, ...missing] },
    };
  },
};
