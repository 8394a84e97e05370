import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../errors.js';
import type { ModelPart } from '../model/index.js';
import type { Snapshot, SnapshotEndpoint } from '../model/snapshot.js';
import { awsCall } from './call.js';
import { mapLimited } from './concurrency.js';

/** What to read: the VPCs, and endpoints already known (from a configuration item) that replace EC2's. */
export interface VpcScope {
  vpcIds: readonly string[];
  /**
   * Endpoints known from elsewhere (a configuration item), in snapshot shape. They replace the
   * endpoint of the same id that EC2 returns (or are added), and the security groups, VPC
   * attributes and services read are those that the endpoints, so replaced, need.
   */
  endpoints?: readonly SnapshotEndpoint[];
}

/** The model parts to read, and whether to read DescribeVpcEndpointServices (policy support). */
export interface ScopeReadOptions {
  parts: ReadonlySet<ModelPart>;
  serviceDetails?: boolean;
  /** Read every security group of the VPCs (a rule on groups), not only those the endpoints reference. */
  groupsOfVpcs?: boolean;
  /** DescribeVpcAttribute calls in flight at once. */
  concurrency?: number;
}

// Page sizes: the most each Describe call returns (DescribeRouteTables stops at 100).
const PAGE = 1000;
const ROUTE_TABLE_PAGE = 100;
// EC2 takes at most 200 values in one filter.
const FILTER_VALUES = 200;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function collect<P, T>(name: string, pages: () => AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  return awsCall(name, async () => {
    const out: T[] = [];
    for await (const page of pages()) out.push(...(pick(page) ?? []));
    return out;
  });
}

/** Reads with one filter, in chunks of at most 200 values; no filter reads everything. */
async function filtered<P, T>(
  name: string,
  filter: string,
  values: readonly string[] | undefined,
  read: (filters: Filter[] | undefined) => AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  if (values === undefined) return collect(name, () => read(undefined), pick);
  const out: T[] = [];
  for (const chunk of chunks([...new Set(values)], FILTER_VALUES)) {
    out.push(...(await collect(name, () => read([{ Name: filter, Values: chunk }]), pick)));
  }
  return out;
}

type DnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

/** The DNS attributes each VPC's endpoints need: gateways need support; private DNS needs both. */
function dnsNeeds(endpoints: readonly SnapshotEndpoint[]): Map<string, Set<DnsAttribute>> {
  const needs = new Map<string, Set<DnsAttribute>>();
  for (const e of endpoints) {
    const set = needs.get(e.VpcId) ?? new Set<DnsAttribute>();
    if (e.VpcEndpointType === 'Gateway' || e.PrivateDnsEnabled) set.add('enableDnsSupport');
    if (e.VpcEndpointType === 'Interface' && e.PrivateDnsEnabled) set.add('enableDnsHostnames');
    if (set.size) needs.set(e.VpcId, set);
  }
  return needs;
}

async function readVpcAttributes(client: EC2Client, endpoints: readonly SnapshotEndpoint[], concurrency: number): Promise<NonNullable<Snapshot['VpcAttributes']>> {
  const entries = await mapLimited([...dnsNeeds(endpoints)], concurrency, async ([vpcId, attributes]) => {
    const entry: NonNullable<Snapshot['VpcAttributes']>[number] = { VpcId: vpcId };
    for (const attribute of attributes) {
      let out;
      try {
        out = await client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }));
      } catch (error) {
        // A VPC deleted since its endpoints were read: leave it out, so that each of its endpoints
        // is an error of its own ("no VpcAttributes entry") instead of failing the whole read.
        if ((error as { name?: string }).name === 'InvalidVpcID.NotFound') return undefined;
        throw new AwsCallError(`DescribeVpcAttribute(${vpcId}, ${attribute}) failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      }
      if (attribute === 'enableDnsSupport') entry.EnableDnsSupport = { Value: out.EnableDnsSupport?.Value ?? false };
      else entry.EnableDnsHostnames = { Value: out.EnableDnsHostnames?.Value ?? false };
    }
    return entry;
  });
  return entries.filter((e) => e !== undefined);
}

async function describeServices(client: EC2Client, names: string[]): Promise<NonNullable<Snapshot['ServiceDetails']>> {
  const details: NonNullable<Snapshot['ServiceDetails']> = [];
  // DescribeVpcEndpointServices has no SDK paginator: follow NextToken by hand.
  let token: string | undefined;
  do {
    const out = await client.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: names, ...(token ? { NextToken: token } : {}) }));
    for (const d of out.ServiceDetails ?? []) {
      if (!d.ServiceName) continue;
      details.push({ ServiceName: d.ServiceName, ...(d.VpcEndpointPolicySupported === undefined ? {} : { VpcEndpointPolicySupported: d.VpcEndpointPolicySupported }) });
    }
    token = out.NextToken;
  } while (token);
  return details;
}

const isInvalidServiceName = (error: unknown) => (error as { name?: string }).name === 'InvalidServiceName';

async function readServiceDetails(client: EC2Client, endpoints: readonly SnapshotEndpoint[]): Promise<NonNullable<Snapshot['ServiceDetails']>> {
  const names = [...new Set(endpoints.map((e) => e.ServiceName))];
  const details: NonNullable<Snapshot['ServiceDetails']> = [];
  for (const chunk of chunks(names, FILTER_VALUES)) {
    try {
      details.push(...(await describeServices(client, chunk)));
    } catch (error) {
      if (!isInvalidServiceName(error)) throw new AwsCallError(`DescribeVpcEndpointServices failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      // One service no longer offered fails the whole call: ask for each alone and leave out those
      // EC2 does not know (their endpoints are then judged without knowing policy support).
      for (const name of chunk) {
        try {
          details.push(...(await describeServices(client, [name])));
        } catch (single) {
          if (!isInvalidServiceName(single)) throw new AwsCallError(`DescribeVpcEndpointServices(${name}) failed: ${(single as Error).name}: ${(single as Error).message}`, { cause: single });
        }
      }
    }
  }
  return details;
}

