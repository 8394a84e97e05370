import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { cachedClient } from '../aws/clients.js';
import { evaluationTriggerRetryStrategy } from '../aws/config-trigger.js';

/**
 * The EC2 client for the function's account, or for a member account's role; one per container
 * (and per region, when one is named: an event's region rather than the function's own).
 */
export function ec2Client(roleArn?: string, region?: string): EC2Client {
  return cachedClient(`ec2|${region ?? ''}`, roleArn, (options) => new EC2Client({ ...options, ...(region ? { region } : {}) }));
}

/** The AWS Config client for the function's account, or for a member account's role; one per container (and region). */
export function configClient(roleArn?: string, region?: string): ConfigServiceClient {
  return cachedClient(`config|${region ?? ''}`, roleArn, (options) => new ConfigServiceClient({ ...options, ...(region ? { region } : {}) }));
}

/**
 * The AWS Config client that asks for re-evaluations (StartConfigRulesEvaluation): as
 * `configClient`, but a LimitExceededException ("still evaluating") is final, not retried.
 */
export function evaluationTriggerClient(roleArn?: string, region?: string): ConfigServiceClient {
  return cachedClient(`config-trigger|${region ?? ''}`, roleArn, (options) =>
    new ConfigServiceClient({ ...options, ...(region ? { region } : {}), retryStrategy: evaluationTriggerRetryStrategy(options.maxAttempts) }),
  );
}

/** The API Gateway client for the function's account, or for a member account's role; one per container (and region). */
export function apiGatewayClient(roleArn?: string, region?: string): APIGatewayClient {
  return cachedClient(`apigateway|${region ?? ''}`, roleArn, (options) => new APIGatewayClient({ ...options, ...(region ? { region } : {}) }));
}
