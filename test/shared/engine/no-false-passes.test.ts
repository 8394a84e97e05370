// Every case of issue 6's "Why", through the engine: the core refuses to judge what it cannot
// see, and reads odd but valid input right. test/shared/cli/no-false-passes.test.ts runs the same
// cases through the built CLI.
import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, selectRules } from '../../../shared/engine/index.js';
import { InputError } from '../../../shared/errors.js';
import { AccountModel, readSnapshot } from '../../../shared/model/index.js';
import {
  DEFAULT_POLICY,
  ORG,
  completeSnapshot,
  evaluateRule,
  gateway,
  gatewayRoute,
  iface,
  model,
  routeTable,
  securityGroup,
  snapshot,
  subnet,
  tcp,
  vpc,
} from '../../helpers/snapshot.js';

const V = 'vpc-0c01';
const GW = 'gateway-endpoint-route-tables';

describe('completeness before judgement', () => {
  it('a gateway endpoint whose VPC has no route table in the snapshot is an error, not COMPLIANT', () => {
    // Prepare: route tables are provided, but none of this VPC's.
    const raw = snapshot({
      Vpcs: [vpc({ id: V })],
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })],
      RouteTables: [routeTable({ id: 'rtb-other', vpc: 'vpc-other', main: true })],
      Subnets: [subnet({ id: 'subnet-1', vpc: V })],
    });
    // Act
    const result = evaluateRule(GW, raw);
    // Assess
    expect(result.evaluations).toEqual([]);
    expect(result.errors).toEqual([
      { ruleId: GW, resourceId: 'vpce-1', message: `cannot judge vpce-1: the input lacks the main route table of ${V} (RouteTables has none for it; every VPC has one)` },
    ]);
  });

  it('a gateway endpoint naming route tables the snapshot lacks is an error naming them', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-gone', 'rtb-main-vpc-0c01', 'rtb-lost'] })],
      Subnets: [subnet({ id: 'subnet-1', vpc: V })],
    });
    const result = evaluateRule(GW, raw);
    expect(result.evaluations).toEqual([]);
    expect(result.errors[0]!.message).toBe(
      'cannot judge vpce-1: the input lacks route table rtb-gone (not in RouteTables), route table rtb-lost (not in RouteTables)',
    );
  });

  it('an endpoint whose VPC is absent from Vpcs is an error for the rules that judge the VPC', () => {
    const raw = snapshot({
      VpcEndpoints: [iface({ id: 'vpce-i', vpc: 'vpc-gone', groups: ['sg-1'] })],
      SecurityGroups: [securityGroup({ id: 'sg-1', vpc: 'vpc-gone', ingress: [tcp(443, { cidrs: ['10.0.0.0/16'] })] })],
    });
    const result = evaluateRule('interface-endpoint-security-groups', raw);
    expect(result.errors).toEqual([
      { ruleId: 'interface-endpoint-security-groups', resourceId: 'vpce-i', message: 'cannot judge vpce-i: the input lacks VPC vpc-gone (not in Vpcs)' },
    ]);
  });

  it('an interface endpoint naming an absent subnet is an error for the zone rule', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, subnets: ['subnet-1', 'subnet-gone'] })], Subnets: [subnet({ id: 'subnet-1', vpc: V })] });
    expect(evaluateRule('interface-endpoint-multi-az', raw).errors[0]!.message).toBe('cannot judge vpce-i: the input lacks subnet subnet-gone (not in Subnets)');
  });

  it('judges the other resources when one lacks data', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-bad', vpc: V, tables: ['rtb-gone'] }), gateway({ id: 'vpce-good', vpc: 'vpc-0c02', tables: ['rtb-main-vpc-0c02'] })],
      Subnets: [subnet({ id: 'subnet-2', vpc: 'vpc-0c02' })],
    });
    const result = evaluateRule(GW, raw);
    expect(result.errors.map((e) => e.resourceId)).toEqual(['vpce-bad']);
    expect(result.get('vpce-good').complianceType).toBe('COMPLIANT');
  });
});

