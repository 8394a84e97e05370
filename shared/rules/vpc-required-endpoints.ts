import { z } from 'zod';
import type { Endpoint } from '../model/index.js';
import { parseServiceName, TERMINAL_STATES } from '../model/index.js';
import { listParam } from './params.js';
import type { Verdict, VpcRule } from './types.js';

const TYPES: Record<string, string> = { gateway: 'Gateway', interface: 'Interface', gatewayloadbalancer: 'GatewayLoadBalancer' };

/** `s3`, `s3:gateway`, `ecr.api:interface` or a full service name such as `com.amazonaws.us-east-1.s3`. */
const requirement = z
  .string()
  .min(1)
  .refine((s) => {
    const type = s.split(':')[1];
    return type === undefined || type.toLowerCase() in TYPES;
  }, 'must be a service such as "s3" or "s3:gateway" (types: gateway, interface, gatewayloadbalancer)');

const parameters = z.strictObject({
  requiredServices: listParam(requirement).default(['s3:gateway']),
});
type Params = z.output<typeof parameters>;

function satisfies(endpoint: Endpoint, wanted: string): boolean {
  const [service = '', type] = wanted.split(':');
  const short = parseServiceName(endpoint.serviceName).short;
  const serviceOk = service.includes('.amazonaws.') || service.startsWith('com.') ? endpoint.serviceName === service : short === service;
  return serviceOk && (type === undefined || endpoint.type === TYPES[type.toLowerCase()]);
}

/** The VPC has a live endpoint for every service in `requiredServices`. */
export const vpcRequiredEndpoints: VpcRule<Params> = {
  id: 'vpc-required-endpoints',
  title: 'VPCs have the endpoints they are required to have',
  description: 'The VPC has an endpoint, not deleted or failed, for every service in requiredServices (default: an S3 gateway).',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPC',
  parameters,
  requires: ['vpcs'],
  annotation: {
    compliant: 'The VPC has endpoints for {services}.',
    nonCompliant: 'The VPC lacks endpoints for {missing}.',
  },
  evaluate(vpc, { model, params }): Verdict {
    const live = model.endpointsInVpc(vpc.id).filter((e) => !TERMINAL_STATES.has(e.state));
    const missing = params.requiredServices.filter((s) => !live.some((e) => satisfies(e, s)));
    if (missing.length === 0) return { status: 'COMPLIANT', vars: { services: params.requiredServices } };
    return {
      status: 'NON_COMPLIANT',
      vars: { missing },
      findings: missing.map((s) => ({ key: `Service::${s}`, message: `${vpc.id} has no endpoint for ${s}.` })),
    };
  },
};
