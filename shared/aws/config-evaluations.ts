import { PutEvaluationsCommand, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { AwsCallError } from '../errors.js';
import { batchesOf, type PutEvaluation } from '../evaluation/batches.js';

export interface PutEvaluationsInput {
  resultToken: string;
  evaluations: readonly PutEvaluation[];
}

export interface PutEvaluationsOptions {
  /** How often evaluations that Config reports in FailedEvaluations are sent again. */
  retries?: number;
  /** The first wait before a retry; doubled each time. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Asked before each batch: true stops writing (the time is running out); the rest is reported unsent. */
  shouldStop?: () => boolean;
}

/** An evaluation Config did not take, and why. */
export interface FailedWrite {
  resourceType: string;
  resourceId: string;
  reason: string;
}

/** What a write did: how many evaluations Config took, which failed, which were not sent. */
export interface WriteReport {
  written: number;
  failed: FailedWrite[];
  unsent: PutEvaluation[];
}

/** PutEvaluations left evaluations unwritten; `report` says which. */
export class EvaluationWriteError extends AwsCallError {
  readonly report: WriteReport;
  constructor(report: WriteReport) {
    const names = report.failed.slice(0, 5).map((f) => `${f.resourceType} ${f.resourceId} (${f.reason})`);
    const more = report.failed.length > 5 ? ` and ${report.failed.length - 5} more` : '';
    super(`PutEvaluations failed for ${report.failed.length} evaluation(s): ${names.join(', ')}${more}`);
    this.name = 'EvaluationWriteError';
    this.report = report;
  }
}

const defaults = { retries: 3, baseDelayMs: 200, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

const keyOf = (e: { ComplianceResourceType?: string | undefined; ComplianceResourceId?: string | undefined }) => `${e.ComplianceResourceType}|${e.ComplianceResourceId}`;

/**
 * Writes evaluations with PutEvaluations in batches of at most 100 (`resultToken` `TESTMODE`
 * sends `TestMode: true`, so Config checks them and stores nothing). Evaluations Config returns
 * in FailedEvaluations are sent again with exponential backoff; a batch whose call fails (after
 * the SDK's own retries) does not stop the others. When anything still failed, once every other
 * batch is written, it throws an EvaluationWriteError naming them.
 */
export async function putEvaluations(client: ConfigServiceClient, input: PutEvaluationsInput, options: PutEvaluationsOptions = {}): Promise<WriteReport> {
  const { retries, baseDelayMs, sleep } = { ...defaults, ...options };
  const testMode = input.resultToken === 'TESTMODE';
  const report: WriteReport = { written: 0, failed: [], unsent: [] };
  const batches = batchesOf(input.evaluations);
  for (const [index, batch] of batches.entries()) {
    if (options.shouldStop?.()) {
      report.unsent = batches.slice(index).flat();
      break;
    }
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedKeys: Set<string>;
      try {
        const out = await client.send(
          new PutEvaluationsCommand({ ResultToken: input.resultToken, Evaluations: pending, ...(testMode ? { TestMode: true } : {}) }),
        );
        failedKeys = new Set((out.FailedEvaluations ?? []).map(keyOf));
      } catch (error) {
        const e = error as { name?: string; message?: string };
        for (const p of pending) report.failed.push({ resourceType: p.ComplianceResourceType, resourceId: p.ComplianceResourceId, reason: `${e.name ?? 'Error'}: ${e.message ?? String(error)}` });
        break;
      }
      const next = pending.filter((p) => failedKeys.has(keyOf(p)));
      report.written += pending.length - next.length;
      pending = next;
      if (pending.length === 0) break;
      if (attempt >= retries) {
        for (const p of pending) report.failed.push({ resourceType: p.ComplianceResourceType, resourceId: p.ComplianceResourceId, reason: `in FailedEvaluations after ${retries + 1} attempts` });
        break;
      }
      await sleep(baseDelayMs * 2 ** attempt);
    }
  }
  if (report.failed.length > 0) throw new EvaluationWriteError(report);
  return report;
}
