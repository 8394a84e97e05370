// Runs in a child `node` process: imports a built bundle, invokes its `handler` once with the
// event it receives over IPC and a fake Lambda context, and reports the outcome over IPC.
import { randomUUID } from 'node:crypto';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);

process.once('message', async ({ event, timeoutMs, functionName, accountId }) => {
  const deadline = Date.now() + timeoutMs;
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/12/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  let outcome;
  try {
    const { handler } = await import(pathToFileURL(bundle).href);
    if (typeof handler !== 'function') throw new TypeError(`${bundle} exports no handler function`);
    const result = await handler(event, context);
    outcome = { ok: true, result: result === undefined ? null : result };
  } catch (error) {
    outcome = { ok: false, error: { name: error?.name, message: error?.message, stack: error?.stack } };
  }
  process.send(outcome, () => process.exit(0));
});
