import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/** Options every vpce-guard client gets: the SDK's adaptive retries, and a role when acting in another account. */
export interface ClientOptions {
  maxAttempts: number;
  retryMode: 'adaptive';
  credentials?: ReturnType<typeof fromTemporaryCredentials>;
}

const cache = new Map<string, unknown>();

/** The client options for the function's own account, or for a role it assumes (a member account). */
export function clientOptions(roleArn?: string): ClientOptions {
  const options: ClientOptions = { maxAttempts: 8, retryMode: 'adaptive' };
  if (roleArn) {
    options.credentials = fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'vpce-guard' } });
  }
  return options;
}

/**
 * One client per kind and role for the life of the container, created on first use (never at
 * import time), so that a test can mock the client class before anything is built. Nothing here
 * sets an endpoint: the SDK's standard configuration (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`)
 * reaches every call.
 */
export function cachedClient<T>(kind: string, roleArn: string | undefined, make: (options: ClientOptions) => T): T {
  const key = `${kind}|${roleArn ?? ''}`;
  let client = cache.get(key) as T | undefined;
  if (client === undefined) {
    client = make(clientOptions(roleArn));
    cache.set(key, client);
  }
  return client;
}
