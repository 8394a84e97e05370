import { describe, expect, it } from 'vitest';
import { goneReason, planChange, selectTargets, triggerResourceTypes } from '../../../shared/evaluation/trigger.js';
import { AccountModel, configurationItemSchema, readSnapshot, type ConfigurationItem } from '../../../shared/model/index.js';
import { findRule } from '../../../shared/rules/catalogue.js';
import { fixture } from '../../functions/config-rule/events.js';
import { fakeAccount, GATEWAY0, GROUP0, IFACE0, VPC0 } from '../../functions/config-rule/fake-ec2.js';

function itemOf(name: string): ConfigurationItem {
  return configurationItemSchema.parse((JSON.parse(fixture(name).invokingEvent as string) as { configurationItem: unknown }).configurationItem);
}
const rule = (id: string) => findRule(id)!;

describe('goneReason', () => {
  it('maps deleted, unrecorded and out-of-scope items to a reason, and live ones to none', () => {
    expect(goneReason('ResourceDeleted', false)).toMatch(/deleted/);
    expect(goneReason('ResourceDeletedNotRecorded', false)).toMatch(/deleted/);
    expect(goneReason('ResourceNotRecorded', false)).toMatch(/does not record/);
    expect(goneReason('OK', true)).toMatch(/left the scope/);
    expect(goneReason('OK', false)).toBeUndefined();
    expect(goneReason('ResourceDiscovered', false)).toBeUndefined();
  });
});

describe('planChange', () => {
  it('an endpoint of the rule type: read its VPC, overlay the item, evaluate it', () => {
    const plan = planChange(rule('gateway-endpoint-route-tables'), itemOf('change-vpc-endpoint-gateway.json'), false);

    expect(plan.decided).toEqual([]);
    expect(plan.scope).toMatchObject({ vpcId: VPC0, targets: { kind: 'resource', id: GATEWAY0 } });
    expect(plan.relatedTrigger).toBeUndefined();
  });

  it('an endpoint whose configuration cannot be read is NON_COMPLIANT with the reason, and reads nothing', () => {
    const item = itemOf('change-vpc-endpoint-gateway.json');
    delete item.configuration!.vpcEndpointType;

    const plan = planChange(rule('gateway-endpoint-route-tables'), item, false);

    expect(plan.scope).toBeUndefined();
    expect(plan.decided).toEqual([expect.objectContaining({ resourceId: GATEWAY0, complianceType: 'NON_COMPLIANT', annotation: expect.stringMatching(/^Cannot evaluate: .*vpcEndpointType/) })]);
  });

  it('a security group for the security-group rule: the endpoints of its VPC that use it', () => {
    const plan = planChange(rule('interface-endpoint-security-groups'), itemOf('change-security-group.json'), false);

    expect(plan.scope?.targets).toEqual({ kind: 'group-endpoints', groupId: GROUP0, vpcId: VPC0 });
    expect(plan.relatedTrigger).toMatchObject({ resourceId: GROUP0 });
  });

  it('a resource the rule does not depend on is NOT_APPLICABLE and reads nothing', () => {
    const plan = planChange(rule('interface-endpoint-multi-az'), itemOf('change-security-group.json'), false);

    expect(plan.scope).toBeUndefined();
    expect(plan.decided).toEqual([expect.objectContaining({ resourceId: GROUP0, complianceType: 'NOT_APPLICABLE' })]);
  });

  it('the VPC rule: an endpoint change re-evaluates the endpoint\'s VPC', () => {
    const plan = planChange(rule('vpc-required-endpoints'), itemOf('change-vpc-endpoint-gateway.json'), false);

    expect(plan.scope).toMatchObject({ vpcId: VPC0, targets: { kind: 'resource', id: VPC0 } });
    expect(plan.relatedTrigger).toMatchObject({ resourceId: GATEWAY0 });
  });

  it('a deleted item is NOT_APPLICABLE whatever the rule', () => {
    const plan = planChange(rule('endpoint-policy-restricted'), itemOf('change-vpc-endpoint-deleted.json'), false);
    expect(plan).toEqual({ decided: [expect.objectContaining({ resourceId: GATEWAY0, complianceType: 'NOT_APPLICABLE' })] });
  });
});

describe('selectTargets', () => {
  const { dns: _dns, ...parts } = fakeAccount(2);
  const model = new AccountModel(readSnapshot(parts, 'fake'));

  it('picks the live endpoints of the VPC that the rule judges', () => {
    expect(selectTargets(rule('gateway-endpoint-route-tables'), model, { kind: 'vpc-endpoints', vpcId: VPC0 })).toEqual([GATEWAY0]);
    expect(selectTargets(rule('endpoint-vpc-dns'), model, { kind: 'vpc-endpoints', vpcId: VPC0 })).toEqual([GATEWAY0, IFACE0]);
    expect(selectTargets(rule('interface-endpoint-security-groups'), model, { kind: 'group-endpoints', groupId: GROUP0, vpcId: VPC0 })).toEqual([IFACE0]);
    expect(selectTargets(rule('interface-endpoint-security-groups'), model, { kind: 'group-endpoints', groupId: 'sg-0other', vpcId: VPC0 })).toEqual([]);
  });
});

describe('triggerResourceTypes', () => {
  it('lists the types each rule must be scoped to, its own first', () => {
    expect(triggerResourceTypes(rule('gateway-endpoint-route-tables'))).toEqual(['AWS::EC2::VPCEndpoint', 'AWS::EC2::RouteTable', 'AWS::EC2::Subnet']);
    expect(triggerResourceTypes(rule('endpoint-policy-restricted'))).toEqual(['AWS::EC2::VPCEndpoint']);
    expect(triggerResourceTypes(rule('endpoint-vpc-dns'))).toEqual(['AWS::EC2::VPCEndpoint', 'AWS::EC2::VPC']);
    expect(triggerResourceTypes(rule('interface-endpoint-security-groups'))).toEqual(['AWS::EC2::VPCEndpoint', 'AWS::EC2::SecurityGroup', 'AWS::EC2::VPC']);
    expect(triggerResourceTypes(rule('interface-endpoint-multi-az'))).toEqual(['AWS::EC2::VPCEndpoint', 'AWS::EC2::Subnet']);
    expect(triggerResourceTypes(rule('vpc-required-endpoints'))).toEqual(['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint']);
  });
});