/** The shared reader: `vpcIds` undefined reads the whole account. */
async function readEc2(client: EC2Client, vpcIds: readonly string[] | undefined, known: readonly SnapshotEndpoint[], options: ScopeReadOptions): Promise<Snapshot> {
  const { parts } = options;
  const read = await filtered(
    'DescribeVpcEndpoints',
    'vpc-id',
    vpcIds,
    (Filters) => paginateDescribeVpcEndpoints({ client, pageSize: PAGE }, { ...(Filters ? { Filters } : {}) }),
    (p) => p.VpcEndpoints,
  );
  const knownIds = new Set(known.map((e) => e.VpcEndpointId));
  const endpoints = [...(read as SnapshotEndpoint[]).filter((e) => !knownIds.has(e.VpcEndpointId)), ...known];
  const snapshot: Snapshot = { VpcEndpoints: endpoints };

  if (parts.has('routeTables')) {
    const tables = await filtered('DescribeRouteTables', 'vpc-id', vpcIds, (Filters) => paginateDescribeRouteTables({ client, pageSize: ROUTE_TABLE_PAGE }, { ...(Filters ? { Filters } : {}) }), (p) => p.RouteTables);
    snapshot.RouteTables = tables as Snapshot['RouteTables'];
  }
  if (parts.has('vpcs')) {
    const vpcs = await filtered('DescribeVpcs', 'vpc-id', vpcIds, (Filters) => paginateDescribeVpcs({ client, pageSize: PAGE }, { ...(Filters ? { Filters } : {}) }), (p) => p.Vpcs);
    snapshot.Vpcs = vpcs as Snapshot['Vpcs'];
  }
  if (parts.has('subnets')) {
    const subnets = await filtered('DescribeSubnets', 'vpc-id', vpcIds, (Filters) => paginateDescribeSubnets({ client, pageSize: PAGE }, { ...(Filters ? { Filters } : {}) }), (p) => p.Subnets);
    snapshot.Subnets = subnets as Snapshot['Subnets'];
  }
  if (parts.has('securityGroups')) {
    // Scoped: only the groups the endpoints reference (a filter, so that a group deleted
    // meanwhile is missing for its endpoint alone instead of failing the call).
    const groupIds = vpcIds === undefined ? undefined : [...new Set(endpoints.flatMap((e) => (e.Groups ?? []).map((g) => g.GroupId)))];
    const readGroups = (filter: string, values: readonly string[] | undefined) =>
      filtered('DescribeSecurityGroups', filter, values, (Filters) => paginateDescribeSecurityGroups({ client, pageSize: PAGE }, { ...(Filters ? { Filters } : {}) }), (p) => p.SecurityGroups);
    const groups = options.groupsOfVpcs ? await readGroups('vpc-id', vpcIds) : groupIds?.length === 0 ? [] : await readGroups('group-id', groupIds);
    snapshot.SecurityGroups = groups as Snapshot['SecurityGroups'];
  }
  if (parts.has('vpcDns')) snapshot.VpcAttributes = await readVpcAttributes(client, endpoints, options.concurrency ?? 5);
  if (options.serviceDetails) snapshot.ServiceDetails = endpoints.length ? await readServiceDetails(client, endpoints) : [];
  return snapshot;
}

/**
 * Reads the EC2 state of the given VPCs only, into a snapshot (the shape `readSnapshot` takes):
 * endpoints, route tables, VPCs and subnets with `vpc-id` filters, the security groups the
 * endpoints reference, and DescribeVpcAttribute only for VPCs whose endpoints need it (DNS rule).
 * The number of calls depends on the scope, never on the size of the account.
 */
export async function readVpcScope(client: EC2Client, scope: VpcScope, options: ScopeReadOptions): Promise<Snapshot> {
  const vpcIds = [...new Set([...scope.vpcIds, ...(scope.endpoints ?? []).map((e) => e.VpcId)])];
  if (vpcIds.length === 0) return readEc2WithoutVpcs(scope, options);
  return readEc2(client, vpcIds, scope.endpoints ?? [], options);
}

function readEc2WithoutVpcs(scope: VpcScope, options: ScopeReadOptions): Snapshot {
  const snapshot: Snapshot = { VpcEndpoints: [...(scope.endpoints ?? [])] };
  if (options.parts.has('routeTables')) snapshot.RouteTables = [];
  if (options.parts.has('vpcs')) snapshot.Vpcs = [];
  if (options.parts.has('subnets')) snapshot.Subnets = [];
  if (options.parts.has('securityGroups')) snapshot.SecurityGroups = [];
  if (options.parts.has('vpcDns')) snapshot.VpcAttributes = [];
  if (options.serviceDetails) snapshot.ServiceDetails = [];
  return snapshot;
}

/**
 * Reads the whole account's EC2 state (periodic evaluations) with the SDK paginators at the
 * largest page sizes: the same snapshot shape as `readVpcScope`, without filters.
 */
export async function readAllVpcs(client: EC2Client, options: ScopeReadOptions): Promise<Snapshot> {
  return readEc2(client, undefined, [], options);
}
