import { describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/errors.js';
import {
  AccountModel,
  configurationItemSchema,
  overlayConfigItems,
  readConfigItems,
  readSnapshot,
  vpcIdOfConfigItem,
  type ConfigurationItem,
} from '../../../shared/model/index.js';
import { fixture } from '../../functions/config-rule/events.js';

/** The configuration item of a fixture event, through the event schema. */
function itemOf(name: string): ConfigurationItem {
  const invoking = JSON.parse(fixture(name).invokingEvent as string) as { configurationItem: unknown };
  return configurationItemSchema.parse(invoking.configurationItem);
}

describe('readConfigItems', () => {
  it('reads a gateway endpoint item: state as {value}, tags as [{key, value}], the policy as a JSON string', () => {
    const data = readConfigItems([itemOf('change-vpc-endpoint-gateway.json')]);

    expect(data.endpoints).toEqual([
      {
        id: 'vpce-0c0ffee0gateway1',
        type: 'Gateway',
        vpcId: 'vpc-0e1f2a3b4c5d6e7f8',
        serviceName: 'com.amazonaws.eu-west-2.s3',
        state: 'available',
        policyDocument: '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
        routeTableIds: ['rtb-0main0000000000a'],
        subnetIds: [],
        groupIds: [],
        privateDnsEnabled: false,
        requesterManaged: false,
        ownerId: '246813579024',
        tags: { Name: 's3-gateway' },
      },
    ]);
    // Only the endpoints part was provided: rules needing others report so.
    expect(data.routeTables).toBeUndefined();
  });

  it('reads an interface endpoint item with state as a plain string and groups', () => {
    const [endpoint] = readConfigItems([itemOf('change-vpc-endpoint-interface.json')]).endpoints;

    expect(endpoint).toMatchObject({ state: 'available', groupIds: ['sg-0e0e0e0e0e0e0e0e0'], subnetIds: ['subnet-0aaaa00000000000a', 'subnet-0bbbb00000000000b'], privateDnsEnabled: true });
    expect(endpoint?.policyDocument).toContain('\n');
  });

  it('accepts a policy given as an object and writes it back as JSON', () => {
    const item = itemOf('change-vpc-endpoint-gateway.json');
    item.configuration!.policyDocument = { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] };

    const [endpoint] = readConfigItems([item]).endpoints;

    expect(JSON.parse(endpoint!.policyDocument!)).toEqual({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] });
  });

  it('reads requesterManaged, so a requester-managed endpoint found through Config is never given a planned change', () => {
    // Prepare
    const item = itemOf('change-vpc-endpoint-gateway.json');
    item.configuration!.requesterManaged = true;
    // Act
    const [endpoint] = readConfigItems([item]).endpoints;
    // Assess
    expect(endpoint?.requesterManaged).toBe(true);
  });

  it('takes the item tags map when configuration.tags is empty', () => {
    const item = itemOf('change-vpc-endpoint-gateway.json');
    item.configuration!.tags = [];
    item.tags = { 'vpce-guard:exempt': '*' };

    expect(readConfigItems([item]).endpoints[0]?.tags).toEqual({ 'vpce-guard:exempt': '*' });
  });

  it('reads route tables, subnets, VPCs and security groups into the same model the snapshot reader makes', () => {
    const data = readConfigItems([
      itemOf('change-route-table.json'),
      itemOf('change-subnet.json'),
      itemOf('change-vpc.json'),
      itemOf('change-security-group.json'),
    ]);

    expect(data.routeTables).toEqual([
      {
        id: 'rtb-0priv000000000b',
        vpcId: 'vpc-0e1f2a3b4c5d6e7f8',
        associations: [{ main: false, subnetId: 'subnet-0bbbb00000000000b' }],
        routes: [{ gatewayId: 'local', state: 'active' }, { state: 'active' }],
        tags: { Name: 'private-b' },
      },
    ]);
    expect(data.subnets).toEqual([{ id: 'subnet-0cccc00000000000c', vpcId: 'vpc-0e1f2a3b4c5d6e7f8', availabilityZone: 'eu-west-2c', availabilityZoneId: 'euw2-az3' }]);
    expect(data.vpcs).toEqual([{ id: 'vpc-0e1f2a3b4c5d6e7f8', ipv4Cidrs: ['10.20.0.0/16'], ipv6Cidrs: [], ownerId: '246813579024', tags: { Name: 'workloads' } }]);
    // ipv4Ranges and ipRanges carry the same range: read once.
    expect(data.securityGroups).toEqual([
      {
        id: 'sg-0e0e0e0e0e0e0e0e0',
        vpcId: 'vpc-0e1f2a3b4c5d6e7f8',
        name: 'endpoints',
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], groupIds: [], prefixListIds: [] }],
        egress: [{ protocol: '-1', ipv4Cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], groupIds: [], prefixListIds: [] }],
      },
    ]);
  });

  it('reads a group item without ipPermissionsEgress as egress unknown, not as no egress', () => {
    const item = itemOf('change-security-group.json');
    delete item.configuration!.ipPermissionsEgress;

    expect(readConfigItems([item]).securityGroups![0]).not.toHaveProperty('egress');
  });

  it('reads an endpoint service item (its principals are not in it) and a REST API item', () => {
    const service = itemOf('change-vpc-endpoint-service.json');
    const api = itemOf('change-rest-api.json');

    const data = readConfigItems([service, api]);

    expect(data.endpointServices).toEqual([{ id: 'vpce-svc-0f1e2d3c4b5a69788', serviceName: 'com.amazonaws.vpce.eu-west-2.vpce-svc-0f1e2d3c4b5a69788', state: 'available', acceptanceRequired: false, tags: { Name: 'orders' } }]);
    expect(data.restApis).toEqual([
      {
        id: 'a1b2c3d4e5',
        name: 'orders-internal',
        endpointTypes: ['PRIVATE'],
        vpcEndpointIds: [],
        policy: expect.stringContaining('execute-api:Invoke'),
        tags: { team: 'orders' },
      },
    ]);
  });

  it('names the key when an endpoint service item lacks acceptanceRequired', () => {
    const item = itemOf('change-vpc-endpoint-service.json');
    delete item.configuration!.acceptanceRequired;

    expect(() => readConfigItems([item])).toThrow(new InputError('AWS::EC2::VPCEndpointService vpce-svc-0f1e2d3c4b5a69788: configuration.acceptanceRequired: missing'));
  });

  it('names the resource and the key when a configuration lacks what the rules need', () => {
    const item = itemOf('change-vpc-endpoint-gateway.json');
    delete item.configuration!.serviceName;

    expect(() => readConfigItems([item])).toThrow(new InputError('AWS::EC2::VPCEndpoint vpce-0c0ffee0gateway1: configuration.serviceName: Invalid input: expected string, received undefined'));
  });

  it('refuses an item without configuration, and a type it does not read', () => {
    expect(() => readConfigItems([itemOf('change-vpc-endpoint-deleted.json')])).toThrow(/has no configuration \(status ResourceDeleted\)/);
    const instance = { ...itemOf('change-vpc.json'), resourceType: 'AWS::EC2::Instance' };
    expect(() => readConfigItems([instance])).toThrow(/does not read this resource type/);
  });
});

