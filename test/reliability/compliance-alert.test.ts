// The built compliance-alert bundle against moto's SNS through the fault proxy: one alert per
// change of compliance, delivered once despite throttling; a failure to publish is reported.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectClearError } from '../harness/errors.js';
import { complianceChangeEvent } from '../harness/events.js';
import { Ledger } from '../harness/ledger.js';
import { invoke, type Invocation } from '../harness/runner.js';
import { createTopic } from '../harness/seed.js';
import { blockedReason } from '../harness/suite.js';
import { closeWorld, startWorld, type World } from '../harness/world.js';

const blocked = blockedReason('compliance-alert');
const RULE = 'gateway-endpoint-route-tables';
const ENDPOINT = 'vpce-0a11e47c0ffee0001';

describe.skipIf(blocked)('compliance-alert bundle under faults (moto SNS)', () => {
  let world: World;
  let topicArn: string;
  const ledger = new Ledger('compliance-alert');

  beforeAll(async () => {
    world = await startWorld();
  }, 30_000);
  afterAll(async () => {
    await closeWorld(world, ledger);
  });
  beforeEach(async () => {
    await world.reset();
    topicArn = await createTopic(world.sns);
  });

  const run = (event: unknown): Promise<Invocation> => invoke('compliance-alert', event, { endpoints: world.endpoints, env: { ALERT_TOPIC_ARN: topicArn } });
  const delivered = () => world.proxies.sns.callsOf('Publish', { succeeded: true });

  it('a change of compliance publishes exactly one alert; an unchanged result publishes none', async () => {
    // Act
    const changed = await run(complianceChangeEvent(RULE, ENDPOINT, 'NON_COMPLIANT', 'COMPLIANT'));
    const unchanged = await run(complianceChangeEvent(RULE, ENDPOINT, 'NON_COMPLIANT', 'NON_COMPLIANT'));
    // Assess
    expect(changed.error).toBeUndefined();
    expect(unchanged.error).toBeUndefined();
    expect(delivered()).toHaveLength(1);
    expect((delivered()[0]!.params as URLSearchParams).get('TopicArn')).toBe(topicArn);
    expect((delivered()[0]!.params as URLSearchParams).get('Subject')).toContain(ENDPOINT);
  });

  it('SNS Throttled and a 5xx are retried: the alert is delivered once', async () => {
    // Prepare
    world.proxies.sns.throttle('Publish', 1);
    world.proxies.sns.serverError('Publish', 1);
    // Act
    const result = await run(complianceChangeEvent(RULE, ENDPOINT, 'COMPLIANT', 'NON_COMPLIANT'));
    // Assess
    expect(result.error).toBeUndefined();
    expect(delivered()).toHaveLength(1);
    expect(world.proxies.sns.callsOf('Publish').map((c) => c.status)).toEqual([429, 500, 200]);
  });

  it('SNS failing past the retries is reported as a failure, not swallowed', async () => {
    // Prepare
    world.proxies.sns.answer('Publish', 20, () => ({ status: 403, contentType: 'text/xml', body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User is not authorized to perform SNS:Publish</Message></Error><RequestId>r</RequestId></ErrorResponse>' }), 'sns:Publish:denied');
    // Act
    const result = await run(complianceChangeEvent(RULE, ENDPOINT, 'NON_COMPLIANT', undefined));
    // Assess
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.error?.message ?? '').toMatch(/not authorized|AuthorizationError|Publish/i);
    expect(delivered()).toHaveLength(0);
  });

  it('a malformed event is a clear one-line error and publishes nothing', async () => {
    // Prepare
    const event = complianceChangeEvent(RULE, ENDPOINT, 'NON_COMPLIANT', 'COMPLIANT');
    delete (event.detail as Record<string, unknown>).newEvaluationResult;
    // Act
    const result = await run(event);
    // Assess
    expectClearError(result);
    expect(delivered()).toHaveLength(0);
  });
});
