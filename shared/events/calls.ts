import { collectIds, nested } from './sets.js';

/** Which endpoints of the affected VPCs a call can change the verdict of. */
export type Reach =
  /** The endpoints the call names, and the other endpoints of their VPC and service (shared route-table coverage). */
  | 'endpoints'
  /** Every endpoint of the affected VPCs (route tables, subnets, VPC attributes). */
  | 'vpc'
  /** The endpoints that use the affected security groups. */
  | 'groups'
  /** Exactly the endpoints named (a "Remediate" request for one resource). */
  | 'named';

/** What one API call tells about the resources it touched: ids only, to be read back from EC2. */
export interface CallHints {
  vpcIds: string[];
  endpointIds: string[];
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  /** Route-table association ids (`rtbassoc-…`), for calls that name nothing else. */
  associationIds: string[];
}

/** How vpce-guard reacts to one EC2 API call. */
export interface CallKind {
  /** The catalogue rules whose verdicts the call can change; the deployed rules to re-evaluate. */
  rules: readonly string[];
  reach: Reach;
  hints(requestParameters: unknown, responseElements: unknown): Partial<CallHints>;
}

const ENDPOINT_RULES = [
  'gateway-endpoint-route-tables',
  'endpoint-policy-restricted',
  'endpoint-vpc-dns',
  'interface-endpoint-security-groups',
  'interface-endpoint-multi-az',
] as const;
const ROUTE_RULES = ['gateway-endpoint-route-tables'] as const;

const ids = collectIds;

/** The `vpcEndpoint` (or `subnet`, `routeTable`) object of a response, in either era. */
function fromResponse(response: unknown, object: string, field: string): string[] {
  return nested(response, object).flatMap((o) => ids(o, [field]));
}

/**
 * The EC2 calls vpce-guard reacts to, registered by hand: what each can change and where its ids
 * are, in the wrapped (`CreateVpcEndpointRequest.VpcId`) and the flat (`vpcId`) era alike.
 */
export const CALL_KINDS: Readonly<Record<string, CallKind>> = {
  CreateVpcEndpoint: {
    rules: [...ENDPOINT_RULES, 'vpc-required-endpoints'],
    reach: 'endpoints',
    hints: (req, res) => ({
      vpcIds: [...ids(req, ['VpcId']), ...fromResponse(res, 'vpcEndpoint', 'vpcId')],
      endpointIds: fromResponse(res, 'vpcEndpoint', 'vpcEndpointId'),
    }),
  },
  ModifyVpcEndpoint: {
    rules: ENDPOINT_RULES,
    reach: 'endpoints',
    hints: (req) => ({ endpointIds: ids(req, ['VpcEndpointId']) }),
  },
  DeleteVpcEndpoints: {
    rules: ['gateway-endpoint-route-tables', 'vpc-required-endpoints'],
    reach: 'endpoints',
    hints: (req) => ({ endpointIds: ids(req, ['VpcEndpointId', 'vpcEndpointIdSet', 'VpcEndpointIds'], ['vpcEndpointId']) }),
  },
  CreateRouteTable: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req, res) => ({
      vpcIds: [...ids(req, ['VpcId']), ...fromResponse(res, 'routeTable', 'vpcId')],
      routeTableIds: fromResponse(res, 'routeTable', 'routeTableId'),
    }),
  },
  DeleteRouteTable: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req) => ({ routeTableIds: ids(req, ['RouteTableId']) }),
  },
  AssociateRouteTable: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req) => ({ routeTableIds: ids(req, ['RouteTableId']), subnetIds: ids(req, ['SubnetId']) }),
  },
  DisassociateRouteTable: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req) => ({ associationIds: ids(req, ['AssociationId']) }),
  },
  ReplaceRouteTableAssociation: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req) => ({ routeTableIds: ids(req, ['RouteTableId']), associationIds: ids(req, ['AssociationId']) }),
  },
  ModifyVpcAttribute: {
    rules: ['endpoint-vpc-dns'],
    reach: 'vpc',
    hints: (req) => ({ vpcIds: ids(req, ['VpcId']) }),
  },
  CreateSubnet: {
    rules: ROUTE_RULES,
    reach: 'vpc',
    hints: (req, res) => ({
      vpcIds: [...ids(req, ['VpcId']), ...fromResponse(res, 'subnet', 'vpcId')],
      subnetIds: fromResponse(res, 'subnet', 'subnetId'),
    }),
  },
  AuthorizeSecurityGroupIngress: {
    rules: ['interface-endpoint-security-groups'],
    reach: 'groups',
    hints: (req, res) => ({
      securityGroupIds: [...ids(req, ['GroupId']), ...ids(res, ['securityGroupRuleSet'], ['groupId'])],
    }),
  },
  RevokeSecurityGroupIngress: {
    rules: ['interface-endpoint-security-groups'],
    reach: 'groups',
    hints: (req) => ({ securityGroupIds: ids(req, ['GroupId']) }),
  },
};

/** The calls vpce-guard reacts to (the EventBridge rule's `eventName` list). */
export const CALL_NAMES: readonly string[] = Object.keys(CALL_KINDS);
