// The decision procedure: is there a request that satisfies a formula (formula.ts)? A
// depth-first search over the formula's disjunctions that keeps, per variable, the languages its
// value must lie in, and prunes a branch as soon as one variable has no value left (decided
// exactly: a finite set of literals is enumerated, otherwise automata decide). A satisfying
// branch yields concrete values for every variable: the witness request.
import { checkTime, combine, domain, finiteMembers, ignoresCase, lang, member, prune, sampleMembers, witness, type Budget, type Domain, type Lang, type Partial } from './lang.js';
import type { Formula, Layout, Var } from './formula.js';
import type { Caller } from './caller.js';
import type { Request } from './evaluate.js';

const NAME = '[A-Za-z0-9+=,.@_-]+';
const ACCOUNT = '[0-9]{12}';
const ORG = 'o-[a-z0-9]{10,32}';
// aws:PrincipalArn takes the forms AWS documents: IAM roles (for their sessions), IAM users, the
// account root, STS federated users.
const DOMAINS = new Map<string, Domain>([
  ['account', domain(ACCOUNT)],
  ['arn', domain(`arn:aws:iam::${ACCOUNT}:(?:root|(?:role|user)\\/(?:${NAME}\\/)*${NAME})|arn:aws:sts::${ACCOUNT}:federated-user\\/${NAME}`)],
  ['orgid', domain(ORG)],
  ['path', domain(`${ORG}\\/r-[a-z0-9]{4,32}\\/(?:ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\\/)*`)],
  ['action', domain('[A-Za-z0-9-]+:[A-Za-z0-9]+')],
]);
const ANY = domain('[^]*');

const ACCOUNTS = ['123456789012', '210987654321', '100000000000', '999999999999'];
const PROBE = 'vpce-guard-probe';
const ORGS = ['o-a1b2c3d4e5', 'o-z9y8x7w6v5'];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'ec2:DescribeInstances', 'sqs:SendMessage', 'kms:Decrypt', 'logs:PutLogEvents', 'ssm:GetParameter', 'sts:GetCallerIdentity'];
const RESOURCES = ['arn:aws:s3:::vgz-example-bucket/report.csv', 'arn:aws:dynamodb:us-east-1:000000000000:table/vgz'];

function arnsOf(account: string): string[] {
  return [`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:role/${PROBE}`, `arn:aws:iam::${account}:user/${PROBE}`, `arn:aws:sts::${account}:federated-user/${PROBE}`];
}

/** Values worth trying for a variable before any automaton is built (readable proofs). */
function defaults(v: Var, langs: readonly Lang[]): string[] {
  const named = langs.flatMap((l) => sampleMembers(l, v === 'action' ? ['Object', ''] : ['', 'vgz']));
  // An AND of wildcard patterns: one string built from all of them.
  const globs = langs.flatMap((l) => (!l.neg && l.segment === 'whole' && l.items.length === 1 && l.items[0]!.glob ? [l.items[0]!.text] : []));
  if (globs.length > 1 && v !== 'arn') {
    const both = combine(globs);
    if (both !== undefined) named.unshift(both);
  }
  switch (v) {
    case 'account':
      return [...named, ...ACCOUNTS];
    case 'arn': {
      const accounts = [...langs.flatMap((l) => (l.segment === 'account' && !l.neg ? l.items.flatMap((i) => (i.glob ? [] : [i.text])) : [])), ...ACCOUNTS];
      // ARN patterns with a wildcard account, filled in with the accounts worth trying.
      const filled: string[] = [];
      for (const l of langs) {
        if (l.neg || l.segment !== 'whole') continue;
        for (const item of l.items.slice(0, MAX_FILLED)) {
          const parts = item.text.split(':');
          if (!item.glob || parts.length < 6 || !/^[*?]+$/.test(parts[4]!)) continue;
          for (const account of accounts.slice(0, MAX_FILLED)) {
            const text = [...parts.slice(0, 4), account, ...parts.slice(5)].join(':');
            for (const fill of ['', PROBE]) filled.push(text.replace(/\*/g, fill).replace(/\?/g, 'a'));
          }
        }
      }
      if (globs.length > 1) {
        for (const account of accounts.slice(0, 3)) {
          const both = combine(globs.map((g) => g.split(':').map((part, i) => (i === 4 && /^[*?]+$/.test(part) ? account : part)).join(':')));
          if (both !== undefined) filled.unshift(both.replace(/\*/g, ''));
        }
      }
      return [...filled, ...named, ...accounts.flatMap(arnsOf)];
    }
    case 'orgid':
      return [...named, ...ORGS];
    case 'path': {
      const orgs = langs.flatMap((l) => (l.segment === 'org' && !l.neg ? l.items.flatMap((i) => (i.glob ? [] : [i.text])) : []));
      return [...named, ...[...orgs, ...ORGS].map((o) => `${o}/r-ab12/`)];
    }
    case 'action':
      return [...named, ...ACTIONS];
    case 'resource':
      return [...named, ...RESOURCES];
    default:
      return [...named, 'vgz'];
  }
}

