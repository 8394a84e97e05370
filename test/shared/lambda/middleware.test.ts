import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../shared/errors.js';
import { observability, withObservability } from '../../../shared/lambda/middleware.js';
import { lambdaContext } from '../../functions/config-rule/events.js';

let lines: string[];

beforeEach(() => {
  lines = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter((l) => l.startsWith('{')));
      return true;
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('withObservability', () => {
  it('logs with the Lambda context and flushes metrics in the vpce-guard namespace', async () => {
    const obs = observability('test-fn', {});
    const handler = withObservability(async () => {
      obs.logger.info('working');
      obs.metrics.addMetric('Things', 'Count', 2);
      return 'done';
    }, obs);

    await expect(handler({}, lambdaContext())).resolves.toBe('done');

    const log = parsed().find((l) => l.message === 'working');
    expect(log).toMatchObject({ service: 'vpce-guard-test-fn', function_name: 'vpce-guard-config-rule', function_request_id: 'c0ffee00-0000-4000-8000-000000000001' });
    const emf = parsed().find((l) => 'Things' in l);
    expect(emf).toMatchObject({ Things: 2, service: 'vpce-guard-test-fn' });
    expect((emf!._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace).toBe('vpce-guard');
  });

  it('reports a failure in one line and a metric, and still fails the invocation', async () => {
    const obs = observability('test-fn', { POWERTOOLS_METRICS_NAMESPACE: 'custom-ns' });
    const handler = withObservability(async () => {
      throw new InputError('ruleParameters: bad');
    }, obs);

    await expect(handler({}, lambdaContext())).rejects.toThrow('ruleParameters: bad');

    expect(parsed().find((l) => l.level === 'ERROR')).toMatchObject({ message: 'ruleParameters: bad', error: expect.objectContaining({ name: 'InputError' }) });
    const emf = parsed().find((l) => 'InvocationErrors' in l);
    expect(emf).toMatchObject({ InvocationErrors: 1 });
    expect((emf!._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace).toBe('custom-ns');
  });
});
