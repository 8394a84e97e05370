import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SNSClient } from '@aws-sdk/client-sns';
import { deployedRuleNames } from '../aws/config-rules.js';
import { startRuleEvaluations, type TriggerResult } from '../aws/config-trigger.js';
import { ec2RemediationPort } from '../aws/ec2-remediation.js';
import { resolveVpcs } from '../aws/ec2-resolve.js';
import { readVpcScope } from '../aws/ec2-scope.js';
import { publishAlert } from '../aws/sns.js';
import type { ScanConfig } from '../engine/config.js';
import { runRules } from '../engine/run.js';
import { selectRules } from '../engine/config.js';
import type { AffectedResources } from '../events/classify.js';
import { AccountModel, readSnapshot, type AccountData, type ModelPart } from '../model/index.js';
import type { EvaluationError } from '../rules/types.js';
import { remediationAlert } from './alert.js';
import { executeRemediations } from './engine.js';
import type { RemediationSettings } from './settings.js';
import type { RemediationMode, RemediationOutcome } from './types.js';

/** The clients and settings one reaction needs; the handler builds them. */
export interface ReactionDeps {
  ec2: EC2Client;
  config: ConfigServiceClient;
  /** The alert topic; absent when ALERT_TOPIC_ARN is unset. */
  alerts?: { client: SNSClient; topicArn: string };
  scanConfig: ScanConfig;
  mode: RemediationMode;
  settings: RemediationSettings;
  /**
   * The rule id of a deployed Config rule name, undefined for rules not ours (`ruleIdOf` of
   * shared/lambda/settings.ts): the rules to re-evaluate are looked up by it in the account.
   */
  ruleIdOf: (configRuleName: string) => string | undefined;
}

/** What one reaction did: for the log, the metrics and the invocation's result. */
export interface ReactionReport {
  eventName: string;
  vpcIds: string[];
  /** Ids EC2 no longer knows, so their VPC cannot be told (AWS Config catches up on them). */
  unresolved: string[];
  resourceIds: string[];
  nonCompliant: string[];
  evaluationErrors: EvaluationError[];
  outcomes: RemediationOutcome[];
  trigger?: TriggerResult;
  alertsPublished: number;
  /** Everything that failed: remediation steps, the re-evaluation request, alert publishing. */
  failures: string[];
}

/** The resources whose verdicts the call can have changed, among those just read. */
function affectedIds(affected: AffectedResources, data: AccountData): Set<string> {
  if (affected.reach === 'named') return new Set(data.endpoints.filter((e) => affected.endpointIds.includes(e.id)).map((e) => e.id));
  const ids = new Set<string>(data.vpcs?.map((v) => v.id) ?? []);
  const named = data.endpoints.filter((e) => affected.endpointIds.includes(e.id));
  for (const endpoint of data.endpoints) {
    const touched =
      affected.reach === 'vpc' ||
      (affected.reach === 'groups' && endpoint.groupIds.some((g) => affected.securityGroupIds.includes(g))) ||
      (affected.reach === 'endpoints' &&
        (affected.endpointIds.length === 0 || named.some((n) => n.id === endpoint.id || (n.vpcId === endpoint.vpcId && n.serviceName === endpoint.serviceName))));
    if (touched) ids.add(endpoint.id);
  }
  return ids;
}

/**
 * Asks AWS Config to re-evaluate the rules of these ids under the names they have in the account:
 * `vpce-guard-<id>` from the stack, `OrgConfigRule-vpce-guard-<id>-<suffix>` from an organization
 * rule, or both. Ids with no deployed rule are reported in `missing`.
 */
async function reevaluate(deps: ReactionDeps, ruleIds: string[]): Promise<TriggerResult> {
  const deployed = await deployedRuleNames(deps.config, ruleIds, deps.ruleIdOf);
  const names = ruleIds.flatMap((id) => deployed.get(id) ?? []);
  const result: TriggerResult = names.length ? await startRuleEvaluations(deps.config, names) : { started: [], busy: [], missing: [] };
  result.missing.push(...ruleIds.filter((id) => !deployed.has(id)).map((id) => `${id} (no Config rule of this id in the account)`));
  return result;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reacts to one EC2 API call: finds the VPCs of the ids it named, reads their current state back
 * from EC2 (the event's own claims are never used), evaluates the rules the call can affect,
 * remediates as the mode and settings allow, asks AWS Config to re-evaluate those rules, and
 * publishes one alert per remediation outcome. Failures are collected in `failures`, never thrown
 * half-way: the re-evaluation and the alerts still happen after a failed step.
 */
export async function reactToApiCall(affected: AffectedResources, deps: ReactionDeps): Promise<ReactionReport> {
  const report: ReactionReport = {
    eventName: affected.eventName,
    vpcIds: [],
    unresolved: [],
    resourceIds: [],
    nonCompliant: [],
    evaluationErrors: [],
    outcomes: [],
    alertsPublished: 0,
    failures: [],
  };
  const rules = selectRules([...affected.rules]);
  const resolved = await resolveVpcs(deps.ec2, affected);
  report.vpcIds = resolved.vpcIds;
  report.unresolved = resolved.unresolved;

  if (resolved.vpcIds.length > 0) {
    const parts = new Set<ModelPart>(['vpcs', ...rules.flatMap((r) => r.requires)]);
    const snapshot = await readVpcScope(deps.ec2, { vpcIds: resolved.vpcIds }, { parts, serviceDetails: rules.some((r) => r.id === 'endpoint-policy-restricted') });
    const data: AccountData = { ...readSnapshot(snapshot, `EC2 (${resolved.vpcIds.join(', ')})`), accountId: affected.accountId, region: affected.region };
    const resourceIds = affectedIds(affected, data);
    report.resourceIds = [...resourceIds];
    const result = runRules(new AccountModel(data), { rules, config: deps.scanConfig, resourceIds });
    report.nonCompliant = result.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').map((e) => `${e.ruleId} ${e.resourceId}`);
    report.evaluationErrors = result.errors;
    if (deps.mode !== 'off') {
      report.outcomes = await executeRemediations({
        data,
        config: deps.scanConfig,
        plans: result.remediations,
        mode: deps.mode,
        settings: deps.settings,
        port: ec2RemediationPort(deps.ec2),
      });
    }
  }
  for (const o of report.outcomes.filter((x) => x.status === 'failed')) report.failures.push(`${o.ruleId} ${o.resourceId}: ${o.reason}`);

  try {
    report.trigger = await reevaluate(deps, rules.map((r) => r.id));
  } catch (error) {
    report.failures.push(message(error));
  }

  if (deps.mode !== 'off') {
    for (const outcome of report.outcomes) {
      const alert = remediationAlert(outcome, { mode: deps.mode, accountId: affected.accountId, region: affected.region });
      if (!alert) continue;
      if (!deps.alerts) {
        report.failures.push(`no ALERT_TOPIC_ARN: the alert "${alert.subject}" was not sent`);
        continue;
      }
      try {
        await publishAlert(deps.alerts.client, deps.alerts.topicArn, alert);
        report.alertsPublished += 1;
      } catch (error) {
        report.failures.push(message(error));
      }
    }
  }
  return report;
}
