export { runRules, type ScanResult, type RunOptions } from './run.js';
export { resolveConfig, resolveParams, selectRules, type ScanConfig } from './config.js';
