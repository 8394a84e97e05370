import type { SnapshotEndpoint } from '../model/snapshot.js';
import type { Change } from './types.js';

/**
 * What the engine needs from EC2, implemented by `shared/aws/ec2-remediation.ts` (and, for an
 * offline snapshot, by a read-only stand-in). Reads return undefined when the resource no longer
 * exists; `apply` and `probe` throw ResourceVanishedError for a resource that vanished.
 */
export interface RemediationPort {
  /** The endpoint as EC2 describes it now (DescribeVpcEndpoints by id). */
  readEndpoint(endpointId: string): Promise<SnapshotEndpoint | undefined>;
  /** The VPC attribute now (DescribeVpcAttribute). */
  readVpcAttribute(vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean | undefined>;
  /** Makes the change. */
  apply(change: Change): Promise<void>;
  /** Asks EC2 whether the change would be allowed (`DryRun: true`), changing nothing; absent offline. */
  probe?(change: Change): Promise<void>;
}
