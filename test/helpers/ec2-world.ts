// A small stateful EC2 for the api-change tests: one account's VPCs, subnets, route tables and
// endpoints, answering the Describe calls vpce-guard sends (with the filters it uses) and applying
// ModifyVpcEndpoint as EC2 would. Both the aws-sdk-client-mock tests and the HTTP stand-in of the
// end-to-end test run on it, so the two see the same behaviour.

type Raw = Record<string, unknown>;

export interface Ec2World {
  endpoints: Raw[];
  routeTables: Raw[];
  subnets: Raw[];
  vpcs: Raw[];
  securityGroups: Raw[];
  /** vpcId → attributes. */
  attributes: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  /** Every ModifyVpcEndpoint input received, DryRun ones included. */
  modifications: Raw[];
}

export class Ec2WorldError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

function filtered(items: Raw[], filters: { Name?: string; Values?: string[] }[] | undefined, fields: Record<string, (item: Raw) => string[]>): Raw[] {
  return items.filter((item) =>
    (filters ?? []).every((f) => {
      const get = fields[f.Name ?? ''];
      if (!get) throw new Ec2WorldError('InvalidParameterValue', `filter ${f.Name} is not supported by the stand-in`);
      return get(item).some((v) => (f.Values ?? []).includes(v));
    }),
  );
}

const str = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);

