import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { escapeXml, startEc2StandIn, type StandIn } from '../../helpers/ec2-stand-in.js';

describe('vpce-guard snapshot against the EC2 stand-in', () => {
  let ec2: StandIn;
  let apiGateway: Server;
  let env: Record<string, string>;
  beforeAll(async () => {
    const policy = escapeXml('{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}');
    ec2 = await startEc2StandIn({
      DescribeVpcEndpoints: () =>
        `<vpcEndpointSet><item><vpcEndpointId>vpce-0snap</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-0snap</vpcId><serviceName>com.amazonaws.eu-west-1.s3</serviceName><state>available</state><policyDocument>${policy}</policyDocument><routeTableIdSet/><ownerId>555544443333</ownerId><tagSet><item><key>Name</key><value>snap-s3</value></item></tagSet></item></vpcEndpointSet>`,
      DescribeRouteTables: () =>
        '<routeTableSet><item><routeTableId>rtb-0snap</routeTableId><vpcId>vpc-0snap</vpcId><associationSet><item><routeTableAssociationId>rtbassoc-0</routeTableAssociationId><routeTableId>rtb-0snap</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet><routeSet/></item></routeTableSet>',
      DescribeSubnets: () => '<subnetSet><item><subnetId>subnet-0snap</subnetId><vpcId>vpc-0snap</vpcId><availabilityZone>eu-west-1a</availabilityZone><tagSet><item><key>Name</key><value>app-a</value></item></tagSet></item></subnetSet>',
      DescribeVpcs: () => '<vpcSet><item><vpcId>vpc-0snap</vpcId><cidrBlock>10.1.0.0/16</cidrBlock></item></vpcSet>',
      DescribeSecurityGroups: () => '<securityGroupInfo/>',
      DescribeVpcAttribute: (p) => `<vpcId>${p.get('VpcId')}</vpcId><${p.get('Attribute')}><value>true</value></${p.get('Attribute')}>`,
      DescribeVpcEndpointServices: () => '<serviceDetailSet><item><serviceName>com.amazonaws.eu-west-1.s3</serviceName><vpcEndpointPolicySupported>true</vpcEndpointPolicySupported></item></serviceDetailSet>',
      DescribePrefixLists: () => '<prefixListSet><item><prefixListId>pl-6da54004</prefixListId><prefixListName>com.amazonaws.eu-west-1.s3</prefixListName><cidrSet><item>52.218.0.0/17</item></cidrSet></item></prefixListSet>',
      DescribeVpcEndpointServiceConfigurations: () => '<serviceConfigurationSet/>',
    });
    apiGateway = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET' && req.url?.startsWith('/restapis')) res.end(JSON.stringify({ item: [] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => apiGateway.listen(0, '127.0.0.1', resolve));
    env = {
      AWS_ENDPOINT_URL: ec2.url,
      AWS_ENDPOINT_URL_API_GATEWAY: `http://127.0.0.1:${(apiGateway.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    };
  });
  afterAll(async () => {
    await ec2.close();
    await new Promise<void>((resolve) => apiGateway.close(() => resolve()));
  });

  it('writes a snapshot that scan --snapshot judges exactly as the live scan', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'vpce-guard-snap-')), 'account.json');
    // Act
    const written = await runCli(['snapshot', '--region', 'eu-west-1', '--output', path], env);
    const live = await runCli(['scan', '--region', 'eu-west-1', '--format', 'json'], env);
    const offline = await runCli(['scan', '--snapshot', path, '--region', 'eu-west-1', '--format', 'json']);
    // Assess
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain(`vpce-guard: wrote the snapshot of eu-west-1 to ${path}`);
    const snapshot = JSON.parse(readFileSync(path, 'utf8'));
    expect(snapshot.VpcEndpoints[0]).toMatchObject({ VpcEndpointId: 'vpce-0snap', Tags: [{ Key: 'Name', Value: 'snap-s3' }] });
    expect(snapshot.Subnets[0].Tags).toEqual([{ Key: 'Name', Value: 'app-a' }]);
    expect(snapshot.VpcAttributes).toEqual([{ VpcId: 'vpc-0snap', EnableDnsSupport: { Value: true } }]);
    expect(offline.stderr).toBe('');
    expect(JSON.parse(offline.stdout).evaluations).toEqual(JSON.parse(live.stdout).evaluations);
    expect(JSON.parse(offline.stdout).evaluations.some((e: { complianceType: string }) => e.complianceType === 'NON_COMPLIANT')).toBe(true);
  });

  it('prints to stdout, and with --rules reads only what those rules need', async () => {
    const before = ec2.requests.length;
    const { code, stdout } = await runCli(['snapshot', '--region', 'eu-west-1', '--rules', 'gateway-endpoint-route-tables'], env);
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(stdout)).sort()).toEqual(['RouteTables', 'ServiceDetails', 'Subnets', 'VpcEndpoints']);
    const actions = ec2.requests.slice(before).map((p) => p.get('Action'));
    expect(actions).not.toContain('DescribeSecurityGroups');
    expect(actions).toContain('DescribeRouteTables');
  });

  it('asks for a region when none is configured', async () => {
    const { code, stdout, stderr } = await runCli(['snapshot'], { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: '/nonexistent', AWS_PROFILE: '' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^vpce-guard: no AWS region: pass --region or set AWS_REGION/m);
  });
});