describe('endpoint types and states', () => {
  it('reads a lower-case type as AWS does: the worst endpoint keeps all its findings', () => {
    const raw = snapshot({
      Vpcs: [vpc({ id: V })],
      VpcEndpoints: [{ ...iface({ id: 'vpce-i', vpc: V, subnets: ['subnet-1'], groups: ['sg-open'], policy: DEFAULT_POLICY }), VpcEndpointType: 'interface', State: 'Available' }],
      Subnets: [subnet({ id: 'subnet-1', vpc: V })],
      SecurityGroups: [securityGroup({ id: 'sg-open', vpc: V, ingress: [tcp(443, { cidrs: ['0.0.0.0/0'] })] })],
    });
    const result = runRules(model(raw), { rules: selectRules(['endpoint-policy-restricted', 'interface-endpoint-security-groups', 'interface-endpoint-multi-az']), config: resolveConfig({}) });
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((e) => [e.ruleId, e.complianceType])).toEqual([
      ['endpoint-policy-restricted', 'NON_COMPLIANT'],
      ['interface-endpoint-security-groups', 'NON_COMPLIANT'],
      ['interface-endpoint-multi-az', 'NON_COMPLIANT'],
    ]);
  });

  it('an unknown endpoint type is an error for that endpoint naming the value and the known types', () => {
    const raw = snapshot({ VpcEndpoints: [{ ...gateway({ id: 'vpce-x', vpc: V }), VpcEndpointType: 'Bridge' }, gateway({ id: 'vpce-ok', vpc: V })] });
    const result = evaluateRule('endpoint-policy-restricted', raw, { orgId: ORG });
    expect(result.errors).toEqual([
      {
        ruleId: 'endpoint-policy-restricted',
        resourceId: 'vpce-x',
        message: 'VpcEndpointType "Bridge" of vpce-x is not an endpoint type (known: Gateway, Interface, GatewayLoadBalancer)',
      },
    ]);
    expect(result.get('vpce-ok').complianceType).toBe('COMPLIANT');
  });

  it('an unknown type in a terminal state is simply not applicable', () => {
    const raw = snapshot({ VpcEndpoints: [{ ...gateway({ id: 'vpce-x', vpc: V, state: 'DELETED' }), VpcEndpointType: 'Bridge' }] });
    const result = evaluateRule('endpoint-policy-restricted', raw);
    expect(result.errors).toEqual([]);
    expect(result.get('vpce-x')).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation: 'The endpoint is deleted.' });
  });
});

describe('the snapshot takes what the real CLI outputs carry', () => {
  it('reads describe-vpc-endpoint-services output with ServiceNames beside ServiceDetails', () => {
    const raw = snapshot({
      VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, service: 'ec2messages', policy: DEFAULT_POLICY })],
      ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.ec2messages', ServiceType: [{ ServiceType: 'Interface' }], VpcEndpointPolicySupported: false }],
      ServiceNames: ['com.amazonaws.us-east-1.ec2messages', 'com.amazonaws.us-east-1.s3'],
    });
    expect(evaluateRule('endpoint-policy-restricted', raw).get('vpce-i')).toMatchObject({
      complianceType: 'NOT_APPLICABLE',
      annotation: 'com.amazonaws.us-east-1.ec2messages does not support endpoint policies.',
    });
  });

  it('refuses a page with NextToken: the listing is partial, and says how to get all pages', () => {
    const raw = { ...snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })] }), NextToken: 'eyJuZXh0IjoiMiJ9' };
    expect(() => readSnapshot(raw, 'page.json')).toThrow(InputError);
    expect(() => readSnapshot(raw, 'page.json')).toThrow(
      /^page\.json: NextToken: the listing is partial \(one page of several\); run the aws command without --max-items/,
    );
  });
});

