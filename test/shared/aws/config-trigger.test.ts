import { ConfigServiceClient, ConfigServiceServiceException, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { evaluationTriggerRetryStrategy, startRuleEvaluations } from '../../../shared/aws/config-trigger.js';
import { AwsCallError } from '../../../shared/errors.js';
import { listenOnLoopback } from '../../helpers/loopback.js';

const client = new ConfigServiceClient({ region: 'eu-west-1' });
const config = mockClient(client);

function configError(name: string): ConfigServiceServiceException {
  return new ConfigServiceServiceException({ name, message: `${name} message`, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

beforeEach(() => {
  config.reset();
});

describe('startRuleEvaluations', () => {
  it('asks for at most 25 rules a call', async () => {
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const names = Array.from({ length: 30 }, (_, i) => `vpce-guard-rule-${i}`);
    const result = await startRuleEvaluations(client, names);
    const calls = config.commandCalls(StartConfigRulesEvaluationCommand).map((c) => c.args[0].input.ConfigRuleNames);
    expect(calls.map((c) => c!.length)).toEqual([25, 5]);
    expect(result.started).toEqual(names);
  });

  it('logs a LimitExceededException as busy, not an error', async () => {
    config.on(StartConfigRulesEvaluationCommand).rejects(configError('LimitExceededException'));
    expect(await startRuleEvaluations(client, ['vpce-guard-a'])).toEqual({ started: [], busy: ['vpce-guard-a'], missing: [] });
  });

  it('still starts the deployed rules when one is not deployed', async () => {
    config.on(StartConfigRulesEvaluationCommand).callsFake((input: { ConfigRuleNames: string[] }) => {
      if (input.ConfigRuleNames.includes('vpce-guard-b')) throw configError('NoSuchConfigRuleException');
      return {};
    });
    expect(await startRuleEvaluations(client, ['vpce-guard-a', 'vpce-guard-b'])).toEqual({ started: ['vpce-guard-a'], busy: [], missing: ['vpce-guard-b'] });
  });

  it('fails on anything else, naming the rules', async () => {
    config.on(StartConfigRulesEvaluationCommand).rejects(configError('AccessDeniedException'));
    await expect(startRuleEvaluations(client, ['vpce-guard-a'])).rejects.toThrow(AwsCallError);
    await expect(startRuleEvaluations(client, ['vpce-guard-a'])).rejects.toThrow(/StartConfigRulesEvaluation\(vpce-guard-a\) failed: AccessDeniedException/);
  });
});

describe('the trigger client over the wire (real SDK retries)', () => {
  async function serve(answers: { status: number; type?: string }[]): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
    const { createServer } = await import('node:http');
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = answers[Math.min(calls, answers.length - 1)]!;
        calls += 1;
        res.statusCode = answer.status;
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        res.end(answer.type ? JSON.stringify({ __type: answer.type, message: `${answer.type} from the stand-in` }) : '{}');
      });
    });
    const { url, close } = await listenOnLoopback(server);
    return { url, calls: () => calls, close };
  }

  function triggerClient(endpoint: string): ConfigServiceClient {
    return new ConfigServiceClient({ region: 'eu-west-1', endpoint, maxAttempts: 3, retryStrategy: evaluationTriggerRetryStrategy(3) });
  }

  it('sends a LimitExceededException refusal once and reports the rules busy, without retrying', async () => {
    // Prepare
    const stand = await serve([{ status: 400, type: 'LimitExceededException' }]);
    try {
      // Act
      const result = await startRuleEvaluations(triggerClient(stand.url), ['vpce-guard-a']);
      // Assess
      expect(result.busy).toEqual(['vpce-guard-a']);
      expect(stand.calls()).toBe(1);
    } finally {
      await stand.close();
    }
  });

  it('still retries real throttling (ThrottlingException) and then starts the rules', async () => {
    // Prepare
    const stand = await serve([{ status: 400, type: 'ThrottlingException' }, { status: 200 }]);
    try {
      // Act
      const result = await startRuleEvaluations(triggerClient(stand.url), ['vpce-guard-a']);
      // Assess
      expect(result.started).toEqual(['vpce-guard-a']);
      expect(stand.calls()).toBe(2);
    } finally {
      await stand.close();
    }
  });
});
