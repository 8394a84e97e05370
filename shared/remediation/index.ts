export { executeRemediations, type RemediationRun } from './engine.js';
export { changeOf, stepOf } from './changes.js';
export { broadeningReasons, policyChangeRefusals } from './policy-guard.js';
export { ResourceVanishedError, RemediationError } from './errors.js';
export type { RemediationPort } from './port.js';
export {
  DEFAULT_MAX_CHANGES,
  DEFAULT_REMEDIATION_RULES,
  remediationConfigSchema,
  remediationMode,
  remediationSettings,
  type RemediationConfig,
  type RemediationSettings,
} from './settings.js';
export { snapshotPort } from './snapshot-port.js';
export type * from './types.js';
