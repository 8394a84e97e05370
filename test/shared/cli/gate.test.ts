import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../../helpers/cli.js';
import { ORG, completeSnapshot, dns, gateway, iface, routeTable, securityGroup, subnet, tcp } from '../../helpers/snapshot.js';

// One LOW finding (a single-AZ interface endpoint) and nothing else wrong.
const lowOnly = completeSnapshot({
  VpcEndpoints: [iface({ id: 'vpce-ssm', vpc: 'vpc-1', subnets: ['subnet-a'], groups: ['sg-1'] })],
  Subnets: [subnet({ id: 'subnet-a', vpc: 'vpc-1' })],
  SecurityGroups: [securityGroup({ id: 'sg-1', vpc: 'vpc-1', ingress: [tcp(443, { cidrs: ['10.0.0.0/16'] })] })],
  VpcAttributes: [dns('vpc-1', true, true)],
});
// One HIGH finding: a gateway endpoint missing the main route table, which serves subnet-a.
const highOnly = completeSnapshot({
  VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: 'vpc-1' })],
  Subnets: [subnet({ id: 'subnet-a', vpc: 'vpc-1' })],
  VpcAttributes: [dns('vpc-1', true, true)],
});
// One evaluation error (a route table the input lacks) and no finding.
const errorOnly = completeSnapshot({
  VpcEndpoints: [gateway({ id: 'vpce-s3', vpc: 'vpc-1', tables: ['rtb-gone'] })],
  RouteTables: [routeTable({ id: 'rtb-main', vpc: 'vpc-1', main: true })],
  VpcAttributes: [dns('vpc-1', true, true)],
});
const config = tempFile('gate-config.json', JSON.stringify({ orgId: ORG, rules: { 'vpc-required-endpoints': { requiredServices: ['ssm:interface', 's3:gateway'] } } }));
const scan = (raw: object, name: string, ...args: string[]) =>
  runCli(['scan', '--snapshot', tempFile(name, JSON.stringify(raw)), '--config', config, '--rules', 'gateway-endpoint-route-tables,interface-endpoint-multi-az', '--format', 'json', ...args]);

describe('scan --fail-on', () => {
  it.each([
    ['LOW finding, default (LOW)', lowOnly, [], 1],
    ['LOW finding, --fail-on medium', lowOnly, ['--fail-on', 'medium'], 0],
    ['HIGH finding, --fail-on MEDIUM', highOnly, ['--fail-on', 'MEDIUM'], 1],
    ['HIGH finding, --fail-on HIGH', highOnly, ['--fail-on', 'HIGH'], 1],
    ['HIGH finding, --fail-on CRITICAL', highOnly, ['--fail-on', 'CRITICAL'], 0],
    ['HIGH finding, --exit-zero', highOnly, ['--exit-zero'], 0],
  ] as const)('%s', async (_name, raw, args, expected) => {
    // Act
    const { code, stdout } = await scan(raw, `gate-${expected}-${args.join('')}.json`, ...args);
    // Assess: the exit code follows the threshold; the report still lists the finding.
    expect(code).toBe(expected);
    expect(JSON.parse(stdout).evaluations.some((e: { complianceType: string }) => e.complianceType === 'NON_COMPLIANT')).toBe(true);
  });

  it('refuses a severity that does not exist', async () => {
    const { code, stderr } = await scan(lowOnly, 'gate-bad.json', '--fail-on', 'SEVERE');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: option '--fail-on <severity>' argument 'SEVERE' is invalid\. expected one of LOW, MEDIUM, HIGH, CRITICAL/);
  });
});

describe('scan and evaluation errors', () => {
  it('fails on an evaluation error by default, even with --fail-on CRITICAL', async () => {
    const { code, stderr } = await scan(errorOnly, 'gate-error.json', '--fail-on', 'CRITICAL');
    expect(code).toBe(1);
    expect(stderr).toContain('vpce-guard: gateway-endpoint-route-tables vpce-s3: cannot judge vpce-s3: the input lacks route table rtb-gone');
  });

  it('passes with --no-fail-on-errors when nothing else fails, and still reports the error', async () => {
    const { code, stdout, stderr } = await scan(errorOnly, 'gate-error2.json', '--no-fail-on-errors');
    expect(code).toBe(0);
    expect(stderr).toContain('cannot judge vpce-s3');
    expect(JSON.parse(stdout).errors).toHaveLength(1);
  });

  it('--no-fail-on-errors does not let findings through', async () => {
    const { code } = await scan(highOnly, 'gate-error3.json', '--no-fail-on-errors');
    expect(code).toBe(1);
  });
});

describe('scan and config suppressions', () => {
  const withSuppression = (expires: string) =>
    tempFile(
      `gate-suppress-${expires}.json`,
      JSON.stringify({ orgId: ORG, suppressions: [{ ruleId: 'interface-endpoint-multi-az', resourceId: 'vpce-ssm', reason: 'single AZ by design', expires }] }),
    );
  const run = (cfg: string) =>
    runCli(['scan', '--snapshot', tempFile('gate-suppress-snap.json', JSON.stringify(lowOnly)), '--config', cfg, '--rules', 'interface-endpoint-multi-az']);

  it('a suppressed finding does not fail the scan, and the table says why', async () => {
    const { code, stdout, stderr } = await run(withSuppression('2999-12-31'));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('0 non-compliant');
    const all = await runCli(['scan', '--snapshot', tempFile('gate-suppress-snap.json', JSON.stringify(lowOnly)), '--config', withSuppression('2999-12-31'), '--rules', 'interface-endpoint-multi-az', '--show-all']);
    expect(all.stdout).toMatch(/NOT_APPLICABLE +vpce-ssm +Suppressed by config suppressions\[0\] \(until 2999-12-31\): single AZ by design/);
  });

  it('an expired suppression fails the scan again and is reported on stderr and in the table', async () => {
    const { code, stdout, stderr } = await run(withSuppression('2020-01-31'));
    expect(code).toBe(1);
    expect(stderr).toContain('vpce-guard: warning: suppression suppressions[0] (interface-endpoint-multi-az vpce-ssm: "single AZ by design") expired on 2020-01-31: no longer applied');
    expect(stdout).toContain('Warning: suppression suppressions[0]');
  });

  it('an unknown rule id in a suppression is a usage error naming it', async () => {
    const cfg = tempFile('gate-suppress-bad.json', JSON.stringify({ suppressions: [{ ruleId: 'multi-az', reason: 'x' }] }));
    const { code, stderr } = await run(cfg);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-guard: .*gate-suppress-bad\.json: suppressions\[0\]\.ruleId: unknown rule id "multi-az" \(known: /);
  });
});
