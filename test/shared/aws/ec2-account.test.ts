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
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAccount } from '../../../shared/aws/index.js';
import { AwsCallError } from '../../../shared/errors.js';
import { readSnapshot } from '../../../shared/model/index.js';
import { escapeXml, startEc2StandIn, type StandIn } from '../../helpers/ec2-stand-in.js';

// Mock this one instance: the local-endpoint tests below use a real client.
const client = new EC2Client({ region: 'us-east-1' });
const ec2 = mockClient(client);

// EC2 sends states in lower case ("available"); the SDK's type names them capitalised.
const AVAILABLE = 'available' as VpcEndpoint['State'];
const gatewayS3: VpcEndpoint = { VpcEndpointId: 'vpce-1', VpcEndpointType: 'Gateway', VpcId: 'vpc-1', ServiceName: 'com.amazonaws.us-east-1.s3', State: AVAILABLE };
const privateIface: VpcEndpoint = { VpcEndpointId: 'vpce-2', VpcEndpointType: 'Interface', VpcId: 'vpc-2', ServiceName: 'com.amazonaws.us-east-1.ssm', State: AVAILABLE, PrivateDnsEnabled: true };
const plainIface: VpcEndpoint = { VpcEndpointId: 'vpce-3', VpcEndpointType: 'Interface', VpcId: 'vpc-3', ServiceName: 'com.amazonaws.us-east-1.sts', State: AVAILABLE, PrivateDnsEnabled: false };

describe('readAccount (mocked client)', () => {
  beforeEach(() => {
    // An unmocked command silently resolves to undefined: reset and mock each test.
    ec2.reset();
  });

  it('follows NextToken through every page of DescribeVpcEndpoints', async () => {
    ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [gatewayS3], NextToken: 'page-2' })
      .resolvesOnce({ VpcEndpoints: [privateIface] });
    const progress: string[] = [];
    const snapshot = await readAccount(client, { parts: new Set(), onProgress: (m) => progress.push(m) });
    expect(snapshot.VpcEndpoints.map((e) => e.VpcEndpointId)).toEqual(['vpce-1', 'vpce-2']);
    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcEndpointsCommand, 2);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeVpcEndpointsCommand, 2, { NextToken: 'page-2' });
    expect(progress).toEqual(['VPC endpoints: 1', 'VPC endpoints: 2']);
    // Only the endpoints were asked for.
    expect(ec2).not.toHaveReceivedCommand(DescribeRouteTablesCommand);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
  });

  it('reads only the VPC attributes the DNS rule needs, one call per attribute', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [gatewayS3, privateIface, plainIface] });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-1', Attribute: 'enableDnsSupport' }).resolves({ VpcId: 'vpc-1', EnableDnsSupport: { Value: true } });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-2', Attribute: 'enableDnsSupport' }).resolves({ VpcId: 'vpc-2', EnableDnsSupport: { Value: true } });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-2', Attribute: 'enableDnsHostnames' }).resolves({ VpcId: 'vpc-2', EnableDnsHostnames: { Value: false } });
    const snapshot = await readAccount(client, { parts: new Set(['vpcDns']) });
    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcAttributeCommand, 3);
    expect(ec2).not.toHaveReceivedCommandWith(DescribeVpcAttributeCommand, { VpcId: 'vpc-3' });
    expect(snapshot.VpcAttributes).toEqual([
      { VpcId: 'vpc-1', EnableDnsSupport: { Value: true } },
      { VpcId: 'vpc-2', EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: false } },
    ]);
  });

  it('reads the DNS attributes an endpoint needs whatever the case of its type', async () => {
    const lowerGateway = { ...gatewayS3, VpcEndpointType: 'gateway' as VpcEndpoint['VpcEndpointType'] };
    const lowerIface = { ...privateIface, VpcEndpointType: 'INTERFACE' as VpcEndpoint['VpcEndpointType'] };
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [lowerGateway, lowerIface] });
    ec2.on(DescribeVpcAttributeCommand).resolves({ EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } });
    const snapshot = await readAccount(client, { parts: new Set(['vpcDns']) });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcAttributeCommand, { VpcId: 'vpc-1', Attribute: 'enableDnsSupport' });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcAttributeCommand, { VpcId: 'vpc-2', Attribute: 'enableDnsHostnames' });
    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcAttributeCommand, 3);
    expect(snapshot.VpcAttributes!.map((a) => a.VpcId)).toEqual(['vpc-1', 'vpc-2']);
  });

  it('reads route tables, VPCs, subnets, groups and service details when asked, into a valid snapshot', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ ...gatewayS3, CreationTimestamp: new Date('2025-01-02T03:04:05Z') }] });
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }] }] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1', VpcId: 'vpc-1', IpPermissions: [] }] });
    ec2.on(DescribeVpcEndpointServicesCommand).resolves({ ServiceDetails: [{ ServiceName: gatewayS3.ServiceName, VpcEndpointPolicySupported: true }] });
    const snapshot = await readAccount(client, { parts: new Set(['routeTables', 'vpcs', 'subnets', 'securityGroups']), serviceDetails: true });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServicesCommand, { ServiceNames: [gatewayS3.ServiceName!] });
    const data = readSnapshot(snapshot, 'EC2 responses');
    expect(data.routeTables?.[0]?.id).toBe('rtb-1');
    expect(data.subnets?.[0]?.availabilityZone).toBe('us-east-1a');
    expect(data.serviceDetails).toEqual([{ serviceName: gatewayS3.ServiceName!, policySupported: true }]);
  });

  it('reports a failed call by name, never an empty result', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [gatewayS3] });
    ec2.on(DescribeRouteTablesCommand).rejects(Object.assign(new Error('User is not authorized to perform: ec2:DescribeRouteTables'), { name: 'UnauthorizedOperation' }));
    const read = readAccount(client, { parts: new Set(['routeTables']) });
    await expect(read).rejects.toThrow(AwsCallError);
    await expect(readAccount(client, { parts: new Set(['routeTables']) })).rejects.toThrow(
      'DescribeRouteTables failed: UnauthorizedOperation: User is not authorized to perform: ec2:DescribeRouteTables',
    );
  });
});

