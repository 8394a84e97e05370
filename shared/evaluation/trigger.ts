import type { AccountModel, ConfigurationItem, ModelPart } from '../model/index.js';
import { isConfigResourceType, parseServiceName, snapshotFromConfigItem, TERMINAL_STATES, vpcIdOfConfigItem } from '../model/index.js';
import { fitAnnotation } from '../rules/annotation.js';
import type { Rule } from '../rules/types.js';
import type { RuleEvaluation } from './types.js';

// Which resources one configuration change affects, for one rule: pure, no AWS calls.

const GONE: Record<string, string> = {
  ResourceDeleted: 'The resource was deleted.',
  ResourceDeletedNotRecorded: 'The resource was deleted (AWS Config no longer records it).',
  ResourceNotRecorded: 'AWS Config does not record this resource.',
};

/**
 * Why a configuration item is NOT_APPLICABLE whatever it says: deleted, not recorded, or out
 * of the rule's scope (`eventLeftScope`). Undefined for an item to evaluate. The one normaliser
 * of item statuses.
 */
export function goneReason(status: string, eventLeftScope: boolean): string | undefined {
  if (eventLeftScope) return 'The resource left the scope of the rule.';
  return GONE[status];
}

/** Which resources of the rule's type to evaluate once the scope is read. */
export type TargetSelector =
  | { kind: 'resource'; id: string }
  | { kind: 'vpc-endpoints'; vpcId: string }
  | { kind: 'group-endpoints'; groupId: string; vpcId: string }
  | { kind: 'vpc-groups'; vpcId: string };

/** What a change asks for: evaluations known at once, and what to read and evaluate. */
export interface ChangePlan {
  /** Evaluations decided without reading anything (deleted, out of scope, unreadable, unrelated). */
  decided: RuleEvaluation[];
  /** The VPC to read, the items to lay over what EC2 says, and the targets to evaluate. */
  scope?: { vpcId: string; overlay: ConfigurationItem[]; targets: TargetSelector };
  /** The trigger, when it is not of the rule's type: it gets NOT_APPLICABLE naming what was re-evaluated. */
  relatedTrigger?: { resourceType: string; resourceId: string };
  /** A resource outside any VPC (an endpoint service, a REST API): read it alone, as its service says now. */
  single?: { resourceType: string; resourceId: string };
}

/** The changes that re-evaluate every group of their VPC for a rule on security groups. */
const GROUP_RULE_TRIGGERS: ReadonlySet<string> = new Set(['AWS::EC2::VPCEndpoint', 'AWS::EC2::RouteTable']);

/** Rule resource types that belong to no VPC: a change is read and judged alone. */
const OUTSIDE_VPCS: ReadonlySet<string> = new Set(['AWS::EC2::VPCEndpointService', 'AWS::ApiGateway::RestApi']);

/** The short service name of an endpoint item (`ssm`), or undefined when it cannot be read. */
function endpointServiceOf(item: ConfigurationItem): string | undefined {
  if (item.resourceType !== 'AWS::EC2::VPCEndpoint') return undefined;
  try {
    const name = snapshotFromConfigItem(item).VpcEndpoints?.[0]?.ServiceName;
    return name === undefined ? undefined : parseServiceName(name).short;
  } catch {
    return undefined; // an unreadable item is reported as such by the caller
  }
}

/** The model parts whose resources of this type a rule's verdict depends on. */
const DEPENDS_ON: Record<string, readonly ModelPart[]> = {
  'AWS::EC2::RouteTable': ['routeTables'],
  // A subnet's association decides which tables are in scope; its zone, the multi-AZ verdict.
  'AWS::EC2::Subnet': ['subnets', 'routeTables'],
  'AWS::EC2::SecurityGroup': ['securityGroups'],
  'AWS::EC2::VPC': ['vpcs', 'vpcDns'],
};

function na(item: ConfigurationItem, reason: string): RuleEvaluation {
  return { resourceType: item.resourceType, resourceId: item.resourceId, complianceType: 'NOT_APPLICABLE', annotation: fitAnnotation(reason) };
}

function cannotEvaluate(item: ConfigurationItem, message: string): RuleEvaluation {
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    complianceType: 'NON_COMPLIANT',
    annotation: fitAnnotation(`Cannot evaluate: ${message}`),
    error: message,
  };
}

