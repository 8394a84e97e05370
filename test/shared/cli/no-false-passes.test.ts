// Every case of issue 6's "Why", through the built CLI (the engine-level twin is
// test/shared/engine/no-false-passes.test.ts), and its clear single-line errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../../helpers/cli.js';
import { DEFAULT_POLICY, completeSnapshot, gateway, routeTable, snapshot, subnet, vpc } from '../../helpers/snapshot.js';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../../examples/sample-account.json', import.meta.url), 'utf8')) as {
  VpcEndpoints: Record<string, unknown>[];
  RouteTables: Record<string, unknown>[];
  Vpcs: Record<string, unknown>[];
};
const CONFIG = ['--config', 'examples/vpce-guard.config.json'];
const V = 'vpc-0c01';

async function scanJson(raw: unknown, name: string, extra: string[] = []) {
  const path = tempFile(name, typeof raw === 'string' ? raw : JSON.stringify(raw));
  const run = await runCli(['scan', '--snapshot', path, ...CONFIG, '--format', 'json', ...extra]);
  return { ...run, path, out: run.stdout ? (JSON.parse(run.stdout) as { evaluations: { ruleId: string; resourceId: string; complianceType: string }[]; errors: { ruleId: string; resourceId?: string; message: string }[]; remediations: { resourceId: string; status: string; summary: string; steps: unknown[] }[] }) : undefined };
}

