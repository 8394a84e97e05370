// A statement read as a formula over the request's variables: the caller (anonymous or not),
// aws:PrincipalArn with its account, the organization path with its organization, the action,
// the resource and every other condition key (absent, or a non-empty set of values). The
// semantics follow the concrete evaluator (evaluate.ts) clause by clause; what it cannot
// evaluate (unmodelled operators, policy variables, unmodelled principals) becomes a constant
// that admits outsiders (true in an Allow, false in a Deny), carrying a note that says so.
import { hasPolicyVariable, identityConstant, keyClass, parseOperator, type ParsedOperator } from './conditions.js';
import type { ConditionClause, Statement } from './document.js';
import { classifyPrincipal, type PrincipalKind } from './principal.js';
import { lang, onSegment, complement as langNot, type Item, type Lang } from './lang.js';

/** account, arn, orgid, path, action, resource, or `ctx:<key in lower case>`. */
export type Var = string;

export type Formula =
  | { t: 'const'; value: boolean; note?: string }
  | { t: 'and'; xs: Formula[] }
  | { t: 'or'; xs: Formula[] }
  | { t: 'anon'; value: boolean }
  | { t: 'present'; v: Var; value: boolean }
  /** v is present and some value of v is in L. */
  | { t: 'some'; v: Var; l: Lang }
  /** v is absent or every value of v is in L. */
  | { t: 'all'; v: Var; l: Lang };

export const TRUE: Formula = { t: 'const', value: true };
export const FALSE: Formula = { t: 'const', value: false };

/** Conjunction, folding constants. */
export function and(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.t === 'const' && !x.note) {
      if (!x.value) return FALSE;
      continue;
    }
    if (x.t === 'and') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? TRUE : out.length === 1 ? out[0]! : { t: 'and', xs: out };
}

/** Disjunction, folding constants. */
export function or(xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.t === 'const' && !x.note) {
      if (x.value) return TRUE;
      continue;
    }
    if (x.t === 'or') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? FALSE : out.length === 1 ? out[0]! : { t: 'or', xs: out };
}

/** Negation, pushed down to the atoms. */
export function not(f: Formula): Formula {
  switch (f.t) {
    case 'const':
      return f.note ? { t: 'const', value: !f.value, note: f.note } : f.value ? FALSE : TRUE;
    case 'and':
      return or(f.xs.map(not));
    case 'or':
      return and(f.xs.map(not));
    case 'anon':
      return { t: 'anon', value: !f.value };
    case 'present':
      return { t: 'present', v: f.v, value: !f.value };
    case 'some':
      return { t: 'all', v: f.v, l: langNot(f.l) };
    case 'all':
      return { t: 'some', v: f.v, l: langNot(f.l) };
  }
}

/** How the policy's identity keys map to variables: ARN and path carry account and org when named. */
export interface Layout {
  /** The policy constrains aws:PrincipalArn: accounts are read inside the ARN. */
  accountInArn: boolean;
  /** The policy constrains aws:PrincipalOrgPaths: organizations are read at the head of the path. */
  orgInPath: boolean;
}

function isSomeAll(v: Var, l: Lang, layout: Layout): { v: Var; l: Lang } {
  if (v === 'account' && layout.accountInArn) return { v: 'arn', l: onSegment(l, 'account') };
  if (v === 'orgid' && layout.orgInPath) return { v: 'path', l: onSegment(l, 'org') };
  return { v, l };
}

/** `some` atom on a logical variable, moved onto the ARN or the path when the layout says so. */
export function some(v: Var, l: Lang, layout: Layout): Formula {
  const m = isSomeAll(v, l, layout);
  return { t: 'some', v: m.v, l: m.l };
}

/** `all` atom on a logical variable, moved like `some`. */
export function all(v: Var, l: Lang, layout: Layout): Formula {
  const m = isSomeAll(v, l, layout);
  return { t: 'all', v: m.v, l: m.l };
}

function present(v: Var, layout: Layout): Formula {
  if (v === 'account' || v === 'arn') return { t: 'anon', value: false };
  if (v === 'orgid' && layout.orgInPath) return { t: 'present', v: 'path', value: true };
  return { t: 'present', v, value: true };
}

const IDENTITY_VARS = new Map<string, Var>([
  ['aws:principalaccount', 'account'],
  ['aws:principalarn', 'arn'],
  ['aws:principalorgid', 'orgid'],
  ['aws:principalorgpaths', 'path'],
]);

