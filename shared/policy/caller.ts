/**
 * Who makes a request, as far as an endpoint policy can tell: the identity keys of the request
 * context. An anonymous (unsigned) caller has none of them.
 */
export interface Caller {
  anonymous: boolean;
  account?: string;
  /** aws:PrincipalArn: the role ARN for role sessions, the user ARN, or the account root. */
  arn?: string;
  orgId?: string;
  orgPaths?: string[];
}

/** The trust boundary of DESIGN.md: the endpoint's account, trusted accounts, one organization. */
export interface TrustBoundary {
  accountId: string;
  trustedAccounts: readonly string[];
  orgId?: string;
}

export const ANONYMOUS: Caller = { anonymous: true };

/** True when the caller is inside the boundary. Anonymous callers never are. */
export function isInside(caller: Caller, boundary: TrustBoundary): boolean {
  if (caller.anonymous) return false;
  if (caller.account === boundary.accountId || (caller.account && boundary.trustedAccounts.includes(caller.account))) {
    return true;
  }
  return boundary.orgId !== undefined && caller.orgId === boundary.orgId;
}

/** The account segment of an ARN (`arn:aws:iam::444455556666:role/x` → `444455556666`). */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : undefined;
}
