import {
  paginateGetResourceConfigHistory,
  type ConfigServiceClient,
  type ConfigurationItem as ApiConfigurationItem,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { AwsCallError, InputError } from '../errors.js';
import type { ConfigurationItem } from '../model/from-config-item.js';
import { awsCall } from './call.js';

export interface ConfigHistoryQuery {
  resourceType: string;
  resourceId: string;
  /** The most items to return (newest first); default: the whole history in the time window. */
  limit?: number;
  laterTime?: Date;
  earlierTime?: Date;
}

// GetResourceConfigHistory returns at most 100 items a page.
const MAX_PAGE = 100;

/** An API item in the rule-event shape: `configuration` parsed, times as ISO strings. */
function toItem(api: ApiConfigurationItem, query: ConfigHistoryQuery): ConfigurationItem {
  const resourceId = api.resourceId ?? query.resourceId;
  const resourceType = api.resourceType ?? query.resourceType;
  let configuration: Record<string, unknown> | null = null;
  if (api.configuration !== undefined && api.configuration !== null && api.configuration !== '' && api.configuration !== 'null') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(api.configuration);
    } catch (error) {
      throw new InputError(`GetResourceConfigHistory(${resourceType} ${resourceId}): configuration is not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError(`GetResourceConfigHistory(${resourceType} ${resourceId}): configuration is not a JSON object`);
    }
    configuration = parsed as Record<string, unknown>;
  }
  return {
    resourceType,
    resourceId,
    ...(api.resourceName ? { resourceName: api.resourceName } : {}),
    ...(api.accountId ? { awsAccountId: api.accountId } : {}),
    ...(api.awsRegion ? { awsRegion: api.awsRegion } : {}),
    ...(api.availabilityZone ? { availabilityZone: api.availabilityZone } : {}),
    configurationItemStatus: api.configurationItemStatus ?? 'OK',
    configurationItemCaptureTime: (api.configurationItemCaptureTime ?? new Date(0)).toISOString(),
    configuration,
    tags: api.tags ?? {},
    relationships: (api.relationships ?? []).map((r) => ({
      resourceType: r.resourceType ?? 'unknown',
      ...(r.resourceId ? { resourceId: r.resourceId } : {}),
      ...(r.relationshipName ? { name: r.relationshipName } : {}),
    })),
  };
}

/**
 * The configuration items of one resource, newest first, from GetResourceConfigHistory
 * (paginated), in the shape rule events carry (`configuration` parsed). With `limit`, at most
 * that many (an oversized change notification is rebuilt with `limit: 1`). A resource Config
 * does not know is an AwsCallError naming it; never an empty list.
 */
export async function getResourceConfigHistory(client: ConfigServiceClient, query: ConfigHistoryQuery): Promise<ConfigurationItem[]> {
  const name = `GetResourceConfigHistory(${query.resourceType} ${query.resourceId})`;
  const wanted = query.limit ?? Number.POSITIVE_INFINITY;
  const items = await awsCall(name, async () => {
    const out: ApiConfigurationItem[] = [];
    const pages = paginateGetResourceConfigHistory(
      { client, pageSize: Math.min(MAX_PAGE, wanted) },
      {
        resourceType: query.resourceType as ResourceType,
        resourceId: query.resourceId,
        chronologicalOrder: 'Reverse',
        ...(query.laterTime ? { laterTime: query.laterTime } : {}),
        ...(query.earlierTime ? { earlierTime: query.earlierTime } : {}),
      },
    );
    for await (const page of pages) {
      out.push(...(page.configurationItems ?? []));
      if (out.length >= wanted) break;
    }
    return out.slice(0, wanted);
  });
  if (query.limit !== undefined && items.length === 0) {
    throw new AwsCallError(`${name} returned no configuration item`);
  }
  return items.map((item) => toItem(item, query));
}
