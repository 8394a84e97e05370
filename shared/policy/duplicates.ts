// Duplicate names in one JSON object (`{"StringEquals": {"aws:PrincipalOrgID": "o-a",
// "aws:PrincipalOrgID": "o-b"}}`): JSON.parse keeps the last, AWS does not document which one it
// applies. A linear scan of the policy text finds them, so the analyser can refuse the policy as
// ambiguous instead of trusting one reading.

/** Where a name occurs twice in one object, e.g. `Statement[1].Condition.StringEquals` and the name. */
export interface DuplicateKey {
  path: string;
  key: string;
  /** The index of the statement it sits in, when it sits in one. */
  statement?: number;
}

interface Frame {
  kind: 'object' | 'array';
  keys: Set<string>;
  path: string;
  index: number;
  key?: string;
}

function childPath(frame: Frame | undefined): string {
  if (!frame) return '';
  if (frame.kind === 'array') return `${frame.path}[${frame.index}]`;
  return frame.path ? `${frame.path}.${frame.key}` : (frame.key ?? '');
}

function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) n += countKeys(v);
    return n;
  }
  const record = value as Record<string, unknown>;
  for (const k in record) n += 1 + countKeys(record[k]);
  return n;
}

/** How many times a quote is followed (maybe after white space) by a colon. */
function countNameEnds(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
    let j = i + 1;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
    if (text.charCodeAt(j) === 58) n++;
  }
  return n;
}

/**
 * The first name that occurs twice in one object of the JSON text, or undefined. Expects text
 * that JSON.parse accepts (call it after parsing); strings holding JSON are scanned inside.
 * `parsed` (what JSON.parse made of it) lets most policies skip the scan: every name in the text
 * ends in a quote followed by a colon, so when there are no more such pairs than names in the
 * parsed policy, no name is written twice.
 */
export function findDuplicateKey(text: string, parsed?: unknown): DuplicateKey | undefined {
  if (parsed !== undefined && countNameEnds(text) <= countKeys(parsed)) return undefined;
  // A JSON string holding the policy (as EC2 may hand it out): scan the text inside.
  if (text.trimStart().startsWith('"')) {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? findDuplicateKey(value) : undefined;
  }
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          escaped = true;
          j++;
        }
      }
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key)) {
          const statementMatch = /^Statement\[(\d+)\]/.exec(top.path);
          const found: DuplicateKey = { path: top.path || '(top level)', key };
          if (statementMatch) found.statement = Number(statementMatch[1]);
          else if (top.path === 'Statement') found.statement = 0;
          return found;
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      stack.push({ kind: ch === '{' ? 'object' : 'array', keys: new Set(), path: childPath(parent), index: 0 });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      expectKey = top?.kind === 'object';
    }
  }
  return undefined;
}
