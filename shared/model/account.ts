import type {
  AccountData,
  Endpoint,
  EndpointService,
  PrefixList,
  RestApi,
  ModelPart,
  RouteTable,
  SecurityGroup,
  ServiceDetail,
  Subnet,
  Vpc,
  VpcDnsSettings,
} from './types.js';
import { SNAPSHOT_KEY_OF_PART } from './types.js';
import { canonicalEndpointType, parseServiceName, TERMINAL_STATES } from './service-name.js';
import { uniqueById, uniqueStrings } from './unique.js';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function indexBy<T>(items: readonly T[] | undefined, key: (item: T) => string): Map<string, T> {
  return new Map((items ?? []).map((item) => [key(item), item]));
}

/** Types and states as AWS compares them (case-insensitively), each id of a list once. */
function normalised(endpoint: Endpoint): Endpoint {
  return {
    ...endpoint,
    type: canonicalEndpointType(endpoint.type) ?? endpoint.type,
    state: endpoint.state.toLowerCase(),
    routeTableIds: uniqueStrings(endpoint.routeTableIds),
    subnetIds: uniqueStrings(endpoint.subnetIds),
    groupIds: uniqueStrings(endpoint.groupIds),
  };
}

function unique<T>(items: T[] | undefined, idOf: (item: T) => string, key: string): T[] | undefined {
  return items && uniqueById(items, idOf, key);
}

/** What one model part contributes to completeness checks, for messages. */
const WHAT: Record<'routeTables' | 'subnets' | 'securityGroups', string> = {
  routeTables: 'route table',
  subnets: 'subnet',
  securityGroups: 'security group',
};

/**
 * The account as the rules see it, indexed once so that every rule is linear in the account's
 * size: VPC → subnets, route tables, main table, explicit associations; endpoints by VPC and by
 * service; groups, subnets and VPC settings by id. Derived facts are computed once per VPC.
 */
export class AccountModel {
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly endpoints: readonly Endpoint[];
  readonly vpcs: readonly Vpc[];

  readonly #provided: ReadonlySet<ModelPart>;
  readonly #endpointsByVpc: Map<string, Endpoint[]>;
  readonly #endpointsByVpcService: Map<string, Endpoint[]>;
  readonly #routeTables: Map<string, RouteTable>;
  readonly #routeTablesByVpc: Map<string, RouteTable[]>;
  readonly #subnets: Map<string, Subnet>;
  readonly #subnetsByVpc: Map<string, Subnet[]>;
  readonly #vpcs: Map<string, Vpc>;
  readonly #groups: Map<string, SecurityGroup>;
  readonly #dns: Map<string, VpcDnsSettings>;
  readonly #services: Map<string, ServiceDetail>;
  readonly #inScope = new Map<string, RouteTable[]>();
  readonly #groupsByVpc: Map<string, SecurityGroup[]>;
  readonly #prefixLists: Map<string, PrefixList>;
  readonly #prefixListsByName: Map<string, PrefixList>;
  /** The PrivateLink services the account provides (empty when not provided). */
  readonly endpointServices: readonly EndpointService[];
  /** The account's API Gateway REST APIs (empty when not provided). */
  readonly restApis: readonly RestApi[];

  constructor(input: AccountData) {
    // Every source (snapshot, live read, Config items) comes through here: read it alike.
    const data: AccountData = {
      ...input,
      endpoints: uniqueById(input.endpoints, (e) => e.id, 'VpcEndpoints').map(normalised),
    };
    const routeTables = unique(input.routeTables, (t) => t.id, SNAPSHOT_KEY_OF_PART.routeTables);
    const vpcs = unique(input.vpcs, (v) => v.id, SNAPSHOT_KEY_OF_PART.vpcs);
    const subnets = unique(input.subnets, (v) => v.id, SNAPSHOT_KEY_OF_PART.subnets);
    const groups = unique(input.securityGroups, (g) => g.id, SNAPSHOT_KEY_OF_PART.securityGroups);
    const vpcDns = unique(input.vpcDns, (d) => d.vpcId, SNAPSHOT_KEY_OF_PART.vpcDns);
    this.accountId = data.accountId;
    this.region = data.region;
    this.endpoints = data.endpoints;
    this.vpcs = vpcs ?? [];
    const provided = new Set<ModelPart>();
    if (routeTables) provided.add('routeTables');
    if (vpcs) provided.add('vpcs');
    if (subnets) provided.add('subnets');
    if (groups) provided.add('securityGroups');
    if (vpcDns) provided.add('vpcDns');
    const prefixLists = unique(input.prefixLists, (p) => p.id, SNAPSHOT_KEY_OF_PART.prefixLists);
    const services = unique(input.endpointServices, (s) => s.id, SNAPSHOT_KEY_OF_PART.endpointServices);
    const restApis = unique(input.restApis, (a) => a.id, SNAPSHOT_KEY_OF_PART.restApis);
    if (prefixLists) provided.add('prefixLists');
    if (services) provided.add('endpointServices');
    if (restApis) provided.add('restApis');
    this.#groupsByVpc = groupBy((groups ?? []).filter((g) => g.vpcId !== undefined), (g) => g.vpcId!);
    this.#prefixLists = indexBy(prefixLists, (p) => p.id);
    this.#prefixListsByName = indexBy(prefixLists, (p) => p.name);
    this.endpointServices = services ?? [];
    this.restApis = restApis ?? [];
    this.#provided = provided;
    this.#endpointsByVpc = groupBy(data.endpoints, (e) => e.vpcId);
    this.#endpointsByVpcService = groupBy(data.endpoints, (e) => `${e.vpcId}|${e.serviceName}`);
    this.#routeTables = indexBy(routeTables, (t) => t.id);
    this.#routeTablesByVpc = groupBy(routeTables ?? [], (t) => t.vpcId);
    this.#subnets = indexBy(subnets, (s) => s.id);
    this.#subnetsByVpc = groupBy(subnets ?? [], (s) => s.vpcId);
    this.#vpcs = indexBy(vpcs, (v) => v.id);
    this.#groups = indexBy(groups, (g) => g.id);
    this.#dns = indexBy(vpcDns, (d) => d.vpcId);
    this.#services = indexBy(data.serviceDetails, (s) => s.serviceName);
  }

