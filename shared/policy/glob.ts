// IAM wildcard strings: `*` matches any run of characters (also none), `?` exactly one.

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(cacheKey);
  if (!re) {
    let source = '';
    for (const ch of pattern) {
      if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
    }
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, re);
  }
  return re;
}

/** True when `value` is matched by the IAM wildcard `pattern`. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (!hasWildcard(pattern)) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return toRegExp(pattern, ignoreCase).test(value);
}

/** True when the string holds `*` or `?`. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * True when every string that `narrow` matches is also matched by `wide`. Sound but not
 * complete: when unsure it answers false (a Deny is then not trusted to cover an Allow).
 */
export function globCovers(wide: string, narrow: string, ignoreCase = false): boolean {
  // A narrow side without wildcards names one string: a plain match decides.
  if (!hasWildcard(narrow)) return globMatch(wide, narrow, ignoreCase);
  const w = ignoreCase ? wide.toLowerCase() : wide;
  const n = ignoreCase ? narrow.toLowerCase() : narrow;
  // Literal prefixes that disagree settle it without the search below.
  for (let i = 0; i < w.length && i < n.length; i++) {
    const a = w[i]!;
    const b = n[i]!;
    if (a === '*' || a === '?' || b === '*' || b === '?') break;
    if (a !== b) return false;
  }
  // covers[i][j]: w[i..] covers n[j..]. The `*` of wide may swallow any tokens of narrow,
  // wildcards included; its `?` swallows one token that is not `*`; a literal only itself.
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (n.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === w.length) result = j === n.length;
    else if (w[i] === '*') result = go(i + 1, j) || (j < n.length && go(i, j + 1));
    else if (j === n.length) result = false;
    else if (w[i] === '?') result = n[j] !== '*' && go(i + 1, j + 1);
    else result = n[j] !== '*' && n[j] !== '?' && w[i] === n[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Concrete strings that `pattern` matches: its wildcards filled with nothing, and with `fill`. */
export function instantiate(pattern: string, fill = 'vgz'): string[] {
  if (!hasWildcard(pattern)) return [pattern];
  const empty = pattern.replace(/\*/g, '').replace(/\?/g, fill[0] ?? 'z');
  const filled = pattern.replace(/\*/g, fill).replace(/\?/g, fill[0] ?? 'z');
  return empty === filled ? [filled] : [empty, filled];
}