// The SDK's real wire behaviour: query serialisation, XML parsing, pagination and throttling
// retries, against a small EC2 stand-in on the loopback interface.
describe('readAccount against a local EC2 endpoint', () => {
  let standIn: StandIn;
  const policy = escapeXml('{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}');

  beforeAll(async () => {
    standIn = await startEc2StandIn({
      DescribeVpcEndpoints: (params) => {
        const second = params.get('NextToken') === 'tok-2';
        const id = second ? 'vpce-0b' : 'vpce-0a';
        return (
          `<vpcEndpointSet><item><vpcEndpointId>${id}</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-0w</vpcId>` +
          `<serviceName>com.amazonaws.us-east-1.s3</serviceName><state>available</state><policyDocument>${policy}</policyDocument>` +
          `<routeTableIdSet><item>rtb-0w</item></routeTableIdSet><ownerId>555544443333</ownerId><creationTimestamp>2025-01-02T03:04:05.000Z</creationTimestamp></item></vpcEndpointSet>` +
          (second ? '' : '<nextToken>tok-2</nextToken>')
        );
      },
      DescribeVpcAttribute: (params) => {
        const attr = params.get('Attribute');
        return `<vpcId>${params.get('VpcId')}</vpcId><${attr}><value>true</value></${attr}>`;
      },
    });
  });

  afterAll(() => standIn.close());

  it('retries a throttled call, follows pages and reads the attributes', async () => {
    standIn.throttle('DescribeVpcEndpoints', 1);
    const real = new EC2Client({ endpoint: standIn.url, region: 'us-east-1', maxAttempts: 3, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const snapshot = await readAccount(real, { parts: new Set(['vpcDns']) });
    expect(snapshot.VpcEndpoints.map((e) => e.VpcEndpointId)).toEqual(['vpce-0a', 'vpce-0b']);
    expect(snapshot.VpcEndpoints[0]!.PolicyDocument).toContain('"Principal":"*"');
    expect(snapshot.VpcAttributes).toEqual([{ VpcId: 'vpc-0w', EnableDnsSupport: { Value: true } }]);
    const actions = standIn.requests.map((r) => r.get('Action'));
    expect(actions).toEqual(['DescribeVpcEndpoints', 'DescribeVpcEndpoints', 'DescribeVpcEndpoints', 'DescribeVpcAttribute']);
    expect(standIn.requests[3]!.get('Attribute')).toBe('enableDnsSupport');
    real.destroy();
  });
});