  /** True when the source provided this part (an empty list counts as provided). */
  provides(part: ModelPart): boolean {
    return this.#provided.has(part);
  }

  endpointsInVpc(vpcId: string): readonly Endpoint[] {
    return this.#endpointsByVpc.get(vpcId) ?? [];
  }

  /** Endpoints of one service in one VPC that are not in a terminal state. */
  liveEndpointsOfService(vpcId: string, serviceName: string, type?: string): Endpoint[] {
    return (this.#endpointsByVpcService.get(`${vpcId}|${serviceName}`) ?? []).filter(
      (e) => !TERMINAL_STATES.has(e.state) && (type === undefined || e.type === type),
    );
  }

  routeTable(id: string): RouteTable | undefined {
    return this.#routeTables.get(id);
  }

  routeTablesOf(vpcId: string): readonly RouteTable[] {
    return this.#routeTablesByVpc.get(vpcId) ?? [];
  }

  subnet(id: string): Subnet | undefined {
    return this.#subnets.get(id);
  }

  subnetsOf(vpcId: string): readonly Subnet[] {
    return this.#subnetsByVpc.get(vpcId) ?? [];
  }

  vpc(id: string): Vpc | undefined {
    return this.#vpcs.get(id);
  }

  securityGroup(id: string): SecurityGroup | undefined {
    return this.#groups.get(id);
  }

  /** Every route table of the input, in input order. */
  allRouteTables(): readonly RouteTable[] {
    return [...this.#routeTables.values()];
  }

  /** Every security group of the input, in input order. */
  allSecurityGroups(): readonly SecurityGroup[] {
    return [...this.#groups.values()];
  }

  /** The security groups of one VPC. */
  securityGroupsOf(vpcId: string): readonly SecurityGroup[] {
    return this.#groupsByVpc.get(vpcId) ?? [];
  }

  prefixList(id: string): PrefixList | undefined {
    return this.#prefixLists.get(id);
  }

  /** The prefix list of this name (`com.amazonaws.us-east-1.s3`), when provided. */
  prefixListNamed(name: string): PrefixList | undefined {
    return this.#prefixListsByName.get(name);
  }

  vpcDns(vpcId: string): VpcDnsSettings | undefined {
    return this.#dns.get(vpcId);
  }

  serviceDetail(serviceName: string): ServiceDetail | undefined {
    return this.#services.get(serviceName);
  }

  /** The endpoint's region: from the model, else from its service name. */
  regionOf(endpoint: Endpoint): string | undefined {
    return parseServiceName(endpoint.serviceName).region ?? this.region;
  }

  /**
   * Route tables of the VPC that serve at least one subnet: through an explicit association, or
   * as the main table of a subnet that has none.
   */
  inScopeRouteTables(vpcId: string): readonly RouteTable[] {
    const cached = this.#inScope.get(vpcId);
    if (cached) return cached;
    const tables = this.routeTablesOf(vpcId);
    const explicit = new Set<string>();
    for (const table of tables) for (const a of table.associations) if (a.subnetId) explicit.add(a.subnetId);
    const implicitSubnets = this.subnetsOf(vpcId).some((s) => !explicit.has(s.id));
    const inScope = tables.filter(
      (t) => t.associations.some((a) => a.subnetId) || (implicitSubnets && t.associations.some((a) => a.main)),
    );
    this.#inScope.set(vpcId, inScope);
    return inScope;
  }

  /**
   * What the endpoint refers to in these parts that the input lacks, one phrase each (`route table
   * rtb-1 (not in RouteTables)`), empty when all is there. With route tables, the VPC's main table
   * must be there too (every VPC has one), and the VPC itself when Vpcs is provided.
   */
  missingReferences(endpoint: Endpoint, parts: readonly ModelPart[]): string[] {
    const missing: string[] = [];
    // Rules that judge the VPC as a whole (its route tables, its CIDRs) need the VPC itself.
    const wholeVpc = parts.includes('vpcs') || parts.includes('routeTables');
    if (wholeVpc && this.provides('vpcs') && !this.vpc(endpoint.vpcId)) {
      missing.push(`VPC ${endpoint.vpcId} (not in ${SNAPSHOT_KEY_OF_PART.vpcs})`);
    }
    const check = (part: keyof typeof WHAT, ids: readonly string[], has: (id: string) => boolean): void => {
      if (!parts.includes(part)) return;
      for (const id of ids) if (!has(id)) missing.push(`${WHAT[part]} ${id} (not in ${SNAPSHOT_KEY_OF_PART[part]})`);
    };
    check('routeTables', endpoint.routeTableIds, (id) => this.#routeTables.has(id));
    if (parts.includes('routeTables') && !this.routeTablesOf(endpoint.vpcId).some((t) => t.associations.some((a) => a.main))) {
      missing.push(`the main route table of ${endpoint.vpcId} (${SNAPSHOT_KEY_OF_PART.routeTables} has none for it; every VPC has one)`);
    }
    check('subnets', endpoint.subnetIds, (id) => this.#subnets.has(id));
    check('securityGroups', endpoint.groupIds, (id) => this.#groups.has(id));
    return missing;
  }
}
