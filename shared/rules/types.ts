import type { z } from 'zod';
import type { AccountModel, Endpoint, EndpointService, ModelPart, RestApi, SecurityGroup, Vpc } from '../model/index.js';
import type { RemediationPlan } from '../remediation/types.js';
import type { TemplateValue } from './annotation.js';

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type ResourceType =
  | 'AWS::EC2::VPCEndpoint'
  | 'AWS::EC2::VPC'
  | 'AWS::EC2::SecurityGroup'
  | 'AWS::EC2::VPCEndpointService'
  | 'AWS::ApiGateway::RestApi';

/** One specific problem. `key` is stable, so a finding can be reported or exempted on its own. */
export interface Finding {
  key: string;
  message: string;
}

/** The result of one rule on one resource: what goes to AWS Config and to reports. */
export interface EvaluationResult {
  ruleId: string;
  resourceType: ResourceType;
  resourceId: string;
  complianceType: ComplianceType;
  /** At most 256 characters. */
  annotation: string;
  findings: Finding[];
}

/** A rule or resource that could not be evaluated. Reported, never dropped. */
export interface EvaluationError {
  ruleId: string;
  resourceId?: string;
  message: string;
}

/** What a rule's `evaluate` returns; the engine turns it into an EvaluationResult. */
export type Verdict =
  | { status: 'COMPLIANT'; vars: Record<string, TemplateValue> }
  | { status: 'NON_COMPLIANT'; vars: Record<string, TemplateValue>; findings: Finding[]; muted?: string[] }
  | { status: 'NOT_APPLICABLE'; reason: string };

/** Settings that hold for every rule: the trust boundary and the account. */
export interface GlobalSettings {
  accountId?: string;
  orgId?: string;
  trustedAccounts: string[];
}

export interface RuleContext<P> {
  model: AccountModel;
  params: P;
  settings: GlobalSettings;
  /** A per-scan cache for work shared by resources (e.g. one VPC's covered route tables). */
  memo: Map<string, unknown>;
}

interface RuleBase<P> {
  id: string;
  title: string;
  /** The compliant condition, in one sentence. */
  description: string;
  severity: Severity;
  /** Closed schema (no unknown keys) with defaults. */
  parameters: z.ZodType<P, unknown>;
  /** Model parts the rule cannot judge without. */
  requires: readonly ModelPart[];
  /** One annotation template per outcome, `{name}` placeholders filled from the verdict's vars. */
  annotation: { compliant: string; nonCompliant: string };
  /** What the opt-in remediation does, and the IAM actions it needs; absent when alert-only. */
  remediation?: { description: string; iamActions: readonly string[] };
}

export interface EndpointRule<P = unknown> extends RuleBase<P> {
  resourceType: 'AWS::EC2::VPCEndpoint';
  /** Endpoint types the rule judges; others are NOT_APPLICABLE. */
  endpointTypes: readonly string[];
  /**
   * Short service names (`ssm`) whose endpoints' changes re-evaluate the rule on every endpoint of
   * their VPC (the Config rule function), because its verdicts depend on them.
   */
  vpcTriggers?: readonly string[];
  evaluate(endpoint: Endpoint, ctx: RuleContext<P>): Verdict;
  plan?(endpoint: Endpoint, verdict: Verdict & { status: 'NON_COMPLIANT' }, ctx: RuleContext<P>): RemediationPlan | undefined;
}

export interface VpcRule<P = unknown> extends RuleBase<P> {
  resourceType: 'AWS::EC2::VPC';
  evaluate(vpc: Vpc, ctx: RuleContext<P>): Verdict;
  plan?(vpc: Vpc, verdict: Verdict & { status: 'NON_COMPLIANT' }, ctx: RuleContext<P>): RemediationPlan | undefined;
}

/** A rule on a security group (alert only). */
export interface SecurityGroupRule<P = unknown> extends RuleBase<P> {
  resourceType: 'AWS::EC2::SecurityGroup';
  evaluate(group: SecurityGroup, ctx: RuleContext<P>): Verdict;
  plan?: undefined;
}

/** A rule on a PrivateLink endpoint service the account provides (alert only). */
export interface EndpointServiceRule<P = unknown> extends RuleBase<P> {
  resourceType: 'AWS::EC2::VPCEndpointService';
  evaluate(service: EndpointService, ctx: RuleContext<P>): Verdict;
  plan?: undefined;
}

/** A rule on an API Gateway REST API (alert only). */
export interface RestApiRule<P = unknown> extends RuleBase<P> {
  resourceType: 'AWS::ApiGateway::RestApi';
  evaluate(api: RestApi, ctx: RuleContext<P>): Verdict;
  plan?: undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalogue holds rules of many parameter types
export type Rule = EndpointRule<any> | VpcRule<any> | SecurityGroupRule<any> | EndpointServiceRule<any> | RestApiRule<any>;
