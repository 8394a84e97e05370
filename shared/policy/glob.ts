// IAM wildcard strings: `*` matches any run of characters (also none), `?` exactly one.

/**
 * True when `value` is matched by the IAM wildcard `pattern`. Runs without backtracking blow-up:
 * the classic two-pointer walk that remembers only the last `*`, at most pattern × value steps.
 */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (!hasWildcard(p)) return p === v;
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < v.length) {
    if (i < p.length && (p[i] === '?' || (p[i] !== '*' && p[i] === v[j]))) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
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
