import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { parseWith } from '../validation.js';

// An SQS FIFO event source mapping delivers a batch of messages, in order, one batch per message
// group at a time; with `ReportBatchItemFailures` the function answers which messages to deliver
// again. This is what api-change needs to serialise its work (see infra/README.md, "The queue").

type SqsRecord = z.infer<typeof SqsSchema>['Records'][number];

/** What became of the records of a batch, for the log and the metrics. */
export interface BatchHooks<R> {
  /** A record handled; `result` is what the record handler returned. */
  handled?(record: SqsRecord, result: R): void;
  /** A record whose body is bad input (an InputError): reported, and consumed, since retrying cannot fix it. */
  rejected(record: SqsRecord, error: InputError): void;
  /** A record that failed: it and the later records of its message group are delivered again. */
  failed(record: SqsRecord, error: unknown): void;
}

/** True when a Lambda event is an SQS batch (`Records[].eventSource` `aws:sqs`). */
export function isSqsEvent(event: unknown): boolean {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as { eventSource?: unknown } | null)?.eventSource === 'aws:sqs';
}

function bodyOf(record: SqsRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch (error) {
    throw new InputError(`SQS message ${record.messageId}: body is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Handles the records of an SQS (FIFO) batch one after the other, each body parsed as JSON and
 * passed to `handle`, through Powertools' FIFO batch processor (`skipGroupOnError`). A record
 * whose body is bad input (InputError) is reported through `hooks.rejected` and consumed; any
 * other failure makes that record and every later record of the same message group a batch item
 * failure (so they are delivered again, in order), while the records of other groups go on. A
 * malformed batch envelope is an InputError.
 */
export async function processFifoBatch<R>(
  event: unknown,
  handle: (body: unknown, record: SqsRecord) => Promise<R>,
  hooks: BatchHooks<R>,
): Promise<SQSBatchResponse> {
  const batch = parseWith(SqsSchema, event, 'SQS event');
  return processPartialResponse(
    batch as unknown as SQSEvent,
    async (raw: SQSRecord) => {
      const record = raw as unknown as SqsRecord;
      try {
        const result = await handle(bodyOf(record), record);
        hooks.handled?.(record, result);
      } catch (error) {
        if (error instanceof InputError) {
          hooks.rejected(record, error);
          return;
        }
        hooks.failed(record, error);
        throw error;
      }
    },
    new SqsFifoPartialProcessorAsync(),
    // Every record failing is still an answer (the batch comes back), not an exception.
    { skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
}
