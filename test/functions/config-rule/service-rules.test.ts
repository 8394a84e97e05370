import { APIGatewayClient, GetRestApiCommand, GetRestApisCommand, NotFoundException } from '@aws-sdk/client-api-gateway';
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand, type Evaluation } from '@aws-sdk/client-config-service';
import {
  DescribePrefixListsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/config-rule/handler.js';
import { event, fixture, itemOf, lambdaContext } from './events.js';
import { ACCOUNT, GROUP0, REGION, VPC0, fakeAccount, mockFakeAccount, type FakeAccount } from './fake-ec2.js';

// Issue 14's EC2 rules through the real handler: gateway-endpoint-egress (security groups) and
// endpoint-service-allowed-principals (endpoint services), on change and periodically.
const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);
const apigw = mockClient(APIGatewayClient);
const API = 'a1b2c3d4e5';
const VPCE = 'vpce-0c0ffee0iface001';
const OPEN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:eu-west-2:246813579024:${API}/*` }] }).replaceAll('"', '\\"');
const CONFINED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:eu-west-2:246813579024:${API}/*`, Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } }],
}).replaceAll('"', '\\"');

const S3_LIST = 'pl-7ca54015';
const SERVICE = 'vpce-svc-0f1e2d3c4b5a69788';
const OTHER_SERVICE = 'vpce-svc-0a0a0a0a0a0a0a0a1';
const FOREIGN = '135792468013';

let account: FakeAccount;
let principals: Record<string, string[]>;
let acceptance: Record<string, boolean>;

function written(): Evaluation[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((c) => c.args[0].input.Evaluations ?? []);
}

function writtenFor(id: string): Evaluation {
  const found = written().filter((e) => e.ComplianceResourceId === id);
  expect(found, `one evaluation written for ${id}`).toHaveLength(1);
  return found[0]!;
}

const tcp443 = (o: { cidrs?: string[]; lists?: string[] }) => ({
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: (o.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: [],
  PrefixListIds: (o.lists ?? []).map((PrefixListId) => ({ PrefixListId })),
  UserIdGroupPairs: [],
});

beforeEach(() => {
  ec2.reset();
  config.reset();
  apigw.reset();
  account = fakeAccount(3);
  // Group 0 may reach only its VPC; the others reach the S3 prefix list too.
  account.SecurityGroups.forEach((g, i) => {
    g.IpPermissionsEgress = i === 0 ? [tcp443({ cidrs: ['10.20.0.0/16'] })] : [tcp443({ cidrs: ['10.20.0.0/16'], lists: [S3_LIST] })];
  });
  mockFakeAccount(ec2, account);
  ec2.on(DescribePrefixListsCommand).resolves({ PrefixLists: [{ PrefixListId: S3_LIST, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: ['52.95.148.0/23', '3.5.244.0/22'] }] });
  principals = { [SERVICE]: ['*'], [OTHER_SERVICE]: [`arn:aws:iam::${ACCOUNT}:root`] };
  acceptance = { [SERVICE]: false, [OTHER_SERVICE]: false };
  ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).callsFake((input: { ServiceIds?: string[] }) => ({
    ServiceConfigurations: (input.ServiceIds ?? Object.keys(principals)).filter((id) => id in principals).map((ServiceId) => ({ ServiceId, ServiceState: 'Available', AcceptanceRequired: acceptance[ServiceId], Tags: [] })),
  }));
  ec2.on(DescribeVpcEndpointServicePermissionsCommand).callsFake((input: { ServiceId: string }) => ({
    AllowedPrincipals: (principals[input.ServiceId] ?? []).map((Principal) => ({ Principal, PrincipalType: Principal === '*' ? 'All' : 'Account', ServiceId: input.ServiceId })),
  }));
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const egressRule = { ruleParameters: '{"ruleId":"gateway-endpoint-egress"}', configRuleName: 'vpce-guard-gateway-endpoint-egress' };
const servicesRule = { ruleParameters: '{"ruleId":"endpoint-service-allowed-principals"}', configRuleName: 'vpce-guard-endpoint-service-allowed-principals' };

describe('config-rule: gateway-endpoint-egress', () => {
  it('a change to a group judges the group as the item says, with its VPC\'s routes and the prefix lists', async () => {
    // The item's egress: HTTPS to the VPC only (no route to S3's prefix list).
    const raw = event('change-security-group.json', (inv) => {
      (itemOf(inv).configuration as Record<string, unknown>).ipPermissionsEgress = [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [{ cidrIp: '10.20.0.0/16' }], ipRanges: ['10.20.0.0/16'], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] },
      ];
    }, egressRule);

    await handler(raw, lambdaContext());

    expect(written()).toHaveLength(1);
    expect(writtenFor(GROUP0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringContaining(`not to ${S3_LIST} (s3, vpce-0c0ffee0gateway1)`) });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
    expect(ec2).toHaveReceivedCommandTimes(DescribePrefixListsCommand, 1);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcEndpointServiceConfigurationsCommand);
  });

  it('the same change with HTTPS egress to the prefix list is compliant', async () => {
    const raw = event('change-security-group.json', (inv) => {
      (itemOf(inv).configuration as Record<string, unknown>).ipPermissionsEgress = [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [], ipRanges: [], ipv6Ranges: [], prefixListIds: [{ prefixListId: S3_LIST }], userIdGroupPairs: [] },
      ];
    }, egressRule);

    await handler(raw, lambdaContext());

    expect(writtenFor(GROUP0).ComplianceType).toBe('COMPLIANT');
  });

  it('a change to a gateway endpoint re-evaluates every group of its VPC, read by vpc-id', async () => {
    const raw = event('change-vpc-endpoint-gateway.json', () => {}, egressRule);

    await handler(raw, lambdaContext());

    expect(writtenFor(GROUP0)).toMatchObject({ ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceType: 'NON_COMPLIANT' });
    expect(writtenFor('vpce-0c0ffee0gateway1')).toMatchObject({ ComplianceType: 'NOT_APPLICABLE', Annotation: `gateway-endpoint-egress judges AWS::EC2::SecurityGroup; this change re-evaluated 1 security group(s) of ${VPC0}: ${GROUP0}.` });
    expect(written()).toHaveLength(2);
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC0] }] });
  });

  it('a periodic run judges every group of the account', async () => {
    await handler(event('scheduled.json', () => {}, egressRule), lambdaContext());

    expect(written().map((e) => [e.ComplianceResourceId, e.ComplianceResourceType, e.ComplianceType])).toEqual([
      [GROUP0, 'AWS::EC2::SecurityGroup', 'NON_COMPLIANT'],
      [account.SecurityGroups[1]!.GroupId, 'AWS::EC2::SecurityGroup', 'COMPLIANT'],
      [account.SecurityGroups[2]!.GroupId, 'AWS::EC2::SecurityGroup', 'COMPLIANT'],
    ]);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input).not.toHaveProperty('Filters');
  });
});

describe('config-rule: endpoint-service-allowed-principals', () => {
  it('a change to an endpoint service reads its principals from EC2 and judges it alone', async () => {
    await handler(fixture('change-vpc-endpoint-service.json'), lambdaContext());

    expect(written()).toHaveLength(1);
    expect(writtenFor(SERVICE)).toMatchObject({
      ComplianceResourceType: 'AWS::EC2::VPCEndpointService',
      ComplianceType: 'NON_COMPLIANT',
      Annotation: `${SERVICE} accepts connections without manual acceptance from *: outside the trust boundary.`,
      OrderingTimestamp: new Date('2025-01-06T11:40:00.000Z'),
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServiceConfigurationsCommand, { ServiceIds: [SERVICE] });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointServicePermissionsCommand, { ServiceId: SERVICE });
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcEndpointsCommand);
  });

  it('turning on manual acceptance makes the same service compliant', async () => {
    acceptance[SERVICE] = true;

    await handler(fixture('change-vpc-endpoint-service.json'), lambdaContext());

    expect(writtenFor(SERVICE).ComplianceType).toBe('COMPLIANT');
  });

  it('a service deleted before it is read is NOT_APPLICABLE', async () => {
    delete principals[SERVICE];

    await handler(fixture('change-vpc-endpoint-service.json'), lambdaContext());

    expect(writtenFor(SERVICE)).toMatchObject({ ComplianceType: 'NOT_APPLICABLE' });
  });

  it('a periodic run judges every service of the account, reading no VPC', async () => {
    principals[OTHER_SERVICE] = [`arn:aws:iam::${FOREIGN}:root`];
    acceptance[OTHER_SERVICE] = true;

    await handler(event('scheduled.json', () => {}, servicesRule), lambdaContext());

    expect(written().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      [SERVICE, 'NON_COMPLIANT'],
      [OTHER_SERVICE, 'COMPLIANT'],
    ]);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcEndpointsCommand);
  });
});

describe('config-rule: private-api-requires-endpoint', () => {
  const apisRule = { ruleParameters: '{"ruleId":"private-api-requires-endpoint"}', configRuleName: 'vpce-guard-private-api-requires-endpoint' };

  it('a change to a REST API reads it with GetRestApi and judges its policy as API Gateway hands it out', async () => {
    apigw.on(GetRestApiCommand, { restApiId: API }).resolves({ id: API, endpointConfiguration: { types: ['PRIVATE'] }, policy: OPEN });

    await handler(fixture('change-rest-api.json'), lambdaContext());

    expect(written()).toHaveLength(1);
    expect(writtenFor(API)).toMatchObject({ ComplianceResourceType: 'AWS::ApiGateway::RestApi', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date('2025-01-06T12:10:00.000Z') });
    expect(ec2.calls()).toHaveLength(0);
  });

  it('the same API confined to a VPC endpoint is compliant; one deleted before it is read is NOT_APPLICABLE', async () => {
    apigw.on(GetRestApiCommand, { restApiId: API }).resolvesOnce({ id: API, endpointConfiguration: { types: ['PRIVATE'] }, policy: CONFINED });
    await handler(fixture('change-rest-api.json'), lambdaContext());
    expect(writtenFor(API).ComplianceType).toBe('COMPLIANT');

    config.resetHistory();
    apigw.on(GetRestApiCommand, { restApiId: API }).rejects(new NotFoundException({ message: 'Invalid API identifier specified', $metadata: {} }));
    await handler(fixture('change-rest-api.json'), lambdaContext());
    expect(writtenFor(API).ComplianceType).toBe('NOT_APPLICABLE');
  });

  it('a periodic run judges every REST API of the account', async () => {
    apigw.on(GetRestApisCommand).resolves({
      items: [
        { id: API, endpointConfiguration: { types: ['PRIVATE'] }, policy: OPEN },
        { id: 'f6g7h8i9j0', endpointConfiguration: { types: ['PRIVATE'] }, policy: CONFINED },
        { id: 'k1l2m3n4o5', endpointConfiguration: { types: ['REGIONAL'] } },
      ],
    });

    await handler(event('scheduled.json', () => {}, apisRule), lambdaContext());

    expect(written().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      [API, 'NON_COMPLIANT'],
      ['f6g7h8i9j0', 'COMPLIANT'],
      ['k1l2m3n4o5', 'NOT_APPLICABLE'],
    ]);
    expect(apigw).toHaveReceivedCommandWith(GetRestApisCommand, { limit: 500 });
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('config-rule: s3-endpoint-keeps-aws-services', () => {
  const keepsRule = { ruleParameters: '{"ruleId":"s3-endpoint-keeps-aws-services","orgId":"o-fakeorg0001"}', configRuleName: 'vpce-guard-s3-endpoint-keeps-aws-services' };
  const OWN_BUCKET_ONLY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::orders-data/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-fakeorg0001' } } }],
  });

  it('a change to an SSM endpoint re-evaluates the S3 endpoints of its VPC', async () => {
    account.VpcEndpoints.find((e) => e.VpcEndpointId === 'vpce-0c0ffee0gateway1')!.PolicyDocument = OWN_BUCKET_ONLY;

    await handler(event('change-vpc-endpoint-interface.json', () => {}, keepsRule), lambdaContext());

    expect(writtenFor('vpce-0c0ffee0gateway1')).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringContaining('blocks reads of 9 AWS-owned service bucket(s)') });
    expect(writtenFor(VPCE)).toMatchObject({ ComplianceType: 'NOT_APPLICABLE' });
    expect(written()).toHaveLength(2);
  });

  it('a periodic run judges every S3 endpoint of the account', async () => {
    account.VpcEndpoints.find((e) => e.VpcEndpointId === 'vpce-0c0ffee0gateway1')!.PolicyDocument = OWN_BUCKET_ONLY;

    await handler(event('scheduled.json', () => {}, keepsRule), lambdaContext());

    const gateways = written().filter((e) => e.ComplianceResourceId?.startsWith('vpce-') && e.ComplianceType !== 'NOT_APPLICABLE');
    expect(gateways.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['vpce-0c0ffee0gateway1', 'NON_COMPLIANT'],
      [account.VpcEndpoints[2]!.VpcEndpointId, 'COMPLIANT'],
      [account.VpcEndpoints[4]!.VpcEndpointId, 'COMPLIANT'],
    ]);
  });
});
