export { handleConfigRuleEvent, InvocationIncompleteError, type InvocationClients, type InvocationDeps, type InvocationSummary } from './invocation.js';
export { parseConfigRuleEvent, configRuleEventSchema, EVENT_KINDS, type ConfigRuleEvent, type EventKind } from './event.js';
export { resolveRuleInput, type RuleInput } from './rule-input.js';
export { goneReason, planChange, selectTargets, triggerResourceTypes, type ChangePlan, type TargetSelector } from './trigger.js';
export { evaluateResources, resourcesOfRule } from './evaluate.js';
export { toPutEvaluations, batchesOf, MAX_BATCH, type PutEvaluation } from './batches.js';
export { staleEvaluations, STALE_ANNOTATION } from './stale.js';
export type { RuleEvaluation, StoredResult } from './types.js';
