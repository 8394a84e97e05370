import { z } from 'zod';
import { InputError } from '../errors.js';
import type { RestApi } from '../model/index.js';
import type { ConditionClause } from '../policy/document.js';
import { describeStatement, parsePolicy, type PolicyDocument, type Statement } from '../policy/index.js';
import { globCovers, globMatch, hasWildcard } from '../policy/glob.js';
import type { Finding, RestApiRule, Verdict } from './types.js';

// On a private REST API the resource policy is what confines invocation to the organisation's
// network: API Gateway sets aws:SourceVpce (the VPC endpoint) and aws:SourceVpc on every call
// through a VPC endpoint, so an Allow without them admits calls through ANY VPC endpoint, of any
// account. This reading is the rule's own: the endpoint-policy trust-boundary verdict answers a
// different question (who may call), so only the policy parser is shared.

const INVOKE = 'execute-api:Invoke';
const NETWORK_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

const parameters = z.strictObject({});
type Params = z.output<typeof parameters>;

/** The string operators that can name endpoints: `[ForAnyValue:|ForAllValues:]String[Not](Equals[IgnoreCase]|Like)[IfExists]`. */
function stringOperator(operator: string): { negated: boolean; ifExists: boolean; qualifier?: string } | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?String(Not)?(?:Equals|EqualsIgnoreCase|Like)(IfExists)?$/i.exec(operator);
  if (!m) return undefined;
  return { negated: m[2] !== undefined, ifExists: m[3] !== undefined, ...(m[1] ? { qualifier: m[1].toLowerCase() } : {}) };
}

function admitsInvoke(statement: Statement): boolean {
  if (statement.action) return statement.action.some((a) => globMatch(a, INVOKE, true));
  return !statement.notAction!.some((a) => globMatch(a, INVOKE, true));
}

/** `execute-api:/stage/GET/x` is API Gateway's shorthand for the API's own ARN. */
function resourceArn(resource: string): string {
  return resource.startsWith('execute-api:/') ? `arn:*:execute-api:*:*:*/${resource.slice('execute-api:/'.length)}` : resource;
}

/** True when the Deny's resources cover every resource the Allow grants invocation on. */
function covers(deny: Statement, allow: Statement): boolean {
  if (!deny.resource) return false;
  if (deny.resource.includes('*')) return true;
  if (!allow.resource) return false;
  return allow.resource.every((a) => deny.resource!.some((d) => globCovers(resourceArn(d), resourceArn(a))));
}

function isNetworkKey(clause: ConditionClause): boolean {
  return NETWORK_KEYS.has(clause.key.toLowerCase());
}

/** Named endpoints or VPCs: literal values, no wildcard and no policy variable. */
function named(values: readonly string[]): boolean {
  return values.length > 0 && values.every((v) => v !== '' && !hasWildcard(v) && !v.includes('${'));
}

/** An Allow's clause that lets a call through only from the named endpoints or VPCs. */
function confiningAllowClause(clause: ConditionClause): boolean {
  if (!isNetworkKey(clause)) return false;
  const op = stringOperator(clause.operator);
  // IfExists and ForAllValues both let a call without the key through.
  if (!op || op.negated || op.ifExists || op.qualifier === 'forallvalues') return false;
  return named(clause.values);
}

/** A Deny's clause that denies every call not from the named endpoints or VPCs (absent key included). */
function confiningDenyClause(clause: ConditionClause): boolean {
  if (!isNetworkKey(clause)) return false;
  const op = stringOperator(clause.operator);
  // ForAnyValue on a negated operator is false for an absent key: such a Deny lets those calls through.
  if (!op || !op.negated || op.qualifier === 'foranyvalue') return false;
  return named(clause.values);
}

function appliesToEveryone(statement: Statement): boolean {
  if (statement.notPrincipal) return false;
  return (statement.principal ?? []).some((p) => p.value === '*' && (p.type === '*' || p.type === 'AWS'));
}

