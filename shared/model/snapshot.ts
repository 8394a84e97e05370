import { z } from 'zod';

// The shapes of `aws ec2 describe-*` outputs (the AWS CLI's JSON, PascalCase). Only the fields the
// rules read are checked; other fields are allowed and ignored.

const tags = z.array(z.looseObject({ Key: z.string(), Value: z.string() })).optional();
const accountId = z.union([z.string(), z.number().transform(String)]);

const vpcEndpoint = z.looseObject({
  VpcEndpointId: z.string(),
  VpcEndpointType: z.string(),
  VpcId: z.string(),
  ServiceName: z.string(),
  State: z.string().optional(),
  PolicyDocument: z.string().optional(),
  RouteTableIds: z.array(z.string()).optional(),
  SubnetIds: z.array(z.string()).optional(),
  Groups: z.array(z.looseObject({ GroupId: z.string(), GroupName: z.string().optional() })).optional(),
  PrivateDnsEnabled: z.boolean().optional(),
  OwnerId: accountId.optional(),
  RequesterManaged: z.boolean().optional(),
  Tags: tags,
});

const routeTable = z.looseObject({
  RouteTableId: z.string(),
  VpcId: z.string(),
  Associations: z
    .array(
      z.looseObject({
        Main: z.boolean().optional(),
        SubnetId: z.string().optional(),
        GatewayId: z.string().optional(),
        AssociationState: z.looseObject({ State: z.string() }).optional(),
      }),
    )
    .optional(),
  Routes: z
    .array(
      z.looseObject({
        GatewayId: z.string().optional(),
        DestinationPrefixListId: z.string().optional(),
        State: z.string().optional(),
      }),
    )
    .optional(),
  Tags: tags,
});

const vpc = z.looseObject({
  VpcId: z.string(),
  CidrBlock: z.string().optional(),
  CidrBlockAssociationSet: z
    .array(z.looseObject({ CidrBlock: z.string(), CidrBlockState: z.looseObject({ State: z.string() }).optional() }))
    .optional(),
  Ipv6CidrBlockAssociationSet: z
    .array(
      z.looseObject({ Ipv6CidrBlock: z.string(), Ipv6CidrBlockState: z.looseObject({ State: z.string() }).optional() }),
    )
    .optional(),
  OwnerId: accountId.optional(),
  Tags: tags,
});

const subnet = z.looseObject({
  SubnetId: z.string(),
  VpcId: z.string(),
  AvailabilityZone: z.string().optional(),
  AvailabilityZoneId: z.string().optional(),
  Tags: tags,
});

const permission = z.looseObject({
  IpProtocol: z.string(),
  FromPort: z.number().optional(),
  ToPort: z.number().optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: z.string() })).optional(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: z.string() })).optional(),
  UserIdGroupPairs: z.array(z.looseObject({ GroupId: z.string().optional() })).optional(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: z.string() })).optional(),
});

const securityGroup = z.looseObject({
  GroupId: z.string(),
  GroupName: z.string().optional(),
  VpcId: z.string().optional(),
  IpPermissions: z.array(permission).optional(),
  IpPermissionsEgress: z.array(permission).optional(),
  Tags: tags,
});

const attributeValue = z.looseObject({ Value: z.boolean() });

const vpcAttributes = z.looseObject({
  VpcId: z.string(),
  EnableDnsSupport: attributeValue.optional(),
  EnableDnsHostnames: attributeValue.optional(),
});

const serviceDetail = z.looseObject({
  ServiceName: z.string(),
  VpcEndpointPolicySupported: z.boolean().optional(),
});

const prefixList = z.looseObject({
  PrefixListId: z.string(),
  PrefixListName: z.string(),
  Cidrs: z.array(z.string()).optional(),
});

const allowedPrincipal = z.looseObject({
  Principal: z.string(),
  PrincipalType: z.string().optional(),
});

// `describe-vpc-endpoint-service-configurations` items; `AllowedPrincipals` is the output of
// `describe-vpc-endpoint-service-permissions --service-id <ServiceId>` for that service.
const serviceConfiguration = z.looseObject({
  ServiceId: z.string(),
  ServiceName: z.string().optional(),
  ServiceState: z.string().optional(),
  AcceptanceRequired: z.boolean(),
  AllowedPrincipals: z.array(allowedPrincipal).optional(),
  Tags: tags,
});

// `aws apigateway get-rest-apis` items (camelCase, as API Gateway writes them).
const restApi = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  endpointConfiguration: z
    .looseObject({ types: z.array(z.string()).optional(), vpcEndpointIds: z.array(z.string()).optional() })
    .optional(),
  policy: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/**
 * A snapshot: one JSON object merging the outputs of `aws ec2 describe-vpc-endpoints`,
 * `describe-route-tables`, `describe-vpcs`, `describe-subnets`, `describe-security-groups`, the
 * VPC attributes (`VpcAttributes`), and optionally `describe-vpc-endpoint-services`
 * (`ServiceDetails`, with its `ServiceNames`), `describe-prefix-lists` (`PrefixLists`),
 * `describe-vpc-endpoint-service-configurations` (`ServiceConfigurations`, each with the
 * `AllowedPrincipals` of `describe-vpc-endpoint-service-permissions`) and `aws apigateway
 * get-rest-apis` (its `items` as `RestApis`). Unknown top-level keys are errors, so a misspelt key
 * is not silently empty; `NextToken` (a partial listing) is refused by readSnapshot.
 */
export const snapshotSchema = z.strictObject({
  VpcEndpoints: z.array(vpcEndpoint),
  RouteTables: z.array(routeTable).optional(),
  Vpcs: z.array(vpc).optional(),
  Subnets: z.array(subnet).optional(),
  SecurityGroups: z.array(securityGroup).optional(),
  VpcAttributes: z.array(vpcAttributes).optional(),
  ServiceDetails: z.array(serviceDetail).optional(),
  // `describe-vpc-endpoint-services` prints the names beside the details; read and ignored.
  ServiceNames: z.array(z.string()).optional(),
  // `describe-prefix-lists`: the AWS-managed prefix lists of the gateway services.
  PrefixLists: z.array(prefixList).optional(),
  // The PrivateLink services the account provides, each with its AllowedPrincipals.
  ServiceConfigurations: z.array(serviceConfiguration).optional(),
  // `aws apigateway get-rest-apis` `items`.
  RestApis: z.array(restApi).optional(),
  // Printed when an output is one page of several; readSnapshot refuses it with advice.
  NextToken: z.unknown().optional(),
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotEndpoint = z.infer<typeof vpcEndpoint>;
