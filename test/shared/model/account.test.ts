import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccountModel, parseServiceName, readSnapshot } from '../../../shared/model/index.js';
import { cidrsOverlap } from '../../../shared/model/cidr.js';
import { InputError } from '../../../shared/errors.js';
import { gateway, snapshot } from '../../helpers/snapshot.js';

const legacy = JSON.parse(readFileSync(new URL('../../fixtures/snapshots/legacy-route-tables.json', import.meta.url), 'utf8'));

describe('readSnapshot', () => {
  it('reads the legacy shape: no AssociationState, no OwnerId, a table both main and explicit', () => {
    const model = new AccountModel(readSnapshot(legacy, 'legacy.json'));
    const inScope = model.inScopeRouteTables('vpc-4be81d22').map((t) => t.id);
    // subnet-9f8e7d6c has no table of its own, so the main table serves it; the third table only
    // has a disassociated subnet and an edge (gateway) association, so it serves none.
    expect(inScope).toEqual(['rtb-91ac3e07', 'rtb-c2d05f18']);
    expect(model.endpoints[0]!.ownerId).toBeUndefined();
    expect(model.routeTable('rtb-5e6f7a8b')!.associations).toEqual([]);
  });

  it.each([
    [{}, 'snap.json: VpcEndpoints: Invalid input: expected array, received undefined'],
    [{ VpcEndpoints: [{ VpcEndpointId: 'vpce-1' }] }, 'snap.json: VpcEndpoints[0].VpcEndpointType:'],
    [snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: 'vpc-1' })], RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: 'yes' }] }] }), 'snap.json: RouteTables[0].Associations[0].Main:'],
    [{ VpcEndpoints: [], Vpc: [] }, 'snap.json: unknown key "Vpc"'],
    [{ VpcEndpoints: [], VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: { Value: 'true' } }] }, 'snap.json: VpcAttributes[0].EnableDnsSupport.Value:'],
  ])('rejects a wrong shape naming the key and index: %j', (raw, message) => {
    expect(() => readSnapshot(raw, 'snap.json')).toThrow(InputError);
    expect(() => readSnapshot(raw, 'snap.json')).toThrow(message);
  });

  it('keeps parts that were not provided apart from empty ones', () => {
    const model = new AccountModel(readSnapshot({ VpcEndpoints: [], Subnets: [] }, 's'));
    expect(model.provides('subnets')).toBe(true);
    expect(model.provides('routeTables')).toBe(false);
  });

  it('accepts an OwnerId given as a number, as CloudTrail sometimes does', () => {
    const raw = { VpcEndpoints: [{ ...gateway({ id: 'vpce-1', vpc: 'vpc-1' }), OwnerId: 555544443333 }] };
    expect(readSnapshot(raw, 's').endpoints[0]!.ownerId).toBe('555544443333');
  });
});

describe('service names and CIDRs', () => {
  it.each([
    ['com.amazonaws.eu-west-1.s3', 'eu-west-1', 's3'],
    ['com.amazonaws.us-gov-west-1.ecr.api', 'us-gov-west-1', 'ecr.api'],
    ['com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', 'us-east-1', 'vpce-svc-0123456789abcdef0'],
    ['aws.sagemaker.ap-south-1.notebook', 'ap-south-1', 'notebook'],
  ])('%s', (name, region, short) => {
    expect(parseServiceName(name)).toEqual({ region, short });
  });

  it('overlaps CIDRs of one family only', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.8.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.8.4.0/24', '10.8.0.0/16')).toBe(true);
    expect(cidrsOverlap('192.168.0.0/16', '10.8.0.0/16')).toBe(false);
    expect(cidrsOverlap('2600:1f18::/32', '2600:1f18:abcd:1200::/56')).toBe(true);
    expect(cidrsOverlap('2600:1f18::/32', '10.0.0.0/8')).toBe(false);
    expect(cidrsOverlap('not-a-cidr', '10.0.0.0/8')).toBe(false);
  });
});
