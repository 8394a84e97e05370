const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

// Every rule asks for the names of every endpoint: each distinct name is split once.
const PARSED = new Map<string, Readonly<{ region?: string; short: string }>>();

/**
 * Splits an endpoint service name into region and short name:
 * `com.amazonaws.eu-west-1.ecr.api` → `{region: 'eu-west-1', short: 'ecr.api'}`. Partner
 * services (`com.amazonaws.vpce.us-east-1.vpce-svc-…`) keep their `vpce-svc-…` id as short name.
 */
export function parseServiceName(serviceName: string): Readonly<{ region?: string; short: string }> {
  let parsed = PARSED.get(serviceName);
  if (!parsed) {
    const parts = serviceName.split('.');
    const at = parts.findIndex((p) => REGION.test(p));
    parsed = Object.freeze(at < 0 ? { short: serviceName } : { region: parts[at], short: parts.slice(at + 1).join('.') });
    // An account uses a few hundred service names at most; the bound only guards odd input.
    if (PARSED.size >= 10_000) PARSED.clear();
    PARSED.set(serviceName, parsed);
  }
  return parsed;
}


/** Endpoint states in which an endpoint no longer matters (NOT_APPLICABLE for every rule). */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired']);

/** The endpoint types AWS has, as EC2 spells them. */
export const ENDPOINT_TYPES = ['Gateway', 'Interface', 'GatewayLoadBalancer'] as const;

const TYPE_BY_LOWER = new Map<string, (typeof ENDPOINT_TYPES)[number]>(ENDPOINT_TYPES.map((t) => [t.toLowerCase(), t]));

/** `interface`, `INTERFACE`, `Interface` → `Interface`; undefined for a type AWS does not have. */
export function canonicalEndpointType(type: string): (typeof ENDPOINT_TYPES)[number] | undefined {
  return TYPE_BY_LOWER.get(type.toLowerCase());
}
