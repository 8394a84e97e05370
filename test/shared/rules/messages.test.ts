// The exact texts operators read: annotations, finding messages and plan summaries of each rule.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveConfig, runRules } from '../../../shared/engine/index.js';
import type { EndpointRule } from '../../../shared/rules/types.js';
import { DEFAULT_POLICY, ORG, completeSnapshot, dns, evaluateRule, gateway, gatewayRoute, iface, model, routeTable, snapshot, subnet } from '../../helpers/snapshot.js';

const V = 'vpc-0e01';
const GW = 'gateway-endpoint-route-tables';

describe('gateway-endpoint-route-tables texts', () => {
  it('says how each missing table serves subnets', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })],
      RouteTables: [
        routeTable({ id: 'rtb-main', vpc: V, main: true, subnets: ['subnet-m'] }),
        routeTable({ id: 'rtb-x', vpc: V, subnets: ['subnet-x', 'subnet-y'] }),
      ],
      Subnets: ['m', 'x', 'y', 'z'].map((s) => subnet({ id: `subnet-${s}`, vpc: V })),
    });
    const result = evaluateRule(GW, raw).get('vpce-1');
    expect(result.findings).toEqual([
      { key: 'RouteTable::rtb-main', message: 'Route table rtb-main is the main table and serves subnet-m but has no route to an s3 gateway endpoint.' },
      { key: 'RouteTable::rtb-x', message: 'Route table rtb-x serves subnet-x, subnet-y but has no route to an s3 gateway endpoint.' },
    ]);
    expect(result.annotation).toBe(`No route to an s3 gateway endpoint in route tables serving subnets of ${V}: rtb-main, rtb-x.`);
  });

  it('says a main table without subnets of its own serves those without a table', () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })], RouteTables: [routeTable({ id: 'rtb-main', vpc: V, main: true })], Subnets: [subnet({ id: 'subnet-a', vpc: V })] });
    const [plan] = evaluateRule(GW, raw).remediations;
    expect(evaluateRule(GW, raw).get('vpce-1').findings[0]!.message).toBe('Route table rtb-main is the main table of subnets without their own table but has no route to an s3 gateway endpoint.');
    expect(plan).toEqual({
      ruleId: GW, resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-1', status: 'planned', summary: 'Associate rtb-main with vpce-1.',
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-main'] } }],
      before: { RouteTableIds: [] }, after: { RouteTableIds: ['rtb-main'] },
      iamActions: ['ec2:ModifyVpcEndpoint', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeRouteTables'],
    });
  });

  it('refuses to guess between two gateway endpoints, naming both', () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a'] }), gateway({ id: 'vpce-2', vpc: V })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-b', vpc: V, subnets: ['subnet-b'], routes: [gatewayRoute('vpce-other')] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V }), subnet({ id: 'subnet-b', vpc: V })],
    });
    const plan = evaluateRule(GW, raw).remediations.find((p) => p.resourceId === 'vpce-1')!;
    expect(plan).toMatchObject({
      status: 'refused', steps: [],
      summary: `2 gateway endpoints of com.amazonaws.us-east-1.s3 in ${V} (vpce-1, vpce-2): not guessing which should serve rtb-b.`,
      before: { RouteTableIds: ['rtb-a'] }, after: { RouteTableIds: ['rtb-a'] },
    });
  });
});

describe('endpoint-vpc-dns texts', () => {
  it('explains why an interface endpoint without private DNS is not judged', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, privateDns: false })], VpcAttributes: [dns(V, false, false)] });
    expect(evaluateRule('endpoint-vpc-dns', raw).get('vpce-i').annotation).toBe('Private DNS is off; the VPC DNS settings do not affect this endpoint.');
  });

  it('plans with the before and after of each attribute and the IAM actions', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V })], VpcAttributes: [dns(V, false, false)] });
    const [plan] = evaluateRule('endpoint-vpc-dns', raw, { rules: { 'endpoint-vpc-dns': { remediateVpcAttributes: true } } }).remediations;
    expect(plan).toMatchObject({
      summary: `Turn on enableDnsSupport and enableDnsHostnames for ${V}.`,
      before: { enableDnsSupport: false, enableDnsHostnames: false },
      after: { enableDnsSupport: true, enableDnsHostnames: true },
      iamActions: ['ec2:ModifyVpcAttribute', 'ec2:DescribeVpcAttribute'],
    });
  });
});

