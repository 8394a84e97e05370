import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { getResourceConfigHistory } from '../aws/config-history.js';
import { listStoredResults } from '../aws/config-compliance.js';
import { EvaluationWriteError, putEvaluations, type FailedWrite, type PutEvaluationsOptions, type WriteReport } from '../aws/config-evaluations.js';
import { readAllVpcs, readVpcScope } from '../aws/ec2-scope.js';
import { readServiceParts } from '../aws/service-parts.js';
import { VpceGuardError } from '../errors.js';
import { AccountModel, overlayConfigItems, readSnapshot, snapshotFromConfigItem, type ConfigurationItem, type ModelPart, type Snapshot } from '../model/index.js';
import { configRuleName as deployedRuleName, envConfig } from '../lambda/settings.js';
import type { ComplianceType, Rule } from '../rules/types.js';
import { toPutEvaluations } from './batches.js';
import { parseConfigRuleEvent, type ConfigRuleEvent, type EventKind } from './event.js';
import { evaluateResources } from './evaluate.js';
import { resolveRuleInput, type RuleInput } from './rule-input.js';
import { staleEvaluations } from './stale.js';
import { goneReason, planChange, relatedTriggerEvaluation, selectTargets } from './trigger.js';
import type { RuleEvaluation } from './types.js';

/** The clients one invocation uses, for the account the event is about. */
export interface InvocationClients {
  ec2: EC2Client;
  config: ConfigServiceClient;
  /** For rules on REST APIs (private-api-requires-endpoint). */
  apiGateway?: APIGatewayClient;
}

export interface InvocationDeps {
  /** The clients for the event's account (a member account's role when it is not the function's own). */
  clients: (accountId: string | undefined) => InvocationClients;
  env?: NodeJS.ProcessEnv;
  /** Time left in the invocation (`context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
  /** Stop starting new work when less than this is left. */
  reserveMs?: number;
  write?: Omit<PutEvaluationsOptions, 'shouldStop'>;
  /** Called once with the summary, whether the invocation then succeeds or fails. */
  onSummary?: (summary: InvocationSummary) => void;
}

/** What one invocation did: the one summary line the function logs. */
export interface InvocationSummary {
  ruleId: string;
  configRuleName: string;
  eventKind: EventKind;
  trigger?: { resourceType: string; resourceId: string };
  testMode: boolean;
  counts: Record<ComplianceType, number>;
  /** Resources that could not be evaluated (each written NON_COMPLIANT with the reason). */
  errors: number;
  /** Results withdrawn because their resources are gone (periodic). */
  stale: number;
  written: number;
  /** Evaluations not written because the time ran out. */
  unfinished: number;
}

/** The invocation ran out of time: what was done is written; `summary.unfinished` says what is not. */
export class InvocationIncompleteError extends VpceGuardError {
  readonly summary: InvocationSummary;
  constructor(message: string, summary: InvocationSummary) {
    super(message);
    this.name = 'InvocationIncompleteError';
    this.summary = summary;
  }
}

const OUTSIDE_VPCS: ReadonlySet<string> = new Set(['AWS::EC2::VPCEndpointService', 'AWS::ApiGateway::RestApi']);

/** The policy rule also needs to know which services support endpoint policies. */
const NEEDS_SERVICE_DETAILS = new Set(['endpoint-policy-restricted']);

function readNeeds(rule: Rule): { parts: ReadonlySet<ModelPart>; serviceDetails: boolean; groupsOfVpcs: boolean } {
  return { parts: new Set(rule.requires), serviceDetails: NEEDS_SERVICE_DETAILS.has(rule.id), groupsOfVpcs: rule.resourceType === 'AWS::EC2::SecurityGroup' };
}

function count(evaluations: readonly RuleEvaluation[]): Record<ComplianceType, number> {
  const counts: Record<ComplianceType, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const e of evaluations) counts[e.complianceType]++;
  return counts;
}

