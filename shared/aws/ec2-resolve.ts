import {
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { CallHints } from '../events/calls.js';
import { awsCall } from './call.js';

/** The VPCs that the ids of an API call belong to, as EC2 knows them now. */
export interface ResolvedScope {
  vpcIds: string[];
  /** Ids EC2 no longer knows (deleted since the call), so their VPC cannot be told. */
  unresolved: string[];
}

async function vpcsOf<P>(name: string, ids: readonly string[], pages: () => AsyncIterable<P>, pick: (page: P) => { id?: string; vpcId?: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  await awsCall(name, async () => {
    for await (const page of pages()) for (const { id, vpcId } of pick(page)) if (id && vpcId) out.set(id, vpcId);
  });
  return out;
}

/**
 * Finds the VPC of every endpoint, route table, association, subnet and security group that an
 * API call named, with filtered Describe calls (a filter matching nothing is an empty answer,
 * never a NotFound that would hide the others). The event's own claims are never used.
 */
export async function resolveVpcs(client: EC2Client, hints: CallHints): Promise<ResolvedScope> {
  const filter = (Name: string, Values: readonly string[]) => ({ Filters: [{ Name, Values: [...Values] }] });
  const endpoints = await vpcsOf('DescribeVpcEndpoints', hints.endpointIds, () => paginateDescribeVpcEndpoints({ client }, filter('vpc-endpoint-id', hints.endpointIds)), (p) =>
    (p.VpcEndpoints ?? []).map((e) => ({ id: e.VpcEndpointId, vpcId: e.VpcId })),
  );
  const tables = await vpcsOf('DescribeRouteTables', hints.routeTableIds, () => paginateDescribeRouteTables({ client }, filter('route-table-id', hints.routeTableIds)), (p) =>
    (p.RouteTables ?? []).map((t) => ({ id: t.RouteTableId, vpcId: t.VpcId })),
  );
  const associations = await vpcsOf(
    'DescribeRouteTables',
    hints.associationIds,
    () => paginateDescribeRouteTables({ client }, filter('association.route-table-association-id', hints.associationIds)),
    (p) => (p.RouteTables ?? []).flatMap((t) => (t.Associations ?? []).map((a) => ({ id: a.RouteTableAssociationId, vpcId: t.VpcId }))),
  );
  const subnets = await vpcsOf('DescribeSubnets', hints.subnetIds, () => paginateDescribeSubnets({ client }, filter('subnet-id', hints.subnetIds)), (p) =>
    (p.Subnets ?? []).map((s) => ({ id: s.SubnetId, vpcId: s.VpcId })),
  );
  const groups = await vpcsOf('DescribeSecurityGroups', hints.securityGroupIds, () => paginateDescribeSecurityGroups({ client }, filter('group-id', hints.securityGroupIds)), (p) =>
    (p.SecurityGroups ?? []).map((g) => ({ id: g.GroupId, vpcId: g.VpcId })),
  );
  const vpcIds = new Set(hints.vpcIds);
  const unresolved: string[] = [];
  const pairs: [readonly string[], Map<string, string>][] = [
    [hints.endpointIds, endpoints],
    [hints.routeTableIds, tables],
    [hints.associationIds, associations],
    [hints.subnetIds, subnets],
    [hints.securityGroupIds, groups],
  ];
  for (const [ids, found] of pairs) {
    for (const id of ids) {
      const vpc = found.get(id);
      if (vpc) vpcIds.add(vpc);
      else unresolved.push(id);
    }
  }
  return { vpcIds: [...vpcIds], unresolved };
}
