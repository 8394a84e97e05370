import { globMatch } from './glob.js';
import type { Caller } from './caller.js';
import type { ConditionClause } from './document.js';

/** How a condition key relates to the caller. */
export type KeyClass = 'account' | 'org' | 'service' | 'free';

// Only identity keys confine the caller (DESIGN.md). The service-only keys mark requests that AWS
// services make; outside callers never carry them.
// Maps, not plain objects: a key named `constructor` or `__proto__` must not hit Object.prototype.
const KEY_CLASSES = new Map<string, KeyClass>(Object.entries({
  'aws:principalaccount': 'account',
  'aws:principalarn': 'account',
  'aws:principalorgid': 'org',
  'aws:principalorgpaths': 'org',
  'aws:principalisawsservice': 'service',
  'aws:sourceaccount': 'service',
  'aws:sourcearn': 'service',
  'aws:sourceowner': 'service',
} satisfies Record<string, KeyClass>));

const CANONICAL_KEYS = new Map<string, string>(Object.entries({
  'aws:principalaccount': 'aws:PrincipalAccount',
  'aws:principalarn': 'aws:PrincipalArn',
  'aws:principalorgid': 'aws:PrincipalOrgID',
  'aws:principalorgpaths': 'aws:PrincipalOrgPaths',
  'aws:principalisawsservice': 'aws:PrincipalIsAWSService',
  'aws:sourceaccount': 'aws:SourceAccount',
  'aws:sourcearn': 'aws:SourceArn',
  'aws:sourceowner': 'aws:SourceOwner',
}));

/** Classifies a condition key; key names are case-insensitive. */
export function keyClass(key: string): KeyClass {
  return KEY_CLASSES.get(key.toLowerCase()) ?? 'free';
}

/** The usual spelling of an identity key, for stable finding keys; other keys as written. */
export function canonicalKey(key: string): string {
  return CANONICAL_KEYS.get(key.toLowerCase()) ?? key;
}

type Comparison = 'equals' | 'equalsIgnoreCase' | 'like' | 'bool' | 'null';

export interface ParsedOperator {
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  comparison: Comparison;
  negated: boolean;
  ifExists: boolean;
  /** ArnEquals / ArnNotEquals: whether `*` and `?` are wildcards there is not certain. */
  arnEquals?: true;
}

const BASE_OPERATORS = new Map<string, { comparison: Comparison; negated: boolean }>(Object.entries({
  stringequals: { comparison: 'equals', negated: false },
  stringnotequals: { comparison: 'equals', negated: true },
  stringequalsignorecase: { comparison: 'equalsIgnoreCase', negated: false },
  stringnotequalsignorecase: { comparison: 'equalsIgnoreCase', negated: true },
  stringlike: { comparison: 'like', negated: false },
  stringnotlike: { comparison: 'like', negated: true },
  // ArnEquals and ArnLike behave alike in IAM: both take wildcards.
  arnequals: { comparison: 'like', negated: false },
  arnlike: { comparison: 'like', negated: false },
  arnnotequals: { comparison: 'like', negated: true },
  arnnotlike: { comparison: 'like', negated: true },
  bool: { comparison: 'bool', negated: false },
  null: { comparison: 'null', negated: false },
} satisfies Record<string, { comparison: Comparison; negated: boolean }>));

/**
 * Parses `ForAnyValue:StringLikeIfExists` and the like. Returns undefined for operators the
 * analyser does not model (numeric, date, IP, binary, misspellings): those never confine.
 */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
    else if (prefix === 'forallvalues') qualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let lower = rest.toLowerCase();
  let ifExists = false;
  if (lower.endsWith('ifexists')) {
    ifExists = true;
    lower = lower.slice(0, -'ifexists'.length);
  }
  const base = BASE_OPERATORS.get(lower);
  if (!base) return undefined;
  if (base.comparison === 'null' && (ifExists || qualifier)) return undefined;
  const parsed: ParsedOperator = { comparison: base.comparison, negated: base.negated, ifExists };
  if (lower === 'arnequals' || lower === 'arnnotequals') parsed.arnEquals = true;
  if (qualifier) parsed.qualifier = qualifier;
  return parsed;
}

// A policy variable (`${aws:username}`) makes a value depend on the request: not modelled.
// The escapes `${*}`, `${?}` and `${$}` stand for literal characters.
const POLICY_VARIABLE = /\$\{(?![*?$]\})/;

/** True when a condition value holds a policy variable. */
export function hasPolicyVariable(values: readonly string[]): boolean {
  return values.some((v) => POLICY_VARIABLE.test(v));
}

function unescape(value: string): string {
  return value.replace(/\$\{([*?$])\}/g, '$1');
}

function compareOne(comparison: Comparison, expected: string, actual: string): boolean {
  switch (comparison) {
    case 'equals':
      return unescape(expected) === actual;
    case 'equalsIgnoreCase':
      return unescape(expected).toLowerCase() === actual.toLowerCase();
    case 'like':
      return globMatch(expected, actual);
    case 'bool':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'null':
      return false; // handled before
  }
}

