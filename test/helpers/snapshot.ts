// Builders for snapshots in the shapes of `aws ec2 describe-*` outputs (PascalCase), with values
// of our own. Tests describe an account in a few lines and still go through the real parser.
import { AccountModel, readSnapshot, type Snapshot } from '../../shared/model/index.js';
import { resolveConfig, runRules, selectRules } from '../../shared/engine/index.js';
import type { EvaluationResult } from '../../shared/rules/types.js';

export const SELF = '555544443333';
export const TRUSTED = '666655554444';
export const FOREIGN = '999988887777';
export const ORG = 'o-testorg1234';
export const REGION = 'us-east-1';

type Raw = Record<string, unknown>;

export const DEFAULT_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
export const ORG_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }],
});

function tags(t: Record<string, string> | undefined): { Key: string; Value: string }[] {
  return Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

interface EndpointOptions {
  id: string;
  vpc: string;
  service?: string;
  state?: string;
  policy?: string;
  tags?: Record<string, string>;
}

function endpoint(type: string, defaultService: string, o: EndpointOptions): Raw {
  return {
    VpcEndpointId: o.id,
    VpcEndpointType: type,
    VpcId: o.vpc,
    ServiceName: `com.amazonaws.${REGION}.${o.service ?? defaultService}`,
    State: o.state ?? 'available',
    PolicyDocument: o.policy ?? (type === 'Gateway' ? ORG_POLICY : JSON.stringify(JSON.parse(ORG_POLICY), null, 2)),
    RouteTableIds: [],
    SubnetIds: [],
    Groups: [],
    PrivateDnsEnabled: false,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    CreationTimestamp: '2025-03-02T10:11:12+00:00',
    Tags: tags(o.tags),
    OwnerId: SELF,
  };
}

export function gateway(o: EndpointOptions & { tables?: string[] }): Raw {
  return { ...endpoint('Gateway', 's3', o), RouteTableIds: o.tables ?? [] };
}

export function iface(o: EndpointOptions & { subnets?: string[]; groups?: string[]; privateDns?: boolean }): Raw {
  return {
    ...endpoint('Interface', 'ssm', o),
    SubnetIds: o.subnets ?? [],
    Groups: (o.groups ?? []).map((g) => ({ GroupId: g, GroupName: `name-${g}` })),
    PrivateDnsEnabled: o.privateDns ?? true,
  };
}

export function routeTable(o: { id: string; vpc: string; subnets?: string[]; main?: boolean; routes?: Raw[] }): Raw {
  const associations: Raw[] = [];
  if (o.main) associations.push({ Main: true, RouteTableAssociationId: `rtbassoc-m${o.id}`, RouteTableId: o.id, AssociationState: { State: 'associated' } });
  for (const s of o.subnets ?? []) {
    associations.push({ Main: false, RouteTableAssociationId: `rtbassoc-${s}`, RouteTableId: o.id, SubnetId: s, AssociationState: { State: 'associated' } });
  }
  return {
    Associations: associations,
    PropagatingVgws: [],
    RouteTableId: o.id,
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }, ...(o.routes ?? [])],
    Tags: [],
    VpcId: o.vpc,
    OwnerId: SELF,
  };
}

export function gatewayRoute(vpce: string, prefixList = 'pl-63a5400a'): Raw {
  return { DestinationPrefixListId: prefixList, GatewayId: vpce, Origin: 'CreateRoute', State: 'active' };
}

export function vpc(o: { id: string; cidr?: string; tags?: Record<string, string> }): Raw {
  const cidr = o.cidr ?? '10.0.0.0/16';
  return {
    CidrBlock: cidr,
    State: 'available',
    VpcId: o.id,
    OwnerId: SELF,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${o.id}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    IsDefault: false,
    Tags: tags(o.tags),
  };
}

export function subnet(o: { id: string; vpc: string; az?: string }): Raw {
  return { SubnetId: o.id, VpcId: o.vpc, AvailabilityZone: o.az ?? `${REGION}a`, State: 'available', CidrBlock: '10.0.0.0/24' };
}

export function securityGroup(o: { id: string; vpc: string; ingress?: Raw[] }): Raw {
  return { GroupId: o.id, GroupName: `name-${o.id}`, Description: 'test', VpcId: o.vpc, OwnerId: SELF, IpPermissions: o.ingress ?? [], IpPermissionsEgress: [] };
}

export function tcp(port: number, o: { cidrs?: string[]; ipv6?: string[]; groups?: string[]; to?: number } = {}): Raw {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: o.to ?? port,
    IpRanges: (o.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: (o.ipv6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: (o.groups ?? []).map((GroupId) => ({ GroupId, UserId: SELF })),
  };
}

export function dns(vpcId: string, support: boolean, hostnames: boolean): Raw {
  return { VpcId: vpcId, EnableDnsSupport: { Value: support }, EnableDnsHostnames: { Value: hostnames } };
}

/** A snapshot with every part provided (empty unless given). */
export function snapshot(parts: Partial<Record<keyof Snapshot, unknown>>): Raw {
  return { VpcEndpoints: [], RouteTables: [], Vpcs: [], Subnets: [], SecurityGroups: [], VpcAttributes: [], PrefixLists: [], ServiceConfigurations: [], RestApis: [], ...parts };
}

/**
 * A snapshot as a real account has it: every VPC named by an endpoint or route table is in Vpcs,
 * and every such VPC has a main route table (an empty `rtb-main-<vpc>` unless one is given).
 */
export function completeSnapshot(parts: Partial<Record<keyof Snapshot, unknown>>): Raw {
  const raw = snapshot(parts) as { VpcEndpoints: Raw[]; RouteTables: Raw[]; Vpcs: Raw[] };
  const vpcIds = new Set([...raw.VpcEndpoints, ...raw.RouteTables].map((r) => r.VpcId as string));
  const known = new Set(raw.Vpcs.map((v) => v.VpcId));
  const withMain = new Set(
    raw.RouteTables.filter((t) => (t.Associations as Raw[]).some((a) => a.Main === true)).map((t) => t.VpcId),
  );
  return {
    ...raw,
    Vpcs: [...raw.Vpcs, ...[...vpcIds].filter((id) => !known.has(id)).map((id) => vpc({ id }))],
    RouteTables: [...raw.RouteTables, ...[...vpcIds].filter((id) => !withMain.has(id)).map((id) => routeTable({ id: `rtb-main-${id}`, vpc: id, main: true }))],
  };
}

export function model(raw: Raw): AccountModel {
  return new AccountModel(readSnapshot(raw, 'test snapshot'));
}

/** Runs one rule on a snapshot; returns its results by resource id, and the scan's other output. */
export function evaluateRule(ruleId: string, raw: Raw, config: unknown = {}) {
  const result = runRules(model(raw), { rules: selectRules([ruleId]), config: resolveConfig(config) });
  const byId = new Map<string, EvaluationResult>(result.evaluations.map((e) => [e.resourceId, e]));
  return { ...result, byId, get: (id: string) => byId.get(id)! };
}
