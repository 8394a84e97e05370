import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/alerts/index.js';
import { publishAlert, snsClientFor, topicRegion } from '../../../shared/aws/sns.js';
import { startSnsStandIn, type SnsStandIn } from '../../helpers/sns-stand-in.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:vpce-guard-alerts';
const alert: Alert = { subject: '[HIGH] NON_COMPLIANT rule: vpce-1', message: 'body', attributes: { ruleId: 'rule', severity: 'HIGH' } };

describe('publishAlert', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
  });
  afterAll(() => {
    sns.restore();
  });

  it('sends one Publish with subject, body and String message attributes', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    // Act
    const result = await publishAlert(new SNSClient({}), TOPIC, alert);

    // Assess
    expect(result).toEqual({ messageId: 'm-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: alert.subject,
      Message: 'body',
      MessageAttributes: { ruleId: { DataType: 'String', StringValue: 'rule' }, severity: { DataType: 'String', StringValue: 'HIGH' } },
    });
  });

  it('reports a failed Publish as an AwsCallError naming the topic, with the cause', async () => {
    // Prepare
    const cause = Object.assign(new Error('Authorization error'), { name: 'AuthorizationErrorException' });
    sns.on(PublishCommand).rejects(cause);

    // Act
    const attempt = publishAlert(new SNSClient({}), TOPIC, alert);

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AwsCallError', message: `SNS Publish to ${TOPIC} failed: Authorization error`, cause });
  });

  it('refuses, before sending, an alert over the subject or size limits', async () => {
    // Act
    const longSubject = publishAlert(new SNSClient({}), TOPIC, { ...alert, subject: 's'.repeat(101) });
    const twoLines = publishAlert(new SNSClient({}), TOPIC, { ...alert, subject: 'a\nb' });
    const huge = publishAlert(new SNSClient({}), TOPIC, { ...alert, message: 'x'.repeat(256 * 1024) });

    // Assess
    await expect(longSubject).rejects.toThrow('alert subject must be one line of at most 100 characters (got 101)');
    await expect(twoLines).rejects.toThrow(/one line/);
    await expect(huge).rejects.toThrow(/over SNS's limit of 262144/);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});

describe('topicRegion and snsClientFor', () => {
  it('reads the region of a topic ARN, and builds the client there', async () => {
    expect(topicRegion('arn:aws-cn:sns:cn-north-1:210987654321:alerts')).toBe('cn-north-1');
    expect(await snsClientFor('arn:aws:sns:ap-southeast-2:210987654321:alerts').config.region()).toBe('ap-southeast-2');
  });

  it('rejects text that is not a topic ARN', () => {
    expect(() => topicRegion('vpce-guard-alerts')).toThrow('"vpce-guard-alerts" is not an SNS topic ARN');
  });
});

describe('publishAlert over the SNS query protocol', () => {
  let standIn: SnsStandIn;
  beforeAll(async () => {
    standIn = await startSnsStandIn([TOPIC]);
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('arrives with non-ASCII text and every attribute intact', async () => {
    // Prepare
    const client = new SNSClient({ endpoint: standIn.url, region: 'eu-west-1' });
    const message = 'Zone eu-west-1a → 1 zone; “quoted” & <tag>\nsecond line';

    // Act
    const { messageId } = await publishAlert(client, TOPIC, { ...alert, message });

    // Assess
    expect(messageId).toMatch(/^00000000-/);
    expect(standIn.published.at(-1)).toEqual({
      topicArn: TOPIC,
      subject: alert.subject,
      message,
      attributes: { ruleId: { dataType: 'String', value: 'rule' }, severity: { dataType: 'String', value: 'HIGH' } },
    });
  });
});