describe('interface-endpoint-multi-az texts', () => {
  it('names zones by id when the name is not given, and says "none" without subnets', () => {
    const raw = snapshot({
      VpcEndpoints: [iface({ id: 'vpce-a', vpc: V, subnets: ['subnet-1', 'subnet-2'] }), iface({ id: 'vpce-b', vpc: V })],
      Subnets: [{ SubnetId: 'subnet-1', VpcId: V, AvailabilityZoneId: 'use1-az4' }, { SubnetId: 'subnet-2', VpcId: V, AvailabilityZone: 'us-east-1a' }],
    });
    const { get } = evaluateRule('interface-endpoint-multi-az', raw);
    expect(get('vpce-a').annotation).toBe('Subnets span 2 availability zones (us-east-1a, use1-az4); at least 2 required.');
    expect(get('vpce-b').annotation).toBe('Subnets span 0 availability zones (none); at least 2 required, so one zone outage cuts the service off.');
  });

  it('names the subnet whose zone is not given', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-a', vpc: V, subnets: ['subnet-1'] })], Subnets: [{ SubnetId: 'subnet-1', VpcId: V }] });
    expect(evaluateRule('interface-endpoint-multi-az', raw).get('vpce-a').annotation).toContain('(the zone of subnet-1 (not given))');
  });
});

describe('endpoint-policy-restricted texts', () => {
  it('plans the tightened policy as the after state, with the changes as summary', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, policy: DEFAULT_POLICY })] });
    const { get, remediations } = evaluateRule('endpoint-policy-restricted', raw, { orgId: ORG });
    const [plan] = remediations;
    const document = plan!.steps[0]!.parameters.PolicyDocument as string;
    expect(plan).toMatchObject({
      status: 'planned', before: { PolicyDocument: DEFAULT_POLICY }, after: { PolicyDocument: document },
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-i', PolicyDocument: document } }],
      iamActions: ['ec2:ModifyVpcEndpoint', 'ec2:DescribeVpcEndpoints'],
    });
    expect(plan!.summary.length).toBeGreaterThan(0);
    expect(plan!.summary).not.toContain('; ;');
    expect(get('vpce-i').annotation).toMatch(/^The policy admits callers outside the trust boundary \(Principal::\*\): .+/);
  });
});

describe('engine texts and plans', () => {
  it('says which endpoint types a rule judges', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-g', vpc: V })], Subnets: [] });
    expect(evaluateRule('interface-endpoint-multi-az', raw).get('vpce-g').annotation).toBe('The rule judges Interface endpoints; this one is Gateway.');
  });

  const planning = (plan: (id: string) => unknown): EndpointRule<Record<string, never>> => ({
    id: 'planning', title: 't', description: 'd', severity: 'LOW', resourceType: 'AWS::EC2::VPCEndpoint', endpointTypes: ['Gateway'],
    parameters: z.strictObject({}), requires: [], annotation: { compliant: 'ok', nonCompliant: 'bad' },
    evaluate: () => ({ status: 'NON_COMPLIANT', vars: {}, findings: [{ key: 'K', message: 'm' }] }),
    plan: (endpoint) => plan(endpoint.id) as never,
  });
  const two = () => model(snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V }), gateway({ id: 'vpce-2', vpc: V })] }));
  const step = (p: unknown) => ({ ruleId: 'planning', resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'x', status: 'planned', summary: 's', steps: [{ action: 'ec2:ModifyVpcAttribute', parameters: p }], before: {}, after: {}, iamActions: [] });

  it('plans a shared step once, but keeps plans that share only some steps', () => {
    const same = runRules(two(), { rules: [planning(() => step({ VpcId: V }))], config: resolveConfig({}) });
    expect(same.remediations).toHaveLength(1);
    const partly = runRules(two(), {
      rules: [planning((id) => ({ ...step({ VpcId: V }), steps: [{ action: 'a', parameters: { VpcId: V } }, { action: 'b', parameters: { id } }] }))],
      config: resolveConfig({}),
    });
    expect(partly.remediations).toHaveLength(2);
    const none = runRules(two(), { rules: [planning(() => undefined)], config: resolveConfig({}) });
    expect(none.remediations).toEqual([]);
  });

  it('reports a plan that throws, and keeps the evaluation', () => {
    const result = runRules(two(), { rules: [planning(() => { throw new Error('no plan'); })], config: resolveConfig({}) });
    expect(result.evaluations).toHaveLength(2);
    expect(result.errors[0]).toEqual({ ruleId: 'planning', resourceId: 'vpce-1', message: 'cannot plan a remediation: no plan' });
  });

  it('gives compliant and not-applicable results no findings', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-g', vpc: V }), iface({ id: 'vpce-i', vpc: V })] });
    const result = evaluateRule('endpoint-policy-restricted', raw, { orgId: ORG });
    expect(result.evaluations.map((e) => e.findings)).toEqual([[], []]);
    expect(evaluateRule('interface-endpoint-multi-az', snapshot({ VpcEndpoints: [gateway({ id: 'vpce-g', vpc: V })] })).get('vpce-g').findings).toEqual([]);
  });
});
