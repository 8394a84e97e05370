// Seeds moto with a multi-VPC account through the real SDK (straight to moto, not through the
// fault proxy, so seeding is never counted or faulted), and reads its state back for assertions.
import {
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mapLimited } from '../../shared/aws/concurrency.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** An EC2 client straight to moto (no proxy, no retries to hide a harness fault). */
export function motoEc2(url: string): EC2Client {
  return new EC2Client({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function motoSns(url: string): SNSClient {
  return new SNSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** How many VPCs are seeded at once. */
const SEED_CONCURRENCY = 6;

/** Full-access policy, as AWS attaches when none is given. */
export const OPEN_POLICY = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });

export interface SeededVpc {
  vpcId: string;
  cidr: string;
  subnetIds: string[];
  /** Route tables explicitly associated with the subnets, one per subnet. */
  routeTableIds: string[];
  groupId: string;
  /** The S3 gateway endpoint, associated with the first table only when `gap` was asked for. */
  s3GatewayId: string;
  interfaceId?: string;
}

export interface VpcSpec {
  /** Leave the S3 gateway off the second route table (gateway-endpoint-route-tables finding). */
  gap?: boolean;
  /** Add an SSM interface endpoint, in every subnet unless `singleAz`. */
  interfaceEndpoint?: boolean;
  singleAz?: boolean;
  /** Turn on DNS hostnames (moto creates VPCs with them off). */
  dnsHostnames?: boolean;
}

/** Creates one VPC with two subnets in two AZs, a table each, a group, an S3 gateway and optionally an interface endpoint. */
export async function seedVpc(ec2: EC2Client, index: number, spec: VpcSpec = {}): Promise<SeededVpc> {
  const cidr = `10.${index}.0.0/16`;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  if (spec.dnsHostnames) await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnetIds: string[] = [];
  const routeTableIds: string[] = [];
  for (const [n, az] of ['us-east-1a', 'us-east-1b'].entries()) {
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${index}.${n}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!;
    const tableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    subnetIds.push(subnetId);
    routeTableIds.push(tableId);
  }
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `endpoints-${index}`, Description: 'endpoint ENIs' }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] }],
    }),
  );
  const s3GatewayId = (
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: 'com.amazonaws.us-east-1.s3',
        VpcEndpointType: 'Gateway',
        RouteTableIds: spec.gap ? routeTableIds.slice(0, 1) : routeTableIds,
      }),
    )
  ).VpcEndpoint!.VpcEndpointId!;
  let interfaceId: string | undefined;
  if (spec.interfaceEndpoint) {
    interfaceId = (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: 'com.amazonaws.us-east-1.ssm',
          VpcEndpointType: 'Interface',
          SubnetIds: spec.singleAz ? subnetIds.slice(0, 1) : subnetIds,
          SecurityGroupIds: [groupId],
          PrivateDnsEnabled: false,
        }),
      )
    ).VpcEndpoint!.VpcEndpointId!;
  }
  return { vpcId, cidr, subnetIds, routeTableIds, groupId, s3GatewayId, interfaceId };
}

/** Seeds `count` VPCs, varied: every third leaves a route table off its gateway, every second has an interface endpoint. */
export async function seedAccount(ec2: EC2Client, count: number, firstIndex = 1): Promise<SeededVpc[]> {
  // A few VPCs at once (each one's own calls stay in order): seeding is most of a test's wait.
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimited(indexes, SEED_CONCURRENCY, (i) => seedVpc(ec2, firstIndex + i, { gap: i % 3 === 0, interfaceEndpoint: i % 2 === 1, singleAz: i % 4 === 3 }));
}

/** Creates `count` bare VPCs (10.1.0.0/16, 10.2.0.0/16, …), a few at a time; their ids in order. */
export async function seedBareVpcs(ec2: EC2Client, count: number): Promise<string[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimited(indexes, SEED_CONCURRENCY, async (i) => (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${(i % 250) + 1}.0.0/16` }))).Vpc!.VpcId!);
}

/** Every endpoint moto holds now, live or deleted. */
export async function endpointsNow(ec2: EC2Client): Promise<VpcEndpoint[]> {
  return (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
}

export async function endpointNow(ec2: EC2Client, id: string): Promise<VpcEndpoint> {
  const found = (await endpointsNow(ec2)).find((e) => e.VpcEndpointId === id);
  if (!found) throw new Error(`moto holds no endpoint ${id}`);
  return found;
}

export async function vpcIdsNow(ec2: EC2Client): Promise<string[]> {
  return ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((v) => v.VpcId!);
}

export async function createTopic(sns: SNSClient, name = 'vpce-guard-alerts'): Promise<string> {
  return (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
}