/** The item is readable into the model: undefined, or why not. */
function unreadable(item: ConfigurationItem): string | undefined {
  try {
    snapshotFromConfigItem(item);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Plans one change notification for one rule. A change to a resource of the rule's type
 * evaluates it; a route table, subnet, VPC or security group evaluates the endpoints (or the VPC)
 * of its VPC that it affects, and is itself NOT_APPLICABLE; deleted or out-of-scope items are
 * NOT_APPLICABLE and read nothing.
 */
export function planChange(rule: Rule, item: ConfigurationItem, eventLeftScope: boolean): ChangePlan {
  const gone = goneReason(item.configurationItemStatus, eventLeftScope);
  if (gone) return { decided: [na(item, gone)] };
  if (!isConfigResourceType(item.resourceType)) {
    return { decided: [na(item, `${rule.id} does not judge ${item.resourceType}.`)] };
  }
  const problem = unreadable(item);
  const vpcId = vpcIdOfConfigItem(item);
  const ownType = item.resourceType === rule.resourceType;

  if (ownType) {
    if (problem) return { decided: [cannotEvaluate(item, problem)] };
    if (OUTSIDE_VPCS.has(rule.resourceType)) return { decided: [], single: { resourceType: item.resourceType, resourceId: item.resourceId } };
    if (!vpcId) return { decided: [na(item, `${item.resourceId} belongs to no VPC.`)] };
    // An endpoint whose service the rule's verdicts on its VPC depend on (rule 1: an SSM endpoint) re-evaluates them all.
    const vpcTriggers = rule.resourceType === 'AWS::EC2::VPCEndpoint' ? (rule.vpcTriggers ?? []) : [];
    const service = vpcTriggers.length > 0 ? endpointServiceOf(item) : undefined;
    const targets: TargetSelector = service !== undefined && vpcTriggers.includes(service) ? { kind: 'vpc-endpoints', vpcId } : { kind: 'resource', id: item.resourceId };
    return { decided: [], scope: { vpcId, overlay: [item], targets } };
  }
  // A VPC rule and an endpoint change: the endpoint's VPC is what changed for the rule.
  if (rule.resourceType === 'AWS::EC2::VPC' && item.resourceType === 'AWS::EC2::VPCEndpoint') {
    if (problem || !vpcId) return { decided: [na(item, `Cannot tell which VPC to re-evaluate: ${problem ?? 'the item names none'}.`)] };
    return { decided: [], scope: { vpcId, overlay: [item], targets: { kind: 'resource', id: vpcId } }, relatedTrigger: item };
  }
  // A rule on security groups: a gateway endpoint or a route table (the routes name the endpoints'
  // prefix lists) changes what every group of the VPC must reach.
  if (rule.resourceType === 'AWS::EC2::SecurityGroup' && GROUP_RULE_TRIGGERS.has(item.resourceType)) {
    if (problem || !vpcId) return { decided: [na(item, `Cannot tell which VPC to re-evaluate: ${problem ?? 'the item names none'}.`)] };
    if (item.resourceType === 'AWS::EC2::VPCEndpoint' && snapshotFromConfigItem(item).VpcEndpoints?.[0]?.VpcEndpointType.toLowerCase() !== 'gateway') {
      return { decided: [na(item, `${rule.id} depends on gateway endpoints only.`)] };
    }
    return { decided: [], scope: { vpcId, overlay: [item], targets: { kind: 'vpc-groups', vpcId } }, relatedTrigger: item };
  }
  if (rule.resourceType !== 'AWS::EC2::VPCEndpoint') return { decided: [na(item, `${rule.id} does not depend on ${item.resourceType} resources.`)] };
  const depends = DEPENDS_ON[item.resourceType] ?? [];
  if (rule.resourceType !== 'AWS::EC2::VPCEndpoint' || !depends.some((part) => rule.requires.includes(part))) {
    return { decided: [na(item, `${rule.id} does not depend on ${item.resourceType} resources.`)] };
  }
  if (!vpcId) return { decided: [na(item, 'The item names no VPC, so no endpoint is affected.')] };
  const targets: TargetSelector =
    item.resourceType === 'AWS::EC2::SecurityGroup' ? { kind: 'group-endpoints', groupId: item.resourceId, vpcId } : { kind: 'vpc-endpoints', vpcId };
  // An item that cannot be read is left out: EC2's current state of it is used instead.
  return { decided: problem ? [na(item, `Cannot read the item (${problem}); EC2's state was used.`)] : [], scope: { vpcId, overlay: problem ? [] : [item], targets }, relatedTrigger: problem ? undefined : item };
}

/** The ids of the rule's resources a selector picks in the model (live endpoints of the types the rule judges). */
export function selectTargets(rule: Rule, model: AccountModel, selector: TargetSelector): string[] {
  if (selector.kind === 'resource') return [selector.id];
  if (selector.kind === 'vpc-groups') return rule.resourceType === 'AWS::EC2::SecurityGroup' ? model.securityGroupsOf(selector.vpcId).map((g) => g.id) : [];
  if (rule.resourceType !== 'AWS::EC2::VPCEndpoint') return [];
  return model
    .endpointsInVpc(selector.vpcId)
    .filter((e) => rule.endpointTypes.includes(e.type) && !TERMINAL_STATES.has(e.state))
    .filter((e) => selector.kind === 'vpc-endpoints' || e.groupIds.includes(selector.groupId))
    .map((e) => e.id);
}

/** The NOT_APPLICABLE of a related trigger, naming what its change re-evaluated. */
export function relatedTriggerEvaluation(rule: Rule, trigger: { resourceType: string; resourceId: string }, evaluated: readonly string[], vpcId: string): RuleEvaluation {
  const what = rule.resourceType === 'AWS::EC2::VPC' ? 'VPC' : rule.resourceType === 'AWS::EC2::SecurityGroup' ? 'security group(s)' : 'endpoint(s)';
  const list = evaluated.length ? `: ${evaluated.join(', ')}` : '';
  return {
    resourceType: trigger.resourceType,
    resourceId: trigger.resourceId,
    complianceType: 'NOT_APPLICABLE',
    annotation: fitAnnotation(`${rule.id} judges ${rule.resourceType}; this change re-evaluated ${evaluated.length} ${what} of ${vpcId}${list}.`),
  };
}

/**
 * The resource types a Config rule must be scoped to so that every change that can alter its
 * verdicts triggers it: the rule's own type, the related types it depends on, and for the VPC rule
 * the endpoints. For deployment (the Config rule's `Scope.ComplianceResourceTypes`).
 */
export function triggerResourceTypes(rule: Rule): string[] {
  const types = new Set<string>([rule.resourceType]);
  if (rule.resourceType === 'AWS::EC2::VPC') types.add('AWS::EC2::VPCEndpoint');
  else if (rule.resourceType === 'AWS::EC2::SecurityGroup') for (const type of GROUP_RULE_TRIGGERS) types.add(type);
  else if (rule.resourceType === 'AWS::EC2::VPCEndpoint') for (const [type, parts] of Object.entries(DEPENDS_ON)) if (parts.some((part) => rule.requires.includes(part))) types.add(type);
  return [...types];
}
