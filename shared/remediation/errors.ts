import { AwsCallError, VpceGuardError } from '../errors.js';

/** The resource a change was for no longer exists (`InvalidVpcEndpointId.NotFound`…): reported, never retried. */
export class ResourceVanishedError extends AwsCallError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResourceVanishedError';
  }
}

/** A remediation step that failed, or an invocation some of whose steps failed. */
export class RemediationError extends VpceGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemediationError';
  }
}
