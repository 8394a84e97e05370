import { InputError } from '../errors.js';
import type { Severity } from '../rules/types.js';
import type { ConfigCompliance } from './types.js';

/** Whether a change of compliance deserves an alert, and why not when it does not. */
export type Transition = { alert: true; kind: 'violation' | 'resolution' } | { alert: false; reason: string };

/**
 * One alert per change of compliance: a move to NON_COMPLIANT (a first result included) is a
 * violation; NON_COMPLIANT → COMPLIANT or NOT_APPLICABLE (deleted, out of scope, exempted) is a
 * resolution. Everything else — no change, a first COMPLIANT, a move between non-findings — is silent.
 */
export function classifyTransition(oldCompliance: ConfigCompliance | undefined, newCompliance: ConfigCompliance): Transition {
  if (oldCompliance === newCompliance) return { alert: false, reason: `compliance did not change (still ${newCompliance})` };
  if (newCompliance === 'NON_COMPLIANT') return { alert: true, kind: 'violation' };
  if (oldCompliance === 'NON_COMPLIANT') {
    if (newCompliance === 'INSUFFICIENT_DATA') return { alert: false, reason: 'NON_COMPLIANT -> INSUFFICIENT_DATA: no verdict yet, the finding stays open' };
    return { alert: true, kind: 'resolution' };
  }
  if (oldCompliance === undefined) return { alert: false, reason: `first result is ${newCompliance}: nothing to report` };
  return { alert: false, reason: `${oldCompliance} -> ${newCompliance}: no finding opened or closed` };
}

const ORDER: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Whether a rule of this severity is at or above the threshold (no threshold: every severity). */
export function meetsSeverity(severity: Severity, min: Severity | undefined): boolean {
  return min === undefined || ORDER.indexOf(severity) >= ORDER.indexOf(min);
}

/** A severity name (any case); anything else is an InputError naming `what`. */
export function parseSeverity(text: string, what: string): Severity {
  const upper = text.trim().toUpperCase();
  if (!(ORDER as readonly string[]).includes(upper)) throw new InputError(`${what}: "${text}" is not a severity (${ORDER.join(', ')})`);
  return upper as Severity;
}