/** Rebuilds the item of an oversized notification (GetResourceConfigHistory, limit 1), or the item of a change. */
async function triggerItem(event: ConfigRuleEvent, config: ConfigServiceClient): Promise<ConfigurationItem> {
  const invoking = event.invokingEvent;
  if (invoking.messageType === 'ConfigurationItemChangeNotification') return invoking.configurationItem;
  if (invoking.messageType !== 'OversizedConfigurationItemChangeNotification') throw new VpceGuardError(`${invoking.messageType} carries no configuration item`);
  const s = invoking.configurationItemSummary;
  const summary: ConfigurationItem = {
    resourceType: s.resourceType,
    resourceId: s.resourceId,
    configurationItemStatus: s.configurationItemStatus,
    configurationItemCaptureTime: s.configurationItemCaptureTime,
    configuration: null,
    tags: {},
    relationships: [],
  };
  // Deleted or out of scope: NOT_APPLICABLE whatever the item says, so it is not fetched.
  if (goneReason(s.configurationItemStatus, event.eventLeftScope)) return summary;
  const [item] = await getResourceConfigHistory(config, { resourceType: s.resourceType, resourceId: s.resourceId, limit: 1 });
  return item!;
}

/** The model of what was read; the event's account is the account of endpoints that name none. */
function modelOf(snapshot: Snapshot, source: string, event: ConfigRuleEvent): AccountModel {
  const data = readSnapshot(snapshot, source);
  return new AccountModel({ ...data, ...(event.accountId && !data.accountId ? { accountId: event.accountId } : {}) });
}

async function evaluateChange(event: ConfigRuleEvent, input: RuleInput, clients: InvocationClients): Promise<{ evaluations: RuleEvaluation[]; ordering: Date; trigger: ConfigurationItem }> {
  const item = await triggerItem(event, clients.config);
  const ordering = new Date(item.configurationItemCaptureTime);
  const plan = planChange(input.rule, item, event.eventLeftScope);
  const evaluations = [...plan.decided];
  if (plan.single) {
    // An endpoint service or REST API: read as its service says now (the item lacks the principals).
    const { resourceId } = plan.single;
    const parts = readNeeds(input.rule).parts;
    const read = await readServiceParts(clients, parts, { serviceIds: [resourceId], restApiIds: [resourceId] });
    const model = modelOf({ VpcEndpoints: [], ...read }, `the current state of ${resourceId}`, event);
    evaluations.push(...evaluateResources(input.rule, model, input.config, [resourceId]));
  }
  if (plan.scope) {
    const { vpcId, overlay, targets } = plan.scope;
    const endpoints = overlay.flatMap((i) => snapshotFromConfigItem(i).VpcEndpoints ?? []);
    const needs = readNeeds(input.rule);
    const scoped = { ...(await readVpcScope(clients.ec2, { vpcIds: [vpcId], endpoints }, needs)), ...(await readServiceParts(clients, needs.parts)) };
    // Other resource types of the trigger replace EC2's version of them.
    const others = overlay.filter((i) => i.resourceType !== 'AWS::EC2::VPCEndpoint');
    const snapshot = others.length ? overlayConfigItems(scoped, others) : scoped;
    const model = modelOf(snapshot, `EC2 state of ${vpcId}`, event);
    const ids = selectTargets(input.rule, model, targets);
    evaluations.push(...evaluateResources(input.rule, model, input.config, ids));
    if (plan.relatedTrigger) evaluations.push(relatedTriggerEvaluation(input.rule, plan.relatedTrigger, ids, vpcId));
  }
  return { evaluations, ordering, trigger: item };
}

/**
 * Handles one AWS Config rule event end to end: validates it, resolves the rule and its settings,
 * reads only what the trigger needs (the whole account for a periodic run), evaluates, writes the
 * evaluations (PutEvaluations), and on a complete periodic run withdraws results for resources
 * that are gone. Malformed input is an InputError; failed reads an AwsCallError; failed writes an
 * EvaluationWriteError after every other batch is written; running out of time an
 * InvocationIncompleteError after what was done is written.
 */
