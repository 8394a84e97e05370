// Writes the synthetic account to disk as a user's snapshot looks: every record with the fields
// `aws ec2 describe-*` prints (DNS entries, network interfaces, timestamps, egress rules, …), the
// policies as AWS returns them (indented), the whole file indented by four spaces like the AWS
// CLI's JSON output. About 1.9 KB per endpoint, as in the profile the issue reports.
import { closeSync, openSync, writeSync } from 'node:fs';
import { syntheticSnapshot } from './synthetic-account.js';

type Raw = Record<string, unknown>;

const REGION = 'us-east-1';

function awsPolicy(policy: string): string {
  // AWS answers with the document re-indented; the CLI then escapes it into one string.
  return JSON.stringify(JSON.parse(policy) as unknown, null, 2);
}

function cliEndpoint(e: Raw, n: number): Raw {
  const id = String(e.VpcEndpointId);
  const service = String(e.ServiceName).split('.').pop()!;
  const interfaceKind = e.VpcEndpointType === 'Interface';
  const out: Raw = {
    VpcEndpointId: id,
    VpcEndpointType: e.VpcEndpointType,
    VpcId: e.VpcId,
    ServiceName: e.ServiceName,
    State: e.State,
    PolicyDocument: awsPolicy(String(e.PolicyDocument)),
    RouteTableIds: e.RouteTableIds,
    SubnetIds: e.SubnetIds,
    Groups: (e.Groups as Raw[]).map((g) => ({ GroupId: g.GroupId, GroupName: `bench-${String(g.GroupId).slice(-6)}` })),
    IpAddressType: 'ipv4',
    PrivateDnsEnabled: e.PrivateDnsEnabled,
    RequesterManaged: false,
    NetworkInterfaceIds: interfaceKind ? (e.SubnetIds as string[]).map((_, i) => `eni-${(n * 3 + i).toString(16).padStart(17, '0')}`) : [],
    DnsEntries: interfaceKind
      ? [
          { DnsName: `${id}-${n.toString(36).padStart(8, '0')}.${service}.${REGION}.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
          ...(e.SubnetIds as string[]).map((_, i) => ({
            DnsName: `${id}-${n.toString(36).padStart(8, '0')}-${REGION}${'abc'[i]}.${service}.${REGION}.vpce.amazonaws.com`,
            HostedZoneId: 'Z7HUB22UULQXV',
          })),
        ]
      : [],
    CreationTimestamp: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace('Z', '+00:00'),
    Tags: e.Tags,
    OwnerId: e.OwnerId,
  };
  return out;
}

function cliRouteTable(t: Raw, n: number): Raw {
  const associations = (t.Associations as Raw[]).map((a, i) => ({
    Main: a.Main,
    RouteTableAssociationId: `rtbassoc-${(n * 4 + i).toString(16).padStart(17, '0')}`,
    RouteTableId: t.RouteTableId,
    ...(a.SubnetId ? { SubnetId: a.SubnetId } : {}),
    AssociationState: { State: 'associated' },
  }));
  return {
    Associations: associations,
    PropagatingVgws: [],
    RouteTableId: t.RouteTableId,
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }],
    Tags: [],
    VpcId: t.VpcId,
    OwnerId: '555544443333',
  };
}

function cliVpc(v: Raw, n: number): Raw {
  return {
    CidrBlock: v.CidrBlock,
    DhcpOptionsId: 'dopt-0bench00000000001',
    State: 'available',
    VpcId: v.VpcId,
    OwnerId: v.OwnerId,
    InstanceTenancy: 'default',
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${n.toString(16).padStart(17, '0')}`, CidrBlock: v.CidrBlock, CidrBlockState: { State: 'associated' } },
    ],
    IsDefault: false,
    Tags: v.Tags,
  };
}

function cliSubnet(s: Raw, n: number): Raw {
  return {
    AvailabilityZone: s.AvailabilityZone,
    AvailabilityZoneId: `use1-az${(n % 3) + 1}`,
    AvailableIpAddressCount: 4091,
    CidrBlock: `10.0.${(n % 3) * 16}.0/20`,
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    State: 'available',
    SubnetId: s.SubnetId,
    VpcId: s.VpcId,
    OwnerId: '555544443333',
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    SubnetArn: `arn:aws:ec2:${REGION}:555544443333:subnet/${String(s.SubnetId)}`,
  };
}

function cliGroup(g: Raw): Raw {
  return {
    Description: 'bench group',
    GroupName: `bench-${String(g.GroupId).slice(-6)}`,
    IpPermissions: (g.IpPermissions as Raw[]).map((p) => ({ ...p, Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] })),
    OwnerId: '555544443333',
    GroupId: g.GroupId,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    VpcId: g.VpcId,
  };
}

const SHAPES: Record<string, (record: Raw, n: number) => Raw> = {
  VpcEndpoints: cliEndpoint,
  RouteTables: cliRouteTable,
  Vpcs: cliVpc,
  Subnets: cliSubnet,
  SecurityGroups: cliGroup,
  VpcAttributes: (a) => a,
  PrefixLists: (p) => ({ ...p, Tags: [] }),
  ServiceConfigurations: (c) => ({ ServiceType: [{ ServiceType: 'Interface' }], AvailabilityZones: ['us-east-1a', 'us-east-1b'], ...c }),
  RestApis: (a) => ({ createdDate: '2024-01-01T00:00:00+00:00', apiKeySource: 'HEADER', disableExecuteApiEndpoint: false, ...a }),
};

/** The synthetic account with every record in the AWS CLI's (and the SDK's) shape. */
export function cliSnapshot(endpoints: number): Record<string, Raw[]> {
  const snapshot = syntheticSnapshot(endpoints);
  return Object.fromEntries(Object.entries(snapshot).map(([key, records]) => [key, records.map((r, i) => SHAPES[key]!(r as Raw, i))]));
}

/**
 * Writes a snapshot of `endpoints` endpoints to `path` in the AWS CLI's layout, one record at a
 * time (the generator never holds the file as one string). Returns the bytes written.
 */
export function writeSnapshotFile(endpoints: number, path: string): number {
  const snapshot = syntheticSnapshot(endpoints);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let buffer = '';
  const put = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      bytes += writeSync(fd, buffer);
      buffer = '';
    }
  };
  try {
    const keys = Object.keys(snapshot);
    put('{\n');
    keys.forEach((key, k) => {
      const records = snapshot[key]!;
      put(`    "${key}": [\n`);
      records.forEach((record, i) => {
        const text = JSON.stringify(SHAPES[key]!(record as Raw, i), null, 4).replaceAll('\n', '\n        ');
        put(`        ${text}${i < records.length - 1 ? ',' : ''}\n`);
      });
      put(`    ]${k < keys.length - 1 ? ',' : ''}\n`);
    });
    put('}\n');
    bytes += writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
