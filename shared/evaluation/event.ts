import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { z } from 'zod';
import { configurationItemSchema } from '../model/from-config-item.js';
import { parseWith } from '../validation.js';

// The event AWS Config sends a custom Lambda rule. `invokingEvent` and `ruleParameters` are JSON
// strings; `ruleParameters` may be absent (a rule without parameters) or "{}".

const time = z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO-8601 time');

const changeNotification = z.looseObject({
  messageType: z.literal('ConfigurationItemChangeNotification'),
  configurationItem: configurationItemSchema,
  notificationCreationTime: time.optional(),
});

/** The summary an oversized notification carries instead of the item. */
const itemSummary = z.looseObject({
  resourceType: z.string(),
  resourceId: z.string().min(1),
  configurationItemStatus: z.string(),
  configurationItemCaptureTime: time,
  awsAccountId: z.union([z.string(), z.number().transform(String)]).optional(),
  awsRegion: z.string().optional(),
});

const oversizedNotification = z.looseObject({
  messageType: z.literal('OversizedConfigurationItemChangeNotification'),
  configurationItemSummary: itemSummary,
  notificationCreationTime: time.optional(),
});

const scheduledNotification = z.looseObject({
  messageType: z.literal('ScheduledNotification'),
  notificationCreationTime: time,
  awsAccountId: z.union([z.string(), z.number().transform(String)]).optional(),
});

/** The event kinds the config-rule function handles, by `messageType`. */
export const EVENT_KINDS = ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const invokingEvent = z.discriminatedUnion('messageType', [changeNotification, oversizedNotification, scheduledNotification], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `messageType must be one of ${EVENT_KINDS.join(', ')}` : undefined,
});

/** A Config custom Lambda rule event, validated; `invokingEvent` parsed. */
export const configRuleEventSchema = z.looseObject({
  invokingEvent: JSONStringified(invokingEvent),
  ruleParameters: z.string().nullish(),
  resultToken: z.string().min(1),
  eventLeftScope: z.boolean().nullish().transform((v) => v ?? false),
  configRuleName: z.string().nullish(),
  accountId: z.string().nullish(),
});

export type ConfigRuleEvent = z.output<typeof configRuleEventSchema>;
export type InvokingEvent = ConfigRuleEvent['invokingEvent'];
export type ItemSummary = z.output<typeof itemSummary>;

/**
 * Validates a Config rule event. A malformed event is an InputError whose one line names the key
 * at fault (`Config rule event: invokingEvent.configurationItem.resourceId: …`).
 */
export function parseConfigRuleEvent(raw: unknown): ConfigRuleEvent {
  return parseWith(configRuleEventSchema, raw, 'Config rule event');
}
