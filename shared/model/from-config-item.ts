import { z } from 'zod';
import { InputError } from '../errors.js';
import { readSnapshot } from './from-snapshot.js';
import type { Snapshot } from './snapshot.js';
import type { AccountData } from './types.js';
import { formatPath } from '../validation.js';

// AWS Config configuration items (the `configurationItem` of a rule event, or an item of
// GetResourceConfigHistory) read into the snapshot shape, then into the same AccountData the
// snapshot reader makes: the rules never know where their data came from. Config writes
// `configuration` in camelCase, `state` as a string or `{value}`, `configuration.tags` as
// `[{key, value}]` next to the item's own `tags` map, and `policyDocument` as a JSON string.

/** A relationship of a configuration item (`name` in rule events, `relationshipName` in the API). */
export interface ConfigRelationship {
  resourceType: string;
  resourceId?: string;
  name?: string;
}

/** A configuration item as a rule event carries it, `configuration` already parsed. */
export interface ConfigurationItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  awsAccountId?: string;
  awsRegion?: string;
  /** The item's zone (`Not Applicable` for most network resources). */
  availabilityZone?: string;
  /** `OK`, `ResourceDiscovered`, `ResourceNotRecorded`, `ResourceDeleted`, `ResourceDeletedNotRecorded`. */
  configurationItemStatus: string;
  /** ISO-8601. */
  configurationItemCaptureTime: string;
  configuration: Record<string, unknown> | null;
  tags: Record<string, string>;
  relationships: ConfigRelationship[];
}

/** The resource types vpce-guard reads from configuration items. */
export const CONFIG_RESOURCE_TYPES = [
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::RouteTable',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::VPCEndpointService',
  'AWS::ApiGateway::RestApi',
] as const;
export type ConfigResourceType = (typeof CONFIG_RESOURCE_TYPES)[number];

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const text = nullish(z.string());
const bool = nullish(z.boolean());
const list = <T extends z.ZodType>(item: T) => nullish(z.array(item)).transform((v) => v ?? []);
/** `"available"` or `{"value": "available"}`, as Config writes either. */
const state = nullish(z.union([z.string(), z.looseObject({ value: z.string() }).transform((s) => s.value)]));
const tagList = list(z.looseObject({ key: z.string(), value: z.string().nullish() }));
const accountId = nullish(z.union([z.string(), z.number().transform(String)]));

const endpointConfig = z.looseObject({
  vpcEndpointId: text,
  vpcEndpointType: z.string(),
  vpcId: z.string(),
  serviceName: z.string(),
  state,
  // A JSON string as EC2 hands it out; an object is accepted and written back as JSON.
  policyDocument: nullish(z.union([z.string(), z.record(z.string(), z.unknown()).transform((p) => JSON.stringify(p))])),
  routeTableIds: list(z.string()),
  subnetIds: list(z.string()),
  groups: list(z.looseObject({ groupId: z.string(), groupName: text })),
  privateDnsEnabled: bool,
  requesterManaged: bool,
  ownerId: accountId,
  tags: tagList,
});

const routeTableConfig = z.looseObject({
  routeTableId: text,
  vpcId: z.string(),
  associations: list(
    z.looseObject({
      main: bool,
      subnetId: text,
      gatewayId: text,
      associationState: nullish(z.looseObject({ state: z.string() })),
    }),
  ),
  routes: list(z.looseObject({ gatewayId: text, destinationPrefixListId: text, state: text })),
  tags: tagList,
});

const cidrState = nullish(z.looseObject({ state: z.string() }));
const vpcConfig = z.looseObject({
  vpcId: text,
  cidrBlock: text,
  cidrBlockAssociationSet: list(z.looseObject({ cidrBlock: z.string(), cidrBlockState: cidrState })),
  ipv6CidrBlockAssociationSet: list(z.looseObject({ ipv6CidrBlock: z.string(), ipv6CidrBlockState: cidrState })),
  ownerId: accountId,
  state,
  tags: tagList,
});

