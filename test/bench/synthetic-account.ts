// A synthetic account in the snapshot shape, for the benchmark: VPCs of 50 endpoints each (gateway
// and interface), 3 subnets, 4 route tables, 2 security groups. Like the account profiled in issue
// 13, it has 13 distinct endpoint policies (the default, an organization one, 11 teams' own), used
// with 50 services: the policy rule's work is per (service, policy), the rest per endpoint.

const ACCOUNT = '555544443333';
const ORG = 'o-benchorg123';

export function syntheticSnapshot(endpoints: number): Record<string, unknown[]> {
  const perVpc = 50;
  const vpcCount = Math.ceil(endpoints / perVpc);
  const out = {
    VpcEndpoints: [] as unknown[],
    RouteTables: [] as unknown[],
    Vpcs: [] as unknown[],
    Subnets: [] as unknown[],
    SecurityGroups: [] as unknown[],
    VpcAttributes: [] as unknown[],
    // The gateway services' prefix lists, the PrivateLink services the account offers (one per
    // 100 VPCs) and its private REST APIs (one per 50 VPCs), for the rules that read them.
    PrefixLists: [
      { PrefixListId: 'pl-63a5400a', PrefixListName: 'com.amazonaws.us-east-1.s3', Cidrs: ['54.231.0.0/16', '52.216.0.0/15', '3.5.0.0/19'] },
      { PrefixListId: 'pl-02cd2c6b', PrefixListName: 'com.amazonaws.us-east-1.dynamodb', Cidrs: ['52.94.0.0/22', '52.119.224.0/20'] },
    ] as unknown[],
    ServiceConfigurations: [] as unknown[],
    RestApis: [] as unknown[],
  };
  const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');
  const defaultPolicy = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
  const orgPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"${ORG}"}}}]}`;
  let made = 0;
  for (let v = 0; v < vpcCount; v++) {
    const vpcId = `vpc-${hex(v)}`;
    if (v % 100 === 0) {
      out.ServiceConfigurations.push({
        ServiceId: `vpce-svc-${hex(v)}`,
        ServiceName: `com.amazonaws.vpce.us-east-1.vpce-svc-${hex(v)}`,
        ServiceState: 'Available',
        AcceptanceRequired: v % 200 === 0,
        AllowedPrincipals: [{ Principal: `arn:aws:iam::${ACCOUNT}:root`, PrincipalType: 'Account' }, ...(v % 200 === 0 ? [] : [{ Principal: 'arn:aws:iam::999988887777:root', PrincipalType: 'Account' }])],
        Tags: [],
      });
    }
    out.Vpcs.push({ VpcId: vpcId, CidrBlock: '10.0.0.0/16', OwnerId: ACCOUNT, Tags: [] });
    out.VpcAttributes.push({ VpcId: vpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: v % 7 !== 0 } });
    const subnets = [0, 1, 2].map((s) => `subnet-${hex(v * 3 + s)}`);
    subnets.forEach((id, s) => out.Subnets.push({ SubnetId: id, VpcId: vpcId, AvailabilityZone: `us-east-1${'abc'[s]}` }));
    const tables = [0, 1, 2, 3].map((t) => `rtb-${hex(v * 4 + t)}`);
    out.RouteTables.push({ RouteTableId: tables[0], VpcId: vpcId, Associations: [{ Main: true }], Routes: [] });
    tables.slice(1).forEach((id, t) => out.RouteTables.push({ RouteTableId: id, VpcId: vpcId, Associations: [{ Main: false, SubnetId: subnets[t] }], Routes: [] }));
    const sg = `sg-${hex(v * 2)}`;
    const openSg = `sg-${hex(v * 2 + 1)}`;
    out.SecurityGroups.push({ GroupId: sg, VpcId: vpcId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] });
    out.SecurityGroups.push({ GroupId: openSg, VpcId: vpcId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    for (let e = 0; e < perVpc && made < endpoints; e++, made++) {
      const gatewayKind = e < 2;
      // One endpoint in ten has a team's own policy; there are 11 teams.
      const team = made % 10 === 0 ? (made / 10) % 11 : -1;
      const policy =
        team >= 0
          ? `{"Version":"2012-10-17","Statement":[{"Sid":"Team${team}","Effect":"Allow","Principal":{"AWS":["${ACCOUNT}","${String(100000000000 + team)}"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-${team}/*"}]}`
          : made % 3 === 0
            ? defaultPolicy
            : orgPolicy;
      out.VpcEndpoints.push({
        VpcEndpointId: `vpce-${hex(made)}`,
        VpcEndpointType: gatewayKind ? 'Gateway' : 'Interface',
        VpcId: vpcId,
        ServiceName: gatewayKind ? `com.amazonaws.us-east-1.${e === 0 ? 's3' : 'dynamodb'}` : `com.amazonaws.us-east-1.svc${e}`,
        State: made % 97 === 0 ? 'deleted' : 'available',
        PolicyDocument: policy,
        RouteTableIds: gatewayKind ? tables.slice(0, 2 + (v % 3)) : [],
        SubnetIds: gatewayKind ? [] : subnets.slice(0, 1 + (e % 3)),
        Groups: gatewayKind ? [] : [{ GroupId: e % 11 === 0 ? openSg : sg }],
        PrivateDnsEnabled: !gatewayKind,
        OwnerId: ACCOUNT,
        Tags: e % 13 === 0 ? [{ Key: 'vpce-guard:exempt', Value: 'interface-endpoint-multi-az' }] : [],
      });
      if (e === 5 && v % 50 === 0) {
        out.RestApis.push({ id: `api${hex(v, 7)}`, name: `internal-${v}`, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: v % 100 === 0 ? [`vpce-${hex(made)}`] : [] }, tags: {} });
      }
    }
  }
  return out;
}

export const BENCH_CONFIG = { orgId: ORG, trustedAccounts: [] as string[] };
