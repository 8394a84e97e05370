import type { Snapshot } from './snapshot.js';
import { snapshotSchema } from './snapshot.js';
import type { AccountData, IngressPermission, Tags } from './types.js';
import { parseWith } from '../validation.js';

function tagMap(tags: { Key: string; Value: string }[] | undefined): Tags {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) out[tag.Key] = tag.Value;
  return out;
}

const LIVE_ASSOCIATION = new Set(['associated', 'associating']);
const LIVE_CIDR = new Set(['associated', 'associating']);

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
      routeTableIds: e.RouteTableIds ?? [],
      subnetIds: e.SubnetIds ?? [],
      groupIds: (e.Groups ?? []).map((g) => g.GroupId),
      privateDnsEnabled: e.PrivateDnsEnabled ?? false,
      ...(e.OwnerId === undefined ? {} : { ownerId: e.OwnerId }),
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
    }));
  }
  if (snapshot.SecurityGroups) {
    data.securityGroups = snapshot.SecurityGroups.map((g) => ({
      id: g.GroupId,
      ...(g.VpcId ? { vpcId: g.VpcId } : {}),
      ...(g.GroupName ? { name: g.GroupName } : {}),
      ingress: (g.IpPermissions ?? []).map(
        (p): IngressPermission => ({
          protocol: p.IpProtocol.toLowerCase(),
          ...(p.FromPort === undefined ? {} : { fromPort: p.FromPort }),
          ...(p.ToPort === undefined ? {} : { toPort: p.ToPort }),
          ipv4Cidrs: (p.IpRanges ?? []).map((r) => r.CidrIp),
          ipv6Cidrs: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
          groupIds: (p.UserIdGroupPairs ?? []).flatMap((pair) => (pair.GroupId ? [pair.GroupId] : [])),
          prefixListIds: (p.PrefixListIds ?? []).map((pl) => pl.PrefixListId),
        }),
      ),
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
  return data;
}

/** Validates raw snapshot JSON (errors name `source` and the key at fault) and normalises it. */
export function readSnapshot(raw: unknown, source: string): AccountData {
  return accountDataFromSnapshot(parseWith(snapshotSchema, raw, source));
}