/** The variable a condition key reads, or undefined for keys with fixed values (service keys). */
export function keyVar(key: string): Var | undefined {
  const lower = key.toLowerCase();
  const identity = IDENTITY_VARS.get(lower);
  if (identity) return identity;
  return keyClass(lower) === 'free' ? `ctx:${lower}` : undefined;
}

function items(op: ParsedOperator, values: readonly string[], literalArn: boolean): Item[] {
  return values.map((value) => {
    switch (op.comparison) {
      case 'like':
        return literalArn ? { glob: false, text: value, ignoreCase: false } : { glob: true, text: value, ignoreCase: false };
      case 'equalsIgnoreCase':
        return { glob: false, text: unescape(value), ignoreCase: true };
      case 'bool':
        return { glob: false, text: value, ignoreCase: true };
      default:
        return { glob: false, text: unescape(value), ignoreCase: false };
    }
  });
}

function unescape(value: string): string {
  return value.replace(/\$\{([*?$])\}/g, '$1');
}

/** One reading of a clause on a variable, exactly as evaluateOperator reads it. */
function clauseReading(op: ParsedOperator, values: readonly string[], v: Var, effect: 'Allow' | 'Deny', layout: Layout, literalArn: boolean): Formula {
  const absent = not(present(v, layout));
  if (op.comparison === 'null') {
    return or(values.map((e) => (e.toLowerCase() === 'true' ? absent : present(v, layout))));
  }
  const whenAbsent =
    op.qualifier === 'ForAnyValue' && op.ifExists ? effect === 'Allow' : op.ifExists || op.qualifier === 'ForAllValues' ? true : op.qualifier === 'ForAnyValue' ? false : op.negated;
  const matched = lang(items(op, values, literalArn));
  const test = op.negated ? langNot(matched) : matched;
  const whenPresent = op.qualifier === 'ForAllValues' ? and([present(v, layout), all(v, test, layout)]) : some(v, test, layout);
  return or([whenAbsent ? absent : FALSE, whenPresent]);
}

// Clause formulas are immutable: the clauses of an account's policies repeat, so keep them.
const clauseCache = new Map<string, Formula>();
const MAX_CLAUSES = 500;
const MAX_CACHED_KEY = 600;

/** A clause as a formula for a statement of this effect. */
export function clauseFormula(clause: ConditionClause, effect: 'Allow' | 'Deny', layout: Layout): Formula {
  // Length-prefixed parts: no two clauses share a key, whatever characters their values hold.
  let key = `${effect}${layout.accountInArn ? 1 : 0}${layout.orgInPath ? 1 : 0}${clause.operator.length}:${clause.operator}${clause.key.length}:${clause.key}`;
  for (const v of clause.values) key += `${v.length}:${v}`;
  if (key.length > MAX_CACHED_KEY) return buildClause(clause, effect, layout);
  let f = clauseCache.get(key);
  if (!f) {
    if (clauseCache.size >= MAX_CLAUSES) clauseCache.clear();
    clauseCache.set(key, (f = buildClause(clause, effect, layout)));
  }
  return f;
}

function buildClause(clause: ConditionClause, effect: 'Allow' | 'Deny', layout: Layout): Formula {
  const op = parseOperator(clause.operator);
  const written = `${clause.operator} ${clause.key}`;
  if (!op || hasPolicyVariable(clause.values)) {
    const why = !op ? `${written}: the operator is not modelled` : `${written}: a policy variable is not modelled`;
    return { t: 'const', value: effect === 'Allow', note: `${why}, assumed to ${effect === 'Allow' ? 'be met' : 'not apply'}` };
  }
  const v = keyVar(clause.key);
  if (v === undefined) {
    // Keys whose values an outside caller cannot choose (service keys, aws:PrincipalIsAWSService).
    const c = identityConstant(op, clause.key, clause.values, effect);
    return or([and([{ t: 'anon', value: true }, c.anonymous ? TRUE : FALSE]), and([{ t: 'anon', value: false }, c.authenticated ? TRUE : FALSE])]);
  }
  if (op.arnEquals && clause.values.some((e) => e.includes('*') || e.includes('?'))) {
    // ArnEquals with wildcards: an Allow applies under either reading, a Deny only under both.
    const readings = [clauseReading(op, clause.values, v, effect, layout, false), clauseReading(op, clause.values, v, effect, layout, true)];
    return effect === 'Allow' ? or(readings) : and(readings);
  }
  return clauseReading(op, clause.values, v, effect, layout, false);
}

