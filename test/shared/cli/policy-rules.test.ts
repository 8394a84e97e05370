import { describe, expect, it } from 'vitest';
import { analysePolicy } from '../../../shared/policy/index.js';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';
import { runCli, tempFile } from '../../helpers/cli.js';

const file = tempFile;
const OPEN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const ORG_ONLY = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } } }] };
const BOUNDARY = ['--account-id', '555544443333', '--org-id', 'o-testorg1234', '--trusted-accounts', '666655554444,777766665555'];

describe('vpce-guard policy check', () => {
  it('exits 0 for a restricted policy, with the JSON contract', async () => {
    const { code, stdout } = await runCli(['policy', 'check', '--file', file('org.json', JSON.stringify(ORG_ONLY)), ...BOUNDARY, '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ verdict: 'restricted', findings: [] });
  });

  it('exits 1 for a permissive policy given as the JSON string EC2 prints', async () => {
    const asString = file('string.json', JSON.stringify(JSON.stringify(OPEN)));
    const { code, stdout } = await runCli(['policy', 'check', '--file', asString, ...BOUNDARY, '--format', 'json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.verdict).toBe('permissive');
    expect(out.findings).toEqual([{ key: 'Principal::*', statement: { index: 0 }, reason: expect.stringContaining('anonymous') }]);
  });

  it('prints a readable table by default', async () => {
    const { code, stdout } = await runCli(['policy', 'check', '--file', file('open.json', JSON.stringify(OPEN)), '--account-id', '555544443333']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Verdict: permissive\n {2}- Principal::\*: Allow statement #0/);
  });

  it.each([
    [['--account-id', '5555'], /--account-id.*12-digit/],
    [['--account-id', '555544443333', '--org-id', 'org1'], /--org-id.*organization id/],
    [['--account-id', '555544443333', '--trusted-accounts', '1,2'], /--trusted-accounts.*12-digit/],
    [[], /required option '--account-id <id>' not specified/],
  ])('exits 2 on bad options %j', async (args, message) => {
    const { code, stderr } = await runCli(['policy', 'check', '--file', file('x.json', JSON.stringify(OPEN)), ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it.each([
    ['{"Statement": [', /^vpce-guard: policy .*: not valid JSON/],
    ['{"Statement": [{"Effect": "Allow", "Principal": "*"}]}', /^vpce-guard: policy \S*bad\.json: Statement\[0\] must have exactly one of Action and NotAction\n$/],
    ['"not a policy"', /^vpce-guard: policy \S*bad\.json: the policy is not valid JSON[^\n]*\n$/],
  ])('exits 2 on a bad policy %s, with one line naming the file', async (content, message) => {
    const { code, stderr } = await runCli(['policy', 'check', '--file', file('bad.json', content), ...BOUNDARY]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('vpce-guard policy tighten', () => {
  it('prints a restricted policy, the changes and the diff (JSON)', async () => {
    const { code, stdout } = await runCli(['policy', 'tighten', '--file', file('open.json', JSON.stringify(OPEN)), ...BOUNDARY, '--region', 'us-east-1', '--service', 's3', '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.changed).toBe(true);
    expect(out.verdictBefore).toBe('permissive');
    expect(analysePolicy(out.policyDocument, { accountId: '555544443333', trustedAccounts: [], orgId: 'o-testorg1234', region: 'us-east-1' }).verdict).toBe('restricted');
    expect(out.diff).toContain('+          "aws:PrincipalOrgID": "o-testorg1234"');
    expect(out.policy.Statement[1].Sid).toBe('VpceGuardKeepAwsOwnedReads');
  });

  it('says so when there is nothing to tighten', async () => {
    const { code, stdout } = await runCli(['policy', 'tighten', '--file', file('org.json', JSON.stringify(ORG_ONLY)), ...BOUNDARY]);
    expect(code).toBe(0);
    expect(stdout).toBe('The policy is already restricted; nothing to tighten.\n');
  });
});

describe('vpce-guard rules and --help', () => {
  it('lists the catalogue with parameters and defaults', async () => {
    const { code, stdout } = await runCli(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout);
    expect(rules.map((r: { id: string }) => r.id)).toEqual(CATALOGUE.map((r) => r.id));
    expect(rules.find((r: { id: string }) => r.id === 'interface-endpoint-multi-az').parameters).toEqual({ minAzs: 2 });
  });

  it.each([[[]], [['scan']], [['rules']], [['policy']], [['policy', 'check']], [['policy', 'tighten']]])('%j --help exits 0', async (args) => {
    const { code, stdout } = await runCli([...args, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: vpce-guard/);
  });
});
