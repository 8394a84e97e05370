import { ConfigServiceClient, GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getResourceConfigHistory } from '../../../shared/aws/config-history.js';
import { AwsCallError, InputError } from '../../../shared/errors.js';

const client = new ConfigServiceClient({ region: 'us-east-1' });
const config = mockClient(client);

const endpointConfiguration = {
  vpcEndpointId: 'vpce-0c3d',
  vpcEndpointType: 'Gateway',
  vpcId: 'vpc-0c3',
  serviceName: 'com.amazonaws.us-east-1.s3',
  state: { value: 'available' },
  routeTableIds: ['rtb-0c3'],
};

function apiItem(captured: string, policy: string) {
  return {
    accountId: '210987654321',
    awsRegion: 'us-east-1',
    resourceType: 'AWS::EC2::VPCEndpoint' as const,
    resourceId: 'vpce-0c3d',
    configurationItemStatus: 'OK' as const,
    configurationItemCaptureTime: new Date(captured),
    configuration: JSON.stringify({ ...endpointConfiguration, policyDocument: policy }),
    tags: { team: 'network' },
    relationships: [{ resourceType: 'AWS::EC2::VPC' as const, resourceId: 'vpc-0c3', relationshipName: 'Is contained in Vpc' }],
  };
}

describe('getResourceConfigHistory', () => {
  beforeEach(() => {
    config.reset();
  });

  it('asks for one item, newest first, and returns it in the rule-event shape', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [apiItem('2025-06-01T10:00:00Z', '{"Statement":[]}')] });

    const items = await getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', limit: 1 });

    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceId: 'vpce-0c3d',
      limit: 1,
      chronologicalOrder: 'Reverse',
    });
    expect(items).toEqual([
      {
        resourceType: 'AWS::EC2::VPCEndpoint',
        resourceId: 'vpce-0c3d',
        awsAccountId: '210987654321',
        awsRegion: 'us-east-1',
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: '2025-06-01T10:00:00.000Z',
        configuration: { ...endpointConfiguration, policyDocument: '{"Statement":[]}' },
        tags: { team: 'network' },
        relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-0c3', name: 'Is contained in Vpc' }],
      },
    ]);
  });

  it('follows pages in a time window until the history is read', async () => {
    config
      .on(GetResourceConfigHistoryCommand)
      .resolvesOnce({ configurationItems: [apiItem('2025-06-03T00:00:00Z', '{"a":3}')], nextToken: 'older' })
      .resolvesOnce({ configurationItems: [apiItem('2025-06-02T00:00:00Z', '{"a":2}')] });
    const laterTime = new Date('2025-06-01T00:00:00Z');

    const items = await getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', laterTime });

    expect(config).toHaveReceivedNthCommandWith(GetResourceConfigHistoryCommand, 1, { laterTime, limit: 100 });
    expect(config).toHaveReceivedNthCommandWith(GetResourceConfigHistoryCommand, 2, { nextToken: 'older' });
    expect(items.map((i) => i.configurationItemCaptureTime)).toEqual(['2025-06-03T00:00:00.000Z', '2025-06-02T00:00:00.000Z']);
  });

  it('keeps a deleted item, whose configuration is null, as an item without configuration', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [{ ...apiItem('2025-06-04T00:00:00Z', ''), configurationItemStatus: 'ResourceDeleted', configuration: 'null' }],
    });

    const [item] = await getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', limit: 1 });

    expect(item?.configurationItemStatus).toBe('ResourceDeleted');
    expect(item?.configuration).toBeNull();
  });

  it('fails with the resource named when Config has no item, or the call fails', async () => {
    config.on(GetResourceConfigHistoryCommand).resolvesOnce({ configurationItems: [] });
    await expect(getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', limit: 1 })).rejects.toThrow(
      new AwsCallError('GetResourceConfigHistory(AWS::EC2::VPCEndpoint vpce-0c3d) returned no configuration item'),
    );

    config.on(GetResourceConfigHistoryCommand).rejects(Object.assign(new Error('no such resource'), { name: 'ResourceNotDiscoveredException' }));
    await expect(getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', limit: 1 })).rejects.toThrow(
      'GetResourceConfigHistory(AWS::EC2::VPCEndpoint vpce-0c3d) failed: ResourceNotDiscoveredException: no such resource',
    );
  });

  it('refuses a configuration that is not JSON, naming the resource', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [{ ...apiItem('2025-06-04T00:00:00Z', ''), configuration: '{not json' }] });

    await expect(getResourceConfigHistory(client, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-0c3d', limit: 1 })).rejects.toThrow(InputError);
  });
});