const subnetConfig = z.looseObject({
  subnetId: text,
  vpcId: z.string(),
  availabilityZone: text,
  availabilityZoneId: text,
});

const permission = z.looseObject({
  ipProtocol: z.union([z.string(), z.number().transform(String)]),
  fromPort: nullish(z.number()),
  toPort: nullish(z.number()),
  // Config writes the IPv4 ranges twice: `ipv4Ranges: [{cidrIp}]` and `ipRanges: ["cidr"]`.
  ipv4Ranges: list(z.looseObject({ cidrIp: z.string() })),
  ipRanges: list(z.union([z.string(), z.looseObject({ cidrIp: z.string() }).transform((r) => r.cidrIp)])),
  ipv6Ranges: list(z.looseObject({ cidrIpv6: z.string() })),
  prefixListIds: list(z.looseObject({ prefixListId: z.string() })),
  userIdGroupPairs: list(z.looseObject({ groupId: text })),
});

const securityGroupConfig = z.looseObject({
  groupId: text,
  groupName: text,
  vpcId: text,
  ipPermissions: list(permission),
  // Absent from an item means unknown (the rule that needs it says so), not "no egress rule".
  ipPermissionsEgress: nullish(z.array(permission)),
  tags: tagList,
});

// AWS::EC2::VPCEndpointService: the searchable properties (awslabs/aws-config-resource-schema)
// name acceptanceRequired, serviceId, serviceName, serviceState; the allowed principals are not in
// the item (inferred: none of its properties holds them), so they are read from EC2.
const endpointServiceConfig = z.looseObject({
  serviceId: text,
  serviceName: text,
  serviceState: text,
  acceptanceRequired: bool,
  tags: tagList,
});

// AWS::ApiGateway::RestApi: the properties name id, name, endpointConfiguration.types; `policy`
// and `endpointConfiguration.vpcEndpointIds` are inferred from GetRestApi's output, which the
// item mirrors, and `tags` as GetRestApi's map.
const restApiConfig = z.looseObject({
  id: text,
  name: text,
  endpointConfiguration: nullish(z.looseObject({ types: list(z.string()), vpcEndpointIds: list(z.string()) })),
  policy: nullish(z.union([z.string(), z.record(z.string(), z.unknown()).transform((p) => JSON.stringify(p))])),
  tags: nullish(z.record(z.string(), z.string())),
});

const relationship = z
  .looseObject({ resourceType: z.string(), resourceId: text, name: text, relationshipName: text })
  .transform((r): ConfigRelationship => {
    const name = r.name ?? r.relationshipName;
    return { resourceType: r.resourceType, ...(r.resourceId ? { resourceId: r.resourceId } : {}), ...(name ? { name } : {}) };
  });

/**
 * A configuration item as a rule event carries it (`invokingEvent.configurationItem`). Only the
 * keys vpce-guard reads are checked; `configuration` is checked per resource type later.
 */
export const configurationItemSchema = z
  .looseObject({
    resourceType: z.string(),
    resourceId: z.string().min(1),
    resourceName: text,
    awsAccountId: accountId,
    awsRegion: text,
    availabilityZone: text,
    configurationItemStatus: z.string(),
    configurationItemCaptureTime: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO-8601 time'),
    configuration: z.record(z.string(), z.unknown()).nullish(),
    tags: z.record(z.string(), z.string()).nullish(),
    relationships: list(relationship),
  })
  .transform(
    (i): ConfigurationItem => ({
      resourceType: i.resourceType,
      resourceId: i.resourceId,
      ...(i.resourceName ? { resourceName: i.resourceName } : {}),
      ...(i.awsAccountId ? { awsAccountId: i.awsAccountId } : {}),
      ...(i.awsRegion ? { awsRegion: i.awsRegion } : {}),
      ...(i.availabilityZone ? { availabilityZone: i.availabilityZone } : {}),
      configurationItemStatus: i.configurationItemStatus,
      configurationItemCaptureTime: i.configurationItemCaptureTime,
      configuration: i.configuration ?? null,
      tags: i.tags ?? {},
      relationships: i.relationships,
    }),
  );

