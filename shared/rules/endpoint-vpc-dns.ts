import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Endpoint } from '../model/index.js';
import { boolParam } from './params.js';
import type { EndpointRule, Finding, Verdict } from './types.js';

const parameters = z.strictObject({
  /** Plan ModifyVpcAttribute calls; off unless enabled on its own. */
  remediateVpcAttributes: boolParam.default(false),
});
type Params = z.output<typeof parameters>;

const ATTRIBUTES = [
  { name: 'enableDnsSupport', param: 'EnableDnsSupport', field: 'dnsSupport' },
  { name: 'enableDnsHostnames', param: 'EnableDnsHostnames', field: 'dnsHostnames' },
] as const;

function neededAttributes(endpoint: Endpoint): (typeof ATTRIBUTES)[number][] {
  return endpoint.type === 'Gateway' ? [ATTRIBUTES[0]] : [...ATTRIBUTES];
}

/** The VPC's DNS settings let the endpoint work: DNS support for gateways; support and hostnames for private DNS. */
export const endpointVpcDns: EndpointRule<Params> = {
  id: 'endpoint-vpc-dns',
  title: "The VPC's DNS settings let the endpoint resolve",
  description:
    'A gateway endpoint\'s VPC has DNS support; an interface endpoint with private DNS has a VPC with both DNS support and DNS hostnames.',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Gateway', 'Interface'],
  parameters,
  requires: ['vpcDns'],
  annotation: {
    compliant: '{vpcId} has {attributes} on, as the endpoint needs.',
    nonCompliant: '{vpcId} has {missing} off, so {effect}.',
  },
  remediation: {
    description: 'Turns the missing VPC attributes on (ModifyVpcAttribute), only with remediateVpcAttributes.',
    iamActions: ['ec2:ModifyVpcAttribute', 'ec2:DescribeVpcAttribute'],
  },
  evaluate(endpoint, { model }): Verdict {
    if (endpoint.type === 'Interface' && !endpoint.privateDnsEnabled) {
      return { status: 'NOT_APPLICABLE', reason: 'Private DNS is off; the VPC DNS settings do not affect this endpoint.' };
    }
    const dns = model.vpcDns(endpoint.vpcId);
    if (!dns) throw new InputError(`no VpcAttributes entry for ${endpoint.vpcId}`);
    const needed = neededAttributes(endpoint);
    for (const attr of needed) {
      if (dns[attr.field] === undefined) throw new InputError(`VpcAttributes of ${endpoint.vpcId} lack ${attr.param}`);
    }
    const missing = needed.filter((attr) => dns[attr.field] === false);
    if (missing.length === 0) {
      return { status: 'COMPLIANT', vars: { vpcId: endpoint.vpcId, attributes: needed.map((a) => a.name) } };
    }
    const effect =
      endpoint.type === 'Gateway'
        ? `instances cannot resolve ${endpoint.serviceName.split('.').pop()} names to reach the gateway endpoint`
        : `the private DNS name of ${endpoint.serviceName} does not resolve to the endpoint`;
    const findings: Finding[] = missing.map((a) => ({
      key: `VpcAttribute::${a.name}`,
      message: `${endpoint.vpcId} has ${a.name} off; ${endpoint.id} needs it on.`,
    }));
    return { status: 'NON_COMPLIANT', vars: { vpcId: endpoint.vpcId, missing: missing.map((a) => a.name), effect }, findings };
  },
  plan(endpoint, verdict, { params }) {
    if (!params.remediateVpcAttributes) return undefined;
    const names = verdict.findings.map((f) => f.key.slice('VpcAttribute::'.length));
    // DNS support first: AWS refuses hostnames on a VPC without it.
    const attrs = ATTRIBUTES.filter((a) => names.includes(a.name));
    return {
      ruleId: this.id,
      resourceType: this.resourceType,
      resourceId: endpoint.id,
      status: 'planned',
      summary: `Turn on ${attrs.map((a) => a.name).join(' and ')} for ${endpoint.vpcId}.`,
      steps: attrs.map((a) => ({ action: 'ec2:ModifyVpcAttribute', parameters: { VpcId: endpoint.vpcId, [a.param]: { Value: true } } })),
      before: Object.fromEntries(attrs.map((a) => [a.name, false])),
      after: Object.fromEntries(attrs.map((a) => [a.name, true])),
      iamActions: [...this.remediation!.iamActions],
    };
  },
};
