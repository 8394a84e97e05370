import { readFileSync } from 'node:fs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/compliance-alert/handler.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:vpce-guard-alerts';
const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/compliance-change/${name}.json`, 'utf8'));
const context = {
  functionName: 'compliance-alert',
  functionVersion: '$LATEST',
  memoryLimitInMB: '256',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:210987654321:function:compliance-alert',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe('compliance-alert handler (the real middy chain)', () => {
  const sns = mockClient(SNSClient);
  let output: string[];
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    vi.stubEnv('ALERT_TOPIC_ARN', TOPIC);
    vi.stubEnv('ALERT_MIN_SEVERITY', '');
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('publishes one alert for a change of compliance', async () => {
    // Act
    const result = await handler(fixture('violation'), context);

    // Assess
    expect(result).toEqual({ status: 'published', messageId: 'm-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, Subject: '[HIGH] NON_COMPLIANT gateway-endpoint-route-tables: vpce-0c0ffee1234567890' });
  });

  it('publishes an alert for an organization rule under its member-account name, and ignores foreign organization rules', async () => {
    // Act
    const ours = await handler(fixture('organization-rule'), context);
    const theirs = await handler(fixture('foreign-organization-rule'), context);

    // Assess
    expect(ours).toEqual({ status: 'published', messageId: 'm-1' });
    expect(theirs).toMatchObject({ status: 'ignored', reason: expect.stringContaining('is not a vpce-guard rule') });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: '[HIGH] NON_COMPLIANT gateway-endpoint-route-tables: vpce-0a7e5d3c1b9f24680' });
  });

  it('returns normally for an ignored event and logs why', async () => {
    // Act
    const result = await handler(fixture('no-transition'), context);

    // Assess
    expect(result).toEqual({ status: 'ignored', reason: 'compliance did not change (still NON_COMPLIANT)' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    const line = output.map((o) => o.trim()).find((o) => o.includes('event ignored'));
    expect(line && JSON.parse(line)).toMatchObject({ level: 'INFO', message: 'event ignored', reason: 'compliance did not change (still NON_COMPLIANT)', resourceId: 'vpce-0c0ffee1234567890' });
  });

  it('fails a malformed event with the one-line reason, publishing nothing', async () => {
    await expect(handler(fixture('malformed'), context)).rejects.toThrow(/^not a Config Rules Compliance Change event: detail\.awsAccountId/);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('fails when ALERT_TOPIC_ARN is not set, naming the setting', async () => {
    vi.stubEnv('ALERT_TOPIC_ARN', '');
    await expect(handler(fixture('violation'), context)).rejects.toThrow('ALERT_TOPIC_ARN is not set');
  });

  it('fails when SNS refuses, so the failure is not swallowed, and logs it', async () => {
    sns.on(PublishCommand).rejects(new Error('throttled'));
    await expect(handler(fixture('violation'), context)).rejects.toThrow(`SNS Publish to ${TOPIC} failed: throttled`);
    expect(output.some((o) => o.includes('"level":"ERROR"') && o.includes('failed: throttled'))).toBe(true);
  });
});
