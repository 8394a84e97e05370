import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCommands } from '../helpers/bundle-commands.js';
import { matchesEventPattern } from '../helpers/event-pattern.js';
import { deriveActions } from './sdk-to-iam.js';

// Packages the stack once, offline, as CI does (`osls package --stage ci --region us-east-1`, no
// credentials, an empty HOME), and asserts on the generated CloudFormation template.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = path.resolve(import.meta.dirname, '../..');
const FUNCTIONS = JSON.parse(
  /export const FUNCTIONS = (\[[^\]]*\])/.exec(readFileSync(path.join(ROOT, 'infra/build.mjs'), 'utf8'))![1]!.replace(/'/g, '"'),
) as string[];
const RELATED = ['AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'];
/** The CloudTrail calls of issue 8 that api-change reacts to. */
const API_CALLS = [
  'CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints', 'CreateRouteTable', 'DeleteRouteTable',
  'AssociateRouteTable', 'DisassociateRouteTable', 'ReplaceRouteTableAssociation', 'ModifyVpcAttribute',
  'CreateSubnet', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress',
];
/** Runtime permissions every role has besides its SDK calls: its own log group and the failure queue. */
const RUNTIME_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage'];
/**
 * The named exception to "exactly what the bundle sends": Lambda's SQS event source mapping polls
 * the queue with the function's role, so api-change's role has these, on its queue only, though its
 * bundle sends no SQS command.
 */
const EVENT_SOURCE_MAPPING_ACTIONS: Record<string, string[]> = {
  'api-change': ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
};

let outDir: string;
let home: string;
let template: Json;
let resources: Record<string, Json>;

function ofType(type: string): [string, Json][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function functionLogicalId(name: string): string {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Handler === `dist/functions/${name}/index.handler`);
  if (!found) throw new Error(`no Lambda function with handler dist/functions/${name}/index.handler`);
  return found[0];
}

function roleStatements(name: string): Json[] {
  const role = resources[functionLogicalId(name)].Properties.Role;
  expect(role, `${name} has its own role`).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  const policies = resources[role['Fn::GetAtt'][0]].Properties.Policies ?? [];
  return policies.flatMap((p: Json) => [p.PolicyDocument.Statement].flat());
}

function actionsOf(statement: Json): string[] {
  return [statement.Action].flat();
}

/** The file names in a zip archive, read from its central directory (no unzip tool needed). */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file}: not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

function bundle(name: string): string {
  return path.join(ROOT, 'dist/functions', name, 'index.mjs');
}

function fixtures(dir: string): [string, Json][] {
  const full = path.join(ROOT, 'test/fixtures', dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(path.join(full, f), 'utf8'))]);
}

function ruleTargeting(name: string): Json {
  const id = functionLogicalId(name);
  const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Targets.some((t: Json) => t.Arn['Fn::GetAtt']?.[0] === id));
  expect(rules, `one EventBridge rule targets ${name}`).toHaveLength(1);
  return rules[0]![1].Properties;
}

/** The SQS queue an event source mapping of the function reads (exactly one). */
function queueOf(name: string): [string, Json, Json] {
  const id = functionLogicalId(name);
  const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName['Fn::GetAtt']?.[0] === id);
  expect(mappings, `one event source mapping feeds ${name}`).toHaveLength(1);
  const mapping = mappings[0]![1].Properties;
  const queueId = mapping.EventSourceArn['Fn::GetAtt'][0];
  expect(resources[queueId].Type).toBe('AWS::SQS::Queue');
  return [queueId, resources[queueId].Properties, mapping];
}

/** The EventBridge rule whose target is the queue (exactly one), with that target. */
function ruleSendingTo(queueId: string): [string, Json, Json] {
  const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Targets.some((t: Json) => t.Arn['Fn::GetAtt']?.[0] === queueId));
  expect(rules, `one EventBridge rule sends to ${queueId}`).toHaveLength(1);
  const [ruleId, rule] = rules[0]!;
  return [ruleId, rule.Properties, rule.Properties.Targets.find((t: Json) => t.Arn['Fn::GetAtt']?.[0] === queueId)];
}

