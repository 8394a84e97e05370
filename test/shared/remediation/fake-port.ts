// An in-memory EC2 for engine tests: it holds a snapshot, answers re-reads from it, applies the
// typed changes to it (as EC2 would) and records every call.
import type { Snapshot } from '../../../shared/model/index.js';
import { ResourceVanishedError, type Change, type RemediationPort } from '../../../shared/remediation/index.js';

export interface FakeEc2 extends RemediationPort {
  state: Snapshot;
  applied: Change[];
  probed: Change[];
  reads: string[];
  /** Runs before each re-read of an endpoint: lets a test change the state "meanwhile". */
  beforeRead?: (id: string) => void;
}

export function fakeEc2(state: Snapshot): FakeEc2 {
  const fake: FakeEc2 = {
    state,
    applied: [],
    probed: [],
    reads: [],
    async readEndpoint(id) {
      fake.reads.push(id);
      fake.beforeRead?.(id);
      const found = fake.state.VpcEndpoints.find((e) => e.VpcEndpointId === id);
      return found && structuredClone(found);
    },
    async readVpcAttribute(vpcId, attribute) {
      const entry = fake.state.VpcAttributes?.find((a) => a.VpcId === vpcId);
      return (attribute === 'enableDnsSupport' ? entry?.EnableDnsSupport : entry?.EnableDnsHostnames)?.Value;
    },
    async probe(change) {
      fake.probed.push(change);
    },
    async apply(change) {
      fake.applied.push(change);
      if (change.kind === 'enable-vpc-attribute') {
        const entry = fake.state.VpcAttributes?.find((a) => a.VpcId === change.vpcId);
        if (!entry) throw new ResourceVanishedError(`${change.vpcId} does not exist`);
        if (change.attribute === 'enableDnsSupport') entry.EnableDnsSupport = { Value: true };
        else entry.EnableDnsHostnames = { Value: true };
        return;
      }
      const endpoint = fake.state.VpcEndpoints.find((e) => e.VpcEndpointId === change.endpointId);
      if (!endpoint) throw new ResourceVanishedError(`InvalidVpcEndpointId.NotFound: ${change.endpointId}`);
      if (change.kind === 'add-route-tables') endpoint.RouteTableIds = [...new Set([...(endpoint.RouteTableIds ?? []), ...change.routeTableIds])];
      else endpoint.PolicyDocument = change.policyDocument;
    },
  };
  return fake;
}
