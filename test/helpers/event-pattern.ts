// A small matcher of Amazon EventBridge event-pattern semantics, for checking the deployed rules
// against event fixtures. It follows the EventBridge user guide ("Creating event patterns",
// "Content filtering"):
// - every field of the pattern must match (AND); a pattern value is an array of alternatives (OR);
// - a nested object in the pattern descends into the event's object at that key;
// - an event value that is an array matches when any of its elements matches;
// - literals match exactly (strings, numbers, booleans, null), case-sensitively;
// - content filters: prefix, suffix (each also as {equals-ignore-case}), anything-but (a value, a
//   list, or {prefix}/{suffix}), numeric ranges, exists, equals-ignore-case, wildcard, and $or.
// An operator it does not know is an error, never a silent match.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: Json };

const MISSING = Symbol('missing');
type Value = Json | typeof MISSING;

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textFilter(spec: Json, what: string): (s: string) => boolean {
  if (typeof spec === 'string') return what === 'prefix' ? (s) => s.startsWith(spec) : (s) => s.endsWith(spec);
  if (isObject(spec) && typeof spec['equals-ignore-case'] === 'string') {
    const needle = spec['equals-ignore-case'].toLowerCase();
    return what === 'prefix' ? (s) => s.toLowerCase().startsWith(needle) : (s) => s.toLowerCase().endsWith(needle);
  }
  throw new Error(`event pattern: unsupported ${what} value ${JSON.stringify(spec)}`);
}

function wildcard(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

function numeric(spec: Json, value: number): boolean {
  if (!Array.isArray(spec) || spec.length % 2 !== 0) throw new Error(`event pattern: bad numeric ${JSON.stringify(spec)}`);
  for (let i = 0; i < spec.length; i += 2) {
    const op = NUMERIC_OPS[String(spec[i])];
    const bound = spec[i + 1];
    if (!op || typeof bound !== 'number') throw new Error(`event pattern: bad numeric ${JSON.stringify(spec)}`);
    if (!op(value, bound)) return false;
  }
  return true;
}

/** Does one scalar event value satisfy one alternative (literal or content filter)? */
function matchScalar(alternative: Json, value: Json): boolean {
  if (!isObject(alternative)) return alternative === value;
  const keys = Object.keys(alternative);
  if (keys.length !== 1) throw new Error(`event pattern: a content filter has exactly one operator, got ${JSON.stringify(alternative)}`);
  const op = keys[0]!;
  const spec = alternative[op]!;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return typeof value === 'string' && textFilter(spec, op)(value);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof spec === 'string' && value.toLowerCase() === spec.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && typeof spec === 'string' && wildcard(spec).test(value);
    case 'numeric':
      return typeof value === 'number' && numeric(spec, value);
    case 'anything-but': {
      if (Array.isArray(spec)) return !spec.some((s) => s === value);
      if (isObject(spec)) {
        const [inner] = Object.keys(spec);
        if (inner === 'prefix' || inner === 'suffix') return typeof value === 'string' && !textFilter(spec[inner]!, inner)(value);
        throw new Error(`event pattern: unsupported anything-but ${JSON.stringify(spec)}`);
      }
      return spec !== value;
    }
    case 'exists':
      throw new Error('event pattern: exists is handled at the field level');
    default:
      throw new Error(`event pattern: unknown operator "${op}"`);
  }
}

function matchField(alternatives: Json, value: Value): boolean {
  if (!Array.isArray(alternatives)) throw new Error(`event pattern: a leaf must be an array, got ${JSON.stringify(alternatives)}`);
  return alternatives.some((alternative) => {
    if (isObject(alternative) && 'exists' in alternative) {
      const present = value !== MISSING;
      return alternative.exists === present;
    }
    if (value === MISSING) return false;
    if (Array.isArray(value)) return value.some((element) => !isObject(element) && !Array.isArray(element) && matchScalar(alternative, element));
    if (isObject(value)) return false;
    return matchScalar(alternative, value);
  });
}

function matchObject(pattern: Pattern, event: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub)) throw new Error('event pattern: $or takes an array of patterns');
      return sub.some((branch) => isObject(branch) && matchObject(branch, event));
    }
    const value: Value = key in event ? event[key]! : MISSING;
    if (isObject(sub)) return isObject(value) && matchObject(sub, value);
    return matchField(sub, value);
  });
}

/** True when `event` matches the EventBridge `pattern`. Throws on pattern syntax it does not know. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new Error('event pattern: must be a JSON object');
  if (!isObject(event)) return false;
  return matchObject(pattern as Pattern, event);
}
