// The deployed path of api-change's events, on moto's SQS: EventBridge's SQS target (SendMessage
// with the rule's one static MessageGroupId, content-based deduplication on the queue), and a small
// EMULATION of Lambda's FIFO event source mapping — pollers that receive up to the mapping's batch
// size, invoke the bundle with an SQS event, and delete what it did not report as failed. The
// serialisation itself is moto's: a FIFO queue hands out no message of a group while another of
// that group is in flight, however many pollers ask (Lambda's mapping keeps the same rule).
//
// moto speaks SQS's JSON protocol unsigned; this harness talks to it with plain fetch (test-only,
// so the product gains no SQS client it never sends).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACCOUNT_ID, type Invocation } from './runner.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REGION = 'us-east-1';

/** The deployed settings, read from the stack files: the target's MessageGroupId and the mapping's batch size. */
export function deployedQueueSettings(): { messageGroupId: string; batchSize: number } {
  const resources = readFileSync(`${ROOT}infra/resources.yml`, 'utf8');
  const stack = readFileSync(`${ROOT}serverless.yml`, 'utf8');
  const group = /SqsParameters:\s*\n\s*MessageGroupId:\s*(\S+)/.exec(resources)?.[1];
  const batch = /- sqs:\s*\n(?:\s+\w+:.*\n)*?\s+batchSize:\s*(\d+)/.exec(stack)?.[1];
  if (!group || !batch) throw new Error('fifo.ts: cannot read MessageGroupId (infra/resources.yml) or the sqs batchSize (serverless.yml)');
  return { messageGroupId: group, batchSize: Number(batch) };
}

interface Message {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody: string;
  Attributes: Record<string, string>;
}

export interface FifoQueue {
  url: string;
  arn: string;
  /** What EventBridge's SQS target does with one event. */
  send(event: unknown): Promise<void>;
  /** Messages visible plus in flight. */
  depth(): Promise<number>;
}

async function sqs<T>(motoUrl: string, action: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(motoUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AmazonSQS.${action}`,
      // moto picks the service from the credential scope; it checks no signature.
      Authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261201/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`SQS ${action} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Creates the api-change FIFO queue in moto as deployed (content-based dedup); the visibility timeout outlasts an invocation, as deployed (a shorter one hands a message out again mid-run). */
export async function createFifoQueue(motoUrl: string, name: string, visibilityTimeoutSeconds = 60): Promise<FifoQueue> {
  const { messageGroupId } = deployedQueueSettings();
  const { QueueUrl } = await sqs<{ QueueUrl: string }>(motoUrl, 'CreateQueue', {
    QueueName: `${name}.fifo`,
    Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: String(visibilityTimeoutSeconds) },
  });
  return {
    url: QueueUrl,
    arn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}.fifo`,
    send: async (event) => {
      await sqs(motoUrl, 'SendMessage', { QueueUrl, MessageBody: JSON.stringify(event), MessageGroupId: messageGroupId });
    },
    depth: async () => {
      const { Attributes } = await sqs<{ Attributes: Record<string, string> }>(motoUrl, 'GetQueueAttributes', {
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      });
      return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
    },
  };
}

function sqsEvent(queue: FifoQueue, messages: Message[]): Record<string, unknown> {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: m.Attributes,
      messageAttributes: {},
      md5OfBody: m.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
    })),
  };
}

export interface DrainOptions {
  /** Concurrent pollers (Lambda runs several); default 2. */
  pollers?: number;
  /** Give up after this long (default 60 s): a bound, never a pass condition. */
  timeoutMs?: number;
}

/**
 * Emulates Lambda's FIFO event source mapping until the queue is empty: each poller receives up
 * to the deployed batch size, invokes `invoke` with the SQS event, and deletes the messages the
 * invocation did not report in `batchItemFailures` (none when the invocation failed). Returns the
 * invocations in the order they finished.
 */
export async function drainFifo(motoUrl: string, queue: FifoQueue, invoke: (event: unknown) => Promise<Invocation>, options: DrainOptions = {}): Promise<Invocation[]> {
  const { batchSize } = deployedQueueSettings();
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const runs: Invocation[] = [];
  const poll = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const { Messages = [] } = await sqs<{ Messages?: Message[] }>(motoUrl, 'ReceiveMessage', {
        QueueUrl: queue.url,
        MaxNumberOfMessages: batchSize,
        AttributeNames: ['All'],
      });
      if (Messages.length === 0) {
        if ((await queue.depth()) === 0) return;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const run = await invoke(sqsEvent(queue, Messages));
      runs.push(run);
      const failed = new Set(
        run.ok ? ((run.result as { batchItemFailures?: { itemIdentifier: string }[] } | null)?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : Messages.map((m) => m.MessageId),
      );
      for (const m of Messages.filter((x) => !failed.has(x.MessageId))) {
        await sqs(motoUrl, 'DeleteMessage', { QueueUrl: queue.url, ReceiptHandle: m.ReceiptHandle });
      }
    }
    throw new Error(`drainFifo: the queue was not empty after ${options.timeoutMs ?? 60_000} ms`);
  };
  await Promise.all(Array.from({ length: options.pollers ?? 2 }, poll));
  return runs;
}
