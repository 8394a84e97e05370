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
