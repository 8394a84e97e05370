// An in-memory EC2 account that answers Describe calls as EC2 does, filters included, for
// aws-sdk-client-mock (SDK shapes) and for the loopback stand-in (EC2's XML). VPC 0 carries the
// ids the fixtures in test/fixtures/config-events/ name.
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { escapeXml, type Handler } from '../../helpers/ec2-stand-in.js';

export const ACCOUNT = '246813579024';
export const REGION = 'eu-west-2';
export const VPC0 = 'vpc-0e1f2a3b4c5d6e7f8';
export const GATEWAY0 = 'vpce-0c0ffee0gateway1';
export const IFACE0 = 'vpce-0c0ffee0iface001';
export const MAIN0 = 'rtb-0main0000000000a';
export const PRIVATE0 = 'rtb-0priv000000000b';
export const SUBNET_A0 = 'subnet-0aaaa00000000000a';
export const SUBNET_B0 = 'subnet-0bbbb00000000000b';
export const GROUP0 = 'sg-0e0e0e0e0e0e0e0e0';

type Raw = Record<string, unknown>;

export interface FakeAccount {
  VpcEndpoints: Raw[];
  RouteTables: Raw[];
  Vpcs: Raw[];
  Subnets: Raw[];
  SecurityGroups: Raw[];
  dns: Map<string, { support: boolean; hostnames: boolean }>;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function ids(i: number) {
  if (i === 0) return { vpc: VPC0, gateway: GATEWAY0, iface: IFACE0, main: MAIN0, priv: PRIVATE0, a: SUBNET_A0, b: SUBNET_B0, group: GROUP0 };
  return {
    vpc: `vpc-1${hex(i, 16)}`,
    gateway: `vpce-1${hex(i, 16)}`,
    iface: `vpce-2${hex(i, 16)}`,
    main: `rtb-1${hex(i, 16)}`,
    priv: `rtb-2${hex(i, 16)}`,
    a: `subnet-1${hex(i, 16)}`,
    b: `subnet-2${hex(i, 16)}`,
    group: `sg-1${hex(i, 16)}`,
  };
}

const DEFAULT_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/**
 * An account of `vpcs` VPCs, each with two subnets (zones a and b), a main table and a private
 * table serving subnet b, an S3 gateway endpoint associated with the main table only (so
 * `gateway-endpoint-route-tables` finds the private table missing), and an SSM interface endpoint
 * in both subnets behind a group that admits TCP 443 from the VPC. DNS support and hostnames on.
 */
export function fakeAccount(vpcs: number): FakeAccount {
  const account: FakeAccount = { VpcEndpoints: [], RouteTables: [], Vpcs: [], Subnets: [], SecurityGroups: [], dns: new Map() };
  for (let i = 0; i < vpcs; i++) {
    const id = ids(i);
    const cidr = `10.${20 + (i % 200)}.0.0/16`;
    account.Vpcs.push({ VpcId: id.vpc, CidrBlock: cidr, State: 'available', OwnerId: ACCOUNT, CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${i}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } }], Tags: [] });
    account.Subnets.push({ SubnetId: id.a, VpcId: id.vpc, AvailabilityZone: `${REGION}a`, State: 'available' });
    account.Subnets.push({ SubnetId: id.b, VpcId: id.vpc, AvailabilityZone: `${REGION}b`, State: 'available' });
    account.RouteTables.push({
      RouteTableId: id.main,
      VpcId: id.vpc,
      Associations: [{ Main: true, RouteTableAssociationId: `rtbassoc-m${i}`, RouteTableId: id.main, AssociationState: { State: 'associated' } }],
      Routes: [{ DestinationCidrBlock: cidr, GatewayId: 'local', State: 'active' }, { DestinationPrefixListId: 'pl-7ca54015', GatewayId: id.gateway, State: 'active' }],
      Tags: [],
    });
    account.RouteTables.push({
      RouteTableId: id.priv,
      VpcId: id.vpc,
      Associations: [{ Main: false, RouteTableAssociationId: `rtbassoc-p${i}`, RouteTableId: id.priv, SubnetId: id.b, AssociationState: { State: 'associated' } }],
      Routes: [{ DestinationCidrBlock: cidr, GatewayId: 'local', State: 'active' }],
      Tags: [],
    });
    account.VpcEndpoints.push({
      VpcEndpointId: id.gateway,
      VpcEndpointType: 'Gateway',
      VpcId: id.vpc,
      ServiceName: `com.amazonaws.${REGION}.s3`,
      State: 'available',
      PolicyDocument: DEFAULT_POLICY,
      RouteTableIds: [id.main],
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
      OwnerId: ACCOUNT,
      Tags: [],
    });
    account.VpcEndpoints.push({
      VpcEndpointId: id.iface,
      VpcEndpointType: 'Interface',
      VpcId: id.vpc,
      ServiceName: `com.amazonaws.${REGION}.ssm`,
      State: 'available',
      PolicyDocument: DEFAULT_POLICY,
      RouteTableIds: [],
      SubnetIds: [id.a, id.b],
      Groups: [{ GroupId: id.group, GroupName: 'endpoints' }],
      PrivateDnsEnabled: true,
      OwnerId: ACCOUNT,
      Tags: [],
    });
    account.SecurityGroups.push({
      GroupId: id.group,
      GroupName: 'endpoints',
      VpcId: id.vpc,
      OwnerId: ACCOUNT,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    });
    account.dns.set(id.vpc, { support: true, hostnames: true });
  }
  return account;
}

