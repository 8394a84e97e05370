import type { Change, RemediationStep } from './types.js';

const ENDPOINT_ID = /^vpce-[0-9a-z]+$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-z]+$/;
const VPC_ID = /^vpc-[0-9a-z]+$/;
const ATTRIBUTES = { EnableDnsSupport: 'enableDnsSupport', EnableDnsHostnames: 'enableDnsHostnames' } as const;

function unexpected(parameters: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(parameters).filter((k) => !allowed.includes(k));
}

/**
 * The typed change a planned step stands for, or the reason it is refused. Only three shapes
 * pass: ModifyVpcEndpoint with VpcEndpointId and AddRouteTableIds, ModifyVpcEndpoint with
 * VpcEndpointId and PolicyDocument, and ModifyVpcAttribute turning one DNS attribute on. Any other
 * action or parameter (RemoveRouteTableIds, ResetPolicy, a Value of false…) is refused.
 */
export function changeOf(step: RemediationStep): Change | { refused: string } {
  const p = step.parameters;
  if (step.action === 'ec2:ModifyVpcEndpoint') {
    const extra = unexpected(p, ['VpcEndpointId', 'AddRouteTableIds', 'PolicyDocument']);
    if (extra.length) return { refused: `ModifyVpcEndpoint with ${extra.join(', ')} is never sent` };
    if (typeof p.VpcEndpointId !== 'string' || !ENDPOINT_ID.test(p.VpcEndpointId)) return { refused: 'ModifyVpcEndpoint without a valid VpcEndpointId' };
    const hasTables = p.AddRouteTableIds !== undefined;
    const hasPolicy = p.PolicyDocument !== undefined;
    if (hasTables === hasPolicy) return { refused: 'ModifyVpcEndpoint must carry exactly one of AddRouteTableIds and PolicyDocument' };
    if (hasTables) {
      const ids = p.AddRouteTableIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && ROUTE_TABLE_ID.test(id))) {
        return { refused: 'AddRouteTableIds must be a non-empty list of route table ids' };
      }
      return { kind: 'add-route-tables', endpointId: p.VpcEndpointId, routeTableIds: [...new Set(ids as string[])] };
    }
    if (typeof p.PolicyDocument !== 'string' || p.PolicyDocument.trim() === '') return { refused: 'PolicyDocument must be a JSON string' };
    return { kind: 'set-endpoint-policy', endpointId: p.VpcEndpointId, policyDocument: p.PolicyDocument };
  }
  if (step.action === 'ec2:ModifyVpcAttribute') {
    const names = Object.keys(p).filter((k) => k !== 'VpcId');
    if (typeof p.VpcId !== 'string' || !VPC_ID.test(p.VpcId)) return { refused: 'ModifyVpcAttribute without a valid VpcId' };
    const name = names[0] as keyof typeof ATTRIBUTES | undefined;
    if (names.length !== 1 || !name || !(name in ATTRIBUTES)) return { refused: 'ModifyVpcAttribute must set exactly one of EnableDnsSupport and EnableDnsHostnames' };
    const value = p[name] as { Value?: unknown } | undefined;
    if (typeof value !== 'object' || value === null || value.Value !== true || Object.keys(value).length !== 1) {
      return { refused: `ModifyVpcAttribute only turns ${name} on ({"Value": true})` };
    }
    return { kind: 'enable-vpc-attribute', vpcId: p.VpcId, attribute: ATTRIBUTES[name] };
  }
  return { refused: `${step.action} is not a change vpce-guard makes` };
}

/** The step a change is sent as (what reports and alerts show). */
export function stepOf(change: Change): RemediationStep {
  switch (change.kind) {
    case 'add-route-tables':
      return { action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: change.endpointId, AddRouteTableIds: change.routeTableIds } };
    case 'set-endpoint-policy':
      return { action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: change.endpointId, PolicyDocument: change.policyDocument } };
    case 'enable-vpc-attribute':
      return {
        action: 'ec2:ModifyVpcAttribute',
        parameters: { VpcId: change.vpcId, [change.attribute === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames']: { Value: true } },
      };
  }
}