/** Clauses of one block that name the same key in two spellings: IAM may apply either. */
function conditionFormula(statement: Statement, layout: Layout): Formula {
  if (statement.conditions.length <= 1) return and(statement.conditions.map((c) => clauseFormula(c, statement.effect, layout)));
  const groups = new Map<string, ConditionClause[]>();
  for (const clause of statement.conditions) {
    const id = `${clause.operator.toLowerCase()}|${clause.key.toLowerCase()}`;
    const group = groups.get(id);
    if (group) group.push(clause);
    else groups.set(id, [clause]);
  }
  const parts: Formula[] = [];
  for (const group of groups.values()) {
    const fs = group.map((c) => clauseFormula(c, statement.effect, layout));
    parts.push(statement.effect === 'Allow' ? or(fs) : and(fs));
  }
  return and(parts);
}

function globs(patterns: readonly string[], ignoreCase: boolean): Lang {
  return lang(patterns.map((p) => ({ glob: true, text: p, ignoreCase })));
}

function listFormula(v: Var, list: readonly string[] | undefined, notList: readonly string[] | undefined, ignoreCase: boolean, layout: Layout): Formula {
  if (list) return list.includes('*') ? TRUE : some(v, globs(list, ignoreCase), layout);
  if (notList!.includes('*')) return FALSE;
  return all(v, langNot(globs(notList!, ignoreCase)), layout);
}

const ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::([^:]*):assumed-role\/([^/]+)\/(.+)$/;

/** One principal entry as a formula; `effect` decides how what is not modelled is read. */
export function principalFormula(kind: PrincipalKind, value: string, effect: 'Allow' | 'Deny', layout: Layout): Formula {
  switch (kind.kind) {
    case 'everyone':
      return TRUE;
    case 'account':
      return and([{ t: 'anon', value: false }, some('account', lang([{ glob: false, text: kind.account, ignoreCase: false }]), layout)]);
    case 'arn': {
      const session = ASSUMED_ROLE.exec(value);
      if (session) {
        // A role session principal: its callers' aws:PrincipalArn is the role's ARN (any path).
        if (effect === 'Deny') return { t: 'const', value: false, note: `the session principal ${value} is assumed not to match in a Deny` };
        const role = lang([{ glob: true, text: `arn:aws:iam::${session[1]}:role/*${session[2]}`, ignoreCase: false }]);
        return and([
          { t: 'anon', value: false },
          some('arn', role, layout),
          { t: 'const', value: true, note: `the session principal ${value} is assumed to match sessions of role ${session[2]}` },
        ]);
      }
      return and([{ t: 'anon', value: false }, some('arn', lang([{ glob: true, text: kind.pattern, ignoreCase: false }]), layout)]);
    }
    case 'service':
    case 'nobody':
      return FALSE;
    case 'unmodelled':
      return effect === 'Allow' ? and([{ t: 'anon', value: false }, { t: 'const', value: true, note: kind.why }]) : { t: 'const', value: false, note: kind.why };
  }
}

/** The statement's Principal / NotPrincipal element as a formula. */
export function whoFormula(statement: Statement, layout: Layout): Formula {
  if (statement.notPrincipal) {
    // The listed principals are read the way that admits more in an Allow (they match nobody
    // unmodelled) and in a Deny (unmodelled ones match, so the Deny spares them).
    const listed = statement.notPrincipal.map((e) => principalFormula(classifyPrincipal(e), e.value, statement.effect === 'Deny' ? 'Allow' : 'Deny', layout));
    return not(or(listed));
  }
  if (!statement.principal) return TRUE;
  return or(statement.principal.map((e) => principalFormula(classifyPrincipal(e), e.value, statement.effect, layout)));
}

/** Action, resource and conditions of a statement (its principal apart). */
export function scopeFormula(statement: Statement, layout: Layout): Formula {
  return and([
    listFormula('action', statement.action, statement.notAction, true, layout),
    listFormula('resource', statement.resource, statement.notResource, false, layout),
    conditionFormula(statement, layout),
  ]);
}

/** The whole statement: it applies to a request. */
export function statementFormula(statement: Statement, layout: Layout): Formula {
  return and([whoFormula(statement, layout), scopeFormula(statement, layout)]);
}

/** Whether the policy names aws:PrincipalArn (in conditions or ARN principals) and org paths. */
export function layoutOf(statements: readonly Statement[]): Layout {
  let accountInArn = false;
  let orgInPath = false;
  for (const s of statements) {
    for (const e of [...(s.principal ?? []), ...(s.notPrincipal ?? [])]) if (classifyPrincipal(e).kind === 'arn') accountInArn = true;
    for (const c of s.conditions) {
      const v = keyVar(c.key);
      if (v === 'arn') accountInArn = true;
      if (v === 'path') orgInPath = true;
    }
  }
  return { accountInArn, orgInPath };
}
