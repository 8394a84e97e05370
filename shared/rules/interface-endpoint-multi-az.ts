import { z } from 'zod';
import { countOf } from './annotation.js';
import { sharedVerdict } from './frozen.js';
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
    compliant: 'Subnets span {zones} ({azs}); at least {minAzs} required.',
    nonCompliant: 'Subnets span {zones} ({azs}); at least {minAzs} required, so one zone outage cuts the service off.',
  },
  evaluate(endpoint, { model, params, memo }): Verdict {
    const azs = new Set<string>();
    for (const id of endpoint.subnetIds) {
      // The engine has checked that every subnet the endpoint names is in the model.
      const subnet = model.subnet(id)!;
      azs.add(subnet.availabilityZone ?? subnet.availabilityZoneId ?? `the zone of ${subnet.id} (not given)`);
    }
    const zones = countOf(azs.size, 'availability zone');
    const vars = { zones, azs: azs.size ? [...azs].sort() : ['none'], minAzs: params.minAzs };
    if (azs.size >= params.minAzs) {
      // Endpoints in the same zones share one compliant verdict (and its annotation).
      return sharedVerdict(memo, `interface-endpoint-multi-az|${params.minAzs}|${vars.azs.join(',')}`, () => ({ status: 'COMPLIANT', vars }));
    }
    return {
      status: 'NON_COMPLIANT',
      vars,
      findings: [{ key: 'AvailabilityZones', message: `${endpoint.id} spans ${zones}; at least ${params.minAzs} required.` }],
    };
  },
};