describe('the same id twice', () => {
  it('a duplicated route table yields one finding and AddRouteTableIds with the id once', () => {
    const table = routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] });
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })], RouteTables: [table, table], Subnets: [subnet({ id: 'subnet-a', vpc: V })] });
    const result = evaluateRule(GW, raw);
    expect(result.get('vpce-1').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-a']);
    expect(result.remediations[0]!.steps).toEqual([{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-a'] } }]);
  });

  it('a duplicated endpoint is evaluated once', () => {
    const endpoint = gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY });
    const result = evaluateRule('endpoint-policy-restricted', snapshot({ VpcEndpoints: [endpoint, endpoint] }));
    expect(result.evaluations).toHaveLength(1);
    expect(result.remediations).toHaveLength(1);
  });

  it('a duplicated VPC with another CIDR is an input error naming the key, the id and both positions', () => {
    const raw = snapshot({ Vpcs: [vpc({ id: 'vpc-1' }), vpc({ id: 'vpc-2' }), vpc({ id: 'vpc-1', cidr: '10.9.0.0/16' })] });
    expect(() => readSnapshot(raw, 'dup.json')).toThrow(InputError);
    expect(() => readSnapshot(raw, 'dup.json')).toThrow('dup.json: Vpcs[0] and Vpcs[2] are both vpc-1 but differ; keep one copy');
  });

  it.each([
    ['VpcEndpoints', 'VpcEndpointId', gateway({ id: 'vpce-1', vpc: V }), { State: 'pending' }],
    ['RouteTables', 'RouteTableId', routeTable({ id: 'rtb-1', vpc: V }), { VpcId: 'vpc-9' }],
    ['Subnets', 'SubnetId', subnet({ id: 'subnet-1', vpc: V }), { AvailabilityZone: 'us-east-1b' }],
    ['SecurityGroups', 'GroupId', securityGroup({ id: 'sg-1', vpc: V }), { GroupName: 'other' }],
    ['VpcAttributes', 'VpcId', { VpcId: V, EnableDnsSupport: { Value: true } }, { EnableDnsSupport: { Value: false } }],
    ['ServiceDetails', 'ServiceName', { ServiceName: 'com.amazonaws.us-east-1.s3' }, { VpcEndpointPolicySupported: false }],
  ])('differing copies in %s are refused', (key, _id, item, change) => {
    const raw = { ...snapshot({}), [key]: [item, { ...item, ...change }] };
    expect(() => readSnapshot(raw, 's.json')).toThrow(`s.json: ${key}[0] and ${key}[1] are both`);
  });

  it('the same id twice inside an endpoint is read once', () => {
    const raw = snapshot({ VpcEndpoints: [{ ...iface({ id: 'vpce-i', vpc: V, subnets: ['subnet-1', 'subnet-1'], groups: ['sg-1', 'sg-1'] }), RouteTableIds: ['rtb-1', 'rtb-1'] }] });
    const [endpoint] = readSnapshot(raw, 's').endpoints;
    expect([endpoint!.subnetIds, endpoint!.groupIds, endpoint!.routeTableIds]).toEqual([['subnet-1'], ['sg-1'], ['rtb-1']]);
  });

  it('the model reads data from any source alike: identical copies once, differing ones refused', () => {
    const data = readSnapshot(snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })] }), 's');
    const endpoint = data.endpoints[0]!;
    expect(new AccountModel({ ...data, endpoints: [endpoint, { ...endpoint }] }).endpoints).toHaveLength(1);
    expect(() => new AccountModel({ ...data, endpoints: [endpoint, { ...endpoint, state: 'pending' }] })).toThrow(
      'VpcEndpoints[0] and VpcEndpoints[1] are both vpce-1 but differ',
    );
    expect(new AccountModel({ ...data, endpoints: [{ ...endpoint, type: 'GATEWAY', state: 'Available' }] }).endpoints[0]).toMatchObject({ type: 'Gateway', state: 'available' });
  });
});

