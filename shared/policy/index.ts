export { analysePolicy, type AnalyseOptions, type PolicyAnalysis, type PolicyFinding } from './analyse.js';
export { planTightening, MAX_POLICY_CHARS, type TightenOptions, type TighteningPlan } from './tighten.js';
export { evaluateRequest, type Request, type Decision } from './evaluate.js';
export { parsePolicy, describeStatement, type PolicyDocument, type Statement } from './document.js';
export { DEFAULT_AWS_OWNED_RESOURCES, expandAwsOwnedResources } from './aws-owned.js';
export type { Caller, TrustBoundary } from './caller.js';
