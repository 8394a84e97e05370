import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { canonicalEndpointType, type ModelPart } from '../model/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { awsCall } from './call.js';
import { mapLimited } from './concurrency.js';
import { readServiceParts } from './service-parts.js';

export interface ReadAccountOptions {
  /** The model parts the selected rules need; endpoints are always read. */
  parts: ReadonlySet<ModelPart>;
  /** Read DescribeVpcEndpointServices for the services in use (policy support). */
  serviceDetails?: boolean;
  /** Progress lines, for a person watching a long scan. */
  onProgress?: (message: string) => void;
  /** DescribeVpcAttribute calls in flight at once. */
  concurrency?: number;
  /** The API Gateway client, needed when the rules need RestApis. */
  apiGateway?: APIGatewayClient;
}

async function collect<P, T>(name: string, pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined, progress: (n: number) => void): Promise<T[]> {
  return awsCall(name, async () => {
    const out: T[] = [];
    for await (const page of pages) {
      out.push(...(pick(page) ?? []));
      progress(out.length);
    }
    return out;
  });
}

/**
 * Reads the account's state through EC2 Describe calls (paginated) into a snapshot, the same
 * shape `vpce-guard scan --snapshot` takes. Only the parts the rules need are read, and VPC
 * attributes only for VPCs with endpoints, one call per attribute the DNS rule needs.
 */
export async function readAccount(client: EC2Client, options: ReadAccountOptions): Promise<Snapshot> {
  const say = options.onProgress ?? (() => {});
  const counter = (what: string) => (n: number) => say(`${what}: ${n}`);
  const { parts } = options;

  const endpoints = await collect('DescribeVpcEndpoints', paginateDescribeVpcEndpoints({ client }, {}), (p) => p.VpcEndpoints, counter('VPC endpoints'));
  const snapshot: Snapshot = { VpcEndpoints: endpoints as Snapshot['VpcEndpoints'] };

  if (parts.has('routeTables')) {
    snapshot.RouteTables = (await collect('DescribeRouteTables', paginateDescribeRouteTables({ client }, {}), (p) => p.RouteTables, counter('route tables'))) as Snapshot['RouteTables'];
  }
  if (parts.has('vpcs')) {
    snapshot.Vpcs = (await collect('DescribeVpcs', paginateDescribeVpcs({ client }, {}), (p) => p.Vpcs, counter('VPCs'))) as Snapshot['Vpcs'];
  }
  if (parts.has('subnets')) {
    snapshot.Subnets = (await collect('DescribeSubnets', paginateDescribeSubnets({ client }, {}), (p) => p.Subnets, counter('subnets'))) as Snapshot['Subnets'];
  }
  if (parts.has('securityGroups')) {
    snapshot.SecurityGroups = (await collect('DescribeSecurityGroups', paginateDescribeSecurityGroups({ client }, {}), (p) => p.SecurityGroups, counter('security groups'))) as Snapshot['SecurityGroups'];
  }
  if (parts.has('vpcDns')) {
    // Gateways need DNS support; interface endpoints with private DNS need hostnames too.
    const needs = new Map<string, Set<'enableDnsSupport' | 'enableDnsHostnames'>>();
    for (const e of endpoints) {
      if (!e.VpcId) continue;
      const set = needs.get(e.VpcId) ?? new Set();
      // Types compare case-insensitively, as the model reads them.
      const type = canonicalEndpointType(e.VpcEndpointType ?? '');
      if (type === 'Gateway' || e.PrivateDnsEnabled) set.add('enableDnsSupport');
      if (type === 'Interface' && e.PrivateDnsEnabled) set.add('enableDnsHostnames');
      if (set.size) needs.set(e.VpcId, set);
    }
    let done = 0;
    snapshot.VpcAttributes = await mapLimited([...needs], options.concurrency ?? 5, async ([vpcId, attrs]) => {
      const entry: NonNullable<Snapshot['VpcAttributes']>[number] = { VpcId: vpcId };
      for (const attribute of attrs) {
        const out = await awsCall(`DescribeVpcAttribute(${vpcId}, ${attribute})`, () =>
          client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
        );
        if (attribute === 'enableDnsSupport') entry.EnableDnsSupport = { Value: out.EnableDnsSupport?.Value ?? false };
        else entry.EnableDnsHostnames = { Value: out.EnableDnsHostnames?.Value ?? false };
      }
      say(`VPC attributes: ${++done}/${needs.size}`);
      return entry;
    });
  }
  if (options.serviceDetails) {
    const names = [...new Set(endpoints.flatMap((e) => (e.ServiceName ? [e.ServiceName] : [])))];
    const details: NonNullable<Snapshot['ServiceDetails']> = [];
    if (names.length > 0) {
      // DescribeVpcEndpointServices has no SDK paginator: follow NextToken by hand.
      let token: string | undefined;
      do {
        const out = await awsCall('DescribeVpcEndpointServices', () =>
          client.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: names, ...(token ? { NextToken: token } : {}) })),
        );
        for (const d of out.ServiceDetails ?? []) {
          if (d.ServiceName) details.push({ ServiceName: d.ServiceName, ...(d.VpcEndpointPolicySupported === undefined ? {} : { VpcEndpointPolicySupported: d.VpcEndpointPolicySupported }) });
        }
        token = out.NextToken;
      } while (token);
    }
    snapshot.ServiceDetails = details;
    say(`endpoint services: ${details.length}`);
  }
  // Prefix lists, the account's own endpoint services and its REST APIs: only when a rule needs them.
  const extra = await readServiceParts({ ec2: client, ...(options.apiGateway ? { apiGateway: options.apiGateway } : {}) }, parts);
  if (extra.PrefixLists) say(`prefix lists: ${extra.PrefixLists.length}`);
  if (extra.ServiceConfigurations) say(`endpoint services provided: ${extra.ServiceConfigurations.length}`);
  if (extra.RestApis) say(`REST APIs: ${extra.RestApis.length}`);
  return { ...snapshot, ...extra };
}
