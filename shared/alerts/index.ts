export type { Alert, ComplianceAlertInput, ConfigCompliance, EventKind, RemediationAlertInput } from './types.js';
export { formatRemediationAlert } from './remediation.js';
export { formatComplianceAlert } from './compliance.js';
export { alertBytes, MAX_ALERT_BYTES, MAX_SUBJECT_LENGTH } from './limits.js';
export { ComplianceChangeEventSchema, parseComplianceChange, type ComplianceChangeEvent } from './event.js';
export { classifyTransition, meetsSeverity, parseSeverity, type Transition } from './transition.js';
export { alertSettings, type AlertSettings } from './settings.js';
export { decideComplianceAlert, type AlertDecision } from './plan.js';
