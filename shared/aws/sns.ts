import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../alerts/types.js';
import { alertBytes, MAX_ALERT_BYTES, MAX_SUBJECT_LENGTH } from '../alerts/limits.js';
import { AwsCallError, InputError } from '../errors.js';
import { cachedClient } from './clients.js';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256}(\.fifo)?$/;

/** The region of an SNS topic ARN; text that is not a topic ARN is an InputError. */
export function topicRegion(topicArn: string): string {
  const match = TOPIC_ARN.exec(topicArn);
  if (!match) throw new InputError(`"${topicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
  return match[1]!;
}

/** The container's SNS client for a topic, in the topic's region (created on first use). */
export function snsClientFor(topicArn: string): SNSClient {
  const region = topicRegion(topicArn);
  return cachedClient(`sns|${region}`, undefined, (options) => new SNSClient({ ...options, region }));
}

/**
 * Publishes one alert to a topic: subject, body, and every attribute as a String message
 * attribute. An alert over SNS's limits is an InputError before anything is sent; a failed
 * Publish is an AwsCallError naming the topic. Returns SNS's message id.
 */
export async function publishAlert(client: SNSClient, topicArn: string, alert: Alert): Promise<{ messageId: string }> {
  if (alert.subject.length > MAX_SUBJECT_LENGTH || /[\r\n]/.test(alert.subject)) {
    throw new InputError(`alert subject must be one line of at most ${MAX_SUBJECT_LENGTH} characters (got ${alert.subject.length})`);
  }
  const bytes = alertBytes(alert);
  if (bytes > MAX_ALERT_BYTES) throw new InputError(`alert is ${bytes} bytes, over SNS's limit of ${MAX_ALERT_BYTES}`);
  const MessageAttributes = Object.fromEntries(
    Object.entries(alert.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );
  let response;
  try {
    response = await client.send(new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.message, MessageAttributes }));
  } catch (error) {
    throw new AwsCallError(`SNS Publish to ${topicArn} failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response?.MessageId) throw new AwsCallError(`SNS Publish to ${topicArn} returned no MessageId`);
  return { messageId: response.MessageId };
}