function matches(item: Raw, filters: Filter[] | undefined, field: Record<string, string>): boolean {
  for (const f of filters ?? []) {
    const key = field[f.Name ?? ''];
    if (!key) throw new Error(`fake EC2: filter ${f.Name} not modelled`);
    if (!(f.Values ?? []).includes(String(item[key]))) return false;
  }
  return true;
}

const FIELDS = {
  endpoints: { 'vpc-id': 'VpcId', 'vpc-endpoint-id': 'VpcEndpointId' },
  routeTables: { 'vpc-id': 'VpcId' },
  vpcs: { 'vpc-id': 'VpcId' },
  subnets: { 'vpc-id': 'VpcId' },
  groups: { 'group-id': 'GroupId', 'vpc-id': 'VpcId' },
};

/** The answers of the fake account, by EC2 action, from the SDK-shaped input. */
export function answers(account: FakeAccount) {
  return {
    DescribeVpcEndpoints: (input: { Filters?: Filter[] }) => ({ VpcEndpoints: account.VpcEndpoints.filter((e) => matches(e, input.Filters, FIELDS.endpoints)) }),
    DescribeRouteTables: (input: { Filters?: Filter[] }) => ({ RouteTables: account.RouteTables.filter((e) => matches(e, input.Filters, FIELDS.routeTables)) }),
    DescribeVpcs: (input: { Filters?: Filter[] }) => ({ Vpcs: account.Vpcs.filter((e) => matches(e, input.Filters, FIELDS.vpcs)) }),
    DescribeSubnets: (input: { Filters?: Filter[] }) => ({ Subnets: account.Subnets.filter((e) => matches(e, input.Filters, FIELDS.subnets)) }),
    DescribeSecurityGroups: (input: { Filters?: Filter[] }) => ({ SecurityGroups: account.SecurityGroups.filter((e) => matches(e, input.Filters, FIELDS.groups)) }),
    DescribeVpcAttribute: (input: { VpcId?: string; Attribute?: string }) => {
      const dns = account.dns.get(input.VpcId ?? '');
      if (!dns) throw Object.assign(new Error(`The vpc ID '${input.VpcId}' does not exist`), { name: 'InvalidVpcID.NotFound' });
      return input.Attribute === 'enableDnsSupport'
        ? { VpcId: input.VpcId, EnableDnsSupport: { Value: dns.support } }
        : { VpcId: input.VpcId, EnableDnsHostnames: { Value: dns.hostnames } };
    },
    DescribeVpcEndpointServices: (input: { ServiceNames?: string[] }) => ({
      ServiceDetails: (input.ServiceNames ?? []).map((ServiceName) => ({ ServiceName, VpcEndpointPolicySupported: true })),
    }),
  };
}

