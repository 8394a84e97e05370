import { InputError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { RemediationPort } from './port.js';

/**
 * A read-only port over an offline snapshot: "re-reads" return the snapshot's state and no change
 * can be made, so a plan from a snapshot can only be dry-run.
 */
export function snapshotPort(snapshot: Snapshot): RemediationPort {
  return {
    readEndpoint: async (id) => snapshot.VpcEndpoints.find((e) => e.VpcEndpointId === id),
    readVpcAttribute: async (vpcId, attribute) => {
      const entry = snapshot.VpcAttributes?.find((a) => a.VpcId === vpcId);
      return (attribute === 'enableDnsSupport' ? entry?.EnableDnsSupport : entry?.EnableDnsHostnames)?.Value;
    },
    apply: async () => {
      throw new InputError('a snapshot is not the live account: it can only be dry-run');
    },
  };
}
