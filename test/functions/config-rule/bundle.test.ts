import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '../../helpers/config-stand-in.js';
import { event, fixture } from './events.js';
import { fakeAccount, GATEWAY0, GROUP0, IFACE0, PRIVATE0, REGION, standInHandlers, VPC0 } from './fake-ec2.js';

// The artefact deployment ships, unmodified, in a plain node process whose only settings are the
// region, fake credentials, AWS_ENDPOINT_URL (a loopback stand-in speaking EC2 query and Config
// JSON) and VPCE_GUARD_CONFIG.
const run = promisify(execFile);
const BUNDLE = pathToFileURL(resolve('dist/functions/config-rule/index.mjs')).href;

const DRIVER = `
import { handler } from ${JSON.stringify(BUNDLE)};
const event = JSON.parse(process.argv[1]);
const context = {
  functionName: 'vpce-guard-config-rule', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:${REGION}:246813579024:function:vpce-guard-config-rule',
  awsRequestId: 'b0a7c1e0-0000-4000-8000-0000000000e2', getRemainingTimeInMillis: () => 60000,
};
try {
  const result = await handler(event, context);
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
} catch (error) {
  process.stdout.write('FAILED ' + error.message + '\\n');
  process.exitCode = 1;
}
`;

let standIn: AwsStandIn;
const stored: unknown[] = [];

beforeAll(async () => {
  standIn = await startAwsStandIn({
    ec2: {
      ...standInHandlers(fakeAccount(3)),
      // STS speaks the same query protocol: the member-account role is assumed here.
      AssumeRole: (p) =>
        `<AssumeRoleResult><Credentials><AccessKeyId>ASIAMEMBERROLEEXAMPLE</AccessKeyId><SecretAccessKey>member-secret</SecretAccessKey><SessionToken>member-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${p.get('RoleArn')}/vpce-guard</Arn><AssumedRoleId>AROAEXAMPLE:vpce-guard</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>`,
    },
    config: {
      PutEvaluations: () => ({ FailedEvaluations: [] }),
      GetResourceConfigHistory: () => fixture('history-vpc-endpoint.json'),
      GetComplianceDetailsByConfigRule: () => ({ EvaluationResults: stored }),
    },
  });
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.requests.length = 0;
});

async function invoke(raw: unknown, extraEnv: Record<string, string> = {}): Promise<{ stdout: string; summary: Record<string, unknown> }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', DRIVER, JSON.stringify(raw)], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: standIn.url,
      VPCE_GUARD_CONFIG: JSON.stringify({ accountId: '246813579024', rules: { 'interface-endpoint-multi-az': { minAzs: 2 } } }),
      ...extraEnv,
    },
    timeout: 20_000,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, stdout).toBeDefined();
  return { stdout, summary: JSON.parse(line!.slice('RESULT '.length)) as Record<string, unknown> };
}

type Put = { ResultToken: string; Evaluations: { ComplianceResourceId: string; ComplianceResourceType: string; ComplianceType: string; Annotation: string; OrderingTimestamp: number }[] };

function puts(): Put[] {
  return standIn.config('PutEvaluations') as unknown as Put[];
}

