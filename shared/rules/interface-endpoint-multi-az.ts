import { z } from 'zod';
import { InputError } from '../errors.js';
import { intParam } from './params.js';
import type { EndpointRule, Verdict } from './types.js';

const parameters = z.strictObject({
  /** The fewest availability zones the endpoint's subnets must span. */
  minAzs: intParam(1).default(2),
});
type Params = z.output<typeof parameters>;

/** The interface endpoint's subnets span at least `minAzs` availability zones. */
export const interfaceEndpointMultiAz: EndpointRule<Params> = {
  id: 'interface-endpoint-multi-az',
  title: 'Interface endpoints span several availability zones',
  description: "The interface endpoint's subnets span at least minAzs (default 2) availability zones.",
  severity: 'LOW',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Interface'],
  parameters,
  requires: ['subnets'],
  annotation: {
    compliant: 'Subnets span {count} availability zones ({azs}); at least {minAzs} required.',
    nonCompliant: 'Subnets span {count} availability zone(s) ({azs}); at least {minAzs} required, so one zone outage cuts the service off.',
  },
  evaluate(endpoint, { model, params }): Verdict {
    const azs = new Set<string>();
    for (const id of endpoint.subnetIds) {
      const subnet = model.subnet(id);
      if (!subnet) throw new InputError(`subnet ${id} of ${endpoint.id} is not in the snapshot's Subnets`);
      azs.add(subnet.availabilityZone ?? subnet.availabilityZoneId ?? 'unknown');
    }
    const vars = { count: azs.size, azs: azs.size ? [...azs].sort() : ['none'], minAzs: params.minAzs };
    if (azs.size >= params.minAzs) return { status: 'COMPLIANT', vars };
    return {
      status: 'NON_COMPLIANT',
      vars,
      findings: [{ key: 'AvailabilityZones', message: `${endpoint.id} spans ${azs.size} zone(s); at least ${params.minAzs} required.` }],
    };
  },
};
