// Generated parts of serverless.yml, read by osls / Serverless through `${file(./infra/stack.cjs):…}`.
// CommonJS on purpose: both frameworks load `.cjs` variable files with require().
//
// The Config rules come from the rule catalogue itself (`vpce-guard rules --format json`, from the
// CLI bundle that `npm run build` writes), so adding a rule to shared/rules/catalogue.ts needs no
// YAML edit. Run `npm run build` before packaging: the function bundles are needed anyway.
/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a CommonJS file that osls and Serverless load with require() */
'use strict';

const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Resources besides the rule's own types whose changes must re-trigger every rule. */
const RELATED_TYPES = ['AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'];

const FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];
const REMEDIATION_MODES = ['off', 'dry-run', 'apply'];

/** Rules with a "Remediate" button on the Config dashboard (infra/remediation-document.json). */
const REMEDIATE_BUTTON = ['gateway-endpoint-route-tables', 'endpoint-policy-restricted'];

/** The rule catalogue as the CLI prints it. */
function catalogue() {
  if (!existsSync(CLI)) throw new Error('infra/stack.cjs: dist/cli.js is missing: run `npm run build` before packaging');
  return JSON.parse(execFileSync(process.execPath, [CLI, 'rules', '--format', 'json'], { encoding: 'utf8' }));
}

/** A rule's Config scope: its own type, the types the function re-judges it on, the related types. */
function scopeTypes(rule) {
  if (!Array.isArray(rule.triggerTypes)) throw new Error(`infra/stack.cjs: rule "${rule.id}" has no triggerTypes: rebuild with \`npm run build\``);
  return [...new Set([rule.resourceType, ...rule.triggerTypes, ...RELATED_TYPES])];
}

