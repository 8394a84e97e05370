import type { Snapshot } from './snapshot.js';
import { snapshotSchema } from './snapshot.js';
import type { AccountData, IngressPermission, Tags } from './types.js';
import { InputError } from '../errors.js';
import { parseWith } from '../validation.js';
import { uniqueById, uniqueStrings } from './unique.js';

function tagMap(tags: { Key: string; Value: string }[] | undefined): Tags {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) out[tag.Key] = tag.Value;
  return out;
}

const LIVE_ASSOCIATION = new Set(['associated', 'associating']);
const LIVE_CIDR = new Set(['associated', 'associating']);

type SnapshotPermission = NonNullable<NonNullable<Snapshot['SecurityGroups']>[number]['IpPermissions']>[number];

function permissionOf(p: SnapshotPermission): IngressPermission {
  return {
    protocol: p.IpProtocol.toLowerCase(),
    ...(p.FromPort === undefined ? {} : { fromPort: p.FromPort }),
    ...(p.ToPort === undefined ? {} : { toPort: p.ToPort }),
    ipv4Cidrs: (p.IpRanges ?? []).map((r) => r.CidrIp),
    ipv6Cidrs: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    groupIds: (p.UserIdGroupPairs ?? []).flatMap((pair) => (pair.GroupId ? [pair.GroupId] : [])),
    prefixListIds: (p.PrefixListIds ?? []).map((pl) => pl.PrefixListId),
  };
}

/** The parts issue 14's rules read: prefix lists, endpoint services, REST APIs. */
function serviceParts(snapshot: Snapshot): Pick<AccountData, 'prefixLists' | 'endpointServices' | 'restApis'> {
  const data: Pick<AccountData, 'prefixLists' | 'endpointServices' | 'restApis'> = {};
  if (snapshot.PrefixLists) {
    data.prefixLists = snapshot.PrefixLists.map((p) => ({ id: p.PrefixListId, name: p.PrefixListName, cidrs: p.Cidrs ?? [] }));
  }
  if (snapshot.ServiceConfigurations) {
    data.endpointServices = snapshot.ServiceConfigurations.map((c) => ({
      id: c.ServiceId,
      ...(c.ServiceName ? { serviceName: c.ServiceName } : {}),
      ...(c.ServiceState ? { state: c.ServiceState.toLowerCase() } : {}),
      acceptanceRequired: c.AcceptanceRequired,
      ...(c.AllowedPrincipals
        ? { allowedPrincipals: c.AllowedPrincipals.map((p) => ({ principal: p.Principal, ...(p.PrincipalType ? { principalType: p.PrincipalType } : {}) })) }
        : {}),
      tags: tagMap(c.Tags),
    }));
  }
  if (snapshot.RestApis) {
    data.restApis = snapshot.RestApis.map((a) => ({
      id: a.id,
      ...(a.name ? { name: a.name } : {}),
      endpointTypes: (a.endpointConfiguration?.types ?? []).map((t) => t.toUpperCase()),
      vpcEndpointIds: a.endpointConfiguration?.vpcEndpointIds ?? [],
      ...(a.policy === undefined ? {} : { policy: a.policy }),
      tags: { ...(a.tags ?? {}) },
    }));
  }
  return data;
}

