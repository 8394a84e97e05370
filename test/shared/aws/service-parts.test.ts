import { APIGatewayClient, GetRestApiCommand, GetRestApisCommand, NotFoundException } from '@aws-sdk/client-api-gateway';
import {
  DescribePrefixListsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readRestApis, readRestApisById } from '../../../shared/aws/apigateway-rest-apis.js';
import { readAccount } from '../../../shared/aws/ec2-account.js';
import { readPrefixLists, readServiceConfigurations } from '../../../shared/aws/ec2-service-parts.js';
import { readServiceParts } from '../../../shared/aws/service-parts.js';
import { AwsCallError } from '../../../shared/errors.js';
import { readSnapshot } from '../../../shared/model/index.js';

const ec2Client = new EC2Client({ region: 'eu-west-1' });
const ec2 = mockClient(ec2Client);
const apiClient = new APIGatewayClient({ region: 'eu-west-1' });
const apigw = mockClient(apiClient);

const SVC_A = 'vpce-svc-0aaa1111bbbb2222c';
const SVC_B = 'vpce-svc-0ddd3333eeee4444f';

beforeEach(() => {
  ec2.reset();
  apigw.reset();
});

describe('readPrefixLists', () => {
  it('reads every page of DescribePrefixLists into the snapshot shape', async () => {
    ec2
      .on(DescribePrefixListsCommand)
      .resolvesOnce({ PrefixLists: [{ PrefixListId: 'pl-1a2b3c4d', PrefixListName: 'com.amazonaws.eu-west-1.s3', Cidrs: ['52.218.0.0/17'] }], NextToken: 'p2' })
      .resolvesOnce({ PrefixLists: [{ PrefixListId: 'pl-5e6f7a8b', PrefixListName: 'com.amazonaws.eu-west-1.dynamodb' }] });

    const lists = await readPrefixLists(ec2Client);

    expect(lists).toEqual([
      { PrefixListId: 'pl-1a2b3c4d', PrefixListName: 'com.amazonaws.eu-west-1.s3', Cidrs: ['52.218.0.0/17'] },
      { PrefixListId: 'pl-5e6f7a8b', PrefixListName: 'com.amazonaws.eu-west-1.dynamodb', Cidrs: [] },
    ]);
    expect(ec2).toHaveReceivedNthCommandWith(DescribePrefixListsCommand, 1, { MaxResults: 1000 });
    expect(ec2).toHaveReceivedNthCommandWith(DescribePrefixListsCommand, 2, { NextToken: 'p2' });
  });

  it('names the call that failed', async () => {
    ec2.on(DescribePrefixListsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));

    await expect(readPrefixLists(ec2Client)).rejects.toThrow(new AwsCallError('DescribePrefixLists failed: UnauthorizedOperation: not authorized'));
  });
});

describe('readServiceConfigurations', () => {
  it('reads every service with every page of its allowed principals', async () => {
    ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).resolves({
      ServiceConfigurations: [
        { ServiceId: SVC_A, ServiceName: `com.amazonaws.vpce.eu-west-1.${SVC_A}`, ServiceState: 'Available', AcceptanceRequired: false, Tags: [{ Key: 'Name', Value: 'a' }] },
        { ServiceId: SVC_B, ServiceState: 'Available', AcceptanceRequired: true },
      ],
    });
    ec2
      .on(DescribeVpcEndpointServicePermissionsCommand, { ServiceId: SVC_A })
      .resolvesOnce({ AllowedPrincipals: [{ Principal: '*', PrincipalType: 'All' }], NextToken: 'n' })
      .resolvesOnce({ AllowedPrincipals: [{ Principal: 'arn:aws:iam::111122223333:root', PrincipalType: 'Account' }] });
    ec2.on(DescribeVpcEndpointServicePermissionsCommand, { ServiceId: SVC_B }).resolves({ AllowedPrincipals: [] });

    const services = await readServiceConfigurations(ec2Client);

    expect(services).toEqual([
      {
        ServiceId: SVC_A,
        ServiceName: `com.amazonaws.vpce.eu-west-1.${SVC_A}`,
        ServiceState: 'Available',
        AcceptanceRequired: false,
        AllowedPrincipals: [
          { Principal: '*', PrincipalType: 'All' },
          { Principal: 'arn:aws:iam::111122223333:root', PrincipalType: 'Account' },
        ],
        Tags: [{ Key: 'Name', Value: 'a' }],
      },
      { ServiceId: SVC_B, ServiceState: 'Available', AcceptanceRequired: true, AllowedPrincipals: [], Tags: [] },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServiceConfigurationsCommand, { MaxResults: 1000 });
    // What it read is a valid snapshot part.
    expect(readSnapshot({ VpcEndpoints: [], ServiceConfigurations: services }, 'read').endpointServices).toHaveLength(2);
  });

  it('asks for the given ids only, and leaves out a service EC2 no longer knows', async () => {
    ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).rejects(Object.assign(new Error('gone'), { name: 'InvalidVpcEndpointServiceId.NotFound' }));

    expect(await readServiceConfigurations(ec2Client, [SVC_A])).toEqual([]);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServiceConfigurationsCommand, { ServiceIds: [SVC_A] });
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcEndpointServicePermissionsCommand);
  });

  it('a failure of the full listing stays a failure', async () => {
    ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).rejects(Object.assign(new Error('gone'), { name: 'InvalidVpcEndpointServiceId.NotFound' }));

    await expect(readServiceConfigurations(ec2Client)).rejects.toThrow(AwsCallError);
  });
});

