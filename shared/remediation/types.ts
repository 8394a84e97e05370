/** One AWS API call of a plan, with the parameters it will be sent. */
export interface RemediationStep {
  /** IAM-style action name, e.g. `ec2:ModifyVpcEndpoint`. */
  action: string;
  parameters: Record<string, unknown>;
}

/**
 * A repair, as pure data: what would be called, the state before and after, and the IAM actions
 * it needs (the apply step re-reads the resource first, hence the Describe actions). A `refused`
 * plan has no steps: the rule will not guess, and the case is left to an operator.
 */
export interface RemediationPlan {
  ruleId: string;
  resourceType: string;
  resourceId: string;
  status: 'planned' | 'refused';
  summary: string;
  steps: RemediationStep[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  iamActions: string[];
  /** For policy rewrites: a unified diff of the policy. */
  diff?: string;
}

/** `off` (default) changes nothing; `dry-run` says what it would do; `apply` makes the changes. */
export type RemediationMode = 'off' | 'dry-run' | 'apply';

/**
 * The only changes the engine can make, typed: each one can only add a route table, set a policy
 * that passed the safety checks, or turn a VPC DNS attribute on. There is no way to express a
 * removal or a reset.
 */
export type Change =
  | { kind: 'add-route-tables'; endpointId: string; routeTableIds: string[] }
  | { kind: 'set-endpoint-policy'; endpointId: string; policyDocument: string }
  | { kind: 'enable-vpc-attribute'; vpcId: string; attribute: 'enableDnsSupport' | 'enableDnsHostnames' };

export type StepStatus = 'applied' | 'would-apply' | 'failed' | 'not-sent';

/** What happened to one step. */
export interface StepOutcome {
  step: RemediationStep;
  status: StepStatus;
  error?: string;
}

/**
 * What happened to one plan. `deferred`: over the per-invocation cap (reported, not dropped);
 * `vanished`: the resource no longer exists; `not-enabled`: the rule's remediation is not switched on.
 */
export type OutcomeStatus = 'applied' | 'would-apply' | 'skipped' | 'failed' | 'refused' | 'deferred' | 'vanished' | 'not-enabled';

export interface RemediationOutcome {
  ruleId: string;
  resourceType: string;
  resourceId: string;
  vpcId?: string;
  status: OutcomeStatus;
  /** One sentence: why this status. */
  reason: string;
  /** The endpoint had changed since the plan was made; the plan was made again from its new state. */
  replanned: boolean;
  /** The plan acted on: the one made from the state read right before the change. */
  plan: RemediationPlan;
  steps: StepOutcome[];
}
