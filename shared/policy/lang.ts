// String constraints as regular languages. A language is a union of literals and IAM wildcard
// patterns (`*` any run, `?` one character), maybe complemented, maybe read on one segment of the
// value (the account inside an ARN, the organization at the head of an organization path).
// Membership is tested concretely (linear glob matching); emptiness and witnesses of
// intersections are decided exactly with finite automata (refa), within a node budget.
import { DFA, JS, NFA, TooManyNodesError, Words, type ReadonlyNFA, type TransitionIterable } from 'refa';
import { globMatch } from './glob.js';

/** One alternative of a language: a literal or a wildcard pattern, maybe case-insensitive. */
export interface Item {
  glob: boolean;
  text: string;
  ignoreCase: boolean;
}

/** Which part of the value a language reads: all of it, the account of an ARN, the org of a path. */
export type Segment = 'whole' | 'account' | 'org';

/** A string constraint: `neg` complements the union of `items` (read on `segment`). */
export interface Lang {
  /** A number unique to this language object (for cheap memo keys). */
  uid: number;
  items: readonly Item[];
  segment: Segment;
  neg: boolean;
}

/** Raised when a question would exceed the analysis budget: the analyser answers permissive. */
export class TooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooComplexError';
  }
}

/** The time and automaton-state budget of one analysis. */
export interface Budget {
  deadline: number;
  /** Most automaton states any one construction may create. */
  maxNodes: number;
}

/** Throws TooComplexError when the time budget is spent. */
export function checkTime(budget: Budget): void {
  if (performance.now() > budget.deadline) throw new TooComplexError('the time budget ran out');
}

/** The language of the given items (a union), read on a segment. */
export function lang(items: readonly Item[], segment: Segment = 'whole'): Lang {
  return { uid: ++lastUid, items, segment, neg: false };
}

// A number per language built (not per id: no table to grow); equal languages built twice only
// cost a memo miss.
let lastUid = 0;

/** The complement of a language. */
export function complement(l: Lang): Lang {
  return { ...l, neg: !l.neg };
}

/** The same items read on another segment (a PrincipalAccount constraint on aws:PrincipalArn). */
export function onSegment(l: Lang, segment: Segment): Lang {
  const moved = lang(l.items, segment);
  return l.neg ? complement(moved) : moved;
}

function segmentOf(segment: Segment, value: string): string | undefined {
  if (segment === 'whole') return value;
  if (segment === 'account') {
    const parts = value.split(':');
    return parts.length >= 6 ? parts[4] : undefined;
  }
  const slash = value.indexOf('/');
  return slash < 0 ? undefined : value.slice(0, slash);
}

function itemTest(item: Item, value: string): boolean {
  if (item.glob) return globMatch(item.text, value, item.ignoreCase);
  return item.ignoreCase ? item.text.toLowerCase() === value.toLowerCase() : item.text === value;
}

/** Concrete membership. Values outside the segment's shape (no account part) are not members. */
export function member(l: Lang, value: string): boolean {
  const part = segmentOf(l.segment, value);
  const inside = part !== undefined && l.items.some((item) => itemTest(item, part));
  return inside !== l.neg;
}

/**
 * The members of a finite positive language (strings without wildcards), else undefined. With
 * `caseBlind` (every constraint on the value ignores case) a case-insensitive string stands for
 * all its spellings; otherwise only case-sensitive strings count as finite.
 */
export function finiteMembers(l: Lang, caseBlind: boolean): string[] | undefined {
  if (l.neg || l.segment !== 'whole') return undefined;
  for (const i of l.items) {
    if (i.glob && (i.text.includes('*') || i.text.includes('?'))) return undefined;
    if (i.ignoreCase && !caseBlind) return undefined;
  }
  return l.items.map((i) => i.text);
}

/** True when every item of the language ignores case. */
export function ignoresCase(l: Lang): boolean {
  return l.items.every((i) => i.ignoreCase);
}

