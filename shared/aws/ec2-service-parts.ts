import {
  paginateDescribePrefixLists,
  paginateDescribeVpcEndpointServiceConfigurations,
  paginateDescribeVpcEndpointServicePermissions,
  type EC2Client,
  type ServiceConfiguration,
} from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/snapshot.js';
import { awsCall } from './call.js';
import { mapLimited } from './concurrency.js';

// The EC2 reads of issue 14's rules: the AWS-managed prefix lists (gateway-endpoint-egress) and
// the endpoint services the account provides with their allowed principals
// (endpoint-service-allowed-principals). Kept apart from the VPC readers so that only the
// bundles that judge these rules can send these calls.

type PrefixLists = NonNullable<Snapshot['PrefixLists']>;
type ServiceConfigurations = NonNullable<Snapshot['ServiceConfigurations']>;

const PAGE = 1000;

/** Every AWS-managed prefix list of the region (`describe-prefix-lists`), in snapshot shape. */
export async function readPrefixLists(client: EC2Client): Promise<PrefixLists> {
  return awsCall('DescribePrefixLists', async () => {
    const out: PrefixLists = [];
    for await (const page of paginateDescribePrefixLists({ client, pageSize: PAGE }, {})) {
      for (const p of page.PrefixLists ?? []) {
        if (p.PrefixListId && p.PrefixListName) out.push({ PrefixListId: p.PrefixListId, PrefixListName: p.PrefixListName, Cidrs: p.Cidrs ?? [] });
      }
    }
    return out;
  });
}

const isNotFound = (error: unknown) => /NotFound$/.test((error as { name?: string }).name ?? '');

async function configurations(client: EC2Client, serviceIds: readonly string[] | undefined): Promise<ServiceConfiguration[]> {
  const out: ServiceConfiguration[] = [];
  const pages = serviceIds
    ? paginateDescribeVpcEndpointServiceConfigurations({ client }, { ServiceIds: [...serviceIds] })
    : paginateDescribeVpcEndpointServiceConfigurations({ client, pageSize: PAGE }, {});
  for await (const page of pages) out.push(...(page.ServiceConfigurations ?? []));
  return out;
}

/**
 * The endpoint services the account provides (`describe-vpc-endpoint-service-configurations`,
 * all of them or the given ids), each with the `AllowedPrincipals` of
 * `describe-vpc-endpoint-service-permissions`. A service asked for by id that EC2 no longer
 * knows is left out (deleted meanwhile); a service deleted between the two calls too.
 */
export async function readServiceConfigurations(client: EC2Client, serviceIds?: readonly string[], concurrency = 5): Promise<ServiceConfigurations> {
  if (serviceIds?.length === 0) return [];
  const found = await awsCall('DescribeVpcEndpointServiceConfigurations', async () => {
    try {
      return await configurations(client, serviceIds);
    } catch (error) {
      if (serviceIds && isNotFound(error)) return [];
      throw error;
    }
  });
  const read = await mapLimited(found, concurrency, async (c) => {
    if (!c.ServiceId) return undefined;
    const serviceId = c.ServiceId;
    const principals = await awsCall(`DescribeVpcEndpointServicePermissions(${serviceId})`, async () => {
      const list: NonNullable<ServiceConfigurations[number]['AllowedPrincipals']> = [];
      try {
        for await (const page of paginateDescribeVpcEndpointServicePermissions({ client, pageSize: PAGE }, { ServiceId: serviceId })) {
          for (const p of page.AllowedPrincipals ?? []) if (p.Principal) list.push({ Principal: p.Principal, ...(p.PrincipalType ? { PrincipalType: p.PrincipalType } : {}) });
        }
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
      return list;
    });
    if (principals === undefined) return undefined;
    return {
      ServiceId: serviceId,
      ...(c.ServiceName ? { ServiceName: c.ServiceName } : {}),
      ...(c.ServiceState ? { ServiceState: c.ServiceState } : {}),
      AcceptanceRequired: c.AcceptanceRequired ?? false,
      AllowedPrincipals: principals,
      Tags: (c.Tags ?? []).flatMap((t) => (t.Key === undefined ? [] : [{ Key: t.Key, Value: t.Value ?? '' }])),
    };
  });
  return read.filter((c) => c !== undefined);
}
