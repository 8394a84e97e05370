import { z } from 'zod';
import type { Endpoint } from '../model/index.js';
import { parseServiceName, TERMINAL_STATES } from '../model/index.js';
import { listParam } from './params.js';
import type { Verdict, VpcRule } from './types.js';

const TYPES: Record<string, string> = { gateway: 'Gateway', interface: 'Interface' };

/** `s3:gateway`, `ecr.api:interface`, or a full service name: `com.amazonaws.us-east-1.s3:gateway`. */
const requirement = z
  .string()
  .regex(/^[^:\s]+:(?:gateway|interface)$/i, 'must be name:Gateway or name:Interface, such as "s3:gateway" or "ecr.api:interface"');

const parameters = z.strictObject({
  requiredServices: listParam(requirement).pipe(z.array(z.string()).min(1, 'must name at least one service')).default(['s3:gateway']),
});
type Params = z.output<typeof parameters>;

function satisfies(endpoint: Endpoint, wanted: string): boolean {
  const [service, type] = wanted.split(':') as [string, string];
  // A name with a region in it is a full service name; otherwise it is the short name.
  const serviceOk = parseServiceName(service).region !== undefined ? endpoint.serviceName === service : parseServiceName(endpoint.serviceName).short === service;
  return serviceOk && endpoint.type === TYPES[type.toLowerCase()];
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
