import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { EC2Client } from '@aws-sdk/client-ec2';
import { readAccount } from '../aws/ec2-account.js';
import { InputError } from '../errors.js';
import { readSnapshot, type AccountData, type ModelPart, type Snapshot } from '../model/index.js';
import { progressWriter } from './io.js';

/** An EC2 client for the live account: the default credential chain, adaptive retries under throttling. */
export function liveEc2Client(region?: string): EC2Client {
  return new EC2Client({ ...(region ? { region } : {}), maxAttempts: 8, retryMode: 'adaptive' });
}

/**
 * Reads the live account through the client into a snapshot (only the parts asked for), with
 * progress on stderr; a missing region is an InputError saying how to give one.
 */
export async function readLiveSnapshot(client: EC2Client, parts: ReadonlySet<ModelPart>, serviceDetails: boolean): Promise<{ snapshot: Snapshot; region: string }> {
  const progress = progressWriter();
  try {
    let region: string;
    try {
      region = await client.config.region();
    } catch (error) {
      throw new InputError('no AWS region: pass --region or set AWS_REGION (or a region in your AWS profile)', { cause: error });
    }
    progress.say(`vpce-guard: reading ${region}…`);
    // REST APIs (private-api-requires-endpoint) come from API Gateway, in the same region and chain.
    const apiGateway = parts.has('restApis') ? new APIGatewayClient({ region, maxAttempts: 8, retryMode: 'adaptive' }) : undefined;
    try {
      const snapshot = await readAccount(client, { parts, serviceDetails, ...(apiGateway ? { apiGateway } : {}), onProgress: (m) => progress.say(`vpce-guard: ${m}`) });
      return { snapshot, region };
    } finally {
      apiGateway?.destroy();
    }
  } finally {
    progress.done();
  }
}

/** Reads the live account (only the parts the rules need) into account data; see readLiveSnapshot. */
export async function readLiveAccount(client: EC2Client, parts: ReadonlySet<ModelPart>, serviceDetails: boolean): Promise<AccountData> {
  const { snapshot, region } = await readLiveSnapshot(client, parts, serviceDetails);
  return { ...readSnapshot(snapshot, 'EC2 responses'), region };
}
