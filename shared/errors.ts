/**
 * Base class of every error vpce-guard raises on purpose. Callers (the CLI, the handlers) can tell
 * these apart from programming errors and report them in one line.
 */
export class VpceGuardError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VpceGuardError';
  }
}

/** Input that does not have the expected shape: a snapshot, a config file, a policy, an option. */
export class InputError extends VpceGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** A policy document that cannot be read as an IAM policy. */
export class PolicyError extends InputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
  }
}

/** A call to AWS failed; the message names the call. */
export class AwsCallError extends VpceGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AwsCallError';
  }
}
