import { endpointPolicyRestricted } from './endpoint-policy-restricted.js';
import { endpointVpcDns } from './endpoint-vpc-dns.js';
import { gatewayEndpointRouteTables } from './gateway-endpoint-route-tables.js';
import { interfaceEndpointMultiAz } from './interface-endpoint-multi-az.js';
import { interfaceEndpointSecurityGroups } from './interface-endpoint-security-groups.js';
import { vpcRequiredEndpoints } from './vpc-required-endpoints.js';
import { s3EndpointKeepsAwsServices } from './s3-endpoint-keeps-aws-services.js';
import { gatewayEndpointEgress } from './gateway-endpoint-egress.js';
import { endpointServiceAllowedPrincipals } from './endpoint-service-allowed-principals.js';
import { privateApiRequiresEndpoint } from './private-api-requires-endpoint.js';
import type { Rule } from './types.js';

/** Every rule, in report order. Rules are registered here by hand, never discovered. */
export const CATALOGUE: readonly Rule[] = [
  gatewayEndpointRouteTables,
  endpointPolicyRestricted,
  endpointVpcDns,
  interfaceEndpointSecurityGroups,
  interfaceEndpointMultiAz,
  vpcRequiredEndpoints,
  s3EndpointKeepsAwsServices,
  gatewayEndpointEgress,
  endpointServiceAllowedPrincipals,
  privateApiRequiresEndpoint,
];

const BY_ID = new Map(CATALOGUE.map((rule) => [rule.id, rule]));

/** The rule with this id, or undefined. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
