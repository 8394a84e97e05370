import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { VpceGuardError } from '../errors.js';
import type { ModelPart } from '../model/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { readRestApis, readRestApisById } from './apigateway-rest-apis.js';
import { readPrefixLists, readServiceConfigurations } from './ec2-service-parts.js';

/** The clients the parts of issue 14's rules are read with; API Gateway only when REST APIs are wanted. */
export interface ServicePartClients {
  ec2: EC2Client;
  apiGateway?: APIGatewayClient;
}

/** Only these resources (a change notification); absent: all of them (a periodic or full scan). */
export interface ServicePartScope {
  serviceIds?: readonly string[];
  restApiIds?: readonly string[];
}

/**
 * Reads the snapshot keys of the wanted parts that the VPC readers do not: `PrefixLists`,
 * `ServiceConfigurations` (with their AllowedPrincipals) and `RestApis`. Nothing is read for a part
 * not wanted, so a scan of other rules sends none of these calls.
 */
export async function readServiceParts(clients: ServicePartClients, parts: ReadonlySet<ModelPart>, scope: ServicePartScope = {}): Promise<Partial<Snapshot>> {
  const out: Partial<Snapshot> = {};
  if (parts.has('prefixLists')) out.PrefixLists = await readPrefixLists(clients.ec2);
  if (parts.has('endpointServices')) out.ServiceConfigurations = await readServiceConfigurations(clients.ec2, scope.serviceIds);
  if (parts.has('restApis')) {
    if (!clients.apiGateway) throw new VpceGuardError('reading RestApis needs an API Gateway client');
    out.RestApis = scope.restApiIds ? await readRestApisById(clients.apiGateway, scope.restApiIds) : await readRestApis(clients.apiGateway);
  }
  return out;
}