/** Strings a positive language surely holds, for trying before any automaton is built. */
export function sampleMembers(l: Lang, fills: readonly string[], max = 8): string[] {
  if (l.neg || l.segment !== 'whole') return [];
  const out: string[] = [];
  for (const item of l.items.slice(0, max)) {
    if (!item.glob) out.push(item.text);
    else for (const fill of fills) out.push(item.text.replace(/\*/g, fill).replace(/\?/g, fill[0] ?? 'a'));
  }
  return out;
}

function itemHead(item: Item): string {
  let end = item.text.length;
  if (item.glob) {
    const star = item.text.indexOf('*');
    const mark = item.text.indexOf('?');
    if (star >= 0) end = star;
    if (mark >= 0 && mark < end) end = mark;
  }
  const text = item.text.slice(0, end);
  return item.ignoreCase ? text.toLowerCase() : text;
}

function compatible(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * The same intersection with fewer alternatives to build automata for: every value starts with
 * the literal head of each single-pattern positive language, so the alternatives of a
 * complemented union whose heads disagree with one of those cannot match and are dropped.
 * Heads are compared without case, which keeps every alternative that might matter.
 */
export function prune(langs: readonly Lang[]): Lang[] {
  const heads: string[] = [];
  for (const l of langs) if (!l.neg && l.segment === 'whole' && l.items.length === 1) heads.push(itemHead(l.items[0]!).toLowerCase());
  if (heads.length === 0) return [...langs];
  const out: Lang[] = [];
  for (const l of langs) {
    if (!l.neg || l.segment !== 'whole' || l.items.length < 2) {
      out.push(l);
      continue;
    }
    const kept = l.items.filter((i) => heads.every((h) => compatible(h, itemHead(i).toLowerCase())));
    if (kept.length === 0) continue;
    out.push(kept.length === l.items.length ? l : complement(lang(kept)));
  }
  return out;
}

/**
 * One string that every wildcard pattern matches, if a simple construction finds it: the longest
 * head, then every pattern's inner literal parts in turn, then the longest tail (`?` read as `a`).
 * Undefined when the heads or the tails disagree. Only a candidate: callers test it.
 */
export function combine(patterns: readonly string[]): string | undefined {
  const split = patterns.filter((p) => p.includes('*')).map((p) => p.replace(/\?/g, 'a').split('*'));
  if (split.length === 0) return undefined;
  let head = '';
  let tail = '';
  let middle = '';
  for (const parts of split) {
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    if (first.length > head.length ? !first.startsWith(head) : !head.startsWith(first)) return undefined;
    if (first.length > head.length) head = first;
    if (last.length > tail.length ? !last.endsWith(tail) : !tail.endsWith(last)) return undefined;
    if (last.length > tail.length) tail = last;
    middle += parts.slice(1, -1).join('');
  }
  return head + middle + tail;
}

/** A domain of values: its regular expression (for automata) and a concrete test. */
export interface Domain {
  source: string;
  test: (value: string) => boolean;
}

/** A domain from a regular expression source (anchored for the concrete test). */
export function domain(source: string): Domain {
  const re = new RegExp(`^(?:${source})$`);
  return { source, test: (v) => re.test(v) };
}

function escapeChar(ch: string, ignoreCase: boolean): string {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  const esc = (c: string): string => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ignoreCase && lower !== upper && lower.length === 1 && upper.length === 1) return `[${esc(lower)}${esc(upper)}]`;
  return esc(ch);
}

function itemSource(item: Item, any: string): string {
  let out = '';
  for (const ch of item.text) {
    for (const unit of ch.length > 1 ? ch.split('') : [ch]) {
      if (item.glob && unit === '*') out += `${any}*`;
      else if (item.glob && unit === '?') out += any;
      else out += escapeChar(unit, item.ignoreCase);
    }
  }
  return out;
}

/** The regular expression source of the positive language (ignoring `neg`). */
function langSource(l: Lang): string {
  const any = l.segment === 'account' ? '[^:]' : l.segment === 'org' ? '[^/]' : '[^]';
  const union = l.items.length === 0 ? '[]' : l.items.map((i) => itemSource(i, any)).join('|');
  if (l.segment === 'account') return `arn:aws:(?:iam|sts)::(?:${union}):[^]*`;
  if (l.segment === 'org') return `(?:${union})\\/[^]*`;
  return union;
}