/**
 * Evaluates one operator on the values a key has in a request (undefined: the key is absent),
 * following the IAM policy language. Values of one key are ORed.
 */
export function evaluateOperator(
  op: ParsedOperator,
  expected: readonly string[],
  actual: readonly string[] | undefined,
  effect: 'Allow' | 'Deny' = 'Allow',
): boolean {
  if (op.comparison === 'null') {
    const absent = actual === undefined;
    return expected.some((e) => (e.toLowerCase() === 'true' ? absent : !absent));
  }
  // AWS does not document ForAnyValue:…IfExists on an absent key: read it the way that admits
  // more (true in an Allow, false in a Deny), so the verdict holds under either reading.
  if (actual === undefined && isAmbiguousAbsent(op)) return effect === 'Allow';
  if (actual === undefined) {
    if (op.ifExists || op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return op.negated;
  }
  const test = (value: string): boolean => {
    const matched = expected.some((e) => compareOne(op.comparison, e, value));
    return op.negated ? !matched : matched;
  };
  if (op.arnEquals && expected.some((e) => e.includes('*') || e.includes('?'))) {
    // ArnEquals with wildcards: IAM documents them as wildcards, but they might be read literally.
    // An Allow applies under either reading, a Deny only under both.
    const literal: ParsedOperator = { ...op, comparison: 'equals' };
    delete literal.arnEquals;
    const readings = [evaluateOperator({ ...op, arnEquals: undefined } as ParsedOperator, expected, actual, effect), evaluateOperator(literal, expected, actual, effect)];
    return effect === 'Allow' ? readings.some(Boolean) : readings.every(Boolean);
  }
  if (op.qualifier === 'ForAllValues') return actual.every(test);
  // Plain operators on a multivalued key behave like ForAnyValue.
  return actual.some(test);
}

/** ForAnyValue:…IfExists on an absent key, whose outcome AWS does not document. */
export function isAmbiguousAbsent(op: ParsedOperator): boolean {
  return op.qualifier === 'ForAnyValue' && op.ifExists;
}

/** The values of an identity or service-only key for this caller; undefined when absent. */
export function callerValues(caller: Caller, key: string): string[] | undefined {
  if (caller.anonymous) return undefined;
  switch (key.toLowerCase()) {
    case 'aws:principalaccount':
      return caller.account === undefined ? undefined : [caller.account];
    case 'aws:principalarn':
      return caller.arn === undefined ? undefined : [caller.arn];
    case 'aws:principalorgid':
      return caller.orgId === undefined ? undefined : [caller.orgId];
    case 'aws:principalorgpaths':
      return caller.orgPaths;
    case 'aws:principalisawsservice':
      return ['false'];
    default:
      // aws:SourceAccount, aws:SourceArn, aws:SourceOwner: only AWS services' requests carry them.
      return undefined;
  }
}

/**
 * A clause on a key whose value an outside caller cannot choose (aws:PrincipalIsAWSService,
 * the service-only keys), for an anonymous and for an authenticated outside caller. Whether
 * aws:PrincipalIsAWSService is absent or "false" for anonymous callers is not documented: an
 * Allow is met under either reading, a Deny applies only under both.
 */
export function identityConstant(op: ParsedOperator, key: string, expected: readonly string[], effect: 'Allow' | 'Deny'): { anonymous: boolean; authenticated: boolean } {
  const authValues = callerValues({ anonymous: false }, key);
  const authenticated = evaluateOperator(op, expected, authValues, effect);
  if (key.toLowerCase() !== 'aws:principalisawsservice') return { anonymous: evaluateOperator(op, expected, undefined, effect), authenticated };
  const readings = [evaluateOperator(op, expected, undefined, effect), evaluateOperator(op, expected, ['false'], effect)];
  return { anonymous: effect === 'Allow' ? readings.some(Boolean) : readings.every(Boolean), authenticated };
}

/** How one clause turned out for a caller. */
export type ClauseOutcome = 'true' | 'false' | 'free' | 'unmodelled' | 'ambiguous';

/**
 * Evaluates a clause for an outside caller. Free keys (network, resource, tag, unknown) are the
 * caller's to choose, and unmodelled operators or values are assumed to be too: the caller can
 * satisfy them in an Allow and avoid them in a Deny. 'ambiguous' (undocumented by AWS) is read
 * the same way.
 */
export function clauseOutcome(clause: ConditionClause, caller: Caller): ClauseOutcome {
  if (keyClass(clause.key) === 'free') return 'free';
  const op = parseOperator(clause.operator);
  if (!op || hasPolicyVariable(clause.values)) return 'unmodelled';
  const actual = callerValues(caller, clause.key);
  if (actual === undefined && isAmbiguousAbsent(op)) return 'ambiguous';
  const asAllow = evaluateOperator(op, clause.values, actual, 'Allow');
  if (asAllow !== evaluateOperator(op, clause.values, actual, 'Deny')) return 'ambiguous';
  return asAllow ? 'true' : 'false';
}
