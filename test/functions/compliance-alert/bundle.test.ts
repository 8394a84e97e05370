// The built, unmodified bundle in a plain `node` process, publishing through the real SDK to an
// SNS stand-in on 127.0.0.1: exactly one Publish per change of compliance, none otherwise.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnsStandIn, type SnsStandIn } from '../../helpers/sns-stand-in.js';

const run = promisify(execFile);
const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:vpce-guard-alerts';
const BUNDLE = pathToFileURL(resolve('dist/functions/compliance-alert/index.mjs')).href;
const fixture = (name: string) => resolve('test/fixtures/compliance-change', `${name}.json`);

// Calls the bundle's handler once per event file, in order; prints one JSON line per event.
const RUNNER = `
const { handler } = await import(${JSON.stringify(BUNDLE)});
const { readFileSync } = await import('node:fs');
const context = { functionName: 'compliance-alert', functionVersion: '$LATEST', memoryLimitInMB: '256',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:210987654321:function:compliance-alert', awsRequestId: 'req',
  getRemainingTimeInMillis: () => 30000 };
for (const file of process.argv.slice(1)) {
  try { process.stdout.write('RESULT ' + JSON.stringify(await handler(JSON.parse(readFileSync(file, 'utf8')), context)) + '\\n'); }
  catch (error) { process.stdout.write('RESULT ' + JSON.stringify({ error: error.name + ': ' + error.message }) + '\\n'); }
}`;

async function runBundle(standIn: SnsStandIn, names: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUNNER, ...names.map(fixture)], {
    env: {
      PATH: process.env.PATH ?? '',
      ALERT_TOPIC_ARN: TOPIC,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: standIn.url,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ...env,
    },
    timeout: 60_000,
  });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('RESULT '))
    .map((line) => JSON.parse(line.slice(7)) as { status?: string; reason?: string; messageId?: string; error?: string });
}

describe('dist/functions/compliance-alert/index.mjs', () => {
  let standIn: SnsStandIn;
  beforeAll(async () => {
    standIn = await startSnsStandIn([TOPIC]);
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('publishes exactly one message per change of compliance and none otherwise', async () => {
    // Prepare
    const events = ['violation', 'no-transition', 'first-non-compliant', 'first-compliant', 'resolution', 'deletion', 'foreign-rule', 'vpc-no-annotation'];
    const before = standIn.published.length;

    // Act
    const results = await runBundle(standIn, events);

    // Assess
    expect(results.map((r) => r.status ?? r.error)).toEqual(['published', 'ignored', 'published', 'ignored', 'published', 'published', 'ignored', 'published']);
    const sent = standIn.published.slice(before);
    expect(sent.map((m) => m.subject)).toEqual([
      '[HIGH] NON_COMPLIANT gateway-endpoint-route-tables: vpce-0c0ffee1234567890',
      '[HIGH] NON_COMPLIANT endpoint-policy-restricted: vpce-0feedface00000001',
      '[HIGH] RESOLVED gateway-endpoint-route-tables: vpce-0c0ffee1234567890',
      '[HIGH] RESOLVED interface-endpoint-security-groups: vpce-0123456789abcdef0',
      '[MEDIUM] NON_COMPLIANT vpc-required-endpoints: vpc-0b1a2c3d4e5f60789',
    ]);
    expect(sent.every((m) => m.topicArn === TOPIC)).toBe(true);
    expect(sent[0]!.attributes).toEqual({
      ruleId: { dataType: 'String', value: 'gateway-endpoint-route-tables' },
      severity: { dataType: 'String', value: 'HIGH' },
      complianceType: { dataType: 'String', value: 'NON_COMPLIANT' },
      previousComplianceType: { dataType: 'String', value: 'COMPLIANT' },
      accountId: { dataType: 'String', value: '210987654321' },
      region: { dataType: 'String', value: 'eu-west-1' },
      eventKind: { dataType: 'String', value: 'compliance-change' },
    });
    expect(sent[0]!.message).toContain('rtb-0d15ea5e0000beef1');
  });

  it('publishes nothing below ALERT_MIN_SEVERITY and rejects a malformed event with the fields named', async () => {
    // Prepare
    const before = standIn.published.length;

    // Act
    const results = await runBundle(standIn, ['low-severity', 'malformed'], { ALERT_MIN_SEVERITY: 'medium' });

    // Assess
    expect(results[0]).toMatchObject({ status: 'ignored', reason: expect.stringContaining('below ALERT_MIN_SEVERITY MEDIUM') });
    expect(results[1]!.error).toMatch(/^InputError: not a Config Rules Compliance Change event: .*detail\.awsAccountId.*detail\.newEvaluationResult\.complianceType/);
    expect(standIn.published.length).toBe(before);
  });

  it('fails the invocation, naming the topic, when SNS refuses the Publish', async () => {
    // Prepare
    const unknownTopic = 'arn:aws:sns:eu-west-1:210987654321:no-such-topic';

    // Act
    const results = await runBundle(standIn, ['violation'], { ALERT_TOPIC_ARN: unknownTopic });

    // Assess
    expect(results[0]!.error).toMatch(new RegExp(`^AwsCallError: SNS Publish to ${unknownTopic} failed`));
  });
});
