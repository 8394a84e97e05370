// The normalised account model. Every source (a snapshot of `aws ec2 describe-*` outputs, a live
// scan, AWS Config configuration items) is read into these types, and the rules see only them.

export type Tags = Readonly<Record<string, string>>;

export type EndpointType = 'Gateway' | 'Interface' | 'GatewayLoadBalancer';

export interface Endpoint {
  id: string;
  /**
   * One of the EndpointType values once in an AccountModel (which reads the type case-insensitively);
   * a type AWS does not have is kept as given, and the engine reports it as an error.
   */
  type: string;
  vpcId: string;
  serviceName: string;
  /** Lower case: `available`, `pendingacceptance`, `deleted`… */
  state: string;
  /** The policy as AWS hands it out (a JSON string); absent for endpoints without one. */
  policyDocument?: string;
  routeTableIds: string[];
  subnetIds: string[];
  groupIds: string[];
  privateDnsEnabled: boolean;
  ownerId?: string;
  /** Created and managed by another AWS service (`RequesterManaged`): judged, never changed. */
  requesterManaged?: boolean;
  tags: Tags;
}

export interface RouteTableAssociation {
  subnetId?: string;
  main: boolean;
}

export interface Route {
  gatewayId?: string;
  destinationPrefixListId?: string;
  state?: string;
}

export interface RouteTable {
  id: string;
  vpcId: string;
  /** Only associations in effect (associated or associating). */
  associations: RouteTableAssociation[];
  routes: Route[];
  tags: Tags;
}

export interface Vpc {
  id: string;
  ipv4Cidrs: string[];
  ipv6Cidrs: string[];
  ownerId?: string;
  tags: Tags;
}

export interface Subnet {
  id: string;
  vpcId: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  tags?: Tags;
}

export interface IngressPermission {
  /** `tcp`, `udp`, `icmp`, `-1` (all) or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Cidrs: string[];
  ipv6Cidrs: string[];
  groupIds: string[];
  prefixListIds: string[];
}

export interface SecurityGroup {
  id: string;
  vpcId?: string;
  name?: string;
  ingress: IngressPermission[];
  /** Outbound rules (`IpPermissionsEgress`, same shape); undefined when the source did not give them. */
  egress?: IngressPermission[];
  tags?: Tags;
}

/** A managed prefix list (`describe-prefix-lists`): the CIDRs of an AWS service in a region. */
export interface PrefixList {
  id: string;
  /** `com.amazonaws.<region>.s3` for the AWS-managed lists of gateway services. */
  name: string;
  cidrs: string[];
}

/** A principal allowed to connect to an endpoint service (`describe-vpc-endpoint-service-permissions`). */
export interface ServicePrincipal {
  /** `*`, an IAM ARN (`arn:aws:iam::111122223333:root`, a role or user), an organization or OU ARN, or a service. */
  principal: string;
  /** `All`, `Account`, `Role`, `User`, `OrganizationUnit`, `Service`, when given. */
  principalType?: string;
}

/** A PrivateLink endpoint service this account provides (`describe-vpc-endpoint-service-configurations`). */
export interface EndpointService {
  id: string;
  serviceName?: string;
  /** Lower case: `available`, `pending`, `deleting`, `deleted`, `failed`. */
  state?: string;
  acceptanceRequired: boolean;
  /** Undefined when the permissions were not read. */
  allowedPrincipals?: ServicePrincipal[];
  tags: Tags;
}

/** An API Gateway REST API (`apigateway get-rest-apis`). */
export interface RestApi {
  id: string;
  name?: string;
  /** `EDGE`, `REGIONAL`, `PRIVATE`. */
  endpointTypes: string[];
  vpcEndpointIds: string[];
  /** The resource policy as API Gateway hands it out (a JSON string, often with escaped quotes). */
  policy?: string;
  tags: Tags;
}

export interface VpcDnsSettings {
  vpcId: string;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

export interface ServiceDetail {
  serviceName: string;
  policySupported?: boolean;
}

/**
 * Everything one scan knows, as plain lists. A list left undefined was not provided, which is
 * not the same as empty: rules that need it report so instead of judging on missing data.
 */
export interface AccountData {
  accountId?: string;
  region?: string;
  endpoints: Endpoint[];
  routeTables?: RouteTable[];
  vpcs?: Vpc[];
  subnets?: Subnet[];
  securityGroups?: SecurityGroup[];
  vpcDns?: VpcDnsSettings[];
  serviceDetails?: ServiceDetail[];
  prefixLists?: PrefixList[];
  endpointServices?: EndpointService[];
  restApis?: RestApi[];
}

/** The parts of the model a rule may need besides the endpoints. */
export type ModelPart = 'routeTables' | 'vpcs' | 'subnets' | 'securityGroups' | 'vpcDns' | 'prefixLists' | 'endpointServices' | 'restApis';

/** The snapshot key a model part comes from, for messages. */
export const SNAPSHOT_KEY_OF_PART: Record<ModelPart, string> = {
  routeTables: 'RouteTables',
  vpcs: 'Vpcs',
  subnets: 'Subnets',
  securityGroups: 'SecurityGroups',
  vpcDns: 'VpcAttributes',
  prefixLists: 'PrefixLists',
  endpointServices: 'ServiceConfigurations',
  restApis: 'RestApis',
};