beforeAll(async () => {
  // Prepare: every function's handler and bundle exist (the vitest global setup ran the build).
  for (const name of FUNCTIONS) {
    if (!existsSync(path.join(ROOT, 'functions', name, 'handler.ts'))) throw new Error(`functions/${name}/handler.ts is missing`);
    if (!existsSync(bundle(name))) throw new Error(`${path.relative(ROOT, bundle(name))} is missing: npm run build`);
  }
  outDir = mkdtempSync(path.join(tmpdir(), 'vpce-guard-package-'));
  home = mkdtempSync(path.join(tmpdir(), 'vpce-guard-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' };
  // Act
  // About 15 s alone; the bound leaves room for a loaded CI machine running the whole suite.
  try {
    await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', 'ci', '--region', 'us-east-1', '--package', outDir],
      { cwd: ROOT, env, timeout: 270_000 },
    );
  } catch (error) {
    const { stderr, signal } = error as { stderr?: string; signal?: string };
    throw new Error(`osls package failed${signal ? ` (killed by ${signal})` : ''}: ${stderr?.trim() || (error as Error).message}`, { cause: error });
  }
  template = JSON.parse(readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
}, 300_000);

afterAll(() => {
  for (const dir of [outDir, home]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packaged stack', () => {
  it('has the three functions on nodejs22.x arm64, each shipping only its own build bundle', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(FUNCTIONS.length);
    for (const name of FUNCTIONS) {
      const fn = resources[functionLogicalId(name)].Properties;
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      const artefact = path.join(outDir, path.basename(fn.Code.S3Key));
      const files = zipEntries(artefact);
      expect(files).toContain(`dist/functions/${name}/index.mjs`);
      expect(files.every((f) => f.startsWith(`dist/functions/${name}/`))).toBe(true);
    }
  });

  it('has one CUSTOM_LAMBDA Config rule per catalogue rule, change-triggered and periodic, over the related types', () => {
    const catalogue = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' }));
    const rules = ofType('AWS::Config::ConfigRule').map(([, r]) => r.Properties);
    expect(rules.map((r) => r.ConfigRuleName).sort()).toEqual(catalogue.map((r: Json) => `vpce-guard-${r.id}`).sort());
    for (const entry of catalogue) {
      const rule = rules.find((r) => r.ConfigRuleName === `vpce-guard-${entry.id}`);
      expect(rule.InputParameters).toEqual({ ruleId: entry.id });
      expect(rule.Source.Owner).toBe('CUSTOM_LAMBDA');
      expect(rule.Source.SourceIdentifier).toEqual({ 'Fn::GetAtt': [functionLogicalId('config-rule'), 'Arn'] });
      expect(rule.Scope.ComplianceResourceTypes.sort()).toEqual([...new Set([entry.resourceType, ...entry.triggerTypes, ...RELATED])].sort());
      const details = rule.Source.SourceDetails;
      expect(details.map((d: Json) => d.MessageType).sort()).toEqual(
        ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'].sort(),
      );
      expect(details.every((d: Json) => d.EventSource === 'aws.config')).toBe(true);
      expect(details.find((d: Json) => d.MessageType === 'ScheduledNotification').MaximumExecutionFrequency).toBe('TwentyFour_Hours');
    }
    // A gateway endpoint's change re-judges the VPC's security groups, so that rule's scope has endpoints.
    const egress = rules.find((r) => r.ConfigRuleName === 'vpce-guard-gateway-endpoint-egress');
    expect(egress.Scope.ComplianceResourceTypes).toContain('AWS::EC2::VPCEndpoint');
  });

  it('lets only its own account\'s AWS Config invoke the rule function', () => {
    const permissions = ofType('AWS::Lambda::Permission')
      .map(([, p]) => p.Properties)
      .filter((p) => p.Principal === 'config.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(permissions[0].FunctionName).toEqual({ 'Fn::GetAtt': [functionLogicalId('config-rule'), 'Arn'] });
    expect(permissions[0].SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('routes exactly the successful CloudTrail calls of the fixtures to api-change (through its queue)', () => {
    const [queueId] = queueOf('api-change');
    const [, rule] = ruleSendingTo(queueId);
    const events = fixtures('cloudtrail');
    const expectMiss = new Set(['create-internet-gateway.json', 'create-vpc-endpoint.error.json']);
    for (const [file, event] of events) {
      expect(matchesEventPattern(rule.EventPattern, event), file).toBe(!expectMiss.has(file));
    }
    const matched = new Set(events.filter(([f]) => !expectMiss.has(f)).map(([, e]) => e.detail.eventName));
    expect([...matched].sort()).toEqual([...API_CALLS].sort());
    const [, sample] = events.find(([f]) => f === 'create-vpc-endpoint.gateway.json')!;
    expect(matchesEventPattern(rule.EventPattern, { ...sample, source: 'aws.s3' })).toBe(false);
    expect(matchesEventPattern(rule.EventPattern, { ...sample, detail: { ...sample.detail, eventSource: 's3.amazonaws.com' } })).toBe(false);
  });

  it('serialises api-change: EventBridge → one FIFO group → an event source mapping reporting failed items, redriven to a FIFO dead-letter queue', () => {
    // Prepare
    const [queueId, queue, mapping] = queueOf('api-change');
    const [ruleId, , target] = ruleSendingTo(queueId);
    const fn = resources[functionLogicalId('api-change')].Properties;
    // Assess: the queue
    expect(queue.FifoQueue).toBe(true);
    expect(queue.ContentBasedDeduplication).toBe(true);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
    const deadLetters = resources[queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]].Properties;
    expect(deadLetters.FifoQueue).toBe(true);
    expect(deadLetters.SqsManagedSseEnabled).toBe(true);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(1);
    // Assess: one static message group, so one batch at a time across the account
    expect(target.SqsParameters).toEqual({ MessageGroupId: expect.stringMatching(/^[\w-]{1,100}$/) });
    expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] });
    // Assess: the mapping
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.BatchSize).toBeLessThanOrEqual(10);
    // Assess: only this rule may send to the queue
    const [[, policy]] = ofType('AWS::SQS::QueuePolicy').filter(([, p]) => p.Properties.Queues.some((q: Json) => q.Ref === queueId)) as [[string, Json]];
    const allows = policy.Properties.PolicyDocument.Statement.filter((st: Json) => st.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: expect.any(String),
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
      },
    ]);
  });

  it('routes compliance changes of vpce-guard rules only to compliance-alert', () => {
    const rule = ruleTargeting('compliance-alert');
    const events = fixtures('compliance-change');
    expect(events.length).toBeGreaterThan(2);
    const foreign = ['foreign-rule.json', 'foreign-organization-rule.json'];
    expect(events.map(([f]) => f)).toContain('organization-rule.json');
    for (const [file, event] of events) {
      expect(matchesEventPattern(rule.EventPattern, event), file).toBe(!foreign.includes(file));
    }
    const [, sample] = events.find(([f]) => f === 'violation.json')!;
    expect(matchesEventPattern(rule.EventPattern, { ...sample, 'detail-type': 'Config Configuration Item Change' })).toBe(false);
  });

  it('encrypts the alert topic with a rotated customer-managed key usable only through SNS', () => {
    const [[, topic]] = ofType('AWS::SNS::Topic') as [[string, Json]];
    const keyId = topic.Properties.KmsMasterKeyId.Ref;
    expect(resources[keyId].Type).toBe('AWS::KMS::Key');
    expect(resources[keyId].Properties.EnableKeyRotation).toBe(true);
    const grants = resources[keyId].Properties.KeyPolicy.Statement.filter((s: Json) => s.Sid !== 'AccountAdministers');
    for (const grant of grants) expect(grant.Condition.StringEquals['kms:ViaService']).toBeDefined();
    // Only the roles of functions that publish may use the key.
    const publishers = FUNCTIONS.filter((name) => bundledCommands(bundle(name)).some((c) => c.operation === 'Publish'))
      .map((name) => resources[functionLogicalId(name)].Properties.Role)
      .sort((a, b) => a['Fn::GetAtt'][0].localeCompare(b['Fn::GetAtt'][0]));
    const granted = grants.flatMap((g: Json) => [g.Principal.AWS].flat()).sort((a: Json, b: Json) => a['Fn::GetAtt'][0].localeCompare(b['Fn::GetAtt'][0]));
    expect(granted).toEqual(publishers);
  });

  it('keeps logs for a bounded time and sends failed asynchronous invocations to a queue', () => {
    for (const name of FUNCTIONS) {
      const id = functionLogicalId(name);
      const group = resources[id.replace(/LambdaFunction$/, 'LogGroup')];
      expect(group.Properties.RetentionInDays).toBe(30);
      const invoke = ofType('AWS::Lambda::EventInvokeConfig').find(([, r]) => r.Properties.FunctionName.Ref === id);
      expect(invoke?.[1].Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] });
    }
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      for (const target of rule.Properties.Targets) expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] });
    }
  });
});

