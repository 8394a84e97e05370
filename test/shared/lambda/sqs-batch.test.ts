import { describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/errors.js';
import { isSqsEvent, processFifoBatch } from '../../../shared/lambda/sqs-batch.js';

function record(messageId: string, body: string, group = 'g-1') {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: '1', SenderId: 'S', SentTimestamp: '1', MessageGroupId: group },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:q.fifo',
    awsRegion: 'eu-west-1',
  };
}

describe('processFifoBatch', () => {
  it('handles the records in order, one at a time', async () => {
    // Prepare
    const seen: unknown[] = [];
    let running = 0;
    // Act
    const result = await processFifoBatch(
      { Records: [record('a', '{"n":1}'), record('b', '{"n":2}'), record('c', '{"n":3}')] },
      async (body) => {
        running += 1;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(body);
        running -= 1;
      },
      { rejected: () => {}, failed: () => {} },
    );
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('reports and consumes bad input; a failure holds back the rest of its group only', async () => {
    // Prepare
    const rejected: string[] = [];
    const failed: string[] = [];
    const handled: unknown[] = [];
    const records = [record('bad', 'not json'), record('invalid', '{"bad":true}'), record('boom', '{"boom":true}'), record('next', '{"n":4}'), record('other', '{"n":5}', 'g-2')];
    // Act
    const result = await processFifoBatch(
      { Records: records },
      async (body) => {
        const b = body as { bad?: boolean; boom?: boolean };
        if (b.bad) throw new InputError('invalid body');
        if (b.boom) throw new Error('EC2 is down');
        handled.push(body);
      },
      { rejected: (r, e) => rejected.push(`${r.messageId}: ${e.message}`), failed: (r) => failed.push(r.messageId) },
    );
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'boom' }, { itemIdentifier: 'next' }]);
    expect(rejected).toEqual([expect.stringMatching(/^bad: SQS message bad: body is not JSON/), 'invalid: invalid body']);
    expect(failed).toEqual(['boom']);
    expect(handled).toEqual([{ n: 5 }]);
  });

  it('tells an SQS batch from other events', () => {
    expect(isSqsEvent({ Records: [record('a', '{}')] })).toBe(true);
    expect(isSqsEvent({ Records: [{ eventSource: 'aws:sns' }] })).toBe(false);
    expect(isSqsEvent({ source: 'aws.ec2' })).toBe(false);
    expect(isSqsEvent(null)).toBe(false);
  });
});
