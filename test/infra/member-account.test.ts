import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRemediateRequest, remediateTarget } from '../../shared/events/remediate.js';
import { bundledCommands } from '../helpers/bundle-commands.js';
import { matchesEventPattern } from '../helpers/event-pattern.js';
import { deriveActions } from './sdk-to-iam.js';

// The StackSet template for member accounts and the SSM Automation document of the Config
// "Remediate" button: they parse, the member roles trust only the central account from inside the
// organization, their permissions are what the central functions send with them, and the button's
// request is one the api-change function acts on.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = path.resolve(import.meta.dirname, '../..');
const template: Json = JSON.parse(readFileSync(path.join(ROOT, 'infra/member-account.json'), 'utf8'));
const document: Json = JSON.parse(readFileSync(path.join(ROOT, 'infra/remediation-document.json'), 'utf8'));
const { REMEDIATE_BUTTON } = createRequire(import.meta.url)('../../infra/stack.cjs') as { REMEDIATE_BUTTON: string[] };
const CENTRAL_ROOT = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:root' };

function memberActions(name: string): string[] {
  const bundle = path.join(ROOT, 'dist/functions', name, 'index.mjs');
  const text = readFileSync(bundle, 'utf8');
  return [...deriveActions(bundledCommands(bundle), /function memberRoleArn\(/.test(text)).memberActions].sort();
}

function policyActions(role: Json): string[] {
  return role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement.flatMap((s: Json) => [s.Action].flat())).sort();
}

function listJson(full: string): [string, Json][] {
  return readdirSync(full).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(path.join(full, f), 'utf8'))]);
}

describe('infra/member-account.json', () => {
  it('is a CloudFormation template whose IAM roles for vpce-guard trust only the central account, inside the organization', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    const roles = ['EvaluatorRole', 'RemediatorRole'];
    for (const id of roles) {
      const statements = template.Resources[id].Properties.AssumeRolePolicyDocument.Statement;
      expect(statements).toHaveLength(1);
      const [trust] = statements;
      expect(trust.Effect).toBe('Allow');
      expect(trust.Action).toBe('sts:AssumeRole');
      expect(trust.Principal).toEqual({ AWS: CENTRAL_ROOT });
      expect(trust.Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'OrganizationId' });
      expect(trust.Condition.ArnEquals['aws:PrincipalArn']['Fn::Sub']).toMatch(/^arn:\$\{AWS::Partition\}:iam::\$\{CentralAccountId\}:role\/\$\{\w+RoleName\}$/);
    }
    // The only other role is the forwarding role, for EventBridge of this very account.
    const others = Object.entries(template.Resources as Record<string, Json>).filter(([id, r]) => r.Type === 'AWS::IAM::Role' && !roles.includes(id));
    expect(others.map(([id]) => id)).toEqual(['ForwardingRole']);
    const [forward] = others[0]![1].Properties.AssumeRolePolicyDocument.Statement;
    expect(forward.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(forward.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('gives each member role exactly the EC2 and Config calls its central function sends with it', () => {
    expect(policyActions(template.Resources.EvaluatorRole)).toEqual(memberActions('config-rule'));
    expect(policyActions(template.Resources.RemediatorRole)).toEqual(memberActions('api-change'));
    expect(policyActions(template.Resources.EvaluatorRole).filter((a) => a.startsWith('ec2:Modify'))).toEqual([]);
  });

  it('forwards the same events the central rules take', () => {
    const api = template.Resources.ForwardApiCalls.Properties.EventPattern;
    for (const [file, event] of listJson(path.join(ROOT, 'test/fixtures/cloudtrail'))) {
      expect(matchesEventPattern(api, event), file).toBe(!['create-internet-gateway.json', 'create-vpc-endpoint.error.json'].includes(file));
    }
    const compliance = JSON.parse(
      JSON.stringify(template.Resources.ForwardComplianceChanges.Properties.EventPattern)
        .replace('{"Ref":"RulePrefix"}', '"vpce-guard-"')
        .replace('{"Fn::Sub":"OrgConfigRule-${RulePrefix}"}', '"OrgConfigRule-vpce-guard-"'),
    );
    const foreign = ['foreign-rule.json', 'foreign-organization-rule.json'];
    for (const [file, event] of listJson(path.join(ROOT, 'test/fixtures/compliance-change'))) {
      expect(matchesEventPattern(compliance, event), file).toBe(!foreign.includes(file));
    }
  });
});

describe('infra/remediation-document.json', () => {
  it('is an Automation document for exactly the remediations with a Remediate button', () => {
    expect(document.schemaVersion).toBe('0.3');
    expect(document.parameters.RuleId.allowedValues).toEqual(REMEDIATE_BUTTON);
    expect(document.mainSteps.map((s: Json) => s.action)).toEqual(['aws:invokeLambdaFunction']);
  });

  it('sends the api-change function a remediation request it acts on, for the endpoint and rule the button names', () => {
    // Prepare: the payload as Automation renders it.
    const payload = (document.mainSteps[0].inputs.Payload as string)
      .replaceAll('{{ global:ACCOUNT_ID }}', '111122223333')
      .replaceAll('{{ global:REGION }}', 'eu-west-1')
      .replaceAll('{{ ResourceType }}', document.parameters.ResourceType.default)
      .replaceAll('{{ ResourceId }}', 'vpce-0a1b2c3d4e5f67890')
      .replaceAll('{{ RuleId }}', 'endpoint-policy-restricted');
    // Act: the same validation the handler runs.
    const target = remediateTarget(parseRemediateRequest(JSON.parse(payload)));
    // Assess: that endpoint, that rule, nothing else
    expect(target.endpointIds).toEqual(['vpce-0a1b2c3d4e5f67890']);
    expect(target.rules).toEqual(['endpoint-policy-restricted']);
    expect(target.reach).toBe('named');
    expect(target.accountId).toBe('111122223333');
    expect(target.region).toBe('eu-west-1');
    expect(document.mainSteps[0].inputs.InvocationType).toBe('RequestResponse');
    expect(document.outputs).toContain('Remediate.Result');
  });
});

describe('infra/org-config-rules.mjs', () => {
  it('prints one organization Config rule per catalogue rule, pointing at the central function, with the three triggers', () => {
    const arn = 'arn:aws:lambda:eu-west-1:111122223333:function:vpce-guard-prod-config-rule';
    const out = execFileSync(process.execPath, [path.join(ROOT, 'infra/org-config-rules.mjs'), '--function-arn', arn], { encoding: 'utf8' });
    const commands = out.split(/\n(?=aws configservice)/).filter(Boolean);
    const catalogue = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' }));
    expect(commands).toHaveLength(catalogue.length);
    for (const [i, command] of commands.entries()) {
      expect(command).toContain(`--organization-config-rule-name vpce-guard-${catalogue[i].id}`);
      const quoted = /--organization-custom-rule-metadata '(.*)'/.exec(command)![1]!;
      const metadata = JSON.parse(quoted.replaceAll("'\\''", "'"));
      expect(metadata.LambdaFunctionArn).toBe(arn);
      expect(JSON.parse(metadata.InputParameters)).toEqual({ ruleId: catalogue[i].id });
      expect(metadata.OrganizationConfigRuleTriggerTypes).toHaveLength(3);
      expect(metadata.ResourceTypesScope).toContain('AWS::EC2::RouteTable');
      expect(metadata.ResourceTypesScope).toEqual(expect.arrayContaining(catalogue[i].triggerTypes));
    }
  });

  it('refuses to run without the central function ARN', () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'infra/org-config-rules.mjs')], { stdio: 'pipe' })).toThrow(/--function-arn/);
  });
});