describe('vpce-guard scan refuses to judge what it cannot see', () => {
  it('a gateway endpoint whose VPC has no route table in the snapshot: an error, exit 1, not COMPLIANT', async () => {
    const raw = snapshot({
      Vpcs: [vpc({ id: V })],
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V })],
      Subnets: [subnet({ id: 'subnet-1', vpc: V })],
    });
    const { code, out, stderr } = await scanJson(raw, 'no-tables.json', ['--rules', 'gateway-endpoint-route-tables']);
    expect(code).toBe(1);
    expect(out!.evaluations).toEqual([]);
    expect(stderr).toBe(
      `vpce-guard: gateway-endpoint-route-tables vpce-1: cannot judge vpce-1: the input lacks the main route table of ${V} (RouteTables has none for it; every VPC has one)\n`,
    );
  });

  it('a gateway endpoint whose RouteTableIds name tables the snapshot lacks', async () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, tables: ['rtb-gone'] })], Subnets: [subnet({ id: 'subnet-1', vpc: V })] });
    const { code, out } = await scanJson(raw, 'gone-table.json', ['--rules', 'gateway-endpoint-route-tables']);
    expect(code).toBe(1);
    expect(out!.errors).toEqual([{ ruleId: 'gateway-endpoint-route-tables', resourceId: 'vpce-1', message: 'cannot judge vpce-1: the input lacks route table rtb-gone (not in RouteTables)' }]);
  });

  it('the example with a lower-case "interface" keeps every finding of its worst endpoint', async () => {
    const [before, after] = await Promise.all([
      scanJson(EXAMPLE, 'example.json'),
      scanJson({ ...EXAMPLE, VpcEndpoints: EXAMPLE.VpcEndpoints.map((e) => ({ ...e, VpcEndpointType: String(e.VpcEndpointType).toLowerCase() })) }, 'lower.json'),
    ]);
    expect(after.out!.errors).toEqual([]);
    expect(after.out!.evaluations).toEqual(before.out!.evaluations);
    const worst = after.out!.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT' && EXAMPLE.VpcEndpoints.some((v) => v.VpcEndpointId === e.resourceId && String(v.VpcEndpointType) === 'Interface'));
    expect(worst.length).toBeGreaterThanOrEqual(3);
  });

  it('an unknown endpoint type is an error naming the value and the known types', async () => {
    const endpoints = EXAMPLE.VpcEndpoints.map((e, i) => (i === 0 ? { ...e, VpcEndpointType: 'Bridge' } : e));
    const { code, out, stderr } = await scanJson({ ...EXAMPLE, VpcEndpoints: endpoints }, 'unknown-type.json');
    const id = String(EXAMPLE.VpcEndpoints[0]!.VpcEndpointId);
    expect(code).toBe(1);
    expect(out!.errors.filter((e) => e.resourceId === id).map((e) => e.message)).toContain(
      `VpcEndpointType "Bridge" of ${id} is not an endpoint type (known: Gateway, Interface, GatewayLoadBalancer)`,
    );
    expect(out!.evaluations.some((e) => e.resourceId !== id)).toBe(true);
    expect(stderr.split('\n').filter(Boolean).every((line) => line.startsWith('vpce-guard: '))).toBe(true);
  });

  it('takes the real describe-vpc-endpoint-services output, ServiceNames and all', async () => {
    const endpoint = { ...gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY }), ServiceName: 'com.amazonaws.us-east-1.example' };
    const raw = {
      ...snapshot({ VpcEndpoints: [endpoint] }),
      ServiceNames: ['com.amazonaws.us-east-1.example'],
      ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.example', ServiceType: [{ ServiceType: 'Gateway' }], VpcEndpointPolicySupported: false, Owner: 'amazon' }],
    };
    const { code, out } = await scanJson(raw, 'services.json', ['--rules', 'endpoint-policy-restricted']);
    expect(code).toBe(0);
    expect(out!.evaluations[0]!.complianceType).toBe('NOT_APPLICABLE');
  });

  it('refuses a page with NextToken and says how to get every page', async () => {
    const { code, stdout, stderr, path } = await scanJson({ ...EXAMPLE, NextToken: 'eyJ0b2tlbiI6IDJ9' }, 'page.json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^vpce-guard: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: NextToken: the listing is partial \\(one page of several\\); run the aws command without --max-items[^\\n]*\\n$`));
  });

  it('a duplicated route table gives one finding and one AddRouteTableIds entry; a duplicated endpoint one evaluation', async () => {
    const table = routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] });
    const endpoint = gateway({ id: 'vpce-1', vpc: V });
    const raw = completeSnapshot({ VpcEndpoints: [endpoint, endpoint], RouteTables: [table, table], Subnets: [subnet({ id: 'subnet-a', vpc: V })] });
    const { out } = await scanJson(raw, 'dups.json', ['--rules', 'gateway-endpoint-route-tables']);
    expect(out!.evaluations).toHaveLength(1);
    expect(out!.remediations.map((p) => p.steps)).toEqual([[{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-a'] } }]]);
  });

  it('a duplicated VPC with another CIDR is an input error naming the key, the id and both positions', async () => {
    const first = EXAMPLE.Vpcs[0]!;
    const raw = { ...EXAMPLE, Vpcs: [...EXAMPLE.Vpcs, { ...first, CidrBlock: '10.250.0.0/16' }] };
    const { code, stderr } = await scanJson(raw, 'dup-vpc.json');
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^vpce-guard: .*dup-vpc\\.json: Vpcs\\[0\\] and Vpcs\\[${EXAMPLE.Vpcs.length}\\] are both ${String(first.VpcId)} but differ; keep one copy\\n$`));
  });

  it('refuses the plan of a requester-managed endpoint and says why', async () => {
    const raw = completeSnapshot({ VpcEndpoints: [{ ...gateway({ id: 'vpce-m', vpc: V, policy: DEFAULT_POLICY }), RequesterManaged: true }] });
    const { out } = await scanJson(raw, 'managed.json', ['--rules', 'endpoint-policy-restricted']);
    expect(out!.evaluations[0]!.complianceType).toBe('NON_COMPLIANT');
    expect(out!.remediations).toMatchObject([{ resourceId: 'vpce-m', status: 'refused', steps: [], summary: expect.stringContaining('requester-managed (managed by another AWS service') }]);
  });
});

describe('clear single-line errors', () => {
  it('skips a UTF-8 byte order mark in snapshots, configs and policies', async () => {
    const bom = '\uFEFF';
    const snap = tempFile('bom-snapshot.json', bom + readFileSync('examples/sample-account.json', 'utf8'));
    const cfg = tempFile('bom-config.json', bom + readFileSync('examples/vpce-guard.config.json', 'utf8'));
    const policy = tempFile('bom-policy.json', bom + DEFAULT_POLICY);
    expect((await runCli(['scan', '--snapshot', snap, '--config', cfg, '--exit-zero'])).code).toBe(0);
    expect((await runCli(['policy', 'check', '--file', policy, '--account-id', '555544443333'])).code).toBe(1);
  });

  it.each([[['help']], [['help', 'scan']], [['help', 'policy']], [['--help']], [['--version']]])('`vpce-guard %s` exits 0', async (args) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    expect(stderr).toBe('');
  });

  it('lists every validation problem of a config, not only the first, on one line', async () => {
    const cfg = tempFile('many.json', JSON.stringify({ orgId: 'org-1', trustedAccounts: ['12'], rules: { 'interface-endpoint-security-groups': { port: 70000 } } }));
    const { code, stderr } = await runCli(['scan', '--snapshot', 'examples/sample-account.json', '--config', cfg]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: \S*many\.json: orgId: must be an organization id[^\n]*; trustedAccounts\[0\]: must be a 12-digit AWS account id\n$/);
    const rule = tempFile('rule.json', JSON.stringify({ rules: { 'interface-endpoint-security-groups': { port: 70000 }, 'vpc-required-endpoints': { requiredServices: 's3, :interface' } } }));
    const second = await runCli(['scan', '--snapshot', 'examples/sample-account.json', '--config', rule]);
    expect(second.stderr).toMatch(/^vpce-guard: \S*rule\.json: rules\.interface-endpoint-security-groups: port: [^\n]*65535\n$/);
  });

  it('lists every problem of a snapshot', async () => {
    const path = tempFile('two-bad.json', JSON.stringify({ VpcEndpoints: [{ VpcEndpointId: 1 }], Vpcs: 'x' }));
    const { stderr } = await runCli(['scan', '--snapshot', path]);
    expect(stderr).toMatch(/VpcEndpoints\[0\]\.VpcEndpointId: [^;]+; .*VpcEndpoints\[0\]\.VpcEndpointType: .*; Vpcs: [^\n]+\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    [['scan', '--snapshot', 'examples/sample-account.json', '--rules', ''], /^vpce-guard: option '--rules <ids>' argument '' is invalid\. expected names separated by commas: the list is empty \(see --help\)\n$/],
    [['scan', '--region', 'Europe'], /^vpce-guard: option '--region <region>' argument 'Europe' is invalid\. expected an AWS region: must be an AWS region such as eu-west-1 \(see --help\)\n$/],
    [['policy', 'check', '--file', 'x.json', '--account-id', '555544443333', '--region', 'us_east_1'], /argument 'us_east_1' is invalid\. expected an AWS region/],
    [['scan', '--no-such-option'], /^vpce-guard: unknown option '--no-such-option' \(see --help\)\n$/],
    [['scna'], /^vpce-guard: unknown command 'scna' \(Did you mean scan\?\) \(see --help\)\n$/],
  ])('%j is a usage error on one line', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('names the file in a policy structure error', async () => {
    const path = tempFile('structure.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Principal: '*', Action: '*', Resource: '*' }] }));
    const { code, stderr } = await runCli(['policy', 'tighten', '--file', path, '--account-id', '555544443333']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: policy \S*structure\.json: [^\n]*Effect[^\n]*\n$/);
  });
});

describe('findings read right', () => {
  it('counts agree in number: "1 rule", "1 error", "an s3 gateway endpoint"', async () => {
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V }), gateway({ id: 'vpce-bad', vpc: 'vpc-0c02', tables: ['rtb-gone'] })],
      RouteTables: [routeTable({ id: 'rtb-a', vpc: V, subnets: ['subnet-a'] })],
      Subnets: [subnet({ id: 'subnet-a', vpc: V })],
    });
    const path = tempFile('counts.json', JSON.stringify(raw));
    const { stdout } = await runCli(['scan', '--snapshot', path, '--rules', 'gateway-endpoint-route-tables']);
    expect(stdout).toContain(`No route to an s3 gateway endpoint in route tables serving subnets of ${V}: rtb-a.`);
    expect(stdout).toContain('Summary: 1 rule, 1 evaluation: 1 non-compliant, 0 compliant, 0 not applicable, 1 error.');
    expect(stdout).toContain('1 remediation can be planned (0 refused): run again with --plan to see them.');
  });
});

describe('policy --service', () => {
  const policy = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } } },
    ],
  });

  it('counts only the calls of the endpoint service', async () => {
    const path = tempFile('dynamo-policy.json', policy);
    const base = ['policy', 'check', '--file', path, '--account-id', '555544443333', '--org-id', 'o-testorg1234', '--format', 'json'];
    const [none, dynamo, full, s3] = await Promise.all([
      runCli(base),
      runCli([...base, '--service', 'dynamodb']),
      runCli([...base, '--service', 'com.amazonaws.eu-west-1.dynamodb']),
      runCli([...base, '--service', 's3']),
    ]);
    expect(JSON.parse(none.stdout).verdict).toBe('permissive');
    expect(JSON.parse(s3.stdout).verdict).toBe('permissive');
    expect([JSON.parse(dynamo.stdout).verdict, JSON.parse(full.stdout).verdict]).toEqual(['restricted', 'restricted']);
  });

  it('rejects a service name that is not one', async () => {
    const { code, stderr } = await runCli(['policy', 'check', '--file', 'x.json', '--account-id', '555544443333', '--service', 's3 bucket']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: option '--service <name>' argument 's3 bucket' is invalid\./);
  });
});