describe('the Config "Remediate" button', () => {
  it('is configured for the two remediations, operator-started, with retries, concurrency and error limits', () => {
    const configs = ofType('AWS::Config::RemediationConfiguration').map(([, r]) => r.Properties);
    const ruleNames = configs.map((c) => resources[c.ConfigRuleName.Ref].Properties.ConfigRuleName).sort();
    expect(ruleNames).toEqual(['vpce-guard-endpoint-policy-restricted', 'vpce-guard-gateway-endpoint-route-tables']);
    for (const config of configs) {
      expect(config.TargetType).toBe('SSM_DOCUMENT');
      expect(resources[config.TargetId.Ref].Properties.DocumentType).toBe('Automation');
      expect(config.Automatic).toBe(false);
      expect(config.MaximumAutomaticAttempts).toBeGreaterThan(0);
      expect(config.RetryAttemptSeconds).toBeGreaterThan(0);
      expect(config.ExecutionControls.SsmControls).toEqual({ ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 10 });
      expect(config.Parameters.ResourceId).toEqual({ ResourceValue: { Value: 'RESOURCE_ID' } });
      expect(config.Parameters.ResourceType).toEqual({ StaticValue: { Values: ['AWS::EC2::VPCEndpoint'] } });
      expect(config.Parameters.RuleId.StaticValue.Values).toEqual([resources[config.ConfigRuleName.Ref].Properties.InputParameters.ruleId]);
      expect(config.Parameters.FunctionName.StaticValue.Values).toEqual([{ Ref: functionLogicalId('api-change') }]);
    }
  });

  it('runs Automation with a role that may only invoke the api-change function', () => {
    const role = resources.RemediationAutomationRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
    const statements = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [functionLogicalId('api-change'), 'Arn'] } },
    ]);
  });
});

