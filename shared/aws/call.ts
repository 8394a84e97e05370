import { AwsCallError } from '../errors.js';

/** Runs one AWS call; a failure becomes an AwsCallError naming the call (one already named passes through). */
export async function awsCall<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    const e = error as { name?: string; message?: string };
    throw new AwsCallError(`${name} failed: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, { cause: error });
  }
}
