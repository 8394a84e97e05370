import type { Severity } from '../rules/types.js';

/** Severities from the most to the least severe: the order reports list them in. */
export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