export async function handleConfigRuleEvent(raw: unknown, deps: InvocationDeps): Promise<InvocationSummary> {
  const env = deps.env ?? process.env;
  const event = parseConfigRuleEvent(raw);
  const input = resolveRuleInput(event.ruleParameters, envConfig(env));
  const configRuleName = event.configRuleName ?? deployedRuleName(input.rule.id, env);
  const clients = deps.clients(event.accountId ?? undefined);
  const reserve = deps.reserveMs ?? 10_000;
  const lowOnTime = () => deps.remainingMs !== undefined && deps.remainingMs() < reserve;
  const testMode = event.resultToken === 'TESTMODE';
  const eventKind = event.invokingEvent.messageType;

  let evaluations: RuleEvaluation[];
  let ordering: Date;
  let trigger: InvocationSummary['trigger'];
  if (event.invokingEvent.messageType === 'ScheduledNotification') {
    const needs = readNeeds(input.rule);
    // Endpoint services and REST APIs belong to no VPC: their rules read no VPC state.
    const vpcs = OUTSIDE_VPCS.has(input.rule.resourceType) ? { VpcEndpoints: [] } : await readAllVpcs(clients.ec2, needs);
    const snapshot = { ...vpcs, ...(await readServiceParts(clients, needs.parts)) };
    const model = modelOf(snapshot, 'EC2 state of the account', event);
    evaluations = evaluateResources(input.rule, model, input.config);
    ordering = new Date(event.invokingEvent.notificationCreationTime);
  } else {
    const change = await evaluateChange(event, input, clients);
    evaluations = change.evaluations;
    ordering = change.ordering;
    trigger = { resourceType: change.trigger.resourceType, resourceId: change.trigger.resourceId };
  }

  const summary: InvocationSummary = {
    ruleId: input.rule.id,
    configRuleName,
    eventKind,
    ...(trigger ? { trigger } : {}),
    testMode,
    counts: count(evaluations),
    errors: evaluations.filter((e) => e.error !== undefined).length,
    stale: 0,
    written: 0,
    unfinished: 0,
  };
  const failed: FailedWrite[] = [];
  const write = async (list: RuleEvaluation[]): Promise<WriteReport> => {
    let report: WriteReport;
    try {
      report = await putEvaluations(clients.config, { resultToken: event.resultToken, evaluations: toPutEvaluations(list, ordering) }, { ...deps.write, shouldStop: lowOnTime });
    } catch (error) {
      if (!(error instanceof EvaluationWriteError)) throw error;
      report = error.report;
      failed.push(...report.failed);
    }
    summary.written += report.written;
    summary.unfinished += report.unsent.length;
    return report;
  };
  const run = async (): Promise<void> => {
    const first = await write(evaluations);

    // Only a complete periodic run knows what is gone; TESTMODE stores nothing to withdraw.
    if (eventKind === 'ScheduledNotification' && !testMode && first.unsent.length === 0) {
      if (lowOnTime()) {
        throw new InvocationIncompleteError(`${input.rule.id}: out of time before withdrawing stale results; the next periodic run will`, summary);
      }
      const stored = await listStoredResults(clients.config, configRuleName);
      const stale = staleEvaluations(stored, evaluations);
      summary.stale = stale.length;
      await write(stale);
    }
    if (failed.length > 0) throw new EvaluationWriteError({ written: summary.written, failed, unsent: [] });
    if (summary.unfinished > 0) {
      throw new InvocationIncompleteError(`${input.rule.id}: out of time: ${summary.unfinished} evaluation(s) not written (${summary.written} written)`, summary);
    }
  };
  try {
    await run();
  } finally {
    deps.onSummary?.(summary);
  }
  return summary;
}
