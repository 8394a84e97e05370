import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';
import { runCli, tempFile } from '../../helpers/cli.js';
import { escapeXml, startEc2StandIn, type StandIn } from '../../helpers/ec2-stand-in.js';
import { gateway, routeTable, snapshot, subnet, vpc } from '../../helpers/snapshot.js';

const EXAMPLE = ['--snapshot', 'examples/sample-account.json', '--config', 'examples/vpce-guard.config.json'];
const file = tempFile;

describe('vpce-guard scan on the bundled example', () => {
  it('prints the JSON contract and exits 1 because it finds non-compliant resources', async () => {
    const { code, stdout, stderr } = await runCli(['scan', ...EXAMPLE, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['tool', 'generatedAt', 'account', 'region', 'summary', 'evaluations', 'remediations', 'errors', 'warnings']);
    expect(out.warnings).toEqual([]);
    for (const e of out.evaluations) {
      expect(Object.keys(e)).toEqual(['ruleId', 'severity', 'title', 'resourceType', 'resourceId', 'complianceType', 'annotation', 'findings']);
      expect(e.annotation.length).toBeLessThanOrEqual(256);
    }
    // Every rule has compliant and non-compliant resources in the example.
    for (const rule of CATALOGUE) {
      const types = new Set(out.evaluations.filter((e: { ruleId: string }) => e.ruleId === rule.id).map((e: { complianceType: string }) => e.complianceType));
      expect([rule.id, [...types].sort()]).toEqual([rule.id, expect.arrayContaining(['COMPLIANT', 'NON_COMPLIANT'])]);
    }
    expect(out.remediations.length).toBeGreaterThan(0);
    expect(out.remediations.every((p: { steps: unknown[]; status: string }) => p.status === 'refused' || p.steps.length > 0)).toBe(true);
    expect(out.errors).toEqual([]);
  });

  it('is what `npm start` shows: a table grouped by rule, a summary, the plan, exit 0', async () => {
    const { code, stdout } = await runCli(['scan', ...EXAMPLE, '--plan', '--exit-zero']);
    expect(code).toBe(0);
    for (const rule of CATALOGUE) expect(stdout).toContain(`${rule.id}  [${rule.severity}]`);
    expect(stdout).toMatch(new RegExp(`^Summary: ${CATALOGUE.length} rules, \\d+ evaluations: \\d+ non-compliant, \\d+ compliant, \\d+ not applicable, 0 errors\\.$`, 'm'));
    expect(stdout).toContain('Remediation plan:');
    expect(stdout).toContain('+          "aws:PrincipalOrgID": "o-k7q2m9x4p1"');
  });

  it('limits the scan with --rules', async () => {
    const { stdout } = await runCli(['scan', ...EXAMPLE, '--rules', 'vpc-required-endpoints', '--format', 'json']);
    const ids = new Set(JSON.parse(stdout).evaluations.map((e: { ruleId: string }) => e.ruleId));
    expect([...ids]).toEqual(['vpc-required-endpoints']);
  });

  it('exits 0 with an empty remediations list on a clean account', async () => {
    const clean = snapshot({
      Vpcs: [vpc({ id: 'vpc-1' })],
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: 'vpc-1', tables: ['rtb-1'] })],
      RouteTables: [routeTable({ id: 'rtb-1', vpc: 'vpc-1', subnets: ['subnet-1'], main: true })],
      Subnets: [subnet({ id: 'subnet-1', vpc: 'vpc-1' })],
      VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } }],
    });
    const path = file('clean.json', JSON.stringify(clean));
    const cfg = file('clean-config.json', JSON.stringify({ orgId: 'o-testorg1234' }));
    const { code, stdout } = await runCli(['scan', '--snapshot', path, '--config', cfg, '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).remediations).toEqual([]);
  });
});

