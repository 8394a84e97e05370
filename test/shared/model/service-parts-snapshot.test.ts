import { describe, expect, it } from 'vitest';
import { AccountModel, readSnapshot } from '../../../shared/model/index.js';

// The snapshot keys of issue 14's rules: PrefixLists, ServiceConfigurations, RestApis, and the
// security groups' IpPermissionsEgress.

describe('readSnapshot: issue 14 parts', () => {
  it('reads prefix lists, endpoint services with their principals, REST APIs and group egress', () => {
    const raw = {
      VpcEndpoints: [],
      SecurityGroups: [
        { GroupId: 'sg-1', VpcId: 'vpc-1', IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: 'TCP', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }] }] },
        { GroupId: 'sg-2', VpcId: 'vpc-1', IpPermissions: [] },
      ],
      PrefixLists: [{ PrefixListId: 'pl-1', PrefixListName: 'com.amazonaws.eu-west-1.s3', Cidrs: ['52.218.0.0/17'], AddressFamily: 'IPv4' }, { PrefixListId: 'pl-2', PrefixListName: 'com.amazonaws.eu-west-1.dynamodb' }],
      ServiceConfigurations: [
        { ServiceId: 'vpce-svc-1', ServiceState: 'Available', AcceptanceRequired: false, AllowedPrincipals: [{ Principal: '*', PrincipalType: 'All', ServicePermissionId: 'p' }], Tags: [{ Key: 'Name', Value: 'svc' }] },
        { ServiceId: 'vpce-svc-2', AcceptanceRequired: true },
      ],
      RestApis: [
        { id: 'a1', name: 'one', endpointConfiguration: { types: ['private'], vpcEndpointIds: ['vpce-9'] }, policy: '{\\"Version\\":\\"2012-10-17\\"}', tags: { team: 'x' } },
        { id: 'b2' },
      ],
    };

    const data = readSnapshot(raw, 'test');

    expect(data.securityGroups![0]!.egress).toEqual([{ protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Cidrs: [], ipv6Cidrs: [], groupIds: [], prefixListIds: ['pl-1'] }]);
    expect(data.securityGroups![1]).not.toHaveProperty('egress');
    expect(data.prefixLists).toEqual([
      { id: 'pl-1', name: 'com.amazonaws.eu-west-1.s3', cidrs: ['52.218.0.0/17'] },
      { id: 'pl-2', name: 'com.amazonaws.eu-west-1.dynamodb', cidrs: [] },
    ]);
    expect(data.endpointServices).toEqual([
      { id: 'vpce-svc-1', state: 'available', acceptanceRequired: false, allowedPrincipals: [{ principal: '*', principalType: 'All' }], tags: { Name: 'svc' } },
      { id: 'vpce-svc-2', acceptanceRequired: true, tags: {} },
    ]);
    expect(data.restApis).toEqual([
      { id: 'a1', name: 'one', endpointTypes: ['PRIVATE'], vpcEndpointIds: ['vpce-9'], policy: '{\\"Version\\":\\"2012-10-17\\"}', tags: { team: 'x' } },
      { id: 'b2', endpointTypes: [], vpcEndpointIds: [], tags: {} },
    ]);
    const model = new AccountModel(data);
    expect(model.provides('prefixLists') && model.provides('endpointServices') && model.provides('restApis')).toBe(true);
    expect(model.prefixListNamed('com.amazonaws.eu-west-1.s3')?.id).toBe('pl-1');
    expect(model.securityGroupsOf('vpc-1').map((g) => g.id)).toEqual(['sg-1', 'sg-2']);
  });

  it('does not provide the parts a snapshot leaves out', () => {
    const model = new AccountModel(readSnapshot({ VpcEndpoints: [] }, 'test'));
    expect(model.provides('prefixLists') || model.provides('endpointServices') || model.provides('restApis')).toBe(false);
    expect(model.endpointServices).toEqual([]);
  });

  it.each([
    [{ ServiceConfigurations: [{ ServiceId: 'vpce-svc-1' }] }, /^test: ServiceConfigurations\[0\]\.AcceptanceRequired: /],
    [{ RestApis: [{ name: 'no id' }] }, /^test: RestApis\[0\]\.id: /],
    [{ PrefixLists: [{ PrefixListId: 'pl-1', PrefixListName: 'a' }, { PrefixListId: 'pl-1', PrefixListName: 'b' }] }, /PrefixLists\[0\] and PrefixLists\[1\] are both pl-1 but differ/],
  ])('names the key at fault: %j', (parts, message) => {
    expect(() => readSnapshot({ VpcEndpoints: [], ...parts }, 'test')).toThrow(message);
  });
});