// Patterns and accounts combined into candidate ARNs, at most this many of each.
const MAX_FILLED = 6;

const SINGLE = new Set(['account', 'arn', 'orgid', 'path', 'action', 'resource']);
const IDENTITY = new Set(['account', 'arn']);
const ORG_VARS = new Set(['orgid', 'path']);

interface VarState {
  present?: boolean;
  alls: Lang[];
  somes: Lang[];
}

const EMPTY: VarState = { alls: [], somes: [] };

interface Store {
  anon?: boolean;
  vars: Map<Var, VarState>;
  notes: string[];
}

/** A satisfying assignment: the caller's kind and a value (or set of values) per variable. */
export interface Solution {
  anonymous: boolean;
  values: Map<Var, string[] | undefined>;
  notes: string[];
}

/** Per analysis: memoised answers of "a value in all these languages" per variable. */
export class Solver {
  private readonly memo = new Map<string, { word: string | undefined; partial?: Partial }>();
  constructor(readonly budget: Budget) {}

  /** A value of v in every language (a readable one when there is a choice), or undefined. */
  value(v: Var, langs: readonly Lang[]): string | undefined {
    let key = v;
    for (const l of langs) key += l.neg ? `#-${l.uid}` : `#${l.uid}`;
    const known = this.memo.get(key);
    if (known) return known.word;
    const dom = DOMAINS.get(v) ?? ANY;
    const fits = (s: string): boolean => dom.test(s) && langs.every((l) => member(l, s));
    // A finite set of literals among the languages: its members are the only candidates.
    let finite: string[] | undefined;
    const caseBlind = langs.every(ignoresCase);
    for (const l of langs) {
      const m = finiteMembers(l, caseBlind);
      if (m && (!finite || m.length < finite.length)) finite = m;
    }
    if (finite) {
      const word = finite.find(fits);
      this.memo.set(key, { word });
      return word;
    }
    const guess = defaults(v, langs).find(fits);
    if (guess !== undefined) {
      this.memo.set(key, { word: guess });
      return guess;
    }
    checkTime(this.budget);
    // A union distributes over the intersection: one alternative at a time keeps automata small.
    const split = langs.findIndex((l) => !l.neg && l.items.length > 1);
    if (split >= 0) {
      const union = langs[split]!;
      const others = langs.filter((_, i) => i !== split);
      let word: string | undefined;
      for (const item of union.items) {
        word = this.value(v, [...others, lang([item], union.segment)]);
        if (word !== undefined) break;
      }
      this.memo.set(key, { word });
      return word;
    }
    const pruned = prune(langs);
    if (pruned.length < langs.length || pruned.some((l, i) => l !== langs[i])) {
      const { word } = witness(dom, pruned, this.budget);
      this.memo.set(key, { word });
      return word;
    }
    const prefix = this.memo.get(key.slice(0, key.lastIndexOf('#')))?.partial;
    const { word, partial } = witness(dom, langs, this.budget, prefix && prefix.count === langs.length - 1 ? prefix : undefined);
    this.memo.set(key, { word, partial });
    return word;
  }

