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

/**
 * The first name that occurs twice in one object of the JSON text, or undefined. Expects text
 * that JSON.parse accepts (call it after parsing); strings holding JSON are scanned inside.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const inner = ((): string | undefined => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  })();
  if (inner !== undefined) return findDuplicateKey(inner);
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
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
