// Builders for the snapshot keys of issue 14's rules, in the shapes of the AWS CLI outputs
// (`describe-prefix-lists`, `describe-vpc-endpoint-service-configurations` with the
// `describe-vpc-endpoint-service-permissions` principals, `apigateway get-rest-apis` items).
import { REGION, SELF, securityGroup } from './snapshot.js';

type Raw = Record<string, unknown>;

export const S3_PREFIX_LIST = 'pl-0a1b2c3d';
export const DYNAMODB_PREFIX_LIST = 'pl-0e5f6a7b';

/** The AWS-managed prefix lists of S3 and DynamoDB in REGION, with CIDRs of our own. */
export function prefixLists(): Raw[] {
  return [
    { PrefixListId: S3_PREFIX_LIST, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: ['52.216.0.0/15', '3.5.0.0/19'] },
    { PrefixListId: DYNAMODB_PREFIX_LIST, PrefixListName: `com.amazonaws.${REGION}.dynamodb`, Cidrs: ['3.218.180.0/22'] },
  ];
}

/** An outbound rule: TCP on a port (or range) to CIDRs and/or prefix lists; `all` for protocol -1. */
export function egressRule(o: { port?: number; to?: number; cidrs?: string[]; prefixLists?: string[]; all?: boolean }): Raw {
  return {
    IpProtocol: o.all ? '-1' : 'tcp',
    ...(o.all ? {} : { FromPort: o.port ?? 443, ToPort: o.to ?? o.port ?? 443 }),
    IpRanges: (o.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: [],
    PrefixListIds: (o.prefixLists ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: [],
  };
}

/** A security group with the given outbound rules (`IpPermissionsEgress`). */
export function egressGroup(o: { id: string; vpc: string; egress: Raw[]; tags?: Record<string, string> }): Raw {
  return {
    ...securityGroup({ id: o.id, vpc: o.vpc }),
    IpPermissionsEgress: o.egress,
    Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** One `describe-vpc-endpoint-service-configurations` item with its allowed principals. */
export function serviceConfiguration(o: { id: string; acceptance: boolean; principals?: string[]; state?: string; tags?: Record<string, string> }): Raw {
  return {
    ServiceType: [{ ServiceType: 'Interface' }],
    ServiceId: o.id,
    ServiceName: `com.amazonaws.vpce.${REGION}.${o.id}`,
    ServiceState: o.state ?? 'Available',
    AvailabilityZones: [`${REGION}a`, `${REGION}b`],
    AcceptanceRequired: o.acceptance,
    ManagesVpcEndpoints: false,
    NetworkLoadBalancerArns: [`arn:aws:elasticloadbalancing:${REGION}:${SELF}:loadbalancer/net/nlb-${o.id}/0123456789abcdef`],
    BaseEndpointDnsNames: [`${o.id}.${REGION}.vpce.amazonaws.com`],
    PrivateDnsNameConfiguration: {},
    Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(o.principals
      ? {
          AllowedPrincipals: o.principals.map((Principal, i) => ({
            PrincipalType: principalType(Principal),
            Principal,
            ServicePermissionId: `vpce-svc-perm-${o.id.slice(-6)}${i}`,
            ServiceId: o.id,
          })),
        }
      : {}),
  };
}

function principalType(principal: string): string {
  if (principal === '*') return 'All';
  if (principal.endsWith(':root')) return 'Account';
  if (principal.includes(':role/')) return 'Role';
  if (principal.includes(':user/')) return 'User';
  if (principal.includes(':organizations::')) return 'OrganizationUnit';
  return 'Service';
}

/** One `apigateway get-rest-apis` item; `policy` is given as API Gateway hands it out. */
export function restApi(o: { id: string; types?: string[]; policy?: string; vpce?: string[]; tags?: Record<string, string> }): Raw {
  return {
    id: o.id,
    name: `api-${o.id}`,
    createdDate: '2025-06-01T09:10:11+00:00',
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: o.types ?? ['PRIVATE'], ...(o.vpce ? { vpcEndpointIds: o.vpce } : {}), ipAddressType: 'ipv4' },
    ...(o.policy === undefined ? {} : { policy: o.policy }),
    disableExecuteApiEndpoint: false,
    rootResourceId: `root${o.id.slice(0, 4)}`,
    tags: o.tags ?? {},
  };
}

/** A policy as API Gateway returns it: JSON whose quotes (and slashes) are backslash-escaped. */
export function apiGatewayEscaped(policy: unknown): string {
  return JSON.stringify(policy).replaceAll('"', '\\"').replaceAll('/', '\\/');
}
