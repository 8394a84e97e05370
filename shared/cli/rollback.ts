import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createTwoFilesPatch } from 'diff';
import { getResourceConfigHistory } from '../aws/config-history.js';
import { describeEndpoint, setEndpointPolicy } from '../aws/ec2-remediation.js';
import { InputError } from '../errors.js';
import type { ConfigurationItem } from '../model/from-config-item.js';

export interface RollbackOptions {
  endpoint: string;
  to?: string;
  apply?: boolean;
  region?: string;
}

/** The policy a configuration item recorded, as text (Config writes a JSON string; an object is accepted too). */
export function recordedPolicy(item: ConfigurationItem): string | undefined {
  const policy = item.configuration?.policyDocument;
  if (typeof policy === 'string' && policy.trim() !== '') return policy;
  if (typeof policy === 'object' && policy !== null) return JSON.stringify(policy);
  return undefined;
}

function pretty(policy: string): string {
  try {
    return `${JSON.stringify(JSON.parse(policy), null, 2)}\n`;
  } catch {
    return `${policy}\n`;
  }
}

/** Two policies are the same when they parse to the same JSON (EC2 and Config format them differently). */
function samePolicy(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return pretty(a) === pretty(b);
}

const LIVE = new Set(['OK', 'ResourceDiscovered']);

/**
 * Picks the item to restore: with `to`, the newest item recorded at or before it; without, the
 * newest item whose policy differs from the current one (the policy before the last change).
 */
export function chooseItem(items: readonly ConfigurationItem[], current: string | undefined, to: Date | undefined): ConfigurationItem | undefined {
  const usable = items.filter((i) => LIVE.has(i.configurationItemStatus) && recordedPolicy(i) !== undefined);
  if (to) return usable.find((i) => new Date(i.configurationItemCaptureTime).getTime() <= to.getTime());
  return usable.find((i) => !samePolicy(recordedPolicy(i), current));
}

/**
 * `vpce-guard rollback`: restores an endpoint policy from AWS Config's configuration history
 * (GetResourceConfigHistory). Prints the policy it would restore and the diff from the current
 * one; `--apply` sends it (ModifyVpcEndpoint PolicyDocument) after reading the endpoint again.
 */
export async function rollbackCommand(options: RollbackOptions): Promise<number> {
  if (!/^vpce-[0-9a-z]+$/.test(options.endpoint)) throw new InputError(`--endpoint: "${options.endpoint}" is not a VPC endpoint id (vpce-…)`);
  let to: Date | undefined;
  if (options.to !== undefined) {
    to = new Date(options.to);
    if (Number.isNaN(to.getTime())) throw new InputError(`--to: "${options.to}" is not an ISO 8601 time (e.g. 2026-02-11T13:00:00Z)`);
  }
  const clientOptions = { ...(options.region ? { region: options.region } : {}), maxAttempts: 8, retryMode: 'adaptive' as const };
  const ec2 = new EC2Client(clientOptions);
  const config = new ConfigServiceClient(clientOptions);
  try {
    const current = await describeEndpoint(ec2, options.endpoint);
    if (!current) throw new InputError(`--endpoint: ${options.endpoint} does not exist (DescribeVpcEndpoints found nothing)`);
    const items = await getResourceConfigHistory(config, { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: options.endpoint, ...(to ? { laterTime: to } : {}) });
    const item = chooseItem(items, current.PolicyDocument, to);
    if (!item) {
      const when = to ? ` at or before ${to.toISOString()}` : ' that differs from the current one';
      throw new InputError(`AWS Config has no recorded policy of ${options.endpoint}${when} (${items.length} configuration items read)`);
    }
    const restored = recordedPolicy(item)!;
    process.stdout.write(`Policy of ${options.endpoint} recorded by AWS Config at ${item.configurationItemCaptureTime}:\n${pretty(restored)}`);
    if (samePolicy(restored, current.PolicyDocument)) {
      process.stdout.write('It is the current policy already: nothing to restore.\n');
      return 0;
    }
    process.stdout.write(createTwoFilesPatch('policy (current)', `policy (${item.configurationItemCaptureTime})`, pretty(current.PolicyDocument ?? '{}'), pretty(restored), '', '', { context: 3 }));
    if (!options.apply) {
      process.stdout.write(`Nothing changed. To restore it: vpce-guard rollback --endpoint ${options.endpoint}${options.to ? ` --to ${options.to}` : ''} --apply\n`);
      return 0;
    }
    // Read again right before the change: refuse when someone changed the policy meanwhile.
    const again = await describeEndpoint(ec2, options.endpoint);
    if (!again) throw new InputError(`${options.endpoint} vanished before the policy could be restored`);
    if (!samePolicy(again.PolicyDocument, current.PolicyDocument)) {
      throw new InputError(`the policy of ${options.endpoint} changed while the rollback was prepared; run the rollback again to see the new diff`);
    }
    await setEndpointPolicy(ec2, options.endpoint, restored);
    process.stdout.write(`Restored the policy of ${options.endpoint} from ${item.configurationItemCaptureTime}.\n`);
    return 0;
  } finally {
    ec2.destroy();
    config.destroy();
  }
}