/** CloudFormation logical id of a rule: `ConfigRuleGatewayEndpointRouteTables`. */
function logicalId(ruleId) {
  return `ConfigRule${ruleId.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

function list(text) {
  return String(text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function param(resolveVariable, name) {
  const value = await resolveVariable(`param:${name}`);
  return value === null || value === undefined ? '' : String(value).trim();
}

/** One AWS::Config::ConfigRule per catalogue rule, and the Lambda permissions AWS Config needs. */
async function configRules({ resolveVariable }) {
  const prefix = await param(resolveVariable, 'rulePrefix');
  const frequency = await param(resolveVariable, 'scheduleFrequency');
  if (!/^[\w-]{1,60}$/.test(prefix)) throw new Error(`param rulePrefix: "${prefix}" must be 1-60 letters, digits, "_" or "-"`);
  if (!FREQUENCIES.includes(frequency)) throw new Error(`param scheduleFrequency: "${frequency}" is not one of ${FREQUENCIES.join(', ')}`);
  const memberAccounts = list(await param(resolveVariable, 'memberAccounts'));
  for (const account of memberAccounts) {
    if (!/^\d{12}$/.test(account)) throw new Error(`param memberAccounts: "${account}" is not a 12-digit account id`);
  }

  const functionArn = { 'Fn::GetAtt': ['ConfigRuleLambdaFunction', 'Arn'] };
  const resources = {
    // Only this account's AWS Config may invoke the rule function (confused-deputy guard).
    ConfigRuleInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: functionArn,
        Principal: 'config.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    },
  };
  // Organization Config rules invoke the central function from each member account's AWS Config.
  for (const account of memberAccounts) {
    resources[`ConfigRuleInvokePermission${account}`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: functionArn, Principal: 'config.amazonaws.com', SourceAccount: account },
    };
  }
  const rules = catalogue();
  for (const id of REMEDIATE_BUTTON) {
    const rule = rules.find((r) => r.id === id);
    if (!rule || !rule.remediation) throw new Error(`infra/stack.cjs: REMEDIATE_BUTTON names "${id}", which is no remediable catalogue rule`);
    // The button: an operator-started SSM Automation run (never automatic), bounded in rate and errors.
    resources[`${logicalId(id)}Remediation`] = {
      Type: 'AWS::Config::RemediationConfiguration',
      Properties: {
        ConfigRuleName: { Ref: logicalId(id) },
        TargetType: 'SSM_DOCUMENT',
        TargetId: { Ref: 'RemediationDocument' },
        Automatic: false,
        MaximumAutomaticAttempts: 3,
        RetryAttemptSeconds: 60,
        ResourceType: rule.resourceType,
        ExecutionControls: { SsmControls: { ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 10 } },
        Parameters: {
          AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': ['RemediationAutomationRole', 'Arn'] }] } },
          FunctionName: { StaticValue: { Values: [{ Ref: 'ApiChangeLambdaFunction' }] } },
          RuleId: { StaticValue: { Values: [id] } },
          ResourceType: { StaticValue: { Values: [rule.resourceType] } },
          ResourceId: { ResourceValue: { Value: 'RESOURCE_ID' } },
        },
      },
    };
  }
  for (const rule of rules) {
    const types = scopeTypes(rule);
    resources[logicalId(rule.id)] = {
      Type: 'AWS::Config::ConfigRule',
      DependsOn: ['ConfigRuleInvokePermission'],
      Properties: {
        ConfigRuleName: `${prefix}${rule.id}`,
        Description: String(rule.description).slice(0, 256),
        InputParameters: { ruleId: rule.id },
        MaximumExecutionFrequency: frequency,
        Scope: { ComplianceResourceTypes: types },
        Source: {
          Owner: 'CUSTOM_LAMBDA',
          SourceIdentifier: functionArn,
          SourceDetails: [
            { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
            { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
            { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: frequency },
          ],
        },
      },
    };
  }
  return resources;
}

/** `VPCE_GUARD_CONFIG` for the functions: the trust boundary and the remediation choice, validated shape. */
async function vpceGuardConfig({ resolveVariable }) {
  const orgId = await param(resolveVariable, 'orgId');
  const trustedAccounts = list(await param(resolveVariable, 'trustedAccounts'));
  const remediationRules = list(await param(resolveVariable, 'remediationRules'));
  const maxChanges = await param(resolveVariable, 'maxChangesPerInvocation');
  const vpcAttributes = await param(resolveVariable, 'remediateVpcAttributes');
  if (!['true', 'false'].includes(vpcAttributes)) throw new Error(`param remediateVpcAttributes: "${vpcAttributes}" is not true or false`);
  if (orgId && !/^o-[a-z0-9]{10,32}$/.test(orgId)) throw new Error(`param orgId: "${orgId}" is not an organization id (o-…)`);
  for (const account of trustedAccounts) {
    if (!/^\d{12}$/.test(account)) throw new Error(`param trustedAccounts: "${account}" is not a 12-digit account id`);
  }
  const config = { trustedAccounts };
  if (orgId) config.orgId = orgId;
  const remediation = {};
  if (remediationRules.length) remediation.rules = remediationRules;
  if (maxChanges) {
    const n = Number(maxChanges);
    if (!Number.isInteger(n) || n < 1) throw new Error(`param maxChangesPerInvocation: "${maxChanges}" is not a positive integer`);
    remediation.maxChangesPerInvocation = n;
  }
  if (Object.keys(remediation).length) config.remediation = remediation;
  // The DNS fix also needs the rule's own switch (see shared/rules/endpoint-vpc-dns.ts).
  if (vpcAttributes === 'true') config.rules = { 'endpoint-vpc-dns': { remediateVpcAttributes: true } };
  return JSON.stringify(config);
}

/** `REMEDIATION_MODE`, checked here so a typo fails the deploy instead of every invocation. */
async function remediationMode({ resolveVariable }) {
  const mode = await param(resolveVariable, 'remediationMode');
  if (!REMEDIATION_MODES.includes(mode)) throw new Error(`param remediationMode: "${mode}" is not one of ${REMEDIATION_MODES.join(', ')}`);
  return mode;
}

module.exports = { REMEDIATE_BUTTON, configRules, vpceGuardConfig, remediationMode, RELATED_TYPES, logicalId, scopeTypes };
