import type { RemediationStep } from '../remediation/types.js';
import type { ComplianceType } from '../rules/types.js';

/** One operator alert, ready for SNS: subject (≤ 100 characters), body, and routing attributes. */
export type Alert = { subject: string; message: string; attributes: Record<string, string> };

/** What produced the alert: the `eventKind` message attribute. */
export type EventKind = 'compliance-change' | 'remediation';

/** Compliance as AWS Config reports it: the rule core's three values plus INSUFFICIENT_DATA. */
export type ConfigCompliance = ComplianceType | 'INSUFFICIENT_DATA';

/** A remediation (dry-run or applied) on one resource, as the remediation path reports it. */
export type RemediationAlertInput = {
  ruleId: string;
  resourceType: string;
  resourceId: string;
  accountId?: string;
  region?: string;
  vpcId?: string;
  mode: 'dry-run' | 'apply';
  outcome: 'applied' | 'would-apply' | 'skipped' | 'failed' | 'refused';
  summary: string;
  steps: RemediationStep[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  error?: string;
};

/** One change of compliance of one resource under one vpce-guard rule. */
export type ComplianceAlertInput = {
  ruleId: string;
  /** The deployed Config rule name (`vpce-guard-<ruleId>`). */
  configRuleName: string;
  resourceType: string;
  resourceId: string;
  accountId: string;
  region: string;
  /** Undefined for a first result. */
  oldCompliance?: ConfigCompliance;
  newCompliance: ConfigCompliance;
  /** Config's annotation of the new result; real events may carry none. */
  annotation?: string;
  /** When the new result was recorded (ISO 8601). */
  recordedAt?: string;
};
