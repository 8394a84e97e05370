import { describe, expect, it } from 'vitest';
import { completeSnapshot as snapshot, evaluateRule, gateway, gatewayRoute, iface, routeTable, subnet } from '../../helpers/snapshot.js';

const RULE = 'gateway-endpoint-route-tables';
const V = 'vpc-0aa1';

describe(RULE, () => {
  it('is compliant when every table that serves a subnet routes to the endpoint', () => {
    // Prepare: two explicit tables, both associated with the endpoint.
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a', 'rtb-b'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-b', vpc: V, subnets: ['subnet-b'] }), routeTable({ id: 'rtb-main', vpc: V, main: true })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V }), subnet({ id: 'subnet-b', vpc: V })],
    });
    // Act
    const result = evaluateRule(RULE, raw).get('vpce-1');
    // Assess: the main table serves no subnet (all have their own), so it is not in scope.
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toBe('Every route table serving subnets of vpc-0aa1 (2 tables) routes to an s3 gateway endpoint.');
  });

  it('flags the main table when it serves subnets that have no table of their own', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-main', vpc: V, main: true })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V }), subnet({ id: 'subnet-implicit', vpc: V })],
    });
    const result = evaluateRule(RULE, raw).get('vpce-1');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings.map((f) => f.key)).toEqual(['RouteTable::rtb-main']);
    expect(result.findings[0]!.message).toContain('main table');
    expect(result.annotation).toContain('rtb-main');
  });

  it('counts a table shared by several subnets once, and ignores tables that serve no subnet', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: [] })],
      RouteTables: [routeTable({ id: 'rtb-shared', vpc: V, subnets: ['subnet-a', 'subnet-b', 'subnet-c'] }), routeTable({ id: 'rtb-idle', vpc: V })],
      Subnets: ['a', 'b', 'c'].map((s) => subnet({ id: `subnet-${s}`, vpc: V })),
    });
    const { get, remediations } = evaluateRule(RULE, raw);
    expect(get('vpce-1').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-shared']);
    expect(remediations).toHaveLength(1);
    expect(remediations[0]!.steps).toEqual([{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-shared'] } }]);
    // The plan only adds: the after state keeps every table the endpoint had.
    expect(remediations[0]!.after).toEqual({ RouteTableIds: ['rtb-shared'] });
  });

  it('plans only the missing tables and keeps the existing associations', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-b', vpc: V, subnets: ['subnet-b'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V }), subnet({ id: 'subnet-b', vpc: V })],
    });
    const plan = evaluateRule(RULE, raw).remediations[0]!;
    expect(plan.status).toBe('planned');
    expect(plan.steps[0]!.parameters).toEqual({ VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-b'] });
    expect(plan.before).toEqual({ RouteTableIds: ['rtb-a'] });
    expect(plan.after).toEqual({ RouteTableIds: ['rtb-a', 'rtb-b'] });
    expect(plan.iamActions).toContain('ec2:ModifyVpcEndpoint');
    expect(plan.steps.some((s) => JSON.stringify(s).includes('Remove'))).toBe(false);
  });

  it('counts tables served by another endpoint of the same service, and refuses to guess with several', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-a'] }), gateway({ id: 'vpce-2', vpc: V, tables: ['rtb-b'] })],
      RouteTables: [
        routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }),
        routeTable({ id: 'rtb-b', vpc: V, subnets: ['subnet-b'] }),
        routeTable({ id: 'rtb-c', vpc: V, subnets: ['subnet-c'] }),
      ],
      Subnets: ['a', 'b', 'c'].map((s) => subnet({ id: `subnet-${s}`, vpc: V })),
    });
    const { get, remediations } = evaluateRule(RULE, raw);
    // rtb-b is covered by vpce-2, so vpce-1 only misses rtb-c.
    expect(get('vpce-1').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-c']);
    expect(get('vpce-2').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-c']);
    expect(remediations.map((p) => p.status)).toEqual(['refused', 'refused']);
    expect(remediations[0]!.steps).toEqual([]);
    expect(remediations[0]!.summary).toContain('not guessing');
  });

  it('reads coverage from routes too (a table whose route targets the endpoint)', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: [] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'], routes: [gatewayRoute('vpce-1')] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    expect(evaluateRule(RULE, raw).get('vpce-1').complianceType).toBe('COMPLIANT');
  });

  it('does not count a DynamoDB endpoint as covering S3, nor a table of another VPC', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: V, tables: [] }), gateway({ id: 'vpce-ddb', vpc: V, service: 'dynamodb', tables: ['rtb-a'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] }), routeTable({ id: 'rtb-other', vpc: 'vpc-other', subnets: ['subnet-x'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V }), subnet({ id: 'subnet-x', vpc: 'vpc-other' })],
    });
    const { get } = evaluateRule(RULE, raw);
    expect(get('vpce-s3').findings.map((f) => f.key)).toEqual(['RouteTable::rtb-a']);
    expect(get('vpce-ddb').complianceType).toBe('COMPLIANT');
  });

  it('does not count a deleted endpoint of the service as covering a table', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-live', vpc: V, tables: [] }), gateway({ id: 'vpce-gone', vpc: V, tables: ['rtb-a'], state: 'deleted' })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    const { get, remediations } = evaluateRule(RULE, raw);
    expect(get('vpce-live').complianceType).toBe('NON_COMPLIANT');
    expect(remediations[0]!.status).toBe('planned');
  });

  it.each(['deleted', 'deleting', 'rejected', 'failed', 'expired', 'Deleted'])('is NOT_APPLICABLE for an endpoint in state %s', (state) => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, state })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    const result = evaluateRule(RULE, raw).get('vpce-1');
    expect(result.complianceType).toBe('NOT_APPLICABLE');
    expect(result.annotation).toContain(state.toLowerCase());
  });

  it.each(['available', 'pending', 'pendingAcceptance', 'modifying'])('judges an endpoint in state %s', (state) => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, state })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    expect(evaluateRule(RULE, raw).get('vpce-1').complianceType).toBe('NON_COMPLIANT');
  });

  it('is NOT_APPLICABLE for interface endpoints', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V })] });
    const result = evaluateRule(RULE, raw).get('vpce-i');
    expect(result.complianceType).toBe('NOT_APPLICABLE');
    expect(result.annotation).toContain('Gateway');
  });

  it('reports an error instead of judging when the snapshot has no route tables', () => {
    const raw = { VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })], Subnets: [] };
    const { evaluations, errors } = evaluateRule(RULE, raw);
    expect(evaluations).toEqual([]);
    expect(errors).toEqual([{ ruleId: RULE, message: expect.stringContaining('RouteTables') }]);
  });

  it('keeps the annotation within 256 characters and names the tables when there are many', () => {
    const subnets = Array.from({ length: 40 }, (_, i) => `subnet-${String(i).padStart(17, '0')}`);
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })],
      RouteTables: subnets.map((s, i) => routeTable({ id: `rtb-${String(i).padStart(17, '0')}`, vpc: V, subnets: [s] })),
      Subnets: subnets.map((id) => subnet({ id, vpc: V })),
    });
    const result = evaluateRule(RULE, raw).get('vpce-1');
    expect(result.annotation.length).toBeLessThanOrEqual(256);
    expect(result.annotation).toMatch(/rtb-0+0, .* and \d+ more/);
    expect(result.findings).toHaveLength(40);
  });
});