/** Wires the fake account into an aws-sdk-client-mock EC2 stub. */
export function mockFakeAccount(ec2: AwsClientStub<EC2Client>, account: FakeAccount): void {
  const a = answers(account);
  ec2.on(DescribeVpcEndpointsCommand).callsFake(a.DescribeVpcEndpoints);
  ec2.on(DescribeRouteTablesCommand).callsFake(a.DescribeRouteTables);
  ec2.on(DescribeVpcsCommand).callsFake(a.DescribeVpcs);
  ec2.on(DescribeSubnetsCommand).callsFake(a.DescribeSubnets);
  ec2.on(DescribeSecurityGroupsCommand).callsFake(a.DescribeSecurityGroups);
  ec2.on(DescribeVpcAttributeCommand).callsFake(a.DescribeVpcAttribute);
  ec2.on(DescribeVpcEndpointServicesCommand).callsFake(a.DescribeVpcEndpointServices);
}

// EC2's XML names where they are not the member name with a lower-case first letter.
const XML_NAMES: Record<string, string> = {
  VpcEndpoints: 'vpcEndpointSet',
  RouteTableIds: 'routeTableIdSet',
  SubnetIds: 'subnetIdSet',
  Groups: 'groupSet',
  Tags: 'tagSet',
  RouteTables: 'routeTableSet',
  Associations: 'associationSet',
  Routes: 'routeSet',
  Vpcs: 'vpcSet',
  Subnets: 'subnetSet',
  SecurityGroups: 'securityGroupInfo',
  UserIdGroupPairs: 'groups',
  ServiceDetails: 'serviceDetailSet',
};

/** An SDK-shaped value in EC2's XML: lists as `<name><item>…</item></name>`. */
export function toXml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<item>${toXml(v)}</item>`).join('');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Raw)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const name = XML_NAMES[k] ?? k[0]!.toLowerCase() + k.slice(1);
        return `<${name}>${toXml(v)}</${name}>`;
      })
      .join('');
  }
  return escapeXml(String(value));
}

/** `Filter.1.Name=vpc-id&Filter.1.Value.1=…` back into SDK filters. */
function filtersOf(params: URLSearchParams): Filter[] {
  const out: Filter[] = [];
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; params.has(`Filter.${i}.Value.${j}`); j++) values.push(params.get(`Filter.${i}.Value.${j}`)!);
    out.push({ Name: params.get(`Filter.${i}.Name`)!, Values: values });
  }
  return out;
}

/** The fake account as EC2 stand-in handlers (query protocol in, XML out). */
export function standInHandlers(account: FakeAccount): Record<string, Handler> {
  const a = answers(account);
  const list = (params: URLSearchParams, prefix: string) => {
    const out: string[] = [];
    for (let i = 1; params.has(`${prefix}.${i}`); i++) out.push(params.get(`${prefix}.${i}`)!);
    return out;
  };
  return {
    DescribeVpcEndpoints: (p) => toXml(a.DescribeVpcEndpoints({ Filters: filtersOf(p) })),
    DescribeRouteTables: (p) => toXml(a.DescribeRouteTables({ Filters: filtersOf(p) })),
    DescribeVpcs: (p) => toXml(a.DescribeVpcs({ Filters: filtersOf(p) })),
    DescribeSubnets: (p) => toXml(a.DescribeSubnets({ Filters: filtersOf(p) })),
    DescribeSecurityGroups: (p) => toXml(a.DescribeSecurityGroups({ Filters: filtersOf(p) })),
    DescribeVpcAttribute: (p) => toXml(a.DescribeVpcAttribute({ VpcId: p.get('VpcId') ?? '', Attribute: p.get('Attribute') ?? '' })),
    DescribeVpcEndpointServices: (p) => toXml(a.DescribeVpcEndpointServices({ ServiceNames: list(p, 'ServiceName') })),
  };
}
