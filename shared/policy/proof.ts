import { evaluateParsed, type Request } from './evaluate.js';
import { hasPolicyVariable, keyClass, parseOperator } from './conditions.js';
import type { Caller } from './caller.js';
import type { PolicyDocument, Statement } from './document.js';
import { globMatch, instantiate } from './glob.js';
import { AWS_OWNED_READ_ACTIONS } from './aws-owned.js';

// Actions tried when a statement names none literally (NotAction, wildcards), one per common service.
const COMMON_ACTIONS = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'ec2:DescribeInstances', 'sqs:SendMessage', 'kms:Decrypt', 'logs:PutLogEvents', 'ssm:GetParameter', 'sts:GetCallerIdentity'];
const MAX_CALLERS_TRIED = 24;

function candidates(patterns: string[] | undefined, fallback: string[], fill: string): string[] {
  const out = new Set<string>();
  // A pure wildcard says nothing about what a value looks like: the fallbacks read better.
  const named = (patterns ?? []).filter((p) => !/^[*?]+$/.test(p));
  for (const p of named) for (const v of instantiate(p, fill)) if (v !== '') out.add(v);
  for (const f of fallback) out.add(f);
  return [...out];
}

/** Values for the free keys of the statement's conditions that its positive clauses ask for. */
function contextFor(statement: Statement): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const clause of statement.conditions) {
    if (keyClass(clause.key) !== 'free') continue;
    const op = parseOperator(clause.operator);
    if (!op || op.negated || op.comparison === 'null' || hasPolicyVariable(clause.values)) continue;
    const value = clause.values[0];
    // defineProperty: a key named `__proto__` is a key like any other, not the prototype.
    if (value !== undefined) Object.defineProperty(context, clause.key, { value: instantiate(value).slice(-1), enumerable: true, writable: true, configurable: true });
  }
  return context;
}

/**
 * A concrete request by an outside caller, through this Allow, that the concrete evaluator
 * confirms is allowed by the whole policy; undefined when none of the tried requests is (an
 * unmodelled element, or a combination the candidates miss).
 */
export function findProof(
  doc: PolicyDocument,
  statement: Statement,
  admitted: Caller[],
  options: { owned: readonly string[]; prefixes: readonly string[] | undefined; inside: (c: Caller) => boolean },
): Request | undefined {
  const actions = candidates(statement.action, COMMON_ACTIONS, 'Object').filter(
    (a) => !options.prefixes || options.prefixes.some((p) => a.toLowerCase().startsWith(`${p}:`)),
  );
  const resources = candidates(statement.resource, ['arn:aws:s3:::vgz-example-bucket/report.csv', 'arn:aws:dynamodb:us-east-1:000000000000:table/vgz'], 'vgz');
  const context = contextFor(statement);
  const owned = (action: string, resource: string): boolean =>
    AWS_OWNED_READ_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase()) && options.owned.some((o) => globMatch(o, resource));
  for (const caller of admitted.slice(0, MAX_CALLERS_TRIED)) {
    if (options.inside(caller)) continue;
    for (const action of actions.slice(0, 12)) {
      for (const resource of resources.slice(0, 6)) {
        if (owned(action, resource)) continue;
        const request: Request = { caller, action, resource, context };
        try {
          if (evaluateParsed(doc, request) === 'allow') return request;
        } catch {
          // An element the concrete evaluator does not model: no proof, the finding says so.
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** `e.g. arn:aws:iam::120000000034:role/x may call s3:GetObject on arn:aws:s3:::*` */
export function describeProof(request: Request): string {
  const who = request.caller.anonymous ? 'an anonymous caller' : (request.caller.arn ?? `account ${request.caller.account}`);
  const org = request.caller.orgId ? ` (organization ${request.caller.orgId})` : '';
  const ctx = Object.entries(request.context ?? {}).map(([k, v]) => `${k}=${v.join(',')}`);
  return `e.g. ${who}${org} may call ${request.action} on ${request.resource}${ctx.length ? ` with ${ctx.join(', ')}` : ''}`;
}
