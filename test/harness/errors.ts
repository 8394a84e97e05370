// What a clear failure of a vpce-guard function looks like: one of the project's own error
// classes, one line, saying something. Anything else (TypeError, a timeout) is a crash.
import { expect } from 'vitest';
import type { Invocation } from './runner.js';

/** The project's own error classes (shared/errors.ts and its areas). */
export const CLEAR_ERRORS = ['InputError', 'PolicyError', 'AwsCallError', 'EvaluationWriteError', 'InvocationIncompleteError', 'RemediationError', 'ResourceVanishedError', 'VpceGuardError'];

/** Asserts that a failed invocation failed clearly. */
export function expectClearError(run: Invocation): void {
  expect(run.timedOut, 'timed out').toBe(false);
  expect(run.error?.name, run.error?.stack).toBeOneOf(CLEAR_ERRORS);
  expect(run.error?.message ?? '').not.toMatch(/\n/);
  expect((run.error?.message ?? '').length).toBeGreaterThan(10);
}
