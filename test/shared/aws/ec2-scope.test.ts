import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readAllVpcs, readVpcScope } from '../../../shared/aws/ec2-scope.js';
import { AwsCallError } from '../../../shared/errors.js';
import { readSnapshot } from '../../../shared/model/index.js';
import type { SnapshotEndpoint } from '../../../shared/model/snapshot.js';

const client = new EC2Client({ region: 'us-east-1' });
const ec2 = mockClient(client);

const AVAILABLE = 'available' as VpcEndpoint['State'];
const s3Gateway: VpcEndpoint = {
  VpcEndpointId: 'vpce-0aa1',
  VpcEndpointType: 'Gateway',
  VpcId: 'vpc-0a1',
  ServiceName: 'com.amazonaws.us-east-1.s3',
  State: AVAILABLE,
  RouteTableIds: ['rtb-0a1'],
};
const ssmInterface: VpcEndpoint = {
  VpcEndpointId: 'vpce-0aa2',
  VpcEndpointType: 'Interface',
  VpcId: 'vpc-0a1',
  ServiceName: 'com.amazonaws.us-east-1.ssm',
  State: AVAILABLE,
  PrivateDnsEnabled: true,
  SubnetIds: ['subnet-0a1'],
  Groups: [{ GroupId: 'sg-0a1', GroupName: 'endpoints' }],
};
const vpcFilter = (id: string) => ({ Filters: [{ Name: 'vpc-id', Values: [id] }] });

describe('readVpcScope', () => {
  beforeEach(() => {
    ec2.reset();
  });

  it('filters every Describe call to the VPC and reads only the groups the endpoints reference', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway, ssmInterface] });
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-0a1', VpcId: 'vpc-0a1', Associations: [{ Main: true }] }] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0a1', CidrBlock: '10.8.0.0/16' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-0a1', VpcId: 'vpc-0a1', AvailabilityZone: 'us-east-1b' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0a1', VpcId: 'vpc-0a1', IpPermissions: [] }] });

    const snapshot = await readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(['routeTables', 'vpcs', 'subnets', 'securityGroups']) });

    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { ...vpcFilter('vpc-0a1'), MaxResults: 1000 });
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { ...vpcFilter('vpc-0a1'), MaxResults: 100 });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, vpcFilter('vpc-0a1'));
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, vpcFilter('vpc-0a1'));
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-id', Values: ['sg-0a1'] }] });
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
    const data = readSnapshot(snapshot, 'scoped read');
    expect(data.endpoints.map((e) => e.id)).toEqual(['vpce-0aa1', 'vpce-0aa2']);
    expect(data.routeTables?.map((t) => t.id)).toEqual(['rtb-0a1']);
    expect(data.securityGroups?.map((g) => g.id)).toEqual(['sg-0a1']);
  });

  it('reads only the parts asked for, and the DNS attributes the endpoints need for their VPC only', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway, ssmInterface] });
    ec2.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ VpcId: 'vpc-0a1', EnableDnsSupport: { Value: true } });
    ec2.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ VpcId: 'vpc-0a1', EnableDnsHostnames: { Value: false } });

    const snapshot = await readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(['vpcDns']) });

    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcAttributeCommand, 2);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcAttributeCommand, { VpcId: 'vpc-0a1', Attribute: 'enableDnsHostnames' });
    for (const command of [DescribeRouteTablesCommand, DescribeVpcsCommand, DescribeSubnetsCommand, DescribeSecurityGroupsCommand]) {
      expect(ec2).not.toHaveReceivedCommand(command);
    }
    expect(snapshot.VpcAttributes).toEqual([{ VpcId: 'vpc-0a1', EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: false } }]);
  });

  it('lets known endpoints replace those EC2 returns, and reads what the known ones need', async () => {
    // EC2 still shows the endpoint without groups; the configuration item says it now has sg-0b7.
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ ...ssmInterface, Groups: [] }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0b7', VpcId: 'vpc-0a1', IpPermissions: [] }] });
    const known: SnapshotEndpoint = { ...(ssmInterface as SnapshotEndpoint), Groups: [{ GroupId: 'sg-0b7' }] };

    const snapshot = await readVpcScope(client, { vpcIds: [], endpoints: [known] }, { parts: new Set(['securityGroups']) });

    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, vpcFilter('vpc-0a1'));
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-id', Values: ['sg-0b7'] }] });
    expect(snapshot.VpcEndpoints).toEqual([known]);
  });

  it('asks DescribeVpcEndpointServices about the services in scope when policy support is wanted', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway] });
    ec2.on(DescribeVpcEndpointServicesCommand).resolves({ ServiceDetails: [{ ServiceName: s3Gateway.ServiceName, VpcEndpointPolicySupported: true }] });

    const snapshot = await readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(), serviceDetails: true });

    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServicesCommand, { ServiceNames: [s3Gateway.ServiceName!] });
    expect(snapshot.ServiceDetails).toEqual([{ ServiceName: s3Gateway.ServiceName, VpcEndpointPolicySupported: true }]);
  });

  it('leaves out the attributes of a VPC deleted meanwhile, so that only its endpoints fail', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway] });
    ec2.on(DescribeVpcAttributeCommand).rejects(Object.assign(new Error('The vpc ID does not exist'), { name: 'InvalidVpcID.NotFound' }));

    const snapshot = await readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(['vpcDns']) });

    expect(snapshot.VpcAttributes).toEqual([]);
  });

  it('reports a failed Describe call by name, never as an empty scope', async () => {
    ec2.on(DescribeVpcEndpointsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));

    const read = readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set() });

    await expect(read).rejects.toThrow(AwsCallError);
    await expect(read).rejects.toThrow('DescribeVpcEndpoints failed: UnauthorizedOperation: not authorized');
  });
});