/** Answers one EC2 action with an SDK-shaped output; throws Ec2WorldError as EC2 would answer. */
export function ec2Call(world: Ec2World, action: string, input: Raw): Raw {
  const filters = input.Filters as { Name?: string; Values?: string[] }[] | undefined;
  switch (action) {
    case 'DescribeVpcEndpoints': {
      const ids = input.VpcEndpointIds as string[] | undefined;
      if (ids?.length) {
        const found = world.endpoints.filter((e) => ids.includes(e.VpcEndpointId as string));
        if (found.length < ids.length) throw new Ec2WorldError('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${ids.join(',')}' does not exist`);
        return { VpcEndpoints: structuredClone(found) };
      }
      return {
        VpcEndpoints: structuredClone(
          filtered(world.endpoints, filters, { 'vpc-id': (e) => str(e.VpcId), 'vpc-endpoint-id': (e) => str(e.VpcEndpointId) }),
        ),
      };
    }
    case 'DescribeRouteTables':
      return {
        RouteTables: structuredClone(
          filtered(world.routeTables, filters, {
            'vpc-id': (t) => str(t.VpcId),
            'route-table-id': (t) => str(t.RouteTableId),
            'association.route-table-association-id': (t) => ((t.Associations as Raw[]) ?? []).flatMap((a) => str(a.RouteTableAssociationId)),
          }),
        ),
      };
    case 'DescribeSubnets':
      return { Subnets: structuredClone(filtered(world.subnets, filters, { 'vpc-id': (s) => str(s.VpcId), 'subnet-id': (s) => str(s.SubnetId) })) };
    case 'DescribeVpcs':
      return { Vpcs: structuredClone(filtered(world.vpcs, filters, { 'vpc-id': (v) => str(v.VpcId) })) };
    case 'DescribeSecurityGroups':
      return { SecurityGroups: structuredClone(filtered(world.securityGroups, filters, { 'group-id': (g) => str(g.GroupId), 'vpc-id': (g) => str(g.VpcId) })) };
    case 'DescribeVpcAttribute': {
      const vpcId = input.VpcId as string;
      const attrs = world.attributes[vpcId];
      if (!attrs) throw new Ec2WorldError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
      return input.Attribute === 'enableDnsSupport'
        ? { VpcId: vpcId, EnableDnsSupport: { Value: attrs.enableDnsSupport } }
        : { VpcId: vpcId, EnableDnsHostnames: { Value: attrs.enableDnsHostnames } };
    }
    case 'DescribeVpcEndpointServices':
      return {
        ServiceNames: input.ServiceNames ?? [],
        ServiceDetails: ((input.ServiceNames as string[]) ?? []).map((name) => ({ ServiceName: name, VpcEndpointPolicySupported: true })),
      };
    case 'ModifyVpcEndpoint': {
      world.modifications.push(structuredClone(input));
      const endpoint = world.endpoints.find((e) => e.VpcEndpointId === input.VpcEndpointId);
      if (!endpoint) throw new Ec2WorldError('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${String(input.VpcEndpointId)}' does not exist`);
      if (input.DryRun) throw new Ec2WorldError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
      const add = (input.AddRouteTableIds as string[] | undefined) ?? [];
      const remove = (input.RemoveRouteTableIds as string[] | undefined) ?? [];
      endpoint.RouteTableIds = [...new Set([...((endpoint.RouteTableIds as string[]) ?? []), ...add])].filter((id) => !remove.includes(id));
      for (const id of add) {
        const table = world.routeTables.find((t) => t.RouteTableId === id);
        if (!table) throw new Ec2WorldError('InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`);
        (table.Routes as Raw[]).push({ DestinationPrefixListId: 'pl-6da54004', GatewayId: endpoint.VpcEndpointId, Origin: 'CreateRoute', State: 'active' });
      }
      if (typeof input.PolicyDocument === 'string') endpoint.PolicyDocument = input.PolicyDocument;
      if (input.ResetPolicy) endpoint.PolicyDocument = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
      return { Return: true };
    }
    case 'ModifyVpcAttribute': {
      const attrs = world.attributes[input.VpcId as string];
      if (!attrs) throw new Ec2WorldError('InvalidVpcID.NotFound', `The vpc ID '${String(input.VpcId)}' does not exist`);
      if (input.EnableDnsSupport) attrs.enableDnsSupport = (input.EnableDnsSupport as { Value: boolean }).Value;
      if (input.EnableDnsHostnames) attrs.enableDnsHostnames = (input.EnableDnsHostnames as { Value: boolean }).Value;
      return {};
    }
    default:
      throw new Ec2WorldError('InvalidAction', `the stand-in does not answer ${action}`);
  }
}

export const REGION = 'eu-west-1';
export const ACCOUNT = '210987654321';
export const VPC = 'vpc-0b7e5a1c9d3f24680';
export const ENDPOINT = 'vpce-0c1a2b3d4e5f60718';
export const OPEN_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/**
 * The account of the CloudTrail fixtures: a VPC with three subnets, each with its own route table,
 * and an S3 gateway endpoint that serves only the first table, with the open default policy.
 */
export function sampleWorld(): Ec2World {
  const tables = ['rtb-0a11b22c33d44e55f', 'rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'];
  return {
    endpoints: [
      {
        VpcEndpointId: ENDPOINT,
        VpcEndpointType: 'Gateway',
        VpcId: VPC,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        State: 'available',
        PolicyDocument: OPEN_POLICY,
        RouteTableIds: [tables[0]],
        SubnetIds: [],
        Groups: [],
        PrivateDnsEnabled: false,
        RequesterManaged: false,
        OwnerId: ACCOUNT,
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
    ],
    routeTables: tables.map((id, i) => ({
      RouteTableId: id,
      VpcId: VPC,
      OwnerId: ACCOUNT,
      Associations: [
        { Main: i === 0, RouteTableAssociationId: `rtbassoc-0${i}main`, RouteTableId: id, ...(i === 0 ? {} : {}), AssociationState: { State: 'associated' } },
        { Main: false, RouteTableAssociationId: `rtbassoc-0${i}sub`, RouteTableId: id, SubnetId: `subnet-0${i}aa1bb2cc3dd4ee5f`, AssociationState: { State: 'associated' } },
      ].filter((a) => a.Main || a.SubnetId),
      Routes: [
        { DestinationCidrBlock: '10.40.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        ...(i === 0 ? [{ DestinationPrefixListId: 'pl-6da54004', GatewayId: ENDPOINT, Origin: 'CreateRoute', State: 'active' }] : []),
      ],
      Tags: [],
    })),
    subnets: [0, 1, 2].map((i) => ({ SubnetId: `subnet-0${i}aa1bb2cc3dd4ee5f`, VpcId: VPC, AvailabilityZone: `${REGION}${'abc'[i]}`, State: 'available' })),
    vpcs: [{ VpcId: VPC, CidrBlock: '10.40.0.0/16', State: 'available', OwnerId: ACCOUNT, Tags: [] }],
    securityGroups: [],
    attributes: { [VPC]: { enableDnsSupport: true, enableDnsHostnames: true } },
    modifications: [],
  };
}
