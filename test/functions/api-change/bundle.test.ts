// The built bundle, unmodified, in a plain `node` process, with only its settings, fake
// credentials and AWS_ENDPOINT_URL pointing at one loopback stand-in for EC2, Config and SNS.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '../../helpers/aws-stand-in.js';
import { ACCOUNT, ENDPOINT, OPEN_POLICY, REGION, sampleWorld, type Ec2World } from '../../helpers/ec2-world.js';

const run = promisify(execFile);
const BUNDLE = pathToFileURL(resolve('dist/functions/api-change/index.mjs')).href;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:vpce-guard-alerts`;
const EVENT = readFileSync(new URL('../../fixtures/cloudtrail/modify-vpc-endpoint.json', import.meta.url), 'utf8');

// The child imports the bundle and calls its handler once, as the Lambda runtime would.
const INVOKE = `
const { handler } = await import(process.argv[1]);
const context = { functionName: 'vpce-guard-api-change', awsRequestId: 'r-1', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:${REGION}:${ACCOUNT}:function:vpce-guard-api-change', getRemainingTimeInMillis: () => 60000 };
const result = await handler(JSON.parse(process.argv[2]), context);
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
`;

let standIn: AwsStandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** The account's Config rules: one from the stack, one from an organization rule (member-account name). */
const DEPLOYED = {
  DescribeConfigRules: {
    ConfigRules: [
      { ConfigRuleName: 'vpce-guard-gateway-endpoint-route-tables' },
      { ConfigRuleName: 'OrgConfigRule-vpce-guard-endpoint-policy-restricted-q7w3e9r1' },
      { ConfigRuleName: 'someone-elses-rule' },
    ],
  },
};

async function invokeBundle(world: Ec2World, mode: string | undefined, event = EVENT): Promise<{ result: Record<string, unknown>; standIn: AwsStandIn }> {
  standIn = await startAwsStandIn(world, { configAnswers: DEPLOYED });
  const env: Record<string, string> = {
    ALERT_TOPIC_ARN: TOPIC,
    VPCE_GUARD_CONFIG: JSON.stringify({ trustedAccounts: [] }),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: standIn.url,
    ...(mode ? { REMEDIATION_MODE: mode } : {}),
  };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INVOKE, BUNDLE, event], { env, timeout: 60_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from the bundle:\n${stdout}`);
  return { result: JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>, standIn };
}

describe('dist/functions/api-change/index.mjs', () => {
  it('in apply mode adds exactly the missing tables and a restricted policy, re-evaluates and alerts with the old policy', async () => {
    const world = sampleWorld();
    const { result, standIn } = await invokeBundle(world, 'apply');
    expect(result.status).toBe('handled');
    const sent = world.modifications.filter((m) => !m.DryRun);
    expect(sent).toEqual([
      { VpcEndpointId: ENDPOINT, AddRouteTableIds: ['rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0'] },
      { VpcEndpointId: ENDPOINT, PolicyDocument: expect.stringContaining(`"aws:PrincipalAccount":"${ACCOUNT}"`) },
    ]);
    expect(world.endpoints[0]!.RouteTableIds).toEqual(['rtb-0a11b22c33d44e55f', 'rtb-0f66e77d88c99b00a', 'rtb-0c0ffee0c0ffee0c0']);
    expect(standIn.config).toEqual([
      { action: 'DescribeConfigRules', body: {} },
      {
        action: 'StartConfigRulesEvaluation',
        body: { ConfigRuleNames: ['vpce-guard-gateway-endpoint-route-tables', 'OrgConfigRule-vpce-guard-endpoint-policy-restricted-q7w3e9r1'] },
      },
    ]);
    const messages = standIn.published.map((p) => p.get('Message') ?? '');
    expect(standIn.published.map((p) => p.get('TopicArn'))).toEqual([TOPIC, TOPIC]);
    expect(messages.some((m) => m.includes(OPEN_POLICY))).toBe(true);
  });

  it('with REMEDIATION_MODE unset changes nothing', async () => {
    const world = sampleWorld();
    const { result, standIn } = await invokeBundle(world, undefined);
    expect(result.status).toBe('handled');
    expect(world.modifications).toEqual([]);
    expect(world.endpoints[0]!.PolicyDocument).toBe(OPEN_POLICY);
    expect(standIn.ec2Actions.filter((a) => a.startsWith('Modify'))).toEqual([]);
    expect(standIn.published).toEqual([]);
    expect(standIn.config.map((c) => c.action)).toEqual(['DescribeConfigRules', 'StartConfigRulesEvaluation']);
  });

  it('the "Remediate" button\'s request repairs only the pressed rule\'s finding and returns the outcome', async () => {
    // Prepare: the endpoint misses tables and is open to all; the policy rule is pressed
    const world = sampleWorld();
    const press = { source: 'vpce-guard.remediate', ruleId: 'endpoint-policy-restricted', resourceType: 'AWS::EC2::VPCEndpoint', resourceId: ENDPOINT, accountId: ACCOUNT, region: REGION };
    // Act
    const { result, standIn } = await invokeBundle(world, 'apply', JSON.stringify(press));
    // Assess
    expect(world.modifications.filter((m) => !m.DryRun)).toEqual([{ VpcEndpointId: ENDPOINT, PolicyDocument: expect.stringContaining(ACCOUNT) }]);
    expect(result.remediation).toMatchObject({ ruleId: 'endpoint-policy-restricted', resourceId: ENDPOINT, mode: 'apply', status: 'applied' });
    expect(standIn.config.at(-1)).toEqual({ action: 'StartConfigRulesEvaluation', body: { ConfigRuleNames: ['OrgConfigRule-vpce-guard-endpoint-policy-restricted-q7w3e9r1'] } });
  });

  it('a "Remediate" request with a wrong field fails with a one-line error naming it, and changes nothing', async () => {
    // Prepare
    const world = sampleWorld();
    const press = { source: 'vpce-guard.remediate', ruleId: 'endpoint-policy-restricted', resourceType: 'AWS::EC2::VPCEndpoint', resourceId: ENDPOINT, accountId: ACCOUNT, region: 'Mars' };
    // Act / Assess
    await expect(invokeBundle(world, 'apply', JSON.stringify(press))).rejects.toThrow(/remediation request: region: not an AWS region/);
    expect(world.modifications).toEqual([]);
  });
});
