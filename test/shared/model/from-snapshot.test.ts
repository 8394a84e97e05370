import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../shared/model/index.js';

describe('readSnapshot normalises every part', () => {
  it('reads each field the rules use, with defaults for what AWS leaves out', () => {
    // Prepare: one item of each kind, in the shapes of `aws ec2 describe-*`, some fields absent.
    const raw = {
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-full', VpcEndpointType: 'Interface', VpcId: 'vpc-1', ServiceName: 'com.amazonaws.eu-west-1.ssm', State: 'PendingAcceptance',
          PolicyDocument: '{}', RouteTableIds: ['rtb-1'], SubnetIds: ['subnet-1'], Groups: [{ GroupId: 'sg-1', GroupName: 'g' }], PrivateDnsEnabled: true,
          OwnerId: '314159265358', RequesterManaged: false, Tags: [{ Key: 'team', Value: 'net' }],
        },
        { VpcEndpointId: 'vpce-bare', VpcEndpointType: 'Gateway', VpcId: 'vpc-1', ServiceName: 'com.amazonaws.eu-west-1.s3' },
      ],
      RouteTables: [
        {
          RouteTableId: 'rtb-1', VpcId: 'vpc-1', Tags: [{ Key: 'k', Value: 'v' }],
          Associations: [
            { Main: true, AssociationState: { State: 'associated' } },
            { SubnetId: 'subnet-1', AssociationState: { State: 'Associating' } },
            { SubnetId: 'subnet-2', AssociationState: { State: 'disassociated' } },
            { GatewayId: 'igw-1', AssociationState: { State: 'associated' } },
            { SubnetId: 'subnet-3' },
          ],
          Routes: [
            { GatewayId: 'vpce-bare', DestinationPrefixListId: 'pl-1', State: 'Blackhole' },
            { GatewayId: 'local' },
            { DestinationPrefixListId: 'pl-2' },
          ],
        },
        { RouteTableId: 'rtb-2', VpcId: 'vpc-1' },
      ],
      Vpcs: [
        {
          VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: 314159265358,
          CidrBlockAssociationSet: [
            { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'disassociated' } },
            { CidrBlock: '10.2.0.0/16' },
            { CidrBlock: '10.3.0.0/16', CidrBlockState: { State: 'associating' } },
          ],
          Ipv6CidrBlockAssociationSet: [
            { Ipv6CidrBlock: '2600:1::/56', Ipv6CidrBlockState: { State: 'associated' } },
            { Ipv6CidrBlock: '2600:2::/56', Ipv6CidrBlockState: { State: 'disassociating' } },
            { Ipv6CidrBlock: '2600:3::/56' },
          ],
        },
        { VpcId: 'vpc-2', CidrBlock: '10.9.0.0/16', CidrBlockAssociationSet: [{ CidrBlock: '10.8.0.0/16' }] },
        { VpcId: 'vpc-3' },
      ],
      Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a', AvailabilityZoneId: 'euw1-az1' }, { SubnetId: 'subnet-2', VpcId: 'vpc-1' }],
      SecurityGroups: [
        {
          GroupId: 'sg-1', GroupName: 'g', VpcId: 'vpc-1',
          IpPermissions: [
            { IpProtocol: 'TCP', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }, { UserId: '1' }], PrefixListIds: [{ PrefixListId: 'pl-1' }] },
            { IpProtocol: '-1' },
          ],
        },
        { GroupId: 'sg-2' },
      ],
      VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: false } }, { VpcId: 'vpc-2' }],
      ServiceDetails: [{ ServiceName: 'com.amazonaws.eu-west-1.ssm', VpcEndpointPolicySupported: true }, { ServiceName: 'com.amazonaws.eu-west-1.x' }],
    };
    // Act
    const data = readSnapshot(raw, 'full.json');
    // Assess
    expect(data).toEqual({
      endpoints: [
        {
          id: 'vpce-full', type: 'Interface', vpcId: 'vpc-1', serviceName: 'com.amazonaws.eu-west-1.ssm', state: 'pendingacceptance', policyDocument: '{}',
          routeTableIds: ['rtb-1'], subnetIds: ['subnet-1'], groupIds: ['sg-1'], privateDnsEnabled: true, ownerId: '314159265358', requesterManaged: false, tags: { team: 'net' },
        },
        { id: 'vpce-bare', type: 'Gateway', vpcId: 'vpc-1', serviceName: 'com.amazonaws.eu-west-1.s3', state: 'available', routeTableIds: [], subnetIds: [], groupIds: [], privateDnsEnabled: false, tags: {} },
      ],
      routeTables: [
        {
          id: 'rtb-1', vpcId: 'vpc-1', tags: { k: 'v' },
          associations: [{ main: true }, { main: false, subnetId: 'subnet-1' }, { main: false, subnetId: 'subnet-3' }],
          routes: [{ gatewayId: 'vpce-bare', destinationPrefixListId: 'pl-1', state: 'blackhole' }, { gatewayId: 'local' }, { destinationPrefixListId: 'pl-2' }],
        },
        { id: 'rtb-2', vpcId: 'vpc-1', associations: [], routes: [], tags: {} },
      ],
      vpcs: [
        { id: 'vpc-1', ipv4Cidrs: ['10.0.0.0/16', '10.2.0.0/16', '10.3.0.0/16'], ipv6Cidrs: ['2600:1::/56', '2600:3::/56'], ownerId: '314159265358', tags: {} },
        { id: 'vpc-2', ipv4Cidrs: ['10.9.0.0/16', '10.8.0.0/16'], ipv6Cidrs: [], tags: {} },
        { id: 'vpc-3', ipv4Cidrs: [], ipv6Cidrs: [], tags: {} },
      ],
      subnets: [{ id: 'subnet-1', vpcId: 'vpc-1', availabilityZone: 'eu-west-1a', availabilityZoneId: 'euw1-az1' }, { id: 'subnet-2', vpcId: 'vpc-1' }],
      securityGroups: [
        {
          id: 'sg-1', vpcId: 'vpc-1', name: 'g',
          ingress: [
            { protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Cidrs: ['10.0.0.0/16'], ipv6Cidrs: ['::/0'], groupIds: ['sg-2'], prefixListIds: ['pl-1'] },
            { protocol: '-1', ipv4Cidrs: [], ipv6Cidrs: [], groupIds: [], prefixListIds: [] },
          ],
        },
        { id: 'sg-2', ingress: [] },
      ],
      vpcDns: [{ vpcId: 'vpc-1', dnsSupport: true, dnsHostnames: false }, { vpcId: 'vpc-2' }],
      serviceDetails: [{ serviceName: 'com.amazonaws.eu-west-1.ssm', policySupported: true }, { serviceName: 'com.amazonaws.eu-west-1.x' }],
    });
  });

  it('leaves out the parts the snapshot does not have', () => {
    expect(readSnapshot({ VpcEndpoints: [] }, 's')).toEqual({ endpoints: [] });
  });

  it('names no source when the model itself meets differing copies', () => {
    expect(() => readSnapshot({ VpcEndpoints: [], ServiceDetails: [{ ServiceName: 'a' }, { ServiceName: 'a', VpcEndpointPolicySupported: true }] }, 'svc.json')).toThrow(
      /^svc\.json: ServiceDetails\[0\] and ServiceDetails\[1\] are both a but differ; keep one copy$/,
    );
  });
});