describe('vpce-guard scan on bad input exits 2 with one line naming the fault', () => {
  it.each([
    [['scan', '--snapshot', 'no/such/file.json'], /^vpce-guard: snapshot no\/such\/file\.json: cannot read: no such file\n$/],
    [['scan', '--snapshot', file('bad.json', '{"VpcEndpoints": [')], /^vpce-guard: snapshot .*bad\.json: not valid JSON: .+\n$/],
    [['scan', '--snapshot', file('shape.json', '{"VpcEndpoints": [{"VpcEndpointId": 7}]}')], /^vpce-guard: .*shape\.json: VpcEndpoints\[0\]\.VpcEndpointId: .*expected string.*\n$/],
    [['scan', ...EXAMPLE, '--rules', 'endpoint-vpc-dns,made-up'], /^vpce-guard: unknown rule id "made-up" \(known: .*\)\n$/],
    [['scan', '--snapshot', 'examples/sample-account.json', '--config', file('cfg.json', '{"rules": {"interface-endpoint-multi-az": {"minAzs": "two"}}}')], /^vpce-guard: .*cfg\.json: rules\.interface-endpoint-multi-az: minAzs: .+\n$/],
    [['scan', ...EXAMPLE, '--format', 'yaml'], /option '--format <format>' argument 'yaml' is invalid\. Allowed choices are table, json, sarif, csv, markdown, html, shell\./],
    [['scan', '--no-such-option'], /unknown option '--no-such-option'/],
    [['scna'], /unknown command 'scna'/],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe('vpce-guard scan against the live account', () => {
  let standIn: StandIn;
  let apiGateway: Server;
  beforeAll(async () => {
    const policy = escapeXml('{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}');
    standIn = await startEc2StandIn({
      DescribeVpcEndpoints: () =>
        `<vpcEndpointSet><item><vpcEndpointId>vpce-0live</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-0live</vpcId><serviceName>com.amazonaws.us-east-1.s3</serviceName><state>available</state><policyDocument>${policy}</policyDocument><routeTableIdSet/><ownerId>555544443333</ownerId></item></vpcEndpointSet>`,
      DescribeRouteTables: () =>
        '<routeTableSet><item><routeTableId>rtb-0live</routeTableId><vpcId>vpc-0live</vpcId><associationSet><item><routeTableAssociationId>rtbassoc-0</routeTableAssociationId><routeTableId>rtb-0live</routeTableId><main>true</main><associationState><state>associated</state></associationState></item><item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><routeTableId>rtb-0live</routeTableId><subnetId>subnet-0live</subnetId><main>false</main><associationState><state>associated</state></associationState></item></associationSet><routeSet/></item></routeTableSet>',
      DescribeSubnets: () => '<subnetSet><item><subnetId>subnet-0live</subnetId><vpcId>vpc-0live</vpcId><availabilityZone>us-east-1a</availabilityZone></item></subnetSet>',
      DescribeVpcs: () => '<vpcSet><item><vpcId>vpc-0live</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet>',
      DescribeSecurityGroups: () => '<securityGroupInfo/>',
      DescribeVpcAttribute: (p) => `<vpcId>${p.get('VpcId')}</vpcId><${p.get('Attribute')}><value>true</value></${p.get('Attribute')}>`,
      DescribeVpcEndpointServices: () => '<serviceDetailSet><item><serviceName>com.amazonaws.us-east-1.s3</serviceName><vpcEndpointPolicySupported>true</vpcEndpointPolicySupported></item></serviceDetailSet>',
      DescribePrefixLists: () => '<prefixListSet><item><prefixListId>pl-63a5400a</prefixListId><prefixListName>com.amazonaws.us-east-1.s3</prefixListName><cidrSet><item>52.216.0.0/15</item></cidrSet></item></prefixListSet>',
      DescribeVpcEndpointServiceConfigurations: () => '<serviceConfigurationSet/>',
    });
    // API Gateway's REST-JSON GetRestApis: one private API whose policy any VPC endpoint satisfies.
    const apiPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }] }).replaceAll('"', '\\"');
    apiGateway = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET' && req.url?.startsWith('/restapis')) res.end(JSON.stringify({ item: [{ id: 'a0live', endpointConfiguration: { types: ['PRIVATE'] }, policy: apiPolicy }] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => apiGateway.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await standIn.close();
    await new Promise<void>((resolve) => apiGateway.close(() => resolve()));
  });

  it('reads EC2 through the default chain, shows progress on stderr, and judges the result', async () => {
    const apiGatewayUrl = `http://127.0.0.1:${(apiGateway.address() as AddressInfo).port}`;
    const env = { AWS_ENDPOINT_URL: standIn.url, AWS_ENDPOINT_URL_API_GATEWAY: apiGatewayUrl, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
    const { code, stdout, stderr } = await runCli(['scan', '--format', 'json'], env);
    expect(stderr).toContain('vpce-guard: VPC endpoints: 1');
    expect(stderr).toContain('vpce-guard: VPC attributes: 1/1');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    const byRule = Object.fromEntries(out.evaluations.map((e: { ruleId: string; complianceType: string }) => [e.ruleId, e.complianceType]));
    expect(byRule).toMatchObject({ 'gateway-endpoint-route-tables': 'NON_COMPLIANT', 'endpoint-policy-restricted': 'NON_COMPLIANT', 'endpoint-vpc-dns': 'COMPLIANT', 'vpc-required-endpoints': 'COMPLIANT' });
    // REST APIs come from API Gateway (its own endpoint), the policy escaped as API Gateway sends it.
    expect(out.evaluations.filter((e: { ruleId: string }) => e.ruleId === 'private-api-requires-endpoint')).toEqual([expect.objectContaining({ resourceId: 'a0live', complianceType: 'NON_COMPLIANT' })]);
    expect(stderr).toContain('vpce-guard: REST APIs: 1');
    expect(out.remediations[0].steps[0]).toEqual({ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-0live', AddRouteTableIds: ['rtb-0live'] } });
  });

  it('asks for a region when none is configured', async () => {
    const { code, stderr } = await runCli(['scan'], { AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: '/nonexistent', AWS_PROFILE: '' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: no AWS region: pass --region or set AWS_REGION/m);
  });

  it('fails with exit 2 and names the call when EC2 refuses one', async () => {
    const refusing = await startEc2StandIn({ DescribeVpcEndpoints: () => '<vpcEndpointSet/>' });
    try {
      const env = { AWS_ENDPOINT_URL: refusing.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
      const { code, stdout, stderr } = await runCli(['scan', '--rules', 'interface-endpoint-multi-az', '--region', 'eu-west-1'], env);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^vpce-guard: DescribeSubnets failed: InvalidAction: no stand-in for DescribeSubnets$/m);
    } finally {
      await refusing.close();
    }
  });
});