  // The search mutates one store and undoes its changes on backtracking (a trail).
  private store: Store = { vars: new Map(), notes: [] };
  private trail: (() => void)[] = [];

  /** A solution of the formula, or undefined when none exists. Throws TooComplexError past the budget. */
  solve(goal: Formula): Solution | undefined {
    this.store = { vars: new Map(), notes: [] };
    this.trail = [];
    return this.search([goal]);
  }

  private search(goals: readonly Formula[]): Solution | undefined {
    checkTime(this.budget);
    const mark = this.trail.length;
    const found = this.step(goals);
    if (!found) {
      while (this.trail.length > mark) this.trail.pop()!();
    }
    return found;
  }

  private setVar(v: Var, next: VarState): void {
    const store = this.store;
    const before = store.vars.get(v);
    store.vars.set(v, next);
    this.trail.push(before ? () => store.vars.set(v, before) : () => store.vars.delete(v));
  }

  private step(goals: readonly Formula[]): Solution | undefined {
    const store = this.store;
    const changed: Var[] = [];
    const pending: Formula[][] = [];
    // A stack, children pushed in reverse: disjunctions are met in the order they were written.
    const queue: Formula[] = [];
    for (let i = goals.length - 1; i >= 0; i--) queue.push(goals[i]!);
    while (queue.length > 0) {
      const f = queue.pop()!;
      switch (f.t) {
        case 'const':
          if (!f.value) return undefined;
          if (f.note && !store.notes.includes(f.note)) {
            const before = store.notes;
            store.notes = [...before, f.note];
            this.trail.push(() => (store.notes = before));
          }
          break;
        case 'and':
          for (let i = f.xs.length - 1; i >= 0; i--) queue.push(f.xs[i]!);
          break;
        case 'or':
          pending.push(f.xs);
          break;
        case 'anon':
          if (store.anon !== undefined) {
            if (store.anon !== f.value) return undefined;
            break;
          }
          store.anon = f.value;
          this.trail.push(() => delete store.anon);
          for (const v of store.vars.keys()) if ((IDENTITY.has(v) || ORG_VARS.has(v)) && !changed.includes(v)) changed.push(v);
          break;
        default: {
          const st = store.vars.get(f.v) ?? EMPTY;
          if (f.t === 'present') {
            if (st.present === f.value) break;
            if (st.present !== undefined) return undefined;
            this.setVar(f.v, { ...st, present: f.value });
          } else if (f.t === 'some') {
            if (st.somes.some((l) => l.uid === f.l.uid && l.neg === f.l.neg)) break;
            this.setVar(f.v, { ...st, somes: [...st.somes, f.l] });
          } else {
            if (st.alls.some((l) => l.uid === f.l.uid && l.neg === f.l.neg)) break;
            this.setVar(f.v, { ...st, alls: [...st.alls, f.l] });
          }
          if (!changed.includes(f.v)) changed.push(f.v);
        }
      }
    }
    for (const v of changed) if (!this.feasible(store, v)) return undefined;
    if (pending.length === 0) return this.leaf(store);
    let pick = 0;
    for (let i = 1; i < pending.length; i++) if (pending[i]!.length < pending[pick]!.length) pick = i;
    const rest: Formula[] = [];
    for (let i = 0; i < pending.length; i++) if (i !== pick) rest.push({ t: 'or', xs: pending[i]! });
    for (const branch of pending[pick]!) {
      const found = this.search([...rest, branch]);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether v is present for this caller kind: true, false, or undefined (either). */
  private presence(store: Store, v: Var, st: VarState): boolean | undefined {
    if (v === 'action' || v === 'resource') return true;
    if (IDENTITY.has(v)) return store.anon === undefined ? undefined : !store.anon;
    if (ORG_VARS.has(v) && store.anon === true) return false;
    return st.present;
  }

  private feasible(store: Store, v: Var): boolean {
    const st = store.vars.get(v);
    if (!st) return true;
    const presence = this.presence(store, v, st);
    if (presence === false) return st.somes.length === 0 && st.present !== true;
    if (presence === undefined && st.somes.length === 0 && st.present !== true) return true;
    if (IDENTITY.has(v) && (st.somes.length > 0 || st.present === true) && store.anon === true) return false;
    return this.values(v, st) !== undefined;
  }

  /** Values of a present variable meeting its constraints, or undefined when there are none. */
  private values(v: Var, st: VarState): string[] | undefined {
    if (SINGLE.has(v)) {
      const one = this.value(v, [...st.alls, ...st.somes]);
      return one === undefined ? undefined : [one];
    }
    if (st.somes.length === 0) {
      const one = this.value(v, st.alls);
      return one === undefined ? undefined : [one];
    }
    const out: string[] = [];
    for (const some of st.somes) {
      const one = this.value(v, [...st.alls, some]);
      if (one === undefined) return undefined;
      if (!out.includes(one)) out.push(one);
    }
    return out;
  }

  private leaf(store: Store): Solution | undefined {
    const choices = store.anon === undefined ? [true, false] : [store.anon];
    for (const anonymous of choices) {
      const trial: Store = { ...store, anon: anonymous };
      const values = new Map<Var, string[] | undefined>();
      let ok = true;
      const vars = new Map(store.vars);
      for (const v of ['action', 'resource']) if (!vars.has(v)) vars.set(v, EMPTY);
      for (const [v, st] of vars) {
        const presence = this.presence(trial, v, st);
        const mustBe = presence ?? (st.somes.length > 0 || st.present === true ? true : undefined);
        if (mustBe === false && (st.somes.length > 0 || st.present === true)) ok = false;
        if (!ok) break;
        if (mustBe !== true) {
          values.set(v, undefined);
          continue;
        }
        const found = this.values(v, st);
        if (!found) {
          ok = false;
          break;
        }
        values.set(v, found);
      }
      if (ok) return { anonymous, values, notes: store.notes };
    }
    return undefined;
  }
}

/** The concrete request a solution describes. `spelling` names context keys as the policy wrote them. */
export function requestOf(solution: Solution, layout: Layout, spelling: ReadonlyMap<string, string>): Request {
  const one = (v: Var): string | undefined => solution.values.get(v)?.[0];
  let caller: Caller = { anonymous: true };
  if (!solution.anonymous) {
    const arn = layout.accountInArn ? one('arn') : undefined;
    const account = arn ? arn.split(':')[4]! : (one('account') ?? ACCOUNTS[0]!);
    caller = { anonymous: false, account, arn: arn ?? `arn:aws:iam::${account}:root` };
    const path = layout.orgInPath ? one('path') : undefined;
    const orgId = path ? path.slice(0, path.indexOf('/')) : one('orgid');
    if (orgId) caller = { ...caller, orgId, orgPaths: [path ?? `${orgId}/r-ab12/`] };
  }
  const context: Record<string, string[]> = {};
  for (const [v, values] of solution.values) {
    if (!v.startsWith('ctx:') || values === undefined) continue;
    const key = spelling.get(v.slice(4)) ?? v.slice(4);
    // defineProperty: a key named `__proto__` is a key like any other, not the prototype.
    Object.defineProperty(context, key, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return { caller, action: one('action') ?? ACTIONS[0]!, resource: one('resource') ?? RESOURCES[0]!, context };
}

/** `aws:PrincipalAccount` / `aws:PrincipalOrgID` values as a language of literals. */
export function literals(values: readonly string[], ignoreCase = false): Lang {
  return lang(values.map((text) => ({ glob: false, text, ignoreCase })));
}

/** Wildcard patterns as a language. */
export function patterns(values: readonly string[], ignoreCase = false): Lang {
  return lang(values.map((text) => ({ glob: true, text, ignoreCase })));
}