describe('dist/functions/config-rule/index.mjs in a plain node process', () => {
  it('handles a ConfigurationItemChangeNotification and writes its evaluation to the endpoint', async () => {
    const { stdout, summary } = await invoke(fixture('change-vpc-endpoint-gateway.json'));

    expect(summary).toMatchObject({ ruleId: 'gateway-endpoint-route-tables', counts: { NON_COMPLIANT: 1 } });
    const [put] = puts();
    expect(put?.Evaluations).toEqual([
      expect.objectContaining({ ComplianceResourceId: GATEWAY0, ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: Date.parse('2025-01-06T09:30:00.000Z') / 1000 }),
    ]);
    expect(put?.Evaluations[0]?.Annotation).toContain(PRIVATE0);
    // EC2 was reached through the same endpoint, filtered to the endpoint's VPC.
    const described = standIn.ec2('DescribeVpcEndpoints');
    expect(described.map((p) => [p.get('Filter.1.Name'), p.get('Filter.1.Value.1')])).toEqual([['vpc-id', VPC0]]);
    // One structured summary line on stdout.
    expect(stdout.split('\n').filter((l) => l.includes('"message":"evaluated"'))).toHaveLength(1);
  });

  it('handles an OversizedConfigurationItemChangeNotification through GetResourceConfigHistory', async () => {
    const { summary } = await invoke(fixture('oversized-vpc-endpoint.json'));

    expect(standIn.config('GetResourceConfigHistory')).toEqual([
      expect.objectContaining({ resourceType: 'AWS::EC2::VPCEndpoint', resourceId: GATEWAY0, limit: 1 }),
    ]);
    expect(summary).toMatchObject({ eventKind: 'OversizedConfigurationItemChangeNotification', counts: { COMPLIANT: 1 } });
    expect(puts()[0]?.Evaluations).toEqual([expect.objectContaining({ ComplianceResourceId: GATEWAY0, ComplianceType: 'COMPLIANT' })]);
  });

  it('handles a ScheduledNotification: the whole account, then the stale results', async () => {
    stored.splice(0, stored.length, {
      ComplianceType: 'NON_COMPLIANT',
      EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'vpce-guard-interface-endpoint-multi-az', ResourceType: 'AWS::EC2::VPCEndpoint', ResourceId: 'vpce-0feedface0000000' } },
    });
    const raw = event('scheduled.json', () => {}, { ruleParameters: '{"ruleId":"interface-endpoint-multi-az"}', configRuleName: 'vpce-guard-interface-endpoint-multi-az' });

    const { summary } = await invoke(raw);

    expect(summary).toMatchObject({ eventKind: 'ScheduledNotification', counts: { COMPLIANT: 3, NOT_APPLICABLE: 3 }, stale: 1 });
    const all = puts().flatMap((p) => p.Evaluations);
    expect(all.find((e) => e.ComplianceResourceId === IFACE0)).toMatchObject({ ComplianceType: 'COMPLIANT' });
    expect(all.find((e) => e.ComplianceResourceId === 'vpce-0feedface0000000')).toMatchObject({ ComplianceType: 'NOT_APPLICABLE' });
    expect(standIn.config('GetComplianceDetailsByConfigRule')[0]).toMatchObject({ ConfigRuleName: 'vpce-guard-interface-endpoint-multi-az' });
  });

  it('handles a related-resource change and a deleted item', async () => {
    await invoke(fixture('change-security-group.json'));
    await invoke(fixture('change-vpc-endpoint-deleted.json'));

    const all = puts().flatMap((p) => p.Evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType]));
    expect(all).toEqual([
      [IFACE0, 'NON_COMPLIANT'],
      ['sg-0e0e0e0e0e0e0e0e0', 'NOT_APPLICABLE'],
      [GATEWAY0, 'NOT_APPLICABLE'],
    ]);
  });

  it('acts in a member account through the member role, and in its own account without it', async () => {
    const member = '135792468024';
    const raw = event('change-vpc-endpoint-gateway.json', () => {}, { accountId: member });

    await invoke(raw, { VPCE_GUARD_MEMBER_ROLE_NAME: 'vpce-guard-member' });

    const assumed = standIn.ec2('AssumeRole');
    // Once for each client (EC2, Config), each with its own temporary credentials.
    expect(assumed.length).toBeGreaterThan(0);
    expect(new Set(assumed.map((p) => p.get('RoleArn')))).toEqual(new Set([`arn:aws:iam::${member}:role/vpce-guard-member`]));
    const calls = standIn.requests.filter((r) => r.operation !== 'AssumeRole');
    expect(calls.length).toBeGreaterThan(1);
    expect(new Set(calls.map((r) => r.accessKeyId))).toEqual(new Set(['ASIAMEMBERROLEEXAMPLE']));

    standIn.requests.length = 0;
    await invoke(fixture('change-vpc-endpoint-gateway.json'), { VPCE_GUARD_MEMBER_ROLE_NAME: 'vpce-guard-member' });
    expect(standIn.ec2('AssumeRole')).toHaveLength(0);
    expect(new Set(standIn.requests.map((r) => r.accessKeyId))).toEqual(new Set(['AKIAIOSFODNN7EXAMPLE']));
  });

  it('fails with a one-line reason on a rule without ruleId, writing nothing', async () => {
    const raw = { ...fixture('scheduled.json'), ruleParameters: '{}' };
    const failed = run(process.execPath, ['--input-type=module', '-e', DRIVER, JSON.stringify(raw)], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_ENDPOINT_URL: standIn.url },
      timeout: 20_000,
    });

    await expect(failed).rejects.toMatchObject({ stdout: expect.stringContaining('FAILED ruleParameters: the key "ruleId" is missing') });
    expect(puts()).toHaveLength(0);
  });
});

