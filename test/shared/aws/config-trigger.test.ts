import { ConfigServiceClient, ConfigServiceServiceException, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { startRuleEvaluations } from '../../../shared/aws/config-trigger.js';
import { AwsCallError } from '../../../shared/errors.js';

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