/** `configuration.tags` (`[{key, value}]`) when present, else the item's own `tags` map. */
function pascalTags(configTags: { key: string; value?: string | null | undefined }[], itemTags: Record<string, string>): { Key: string; Value: string }[] {
  if (configTags.length > 0) return configTags.map((t) => ({ Key: t.key, Value: t.value ?? '' }));
  return Object.entries(itemTags).map(([Key, Value]) => ({ Key, Value }));
}

function parseConfiguration<T extends z.ZodType>(schema: T, item: ConfigurationItem): z.output<T> {
  const result = schema.safeParse(item.configuration);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = formatPath(['configuration', ...issue.path]);
  throw new InputError(`${item.resourceType} ${item.resourceId}: ${path}: ${issue.message}`);
}

const CONVERTERS: Record<ConfigResourceType, (item: ConfigurationItem) => Partial<Snapshot>> = {
  'AWS::EC2::VPCEndpoint': (item) => {
    const c = parseConfiguration(endpointConfig, item);
    const owner = c.ownerId ?? item.awsAccountId;
    return {
      VpcEndpoints: [
        {
          VpcEndpointId: c.vpcEndpointId ?? item.resourceId,
          VpcEndpointType: c.vpcEndpointType,
          VpcId: c.vpcId,
          ServiceName: c.serviceName,
          ...(c.state === undefined ? {} : { State: c.state }),
          ...(c.policyDocument === undefined ? {} : { PolicyDocument: c.policyDocument }),
          RouteTableIds: c.routeTableIds,
          SubnetIds: c.subnetIds,
          Groups: c.groups.map((g) => ({ GroupId: g.groupId, ...(g.groupName ? { GroupName: g.groupName } : {}) })),
          PrivateDnsEnabled: c.privateDnsEnabled ?? false,
          ...(c.requesterManaged == null ? {} : { RequesterManaged: c.requesterManaged }),
          ...(owner === undefined ? {} : { OwnerId: owner }),
          Tags: pascalTags(c.tags, item.tags),
        },
      ],
    };
  },
  'AWS::EC2::RouteTable': (item) => {
    const c = parseConfiguration(routeTableConfig, item);
    return {
      RouteTables: [
        {
          RouteTableId: c.routeTableId ?? item.resourceId,
          VpcId: c.vpcId,
          Associations: c.associations.map((a) => ({
            Main: a.main ?? false,
            ...(a.subnetId ? { SubnetId: a.subnetId } : {}),
            ...(a.gatewayId ? { GatewayId: a.gatewayId } : {}),
            ...(a.associationState ? { AssociationState: { State: a.associationState.state } } : {}),
          })),
          Routes: c.routes.map((r) => ({
            ...(r.gatewayId ? { GatewayId: r.gatewayId } : {}),
            ...(r.destinationPrefixListId ? { DestinationPrefixListId: r.destinationPrefixListId } : {}),
            ...(r.state ? { State: r.state } : {}),
          })),
          Tags: pascalTags(c.tags, item.tags),
        },
      ],
    };
  },
  'AWS::EC2::VPC': (item) => {
    const c = parseConfiguration(vpcConfig, item);
    const owner = c.ownerId ?? item.awsAccountId;
    return {
      Vpcs: [
        {
          VpcId: c.vpcId ?? item.resourceId,
          ...(c.cidrBlock ? { CidrBlock: c.cidrBlock } : {}),
          CidrBlockAssociationSet: c.cidrBlockAssociationSet.map((a) => ({
            CidrBlock: a.cidrBlock,
            ...(a.cidrBlockState ? { CidrBlockState: { State: a.cidrBlockState.state } } : {}),
          })),
          Ipv6CidrBlockAssociationSet: c.ipv6CidrBlockAssociationSet.map((a) => ({
            Ipv6CidrBlock: a.ipv6CidrBlock,
            ...(a.ipv6CidrBlockState ? { Ipv6CidrBlockState: { State: a.ipv6CidrBlockState.state } } : {}),
          })),
          ...(owner === undefined ? {} : { OwnerId: owner }),
          Tags: pascalTags(c.tags, item.tags),
        },
      ],
    };
  },
  'AWS::EC2::Subnet': (item) => {
    const c = parseConfiguration(subnetConfig, item);
    // The item's own availabilityZone is the subnet's zone; the configuration's wins when present.
    const az = c.availabilityZone ?? item.availabilityZone;
    return {
      Subnets: [
        {
          SubnetId: c.subnetId ?? item.resourceId,
          VpcId: c.vpcId,
          ...(az && az !== 'Not Applicable' ? { AvailabilityZone: az } : {}),
          ...(c.availabilityZoneId ? { AvailabilityZoneId: c.availabilityZoneId } : {}),
        },
      ],
    };
  },
  'AWS::EC2::SecurityGroup': (item) => {
    const c = parseConfiguration(securityGroupConfig, item);
    const pascal = (p: z.output<typeof permission>) => ({
      IpProtocol: p.ipProtocol,
      ...(p.fromPort === undefined ? {} : { FromPort: p.fromPort }),
      ...(p.toPort === undefined ? {} : { ToPort: p.toPort }),
      IpRanges: [...new Set([...p.ipv4Ranges.map((r) => r.cidrIp), ...p.ipRanges])].map((CidrIp) => ({ CidrIp })),
      Ipv6Ranges: p.ipv6Ranges.map((r) => ({ CidrIpv6: r.cidrIpv6 })),
      PrefixListIds: p.prefixListIds.map((pl) => ({ PrefixListId: pl.prefixListId })),
      UserIdGroupPairs: p.userIdGroupPairs.flatMap((pair) => (pair.groupId ? [{ GroupId: pair.groupId }] : [])),
    });
    const tags = pascalTags(c.tags, item.tags);
    return {
      SecurityGroups: [
        {
          GroupId: c.groupId ?? item.resourceId,
          ...(c.groupName ? { GroupName: c.groupName } : {}),
          ...(c.vpcId ? { VpcId: c.vpcId } : {}),
          IpPermissions: c.ipPermissions.map(pascal),
          ...(c.ipPermissionsEgress ? { IpPermissionsEgress: c.ipPermissionsEgress.map(pascal) } : {}),
          ...(tags.length ? { Tags: tags } : {}),
        },
      ],
    };
  },
  'AWS::EC2::VPCEndpointService': (item) => {
    const c = parseConfiguration(endpointServiceConfig, item);
    if (c.acceptanceRequired === undefined) {
      throw new InputError(`${item.resourceType} ${item.resourceId}: configuration.acceptanceRequired: missing`);
    }
    return {
      ServiceConfigurations: [
        {
          ServiceId: c.serviceId ?? item.resourceId,
          ...(c.serviceName ? { ServiceName: c.serviceName } : {}),
          ...(c.serviceState ? { ServiceState: c.serviceState } : {}),
          AcceptanceRequired: c.acceptanceRequired,
          Tags: pascalTags(c.tags, item.tags),
        },
      ],
    };
  },
  'AWS::ApiGateway::RestApi': (item) => {
    const c = parseConfiguration(restApiConfig, item);
    const config = c.endpointConfiguration;
    return {
      RestApis: [
        {
          id: c.id ?? item.resourceId,
          ...(c.name ? { name: c.name } : {}),
          ...(config ? { endpointConfiguration: { types: config.types, vpcEndpointIds: config.vpcEndpointIds } } : {}),
          ...(c.policy === undefined ? {} : { policy: c.policy }),
          tags: c.tags ?? item.tags,
        },
      ],
    };
  },
};

