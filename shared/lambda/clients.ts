import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { cachedClient } from '../aws/clients.js';

/** The EC2 client for the function's account, or for a member account's role; one per container. */
export function ec2Client(roleArn?: string): EC2Client {
  return cachedClient('ec2', roleArn, (options) => new EC2Client(options));
}

/** The AWS Config client for the function's account, or for a member account's role; one per container. */
export function configClient(roleArn?: string): ConfigServiceClient {
  return cachedClient('config', roleArn, (options) => new ConfigServiceClient(options));
}
