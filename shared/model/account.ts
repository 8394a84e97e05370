import type {
  AccountData,
  Endpoint,
  ModelPart,
  RouteTable,
  SecurityGroup,
  ServiceDetail,
  Subnet,
  Vpc,
  VpcDnsSettings,
} from './types.js';
import { parseServiceName, TERMINAL_STATES } from './service-name.js';

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

  constructor(data: AccountData) {
    this.accountId = data.accountId;
    this.region = data.region;
    this.endpoints = data.endpoints;
    this.vpcs = data.vpcs ?? [];
    const provided = new Set<ModelPart>();
    if (data.routeTables) provided.add('routeTables');
    if (data.vpcs) provided.add('vpcs');
    if (data.subnets) provided.add('subnets');
    if (data.securityGroups) provided.add('securityGroups');
    if (data.vpcDns) provided.add('vpcDns');
    this.#provided = provided;
    this.#endpointsByVpc = groupBy(data.endpoints, (e) => e.vpcId);
    this.#endpointsByVpcService = groupBy(data.endpoints, (e) => `${e.vpcId}|${e.serviceName}`);
    this.#routeTables = indexBy(data.routeTables, (t) => t.id);
    this.#routeTablesByVpc = groupBy(data.routeTables ?? [], (t) => t.vpcId);
    this.#subnets = indexBy(data.subnets, (s) => s.id);
    this.#subnetsByVpc = groupBy(data.subnets ?? [], (s) => s.vpcId);
    this.#vpcs = indexBy(data.vpcs, (v) => v.id);
    this.#groups = indexBy(data.securityGroups, (g) => g.id);
    this.#dns = indexBy(data.vpcDns, (d) => d.vpcId);
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
}
