import { GetRestApiCommand, paginateGetRestApis, type APIGatewayClient, type RestApi } from '@aws-sdk/client-api-gateway';
import type { Snapshot } from '../model/snapshot.js';
import { awsCall } from './call.js';

// API Gateway reads for private-api-requires-endpoint: the REST APIs of the region, in the shape of
// `aws apigateway get-rest-apis` items. The policy is passed on as API Gateway hands it out.

type RestApis = NonNullable<Snapshot['RestApis']>;

// GetRestApis returns at most 500 items a page.
const PAGE = 500;

function toSnapshot(api: RestApi): RestApis[number] | undefined {
  if (!api.id) return undefined;
  const config = api.endpointConfiguration;
  return {
    id: api.id,
    ...(api.name ? { name: api.name } : {}),
    ...(config ? { endpointConfiguration: { ...(config.types ? { types: config.types } : {}), ...(config.vpcEndpointIds ? { vpcEndpointIds: config.vpcEndpointIds } : {}) } } : {}),
    ...(api.policy === undefined ? {} : { policy: api.policy }),
    ...(api.tags ? { tags: api.tags } : {}),
  };
}

/** Every REST API of the region (GetRestApis, paginated), in snapshot shape. */
export async function readRestApis(client: APIGatewayClient): Promise<RestApis> {
  return awsCall('GetRestApis', async () => {
    const out: RestApis = [];
    for await (const page of paginateGetRestApis({ client, pageSize: PAGE }, {})) {
      for (const api of page.items ?? []) {
        const item = toSnapshot(api);
        if (item) out.push(item);
      }
    }
    return out;
  });
}

/** The REST APIs of these ids (GetRestApi each); an id API Gateway no longer knows is left out (deleted meanwhile). */
export async function readRestApisById(client: APIGatewayClient, ids: readonly string[]): Promise<RestApis> {
  const out: RestApis = [];
  for (const restApiId of ids) {
    const api = await awsCall(`GetRestApi(${restApiId})`, async () => {
      try {
        return await client.send(new GetRestApiCommand({ restApiId }));
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFoundException') return undefined;
        throw error;
      }
    });
    const item = api && toSnapshot(api);
    if (item) out.push(item);
  }
  return out;
}