describe('requester-managed endpoints', () => {
  it('are judged but every plan for them is refused with the reason', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [{ ...gateway({ id: 'vpce-m', vpc: V, policy: DEFAULT_POLICY }), RequesterManaged: true }, gateway({ id: 'vpce-own', vpc: 'vpc-0c02', policy: DEFAULT_POLICY })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    const result = runRules(model(raw), { rules: selectRules([GW, 'endpoint-policy-restricted']), config: resolveConfig({}) });
    const managed = result.remediations.filter((p) => p.resourceId === 'vpce-m');
    expect(result.evaluations.filter((e) => e.resourceId === 'vpce-m').map((e) => e.complianceType)).toEqual(['NON_COMPLIANT', 'NON_COMPLIANT']);
    expect(managed.map((p) => [p.ruleId, p.status, p.steps])).toEqual([
      [GW, 'refused', []],
      ['endpoint-policy-restricted', 'refused', []],
    ]);
    expect(managed[0]!.summary).toBe(
      'Not changing vpce-m: it is requester-managed (managed by another AWS service, which owns its configuration). Would have: Associate rtb-a with vpce-m.',
    );
    expect(managed[0]!.after).toEqual(managed[0]!.before);
    expect(managed[1]).not.toHaveProperty('diff');
    // An endpoint of our own is still planned.
    expect(result.remediations.find((p) => p.resourceId === 'vpce-own')!.status).toBe('planned');
  });
});

describe('routes and coverage', () => {
  it('a blackhole route to the endpoint does not count as coverage', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'], routes: [{ ...gatewayRoute('vpce-1'), State: 'blackhole' }] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    expect(evaluateRule(GW, raw).get('vpce-1').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-a']);
  });

  it('an S3 interface endpoint in the VPC does not cover its tables as a gateway would', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V }), { ...iface({ id: 'vpce-i', vpc: V, service: 's3' }), RouteTableIds: ['rtb-a'] }],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'], routes: [gatewayRoute('vpce-i')] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    const result = evaluateRule(GW, raw);
    expect(result.get('vpce-1').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-a']);
    // Several S3 endpoints in the VPC, but only one gateway: the plan is not refused.
    expect(result.remediations[0]!.status).toBe('planned');
  });

  it('a VPC whose only subnets all have their own tables leaves the main table out, and says how many tables it judged', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-m', vpc: V, main: true })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    expect(evaluateRule(GW, raw).get('vpce-1').annotation).toBe(
      `Every route table serving subnets of ${V} (1 table) routes to an s3 gateway endpoint.`,
    );
  });

  it('a VPC without subnets has no table in scope, and the annotation says so', () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, service: 'dynamodb' })] });
    expect(evaluateRule(GW, raw).get('vpce-1').annotation).toBe(
      `Every route table serving subnets of ${V} (no table serves a subnet) routes to a dynamodb gateway endpoint.`,
    );
  });
});

describe('the engine', () => {
  it('plans nothing for compliant results', () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-main-vpc-0c01'] })], Subnets: [subnet({ id: 'subnet-a', vpc: V })] });
    const result = runRules(model(raw), { rules: selectRules([GW, 'endpoint-policy-restricted']), config: resolveConfig({ orgId: ORG }) });
    expect(result.evaluations.map((e) => e.complianceType)).toEqual(['COMPLIANT', 'COMPLIANT']);
    expect(result.remediations).toEqual([]);
  });

  it('names every missing part when a rule cannot run at all', () => {
    const result = runRules(model({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })] }), { rules: selectRules([GW]), config: resolveConfig({}) });
    expect(result.errors).toEqual([{ ruleId: GW, message: 'needs RouteTables, Subnets, which the input does not provide' }]);
    expect(result.evaluations).toEqual([]);
  });
});