/** A Deny that refuses the Allow's invocations unless they come through the named endpoints or VPCs. */
function confinedByDeny(allow: Statement, doc: PolicyDocument): Statement | undefined {
  return doc.statements.find(
    (s) =>
      s.effect === 'Deny' &&
      appliesToEveryone(s) &&
      admitsInvoke(s) &&
      covers(s, allow) &&
      s.conditions.length > 0 &&
      s.conditions.every(confiningDenyClause),
  );
}

/**
 * The policy as API Gateway hands it out: JSON whose quotes are backslash-escaped
 * (`{\"Version\":…}`), or plain JSON (a snapshot written by hand, a Config item).
 */
function readPolicy(api: RestApi): PolicyDocument {
  const text = api.policy!.trim();
  try {
    return parsePolicy(text);
  } catch (plain) {
    if (!text.includes('\\"')) throw new InputError(`cannot read the resource policy of ${api.id}: ${(plain as Error).message}`, { cause: plain });
    try {
      return parsePolicy(JSON.parse(`"${text}"`) as string);
    } catch (error) {
      throw new InputError(`cannot read the resource policy of ${api.id}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** The named endpoints and VPCs the policy confines invocation to, for the annotation. */
function namesOf(statements: readonly Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => s.conditions.filter(isNetworkKey).flatMap((c) => c.values)))];
}

/**
 * A private REST API's resource policy allows execute-api:Invoke only through named VPC endpoints
 * or VPCs: each Allow of the action carries aws:SourceVpce or aws:SourceVpc, or a Deny refuses
 * the calls that come through others.
 */
export const privateApiRequiresEndpoint: RestApiRule<Params> = {
  id: 'private-api-requires-endpoint',
  title: 'Private REST APIs are invoked only through named VPC endpoints',
  description:
    "A PRIVATE REST API's resource policy allows execute-api:Invoke only through named VPC endpoints or VPCs (aws:SourceVpce / aws:SourceVpc in the Allow, or a Deny of every other source).",
  severity: 'HIGH',
  resourceType: 'AWS::ApiGateway::RestApi',
  parameters,
  requires: ['restApis'],
  annotation: {
    compliant: '{apiId}: {why}.',
    nonCompliant: '{apiId}: statement(s) {statements} allow execute-api:Invoke without aws:SourceVpce or aws:SourceVpc: any VPC endpoint, of any account, can invoke it.',
  },
  evaluate(api, _ctx): Verdict {
    if (!api.endpointTypes.includes('PRIVATE')) {
      return { status: 'NOT_APPLICABLE', reason: `The API is ${api.endpointTypes.join(', ') || 'of no endpoint type'}, not PRIVATE.` };
    }
    if (api.policy === undefined || api.policy.trim() === '') {
      return { status: 'COMPLIANT', vars: { apiId: api.id, why: 'no resource policy, so API Gateway lets nobody invoke the private API' } };
    }
    const doc = readPolicy(api);
    const allows = doc.statements.filter((s) => s.effect === 'Allow' && admitsInvoke(s));
    if (allows.length === 0) return { status: 'COMPLIANT', vars: { apiId: api.id, why: 'no statement allows execute-api:Invoke' } };
    const findings: Finding[] = [];
    const confining: Statement[] = [];
    for (const allow of allows) {
      if (allow.conditions.some(confiningAllowClause)) {
        confining.push(allow);
        continue;
      }
      const deny = confinedByDeny(allow, doc);
      if (deny) {
        confining.push(deny);
        continue;
      }
      findings.push({
        key: `Statement::${allow.sid ?? allow.index}`,
        message: `Statement ${describeStatement(allow)} allows ${INVOKE} with no aws:SourceVpce or aws:SourceVpc condition naming endpoints or VPCs, and no Deny refuses other sources: calls through any VPC endpoint reach the API.`,
      });
    }
    if (findings.length === 0) return { status: 'COMPLIANT', vars: { apiId: api.id, why: `${INVOKE} is allowed only through ${namesOf(confining).join(', ')}` } };
    return { status: 'NON_COMPLIANT', vars: { apiId: api.id, statements: findings.map((f) => f.key.slice('Statement::'.length)) }, findings };
  },
};