/** Converts a validated snapshot into the normalised account data. */
export function accountDataFromSnapshot(snapshot: Snapshot): AccountData {
  const data: AccountData = {
    endpoints: snapshot.VpcEndpoints.map((e) => ({
      id: e.VpcEndpointId,
      type: e.VpcEndpointType,
      vpcId: e.VpcId,
      serviceName: e.ServiceName,
      state: (e.State ?? 'available').toLowerCase(),
      ...(e.PolicyDocument === undefined ? {} : { policyDocument: e.PolicyDocument }),
      routeTableIds: uniqueStrings(e.RouteTableIds ?? []),
      subnetIds: uniqueStrings(e.SubnetIds ?? []),
      groupIds: uniqueStrings((e.Groups ?? []).map((g) => g.GroupId)),
      privateDnsEnabled: e.PrivateDnsEnabled ?? false,
      ...(e.OwnerId === undefined ? {} : { ownerId: e.OwnerId }),
      ...(e.RequesterManaged === undefined ? {} : { requesterManaged: e.RequesterManaged }),
      tags: tagMap(e.Tags),
    })),
  };
  if (snapshot.RouteTables) {
    data.routeTables = snapshot.RouteTables.map((t) => ({
      id: t.RouteTableId,
      vpcId: t.VpcId,
      associations: (t.Associations ?? [])
        .filter((a) => !a.AssociationState || LIVE_ASSOCIATION.has(a.AssociationState.State.toLowerCase()))
        .filter((a) => a.Main || a.SubnetId) // edge associations (GatewayId) serve no subnet
        .map((a) => ({ main: a.Main ?? false, ...(a.SubnetId ? { subnetId: a.SubnetId } : {}) })),
      routes: (t.Routes ?? []).map((r) => ({
        ...(r.GatewayId ? { gatewayId: r.GatewayId } : {}),
        ...(r.DestinationPrefixListId ? { destinationPrefixListId: r.DestinationPrefixListId } : {}),
        ...(r.State ? { state: r.State.toLowerCase() } : {}),
      })),
      tags: tagMap(t.Tags),
    }));
  }
  if (snapshot.Vpcs) {
    data.vpcs = snapshot.Vpcs.map((v) => {
      const ipv4 = (v.CidrBlockAssociationSet ?? [])
        .filter((c) => !c.CidrBlockState || LIVE_CIDR.has(c.CidrBlockState.State))
        .map((c) => c.CidrBlock);
      if (v.CidrBlock && !ipv4.includes(v.CidrBlock)) ipv4.unshift(v.CidrBlock);
      return {
        id: v.VpcId,
        ipv4Cidrs: ipv4,
        ipv6Cidrs: (v.Ipv6CidrBlockAssociationSet ?? [])
          .filter((c) => !c.Ipv6CidrBlockState || LIVE_CIDR.has(c.Ipv6CidrBlockState.State))
          .map((c) => c.Ipv6CidrBlock),
        ...(v.OwnerId === undefined ? {} : { ownerId: v.OwnerId }),
        tags: tagMap(v.Tags),
      };
    });
  }
  if (snapshot.Subnets) {
    data.subnets = snapshot.Subnets.map((s) => ({
      id: s.SubnetId,
      vpcId: s.VpcId,
      ...(s.AvailabilityZone ? { availabilityZone: s.AvailabilityZone } : {}),
      ...(s.AvailabilityZoneId ? { availabilityZoneId: s.AvailabilityZoneId } : {}),
      ...(s.Tags ? { tags: tagMap(s.Tags) } : {}),
    }));
  }
  if (snapshot.SecurityGroups) {
    data.securityGroups = snapshot.SecurityGroups.map((g) => ({
      id: g.GroupId,
      ...(g.VpcId ? { vpcId: g.VpcId } : {}),
      ...(g.GroupName ? { name: g.GroupName } : {}),
      ingress: (g.IpPermissions ?? []).map(permissionOf),
      ...(g.IpPermissionsEgress ? { egress: g.IpPermissionsEgress.map(permissionOf) } : {}),
      ...(g.Tags ? { tags: tagMap(g.Tags) } : {}),
    }));
  }
  if (snapshot.VpcAttributes) {
    data.vpcDns = snapshot.VpcAttributes.map((a) => ({
      vpcId: a.VpcId,
      ...(a.EnableDnsSupport ? { dnsSupport: a.EnableDnsSupport.Value } : {}),
      ...(a.EnableDnsHostnames ? { dnsHostnames: a.EnableDnsHostnames.Value } : {}),
    }));
  }
  if (snapshot.ServiceDetails) {
    data.serviceDetails = snapshot.ServiceDetails.map((s) => ({
      serviceName: s.ServiceName,
      ...(s.VpcEndpointPolicySupported === undefined ? {} : { policySupported: s.VpcEndpointPolicySupported }),
    }));
  }
  return { ...data, ...serviceParts(snapshot) };
}

/** Each list of the snapshot with every id once (see uniqueById); errors name `source`. */
function withUniqueIds(snapshot: Snapshot, source: string): Snapshot {
  const out: Snapshot = { ...snapshot, VpcEndpoints: uniqueById(snapshot.VpcEndpoints, (e) => e.VpcEndpointId, 'VpcEndpoints', source) };
  if (snapshot.RouteTables) out.RouteTables = uniqueById(snapshot.RouteTables, (t) => t.RouteTableId, 'RouteTables', source);
  if (snapshot.Vpcs) out.Vpcs = uniqueById(snapshot.Vpcs, (v) => v.VpcId, 'Vpcs', source);
  if (snapshot.Subnets) out.Subnets = uniqueById(snapshot.Subnets, (v) => v.SubnetId, 'Subnets', source);
  if (snapshot.SecurityGroups) out.SecurityGroups = uniqueById(snapshot.SecurityGroups, (g) => g.GroupId, 'SecurityGroups', source);
  if (snapshot.VpcAttributes) out.VpcAttributes = uniqueById(snapshot.VpcAttributes, (a) => a.VpcId, 'VpcAttributes', source);
  if (snapshot.ServiceDetails) out.ServiceDetails = uniqueById(snapshot.ServiceDetails, (d) => d.ServiceName, 'ServiceDetails', source);
  if (snapshot.PrefixLists) out.PrefixLists = uniqueById(snapshot.PrefixLists, (p) => p.PrefixListId, 'PrefixLists', source);
  if (snapshot.ServiceConfigurations) out.ServiceConfigurations = uniqueById(snapshot.ServiceConfigurations, (c) => c.ServiceId, 'ServiceConfigurations', source);
  if (snapshot.RestApis) out.RestApis = uniqueById(snapshot.RestApis, (a) => a.id, 'RestApis', source);
  return out;
}

/**
 * Validates raw snapshot JSON (errors name `source` and the key at fault) and normalises it. A
 * snapshot that is one page of a paginated listing (`NextToken`) is refused: judging part of an
 * account would report what is missing as compliant.
 */
export function readSnapshot(raw: unknown, source: string): AccountData {
  const snapshot = parseWith(snapshotSchema, raw, source);
  if (snapshot.NextToken !== undefined) {
    throw new InputError(
      `${source}: NextToken: the listing is partial (one page of several); run the aws command without --max-items or --no-paginate so that it fetches every page, or follow --starting-token until no NextToken is left and merge the pages`,
    );
  }
  return accountDataFromSnapshot(withUniqueIds(snapshot, source));
}