describe('least privilege, derived from the bundles', () => {
  for (const name of FUNCTIONS) {
    it(`${name}: the role allows exactly what the bundle can send, plus its log stream and failure queue`, () => {
      // Prepare
      const text = readFileSync(bundle(name), 'utf8');
      const derived = deriveActions(bundledCommands(bundle(name)), /function memberRoleArn\(/.test(text));
      const statements = roleStatements(name);
      // Act
      const mapping = EVENT_SOURCE_MAPPING_ACTIONS[name] ?? [];
      const granted = new Set(statements.flatMap(actionsOf).filter((a: string) => !RUNTIME_ACTIONS.includes(a) && !mapping.includes(a)));
      // Assess: nothing missing, nothing extra
      expect([...granted].sort()).toEqual([...derived.actions].sort());
      // Assess: the event source mapping's actions, exactly, on the function's own queue only
      const polling = statements.filter((st) => actionsOf(st).some((a) => mapping.includes(a)));
      expect(polling.flatMap(actionsOf).sort()).toEqual(mapping);
      if (mapping.length) {
        for (const st of polling) expect(st.Resource).toEqual({ 'Fn::GetAtt': [queueOf(name)[0], 'Arn'] });
      }
      expect(derived.actions.size).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actionsOf(statement)) expect(action, `${name}: ${action}`).not.toMatch(/\*/);
        if (actionsOf(statement).some((a) => a.startsWith('logs:'))) {
          expect(statement.Resource).toEqual({ 'Fn::GetAtt': [functionLogicalId(name).replace(/LambdaFunction$/, 'LogGroup'), 'Arn'] });
        }
        if (actionsOf(statement).includes('sqs:SendMessage')) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] });
        if (actionsOf(statement).includes('sns:Publish')) expect(statement.Resource).toEqual({ Ref: 'AlertTopic' });
        if (actionsOf(statement).includes('sts:AssumeRole')) {
          expect(statement.Resource['Fn::Sub']).toMatch(/^arn:\$\{AWS::Partition\}:iam::\*:role\/vpce-guard-member-(evaluator|remediator)$/);
        }
      }
    });
  }

  it('grants the changing EC2 actions to api-change only, on endpoints, route tables and VPCs', () => {
    for (const name of FUNCTIONS) {
      const statements = roleStatements(name);
      const changing = statements.filter((s) => actionsOf(s).some((a) => a === 'ec2:ModifyVpcEndpoint' || a === 'ec2:ModifyVpcAttribute'));
      if (name !== 'api-change') {
        expect(changing, name).toEqual([]);
        continue;
      }
      for (const statement of changing) {
        const arns = [statement.Resource].flat().map((r: Json) => r['Fn::Sub']);
        expect(arns.every((a: string) => /:(vpc-endpoint|route-table|vpc)\/\*$/.test(a))).toBe(true);
      }
    }
  });

  it('gives each function the member-account role named for it in its settings', () => {
    const expected: Record<string, string> = { 'config-rule': 'vpce-guard-member-evaluator', 'api-change': 'vpce-guard-member-remediator' };
    for (const name of FUNCTIONS) {
      const env = resources[functionLogicalId(name)].Properties.Environment.Variables;
      expect(env.VPCE_GUARD_MEMBER_ROLE_NAME).toBe(expected[name]);
    }
  });
});