/** True when vpce-guard can read configuration items of this resource type. */
export function isConfigResourceType(type: string): type is ConfigResourceType {
  return (CONFIG_RESOURCE_TYPES as readonly string[]).includes(type);
}

/**
 * The snapshot part one configuration item describes (`{VpcEndpoints: [...]}`, `{RouteTables:
 * [...]}`…). An item without configuration, of a type vpce-guard does not read, or whose
 * configuration lacks what the rules need is an InputError naming the resource and the key.
 */
export function snapshotFromConfigItem(item: ConfigurationItem): Partial<Snapshot> {
  if (!isConfigResourceType(item.resourceType)) {
    throw new InputError(`${item.resourceType} ${item.resourceId}: vpce-guard does not read this resource type (it reads ${CONFIG_RESOURCE_TYPES.join(', ')})`);
  }
  if (item.configuration === null || typeof item.configuration !== 'object') {
    throw new InputError(`${item.resourceType} ${item.resourceId}: the configuration item has no configuration (status ${item.configurationItemStatus})`);
  }
  return CONVERTERS[item.resourceType](item);
}

/**
 * Lays configuration items over a snapshot: each item replaces the resource of the same id, or is
 * added. A part the snapshot lacks is created only by the items that bring it.
 */
export function overlayConfigItems(snapshot: Snapshot, items: readonly ConfigurationItem[]): Snapshot {
  const out: Snapshot = { ...snapshot };
  for (const item of items) {
    const part = snapshotFromConfigItem(item);
    out.VpcEndpoints = replaceById(out.VpcEndpoints, part.VpcEndpoints, (r) => r.VpcEndpointId) ?? [];
    out.RouteTables = replaceById(out.RouteTables, part.RouteTables, (r) => r.RouteTableId);
    out.Vpcs = replaceById(out.Vpcs, part.Vpcs, (r) => r.VpcId);
    out.Subnets = replaceById(out.Subnets, part.Subnets, (r) => r.SubnetId);
    out.SecurityGroups = replaceById(out.SecurityGroups, part.SecurityGroups, (r) => r.GroupId);
    out.ServiceConfigurations = replaceById(out.ServiceConfigurations, part.ServiceConfigurations, (r) => r.ServiceId);
    out.RestApis = replaceById(out.RestApis, part.RestApis, (r) => r.id);
  }
  for (const key of Object.keys(out) as (keyof Snapshot)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function replaceById<T>(existing: T[] | undefined, added: T[] | undefined, idOf: (r: T) => string): T[] | undefined {
  if (!added) return existing;
  const ids = new Set(added.map(idOf));
  return [...(existing ?? []).filter((r) => !ids.has(idOf(r))), ...added];
}

/**
 * Reads configuration items into account data, as `readSnapshot` reads a snapshot. Parts that no
 * item provides stay undefined, so a rule that needs them reports so instead of judging.
 */
export function readConfigItems(items: readonly ConfigurationItem[], source = 'configuration items'): AccountData {
  return readSnapshot(overlayConfigItems({ VpcEndpoints: [] }, items), source);
}

/**
 * The VPC a configuration item belongs to: its own id for a VPC, else `configuration.vpcId`,
 * else its "Is contained in Vpc" relationship. Undefined when the item does not say (a deleted
 * item carries no configuration).
 */
export function vpcIdOfConfigItem(item: ConfigurationItem): string | undefined {
  if (item.resourceType === 'AWS::EC2::VPC') return item.resourceId;
  const fromConfig = item.configuration?.vpcId;
  if (typeof fromConfig === 'string' && fromConfig) return fromConfig;
  return item.relationships.find((r) => r.resourceType === 'AWS::EC2::VPC' && r.resourceId)?.resourceId;
}
