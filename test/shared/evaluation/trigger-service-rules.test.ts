import { describe, expect, it } from 'vitest';
import { planChange, triggerResourceTypes } from '../../../shared/evaluation/trigger.js';
import { configurationItemSchema, type ConfigurationItem } from '../../../shared/model/index.js';
import { findRule } from '../../../shared/rules/catalogue.js';
import { fixture } from '../../functions/config-rule/events.js';
import { GATEWAY0, GROUP0, IFACE0, VPC0 } from '../../functions/config-rule/fake-ec2.js';

// Issue 14's rules in the change planner: which changes read what.

function itemOf(name: string): ConfigurationItem {
  return configurationItemSchema.parse((JSON.parse(fixture(name).invokingEvent as string) as { configurationItem: unknown }).configurationItem);
}
const rule = (id: string) => findRule(id)!;

describe('planChange for issue 14 rules', () => {
  it('s3-endpoint-keeps-aws-services: a change to an SSM endpoint re-evaluates every endpoint of its VPC', () => {
    const plan = planChange(rule('s3-endpoint-keeps-aws-services'), itemOf('change-vpc-endpoint-interface.json'), false);

    expect(plan.scope).toMatchObject({ vpcId: VPC0, targets: { kind: 'vpc-endpoints', vpcId: VPC0 } });
    expect(plan.scope!.overlay.map((i) => i.resourceId)).toEqual([IFACE0]);
  });

  it('s3-endpoint-keeps-aws-services: a change to an S3 endpoint evaluates that endpoint alone', () => {
    const plan = planChange(rule('s3-endpoint-keeps-aws-services'), itemOf('change-vpc-endpoint-gateway.json'), false);

    expect(plan.scope).toMatchObject({ targets: { kind: 'resource', id: GATEWAY0 } });
  });

  it('gateway-endpoint-egress: a group change evaluates the group on its VPC', () => {
    const own = planChange(rule('gateway-endpoint-egress'), itemOf('change-security-group.json'), false);

    expect(own.scope).toMatchObject({ vpcId: VPC0, targets: { kind: 'resource', id: GROUP0 } });
  });

  it.each([['change-vpc-endpoint-gateway.json'], ['change-route-table.json']])(
    'gateway-endpoint-egress: %s re-evaluates every group of its VPC, the item laid over EC2',
    (file) => {
      const item = itemOf(file);
      const plan = planChange(rule('gateway-endpoint-egress'), item, false);

      expect(plan.scope).toMatchObject({ vpcId: VPC0, targets: { kind: 'vpc-groups', vpcId: VPC0 } });
      expect(plan.relatedTrigger).toEqual(item);
    },
  );

  it('gateway-endpoint-egress: an interface endpoint or a subnet changes nothing it judges', () => {
    const iface = planChange(rule('gateway-endpoint-egress'), itemOf('change-vpc-endpoint-interface.json'), false);
    const subnet = planChange(rule('gateway-endpoint-egress'), itemOf('change-subnet.json'), false);

    expect(iface).toEqual({ decided: [expect.objectContaining({ complianceType: 'NOT_APPLICABLE', annotation: 'gateway-endpoint-egress depends on gateway endpoints only.' })] });
    expect(subnet.decided).toEqual([expect.objectContaining({ complianceType: 'NOT_APPLICABLE', annotation: 'gateway-endpoint-egress does not depend on AWS::EC2::Subnet resources.' })]);
  });

  it.each([
    ['endpoint-service-allowed-principals', 'change-vpc-endpoint-service.json', 'AWS::EC2::VPCEndpointService', 'vpce-svc-0f1e2d3c4b5a69788'],
    ['private-api-requires-endpoint', 'change-rest-api.json', 'AWS::ApiGateway::RestApi', 'a1b2c3d4e5'],
  ])('%s: a change reads the resource alone, in no VPC', (id, file, resourceType, resourceId) => {
    const plan = planChange(rule(id), itemOf(file), false);

    expect(plan).toEqual({ decided: [], single: { resourceType, resourceId } });
  });

  it('a deleted endpoint service is NOT_APPLICABLE and reads nothing', () => {
    const item = { ...itemOf('change-vpc-endpoint-service.json'), configurationItemStatus: 'ResourceDeleted', configuration: null };

    const plan = planChange(rule('endpoint-service-allowed-principals'), item, false);

    expect(plan.single).toBeUndefined();
    expect(plan.decided).toEqual([expect.objectContaining({ complianceType: 'NOT_APPLICABLE' })]);
  });
});

describe('triggerResourceTypes for issue 14 rules', () => {
  it('scopes each rule to its own type, and the group rule to gateway endpoints and route tables too', () => {
    expect(triggerResourceTypes(rule('gateway-endpoint-egress'))).toEqual(['AWS::EC2::SecurityGroup', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::RouteTable']);
    expect(triggerResourceTypes(rule('endpoint-service-allowed-principals'))).toEqual(['AWS::EC2::VPCEndpointService']);
    expect(triggerResourceTypes(rule('private-api-requires-endpoint'))).toEqual(['AWS::ApiGateway::RestApi']);
    expect(triggerResourceTypes(rule('s3-endpoint-keeps-aws-services'))).toEqual(['AWS::EC2::VPCEndpoint']);
  });
});
