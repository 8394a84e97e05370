import type { Caller } from './caller.js';
import { callerValues, evaluateOperator, hasPolicyVariable, identityConstant, keyClass, parseOperator } from './conditions.js';
import { parsePolicy, type ConditionClause, type PolicyDocument, type Statement } from './document.js';
import { globMatch } from './glob.js';
import { classifyPrincipal, principalMatches } from './principal.js';

/** One concrete request through the endpoint. `context` holds the values of every other key. */
export interface Request {
  caller: Caller;
  action: string;
  resource: string;
  context?: Record<string, string[]>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

function clauseHolds(clause: ConditionClause, request: Request, effect: 'Allow' | 'Deny'): boolean {
  const op = parseOperator(clause.operator);
  if (!op || hasPolicyVariable(clause.values)) {
    throw new Error(`cannot evaluate ${clause.operator} ${clause.key} concretely`);
  }
  const cls = keyClass(clause.key);
  if (cls === 'service') {
    const fixed = identityConstant(op, clause.key, clause.values, effect);
    return request.caller.anonymous ? fixed.anonymous : fixed.authenticated;
  }
  const actual =
    cls === 'free'
      ? Object.entries(request.context ?? {}).find(([k]) => k.toLowerCase() === clause.key.toLowerCase())?.[1]
      : callerValues(request.caller, clause.key);
  return evaluateOperator(op, clause.values, actual, effect);
}

/**
 * The conditions hold. Two spellings of one key in one operator block (`aws:PrincipalOrgID`,
 * `aws:principalorgid`): IAM may apply either, so an Allow needs one of them, a Deny all.
 */
function conditionsHold(statement: Statement, request: Request): boolean {
  const groups = new Map<string, boolean[]>();
  for (const clause of statement.conditions) {
    const id = `${clause.operator.toLowerCase()}|${clause.key.toLowerCase()}`;
    const held = clauseHolds(clause, request, statement.effect);
    const group = groups.get(id);
    if (group) group.push(held);
    else groups.set(id, [held]);
  }
  for (const group of groups.values()) {
    if (!(statement.effect === 'Allow' ? group.some(Boolean) : group.every(Boolean))) return false;
  }
  return true;
}

/** Whether one statement applies to a concrete request (throws on what it cannot evaluate). */
export function statementApplies(statement: Statement, request: Request): boolean {
  const { caller } = request;
  if (statement.principal && !statement.principal.some((e) => principalMatches(classifyPrincipal(e), caller, 'deny'))) {
    return false;
  }
  if (statement.notPrincipal?.some((e) => principalMatches(classifyPrincipal(e), caller, 'deny'))) return false;
  const actionOk = statement.action
    ? statement.action.some((p) => globMatch(p, request.action, true))
    : !statement.notAction!.some((p) => globMatch(p, request.action, true));
  const resourceOk = statement.resource
    ? statement.resource.some((p) => globMatch(p, request.resource))
    : !statement.notResource!.some((p) => globMatch(p, request.resource));
  return actionOk && resourceOk && conditionsHold(statement, request);
}

/**
 * Evaluates one concrete request against a policy with IAM's logic: an explicit Deny wins, then
 * any Allow, else implicit deny. Where AWS's reading is not documented (ForAnyValue:…IfExists on
 * an absent key, aws:PrincipalIsAWSService of anonymous callers, ArnEquals with wildcards, two
 * spellings of one key) it takes the reading that allows more. Only modelled operators can be evaluated; others throw. Used to
 * check the tightening planner against the original policy, request by request.
 */
export function evaluateRequest(policy: unknown, request: Request): Decision {
  return evaluateParsed(parsePolicy(policy), request);
}

/** `evaluateRequest` on a policy already parsed (the analyser checks its proofs this way). */
export function evaluateParsed(doc: PolicyDocument, request: Request): Decision {
  const applying = doc.statements.filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.effect === 'Allow') ? 'allow' : 'implicit-deny';
}
