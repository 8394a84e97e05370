import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../errors.js';
import type { SnapshotEndpoint } from '../model/snapshot.js';
import { ResourceVanishedError } from '../remediation/errors.js';
import type { RemediationPort } from '../remediation/port.js';
import type { Change } from '../remediation/types.js';

// The error codes with which EC2 says the resource is gone.
const NOT_FOUND = new Set(['InvalidVpcEndpointId.NotFound', 'InvalidVpcEndpoint.NotFound', 'InvalidVpcID.NotFound']);

function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string };
  return e.Code ?? e.name ?? 'Error';
}

function failure(call: string, error: unknown): AwsCallError {
  const text = `${call} failed: ${errorName(error)}: ${(error as Error).message ?? String(error)}`;
  return NOT_FOUND.has(errorName(error)) ? new ResourceVanishedError(text, { cause: error }) : new AwsCallError(text, { cause: error });
}

/** The call a change is, with DryRun when asked. Only these three shapes can ever be sent. */
function commandOf(change: Change, dryRun: boolean): { name: string; command: ModifyVpcEndpointCommand | ModifyVpcAttributeCommand } {
  switch (change.kind) {
    case 'add-route-tables':
      return {
        name: `ModifyVpcEndpoint(${change.endpointId}, AddRouteTableIds ${change.routeTableIds.join(',')})`,
        command: new ModifyVpcEndpointCommand({ VpcEndpointId: change.endpointId, AddRouteTableIds: [...change.routeTableIds], ...(dryRun ? { DryRun: true } : {}) }),
      };
    case 'set-endpoint-policy':
      return {
        name: `ModifyVpcEndpoint(${change.endpointId}, PolicyDocument)`,
        command: new ModifyVpcEndpointCommand({ VpcEndpointId: change.endpointId, PolicyDocument: change.policyDocument, ...(dryRun ? { DryRun: true } : {}) }),
      };
    case 'enable-vpc-attribute':
      return {
        name: `ModifyVpcAttribute(${change.vpcId}, ${change.attribute})`,
        command: new ModifyVpcAttributeCommand(
          change.attribute === 'enableDnsSupport' ? { VpcId: change.vpcId, EnableDnsSupport: { Value: true } } : { VpcId: change.vpcId, EnableDnsHostnames: { Value: true } },
        ),
      };
  }
}

/** One endpoint as EC2 describes it now (DescribeVpcEndpoints by id); undefined when it no longer exists. */
export async function describeEndpoint(client: EC2Client, endpointId: string): Promise<SnapshotEndpoint | undefined> {
  try {
    const out = await client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));
    return out.VpcEndpoints?.find((e) => e.VpcEndpointId === endpointId) as SnapshotEndpoint | undefined;
  } catch (error) {
    if (NOT_FOUND.has(errorName(error))) return undefined;
    throw failure(`DescribeVpcEndpoints(${endpointId})`, error);
  }
}

/** Sets an endpoint's policy (ModifyVpcEndpoint PolicyDocument): what `vpce-guard rollback --apply` sends. */
export async function setEndpointPolicy(client: EC2Client, endpointId: string, policyDocument: string): Promise<void> {
  const { name, command } = commandOf({ kind: 'set-endpoint-policy', endpointId, policyDocument }, false);
  try {
    await client.send(command as ModifyVpcEndpointCommand);
  } catch (error) {
    throw failure(name, error);
  }
}

/**
 * The remediation engine's view of EC2: re-reads by id, the three typed changes, and permission
 * probes with `DryRun: true` (EC2 answers `DryRunOperation` when the call would succeed;
 * ModifyVpcAttribute has no DryRun, so its probe only re-checks that the VPC exists). A
 * resource that is gone is a ResourceVanishedError, which the engine reports and never retries.
 */
export function ec2RemediationPort(client: EC2Client): RemediationPort {
  return {
    readEndpoint: (id) => describeEndpoint(client, id),
    async readVpcAttribute(vpcId, attribute) {
      try {
        const out = await client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }));
        return (attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames)?.Value ?? false;
      } catch (error) {
        if (NOT_FOUND.has(errorName(error))) return undefined;
        throw failure(`DescribeVpcAttribute(${vpcId}, ${attribute})`, error);
      }
    },
    async apply(change) {
      const { name, command } = commandOf(change, false);
      try {
        await client.send(command as ModifyVpcEndpointCommand);
      } catch (error) {
        throw failure(name, error);
      }
    },
    async probe(change) {
      if (change.kind === 'enable-vpc-attribute') {
        try {
          await client.send(new DescribeVpcAttributeCommand({ VpcId: change.vpcId, Attribute: change.attribute }));
        } catch (error) {
          throw failure(`DescribeVpcAttribute(${change.vpcId}, ${change.attribute})`, error);
        }
        return;
      }
      const { name, command } = commandOf(change, true);
      try {
        await client.send(command as ModifyVpcEndpointCommand);
      } catch (error) {
        if (errorName(error) === 'DryRunOperation') return;
        throw failure(`${name} (DryRun)`, error);
      }
      throw new AwsCallError(`${name} (DryRun) returned without DryRunOperation; EC2 may have made the change`);
    },
  };
}