describe('dist/functions/config-rule/index.mjs: the rules on security groups and endpoint services', () => {
  const S3_LIST = 'pl-7ca54015';
  const OPEN_SERVICE = 'vpce-svc-0f1e2d3c4b5a69788';
  const OWN_SERVICE = 'vpce-svc-0a0a0a0a0a0a0a0a1';
  let services: AwsStandIn;

  beforeAll(async () => {
    const account = fakeAccount(2);
    // Group 0 may send HTTPS only inside its VPC; group 1 also to S3's prefix list.
    const https = (lists: string[]) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: lists.map((PrefixListId) => ({ PrefixListId })), UserIdGroupPairs: [] });
    account.SecurityGroups.forEach((g, i) => (g.IpPermissionsEgress = [https(i === 0 ? [] : [S3_LIST])]));
    services = await startAwsStandIn({
      ec2: {
        ...standInHandlers(account),
        DescribePrefixLists: () =>
          `<prefixListSet><item><prefixListId>${S3_LIST}</prefixListId><prefixListName>com.amazonaws.${REGION}.s3</prefixListName><cidrSet><item>52.95.148.0/23</item><item>3.5.244.0/22</item></cidrSet></item></prefixListSet>`,
        DescribeVpcEndpointServiceConfigurations: () =>
          `<serviceConfigurationSet>${[OPEN_SERVICE, OWN_SERVICE].map((id) => `<item><serviceId>${id}</serviceId><serviceState>Available</serviceState><acceptanceRequired>false</acceptanceRequired></item>`).join('')}</serviceConfigurationSet>`,
        DescribeVpcEndpointServicePermissions: (p) => {
          const principal = p.get('ServiceId') === OPEN_SERVICE ? '*' : `arn:aws:iam::246813579024:root`;
          return `<allowedPrincipals><item><principal>${principal}</principal><principalType>${principal === '*' ? 'All' : 'Account'}</principalType></item></allowedPrincipals>`;
        },
      },
      config: { PutEvaluations: () => ({ FailedEvaluations: [] }), GetComplianceDetailsByConfigRule: () => ({ EvaluationResults: [] }) },
    });
  });

  afterAll(() => services.close());

  async function periodic(ruleId: string): Promise<[string, string, string][]> {
    const raw = event('scheduled.json', () => {}, { ruleParameters: JSON.stringify({ ruleId }), configRuleName: `vpce-guard-${ruleId}` });
    await run(process.execPath, ['--input-type=module', '-e', DRIVER, JSON.stringify(raw)], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_ENDPOINT_URL: services.url,
        VPCE_GUARD_CONFIG: JSON.stringify({ accountId: '246813579024' }),
      },
      timeout: 20_000,
    });
    const written = (services.config('PutEvaluations') as unknown as Put[]).flatMap((p) => p.Evaluations);
    services.requests.length = 0;
    return written.map((e) => [e.ComplianceResourceId, e.ComplianceResourceType, e.ComplianceType]);
  }

  it('gateway-endpoint-egress: a periodic run reads the prefix lists and judges every group', async () => {
    const written = await periodic('gateway-endpoint-egress');

    expect(written).toEqual([
      [GROUP0, 'AWS::EC2::SecurityGroup', 'NON_COMPLIANT'],
      [expect.stringMatching(/^sg-/), 'AWS::EC2::SecurityGroup', 'COMPLIANT'],
    ]);
  });

  it('endpoint-service-allowed-principals: a periodic run reads each service\'s principals', async () => {
    const written = await periodic('endpoint-service-allowed-principals');

    expect(written).toEqual([
      [OPEN_SERVICE, 'AWS::EC2::VPCEndpointService', 'NON_COMPLIANT'],
      [OWN_SERVICE, 'AWS::EC2::VPCEndpointService', 'COMPLIANT'],
    ]);
  });
});