describe('readAllVpcs', () => {
  beforeEach(() => {
    ec2.reset();
  });

  it('reads the whole account without filters, a thousand a page, following every page', async () => {
    ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [s3Gateway], NextToken: 'next' })
      .resolvesOnce({ VpcEndpoints: [ssmInterface] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const snapshot = await readAllVpcs(client, { parts: new Set(['securityGroups']) });

    expect(ec2).toHaveReceivedNthCommandWith(DescribeVpcEndpointsCommand, 1, { MaxResults: 1000 });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeVpcEndpointsCommand, 2, { MaxResults: 1000, NextToken: 'next' });
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { MaxResults: 1000 });
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input).not.toHaveProperty('Filters');
    expect(snapshot.VpcEndpoints.map((e) => e.VpcEndpointId)).toEqual(['vpce-0aa1', 'vpce-0aa2']);
  });
});

describe('readVpcScope: endpoint services', () => {
  beforeEach(() => {
    ec2.reset();
  });

  it('asks for each service alone when one is no longer offered, and leaves that one out', async () => {
    const gone = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway, { ...ssmInterface, ServiceName: gone }] });
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(Object.assign(new Error('The Vpc Endpoint Service does not exist'), { name: 'InvalidServiceName' }));
    ec2.on(DescribeVpcEndpointServicesCommand, { ServiceNames: [s3Gateway.ServiceName!] }).resolves({ ServiceDetails: [{ ServiceName: s3Gateway.ServiceName, VpcEndpointPolicySupported: true }] });

    const snapshot = await readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(), serviceDetails: true });

    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcEndpointServicesCommand, 3);
    expect(snapshot.ServiceDetails).toEqual([{ ServiceName: s3Gateway.ServiceName, VpcEndpointPolicySupported: true }]);
  });

  it('fails on any other error, naming the call', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway] });
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }));

    await expect(readVpcScope(client, { vpcIds: ['vpc-0a1'] }, { parts: new Set(), serviceDetails: true })).rejects.toThrow('DescribeVpcEndpointServices failed: UnauthorizedOperation: denied');
  });
});