describe('overlayConfigItems', () => {
  it('replaces the resource of the same id in a snapshot, and adds new ones', () => {
    const snapshot = {
      VpcEndpoints: [{ VpcEndpointId: 'vpce-0c0ffee0gateway1', VpcEndpointType: 'Gateway', VpcId: 'vpc-0e1f2a3b4c5d6e7f8', ServiceName: 'com.amazonaws.eu-west-2.s3', RouteTableIds: [] }],
      RouteTables: [{ RouteTableId: 'rtb-0priv000000000b', VpcId: 'vpc-0e1f2a3b4c5d6e7f8', Associations: [] }, { RouteTableId: 'rtb-0other', VpcId: 'vpc-0e1f2a3b4c5d6e7f8' }],
    };

    const out = overlayConfigItems(snapshot, [itemOf('change-vpc-endpoint-gateway.json'), itemOf('change-route-table.json')]);
    const model = new AccountModel(readSnapshot(out, 'overlay'));

    expect(model.endpoints.map((e) => e.routeTableIds)).toEqual([['rtb-0main0000000000a']]);
    expect(model.routeTable('rtb-0priv000000000b')?.associations).toEqual([{ main: false, subnetId: 'subnet-0bbbb00000000000b' }]);
    expect(model.routeTable('rtb-0other')).toBeDefined();
    expect(out).not.toHaveProperty('Subnets');
  });
});

describe('vpcIdOfConfigItem', () => {
  it('finds the VPC in the configuration, the relationships, or the VPC itself', () => {
    expect(vpcIdOfConfigItem(itemOf('change-security-group.json'))).toBe('vpc-0e1f2a3b4c5d6e7f8');
    expect(vpcIdOfConfigItem(itemOf('change-vpc.json'))).toBe('vpc-0e1f2a3b4c5d6e7f8');
    const noConfig = { ...itemOf('change-route-table.json'), configuration: null };
    expect(vpcIdOfConfigItem(noConfig)).toBe('vpc-0e1f2a3b4c5d6e7f8');
    expect(vpcIdOfConfigItem(itemOf('change-vpc-endpoint-deleted.json'))).toBeUndefined();
  });
});