describe('readRestApis', () => {
  it('reads every page of GetRestApis, keeping the policy as API Gateway gives it', async () => {
    const policy = '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}';
    apigw
      .on(GetRestApisCommand)
      .resolvesOnce({ items: [{ id: 'a1', name: 'one', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] }, policy, tags: { team: 'x' }, createdDate: new Date() }], position: 'p2' })
      .resolvesOnce({ items: [{ id: 'b2', endpointConfiguration: { types: ['REGIONAL'] } }] });

    const apis = await readRestApis(apiClient);

    expect(apis).toEqual([
      { id: 'a1', name: 'one', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] }, policy, tags: { team: 'x' } },
      { id: 'b2', endpointConfiguration: { types: ['REGIONAL'] } },
    ]);
    expect(apigw).toHaveReceivedNthCommandWith(GetRestApisCommand, 1, { limit: 500 });
    expect(apigw).toHaveReceivedNthCommandWith(GetRestApisCommand, 2, { position: 'p2' });
  });

  it('reads given ids with GetRestApi and leaves out one that is gone', async () => {
    apigw.on(GetRestApiCommand, { restApiId: 'a1' }).resolves({ id: 'a1', endpointConfiguration: { types: ['PRIVATE'] } });
    apigw.on(GetRestApiCommand, { restApiId: 'zz' }).rejects(new NotFoundException({ message: 'Invalid API identifier specified', $metadata: {} }));

    expect(await readRestApisById(apiClient, ['a1', 'zz'])).toEqual([{ id: 'a1', endpointConfiguration: { types: ['PRIVATE'] } }]);
  });
});

describe('readServiceParts', () => {
  it('sends nothing for parts no rule wants', async () => {
    expect(await readServiceParts({ ec2: ec2Client, apiGateway: apiClient }, new Set(['routeTables', 'securityGroups']))).toEqual({});
    expect(ec2.calls()).toHaveLength(0);
    expect(apigw.calls()).toHaveLength(0);
  });

  it('reads the live account\'s new parts through readAccount when the rules need them', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2.on(DescribePrefixListsCommand).resolves({ PrefixLists: [] });
    ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).resolves({ ServiceConfigurations: [] });
    apigw.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', endpointConfiguration: { types: ['PRIVATE'] } }] });
    const progress: string[] = [];

    const snapshot = await readAccount(ec2Client, { parts: new Set(['prefixLists', 'endpointServices', 'restApis']), apiGateway: apiClient, onProgress: (m) => progress.push(m) });

    expect(snapshot).toEqual({ VpcEndpoints: [], PrefixLists: [], ServiceConfigurations: [], RestApis: [{ id: 'a1', endpointConfiguration: { types: ['PRIVATE'] } }] });
    expect(progress).toEqual(expect.arrayContaining(['prefix lists: 0', 'endpoint services provided: 0', 'REST APIs: 1']));
  });
});
