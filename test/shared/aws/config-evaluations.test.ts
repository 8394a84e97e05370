import { ConfigServiceClient, PutEvaluationsCommand, type Evaluation } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvaluationWriteError, putEvaluations } from '../../../shared/aws/config-evaluations.js';
import type { PutEvaluation } from '../../../shared/evaluation/batches.js';

const client = new ConfigServiceClient({ region: 'us-east-1' });
const config = mockClient(client);
const at = new Date('2025-03-04T05:06:07Z');
const noWait = { sleep: async () => {} };

function evaluations(n: number): PutEvaluation[] {
  return Array.from({ length: n }, (_, i) => ({ ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceResourceId: `vpce-${i}`, ComplianceType: 'COMPLIANT' as const, Annotation: 'ok', OrderingTimestamp: at }));
}
const sent = () => config.commandCalls(PutEvaluationsCommand).map((c) => (c.args[0].input.Evaluations ?? []).map((e) => e.ComplianceResourceId));

describe('putEvaluations', () => {
  beforeEach(() => {
    config.reset();
  });

  it('writes in batches of at most 100 with the result token', async () => {
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });

    const report = await putEvaluations(client, { resultToken: 'token-1', evaluations: evaluations(250) }, noWait);

    expect(sent().map((b) => b.length)).toEqual([100, 100, 50]);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'token-1' });
    expect(config).not.toHaveReceivedCommandWith(PutEvaluationsCommand, { TestMode: true });
    expect(report).toEqual({ written: 250, failed: [], unsent: [] });
  });

  it('sends TestMode for the TESTMODE token', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    await putEvaluations(client, { resultToken: 'TESTMODE', evaluations: evaluations(1) }, noWait);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'TESTMODE', TestMode: true });
  });

  it('sends FailedEvaluations again with growing waits, only those', async () => {
    const waits: number[] = [];
    const [first] = evaluations(1) as [Evaluation];
    config.on(PutEvaluationsCommand).resolvesOnce({ FailedEvaluations: [first] }).resolvesOnce({ FailedEvaluations: [first] }).resolves({ FailedEvaluations: [] });

    const report = await putEvaluations(client, { resultToken: 't', evaluations: evaluations(3) }, { sleep: async (ms) => void waits.push(ms), baseDelayMs: 50 });

    expect(sent()).toEqual([['vpce-0', 'vpce-1', 'vpce-2'], ['vpce-0'], ['vpce-0']]);
    expect(waits).toEqual([50, 100]);
    expect(report.written).toBe(3);
  });

  it('writes every other batch, then fails naming what still failed', async () => {
    config.on(PutEvaluationsCommand).callsFake((input: { Evaluations: Evaluation[] }) => ({ FailedEvaluations: input.Evaluations.filter((e) => e.ComplianceResourceId === 'vpce-5') }));

    const write = putEvaluations(client, { resultToken: 't', evaluations: evaluations(120) }, { ...noWait, retries: 2 });

    const error = (await write.catch((e: unknown) => e)) as EvaluationWriteError;
    expect(error).toBeInstanceOf(EvaluationWriteError);
    expect(error.message).toBe('PutEvaluations failed for 1 evaluation(s): AWS::EC2::VPCEndpoint vpce-5 (in FailedEvaluations after 3 attempts)');
    expect(error.report.written).toBe(119);
    expect(sent().filter((b) => b.length === 20)).toHaveLength(1);
  });

  it('reports a batch whose call fails as failed, and still writes the next', async () => {
    config.on(PutEvaluationsCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })).resolves({});

    const error = (await putEvaluations(client, { resultToken: 't', evaluations: evaluations(101) }, noWait).catch((e: unknown) => e)) as EvaluationWriteError;

    expect(error.report.failed).toHaveLength(100);
    expect(error.report.failed[0]?.reason).toBe('ThrottlingException: throttled');
    expect(error.report.written).toBe(1);
  });

  it('stops before a batch when told to and reports the rest as unsent', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    let calls = 0;

    const report = await putEvaluations(client, { resultToken: 't', evaluations: evaluations(250) }, { ...noWait, shouldStop: () => calls++ >= 1 });

    expect(sent()).toHaveLength(1);
    expect(report.written).toBe(100);
    expect(report.unsent.map((e) => e.ComplianceResourceId)).toEqual(evaluations(250).slice(100).map((e) => e.ComplianceResourceId));
  });
});