// Small automata are kept between analyses (an account's policies repeat); large ones are not,
// so the heap stays small and garbage collection cheap.
const MAX_CACHED = 256;
const MAX_CACHED_NODES = 2_000;
const nfaCache = new Map<string, NFA>();
const complementCache = new Map<string, DFA>();

function remember<T extends { countNodes(): number }>(cache: Map<string, T>, key: string, value: T): T {
  if (value.countNodes() > MAX_CACHED_NODES) return value;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

function nfaOf(source: string, budget: Budget): NFA {
  const known = nfaCache.get(source);
  if (known) return known;
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: '' }).parse();
  const nfa = NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' }, new NFA.LimitedNodeFactory(budget.maxNodes));
  return remember(nfaCache, source, nfa);
}

function automatonOf(l: Lang, budget: Budget): TransitionIterable<unknown> {
  const source = langSource(l);
  if (!l.neg) return nfaOf(source, budget) as TransitionIterable<unknown>;
  const known = complementCache.get(source);
  if (known) return known as TransitionIterable<unknown>;
  const dfa = DFA.fromFA(nfaOf(source, budget), new DFA.LimitedNodeFactory(budget.maxNodes));
  dfa.complement();
  return remember(complementCache, source, dfa) as TransitionIterable<unknown>;
}

/**
 * A shortest word of the automaton (each character the most readable of its transition), by a
 * breadth-first walk over states: linear in the transitions, unlike enumerating paths.
 */
function shortestWord(nfa: ReadonlyNFA, budget: Budget): string | undefined {
  const parent = new Map<NFA.ReadonlyNode, { from: NFA.ReadonlyNode; ch: number } | null>([[nfa.initial, null]]);
  let layer: NFA.ReadonlyNode[] = [nfa.initial];
  let found: NFA.ReadonlyNode | undefined = nfa.finals.has(nfa.initial) ? nfa.initial : undefined;
  while (!found && layer.length > 0) {
    checkTime(budget);
    const next: NFA.ReadonlyNode[] = [];
    for (const node of layer) {
      for (const [to, via] of node.out) {
        if (parent.has(to)) continue;
        const ch = Words.pickMostReadableCharacter(via);
        if (ch === undefined) continue;
        parent.set(to, { from: node, ch });
        if (nfa.finals.has(to)) {
          found = to;
          break;
        }
        next.push(to);
      }
      if (found) break;
    }
    layer = next;
  }
  if (!found) return undefined;
  const chars: number[] = [];
  for (let step = parent.get(found); step; step = parent.get(step.from)) chars.push(step.ch);
  return String.fromCharCode(...chars.reverse());
}

/** An intersection built so far, kept with the count of languages it holds (for reuse). */
export interface Partial {
  nfa: ReadonlyNFA;
  count: number;
}

/**
 * A word of the domain that every language holds (the most readable of the shortest), or
 * undefined when there is none. `from` is the intersection of the first `from.count` languages,
 * if already built. Decided exactly with automata; throws TooComplexError past the budget.
 */
export function witness(dom: Domain, langs: readonly Lang[], budget: Budget, from?: Partial): { word: string | undefined; partial: Partial } {
  try {
    let acc: ReadonlyNFA = from?.nfa ?? nfaOf(dom.source, budget);
    for (let i = from?.count ?? 0; i < langs.length; i++) {
      checkTime(budget);
      acc = NFA.fromIntersection(acc, automatonOf(langs[i]!, budget), new NFA.LimitedNodeFactory(budget.maxNodes));
      if (acc.isEmpty) return { word: undefined, partial: { nfa: acc, count: i + 1 } };
    }
    const partial = { nfa: acc, count: langs.length };
    return { word: shortestWord(acc, budget), partial };
  } catch (error) {
    if (error instanceof TooManyNodesError) throw new TooComplexError(`more than ${budget.maxNodes} automaton states`);
    throw error;
  }
}
