export type { Alert, ComplianceAlertInput, ConfigCompliance, EventKind, RemediationAlertInput } from './types.js';
export { formatRemediationAlert } from './remediation.js';
export { formatComplianceAlert } from './compliance.js';
export { alertBytes, MAX_ALERT_BYTES, MAX_SUBJECT_LENGTH } from './limits.js';
