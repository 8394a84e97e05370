// Loads the Config rule events of test/fixtures/config-events/ and varies them for one test.
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { ACCOUNT, REGION } from './fake-ec2.js';

type Raw = Record<string, unknown>;

export function fixture(name: string): Raw {
  return JSON.parse(readFileSync(new URL(`../../fixtures/config-events/${name}`, import.meta.url), 'utf8')) as Raw;
}

/** A fixture event with its invoking event (parsed, changed by `edit`, written back as a string) and envelope changed. */
export function event(name: string, edit: (invoking: Raw) => void = () => {}, envelope: Raw = {}): Raw {
  const raw = fixture(name);
  const invoking = JSON.parse(raw.invokingEvent as string) as Raw;
  edit(invoking);
  return { ...raw, invokingEvent: JSON.stringify(invoking), ...envelope };
}

/** The configuration item of a change event, for `edit`. */
export function itemOf(invoking: Raw): Raw {
  return invoking.configurationItem as Raw;
}

/** A Lambda context with the time left given by `remaining`. */
export function lambdaContext(remaining: () => number = () => 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'vpce-guard-config-rule',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:vpce-guard-config-rule`,
    memoryLimitInMB: '512',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
    logGroupName: '/aws/lambda/vpce-guard-config-rule',
    logStreamName: '2025/01/06/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: remaining,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
