import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, classifyEvent, type AffectedResources, type EventBridgeEnvelope } from '../../../shared/events/index.js';
import { InputError } from '../../../shared/errors.js';

function fixture(name: string): EventBridgeEnvelope {
  return JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${name}`, import.meta.url), 'utf8')) as EventBridgeEnvelope;
}

function affected(name: string): AffectedResources {
  const result = classifyEvent(fixture(name));
  if (result.kind !== 'affected') throw new Error(`${name} was ignored: ${result.reason}`);
  return result.affected;
}

const VPC = 'vpc-0b7e5a1c9d3f24680';

describe('classifyEvent: each call maps to the resources it touched', () => {
  it.each([
    ['create-vpc-endpoint.gateway.json', { vpcIds: [VPC], endpointIds: ['vpce-0c1a2b3d4e5f60718'], reach: 'endpoints' }],
    ['create-vpc-endpoint.interface.json', { vpcIds: [VPC], endpointIds: ['vpce-0d9e8f7a6b5c4d3e2'], reach: 'endpoints' }],
    ['modify-vpc-endpoint.json', { endpointIds: ['vpce-0c1a2b3d4e5f60718'], reach: 'endpoints' }],
    ['modify-vpc-endpoint.flat.json', { endpointIds: ['vpce-0c1a2b3d4e5f60718'], reach: 'endpoints' }],
    ['delete-vpc-endpoints.json', { endpointIds: ['vpce-0c1a2b3d4e5f60718'], reach: 'endpoints' }],
    ['delete-vpc-endpoints.several.json', { endpointIds: ['vpce-0c1a2b3d4e5f60718', 'vpce-0d9e8f7a6b5c4d3e2'], reach: 'endpoints' }],
    ['create-route-table.json', { vpcIds: [VPC], routeTableIds: ['rtb-0c0ffee0c0ffee0c0'], reach: 'vpc' }],
    ['delete-route-table.json', { routeTableIds: ['rtb-0c0ffee0c0ffee0c0'], reach: 'vpc' }],
    ['associate-route-table.json', { routeTableIds: ['rtb-0c0ffee0c0ffee0c0'], subnetIds: ['subnet-0aa1bb2cc3dd4ee5f'], reach: 'vpc' }],
    ['disassociate-route-table.json', { associationIds: ['rtbassoc-0ab12cd34ef56ab78'], reach: 'vpc' }],
    ['replace-route-table-association.json', { routeTableIds: ['rtb-0a11b22c33d44e55f'], associationIds: ['rtbassoc-0ab12cd34ef56ab78'], reach: 'vpc' }],
    ['modify-vpc-attribute.json', { vpcIds: [VPC], reach: 'vpc' }],
    ['create-subnet.json', { vpcIds: [VPC], subnetIds: ['subnet-0f9e8d7c6b5a49382'], reach: 'vpc' }],
    ['authorize-security-group-ingress.json', { securityGroupIds: ['sg-0123fedcba9876543'], reach: 'groups' }],
    ['revoke-security-group-ingress.json', { securityGroupIds: ['sg-0123fedcba9876543'], reach: 'groups' }],
  ])('%s', (name, expected) => {
    // Prepare / Act
    const result = affected(name);
    // Assess: the named ids, and nothing else (empty lists for the rest)
    const empty = { vpcIds: [], endpointIds: [], routeTableIds: [], subnetIds: [], securityGroupIds: [], associationIds: [] };
    expect(result).toMatchObject({ ...empty, ...expected, accountId: '210987654321', region: 'eu-west-1' });
  });

  it('never takes ids from the policy, the removed tables or the security group of the request', () => {
    const modify = affected('modify-vpc-endpoint.json');
    expect(modify.routeTableIds).toEqual([]);
    const create = affected('create-vpc-endpoint.interface.json');
    expect(create.securityGroupIds).toEqual([]);
    expect(create.subnetIds).toEqual([]);
  });

  it('names the rules each kind of call can change', () => {
    expect(affected('modify-vpc-attribute.json').rules).toEqual(['endpoint-vpc-dns']);
    expect(affected('associate-route-table.json').rules).toEqual(['gateway-endpoint-route-tables']);
    expect(affected('authorize-security-group-ingress.json').rules).toEqual(['interface-endpoint-security-groups']);
    expect(affected('create-vpc-endpoint.gateway.json').rules).toContain('vpc-required-endpoints');
    expect(affected('create-vpc-endpoint.gateway.json').rules).toContain('endpoint-policy-restricted');
  });

  it('covers every call of the issue', () => {
    expect([...CALL_NAMES].sort()).toEqual(
      [
        'AssociateRouteTable',
        'AuthorizeSecurityGroupIngress',
        'CreateRouteTable',
        'CreateSubnet',
        'CreateVpcEndpoint',
        'DeleteRouteTable',
        'DeleteVpcEndpoints',
        'DisassociateRouteTable',
        'ModifyVpcAttribute',
        'ModifyVpcEndpoint',
        'ReplaceRouteTableAssociation',
        'RevokeSecurityGroupIngress',
      ].sort(),
    );
  });
});

describe('classifyEvent: what is ignored, and why', () => {
  it('ignores a record with errorCode set: the call changed nothing', () => {
    const result = classifyEvent(fixture('create-vpc-endpoint.error.json'));
    expect(result).toEqual({ kind: 'ignored', reason: expect.stringContaining('failed with Client.RouteAlreadyExists') });
  });

  it('treats errorCode null (as CloudTrail writes it for successes) as success', () => {
    const event = fixture('modify-vpc-endpoint.json');
    (event.detail as Record<string, unknown>).errorCode = null;
    expect(classifyEvent(event).kind).toBe('affected');
  });

  it('ignores calls that do not touch endpoints', () => {
    expect(classifyEvent(fixture('create-internet-gateway.json'))).toEqual({
      kind: 'ignored',
      reason: 'CreateInternetGateway does not affect VPC endpoints',
    });
  });

  it('ignores other detail-types and other services', () => {
    const other = { ...fixture('modify-vpc-endpoint.json'), 'detail-type': 'Config Rules Compliance Change' };
    expect(classifyEvent(other)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('Config Rules Compliance Change') });
    const s3 = fixture('modify-vpc-endpoint.json');
    (s3.detail as Record<string, unknown>).eventSource = 's3.amazonaws.com';
    expect(classifyEvent(s3)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('s3.amazonaws.com') });
  });

  it('rejects a CloudTrail event whose detail has no eventName, naming the key', () => {
    const broken = fixture('modify-vpc-endpoint.json');
    delete (broken.detail as Record<string, unknown>).eventName;
    expect(() => classifyEvent(broken)).toThrow(InputError);
    expect(() => classifyEvent(broken)).toThrow(/detail: eventName/);
  });

  it('drops values that are not ids of the expected kind', () => {
    const event = fixture('modify-vpc-attribute.json');
    (event.detail as { requestParameters: Record<string, unknown> }).requestParameters.vpcId = 'not-a-vpc';
    expect(affected2(event).vpcIds).toEqual([]);
  });
});

function affected2(event: EventBridgeEnvelope): AffectedResources {
  const result = classifyEvent(event);
  if (result.kind !== 'affected') throw new Error(result.reason);
  return result.affected;
}
