import { isInside, type Caller, type TrustBoundary } from './caller.js';
import { canonicalKey, clauseOutcome, keyClass, type ClauseOutcome } from './conditions.js';
import { describeStatement, parsePolicy, type ConditionClause, type PolicyDocument, type Statement } from './document.js';
import { AWS_OWNED_READ_ACTIONS, DEFAULT_AWS_OWNED_RESOURCES, expandAwsOwnedResources, ownedMatch } from './aws-owned.js';
import { classifyPrincipal, type PrincipalKind } from './principal.js';
import { boundToService, isAwsOwnedRead } from './scope.js';
import { serviceActionPrefixes } from './services.js';
import { describeProof } from './proof.js';
import { findDuplicateKey } from './duplicates.js';
import { evaluateParsed, statementApplies, type Request } from './evaluate.js';
import { TooComplexError, type Budget, type Lang } from './lang.js';
import { all, and, layoutOf, not, or, principalFormula, scopeFormula, some, statementFormula, whoFormula, TRUE, type Formula, type Layout } from './formula.js';
import { literals, patterns, requestOf, Solver } from './solve.js';

export interface AnalyseOptions extends TrustBoundary {
  /** The endpoint's region: fills the AWS-owned bucket names. */
  region?: string;
  /** AWS-owned resource patterns with `<region>` placeholders; default: AWS's published list. */
  awsOwnedResources?: readonly string[];
  /**
   * The endpoint's service (`com.amazonaws.<region>.s3` or `s3`): only its actions flow through
   * the endpoint. Unknown or partner services (`vpce-svc-…`): every action counts.
   */
  service?: string;
  /** Time budget of one analysis in milliseconds (default 750): past it the answer is permissive. */
  budgetMs?: number;
  /** Most automaton states one construction may create (default 10,000): past it, permissive. */
  maxStates?: number;
}

/** One way the policy lets an outsider in. `key` is stable: report or exempt it on its own. */
export interface PolicyFinding {
  key: string;
  statement: { index: number; sid?: string };
  reason: string;
  /** A concrete outside request the concrete evaluator (evaluate.ts) confirms is allowed. */
  proof?: Request;
}

export interface PolicyAnalysis {
  verdict: 'permissive' | 'restricted';
  findings: PolicyFinding[];
  /** Statements passed over on purpose (AWS-owned bucket reads), for the report. */
  notes: string[];
}

/** A principal entry of an Allow as the analyser walks it: what it is, how to name a finding. */
interface Grantee {
  kind: PrincipalKind | { kind: 'not-principal'; listed: PrincipalKind[] };
  label: string;
  value?: string;
}

function grantees(statement: Statement): Grantee[] {
  if (statement.notPrincipal) {
    return [{ kind: { kind: 'not-principal', listed: statement.notPrincipal.map(classifyPrincipal) }, label: 'NotPrincipal' }];
  }
  if (!statement.principal) return [{ kind: { kind: 'everyone' }, label: 'no Principal (everyone)' }];
  return statement.principal.map((entry) => ({
    kind: classifyPrincipal(entry),
    label: entry.type === '*' ? '"*"' : `${entry.type} "${entry.value}"`,
    value: entry.value,
  }));
}

function describeCaller(caller: Caller): string {
  if (caller.anonymous) return 'anonymous callers';
  return `account ${caller.account}${caller.orgId ? ` in organization ${caller.orgId}` : ' in no organization'}`;
}

function clauseNote(clause: ConditionClause, outcome: ClauseOutcome, example: Caller, boundary: TrustBoundary): string {
  const written = `${clause.operator} ${clause.key} ${JSON.stringify(clause.values.length === 1 ? clause.values[0] : clause.values)}`;
  if (outcome === 'free') return `${written} does not confine the caller (${clause.key} is not an identity key)`;
  if (outcome === 'unmodelled') return `${written} is not modelled and is assumed not to confine the caller`;
  if (outcome === 'ambiguous') return `${written} on an absent key is not documented by AWS and is assumed to be met`;
  const orgHint = keyClass(clause.key) === 'org' && !boundary.orgId ? ' (no orgId is configured, so no organization is trusted)' : '';
  return `${written} is met by ${describeCaller(example)}${orgHint}`;
}

function findingKey(grantee: Grantee, statement: Statement, admitted: Caller[]): string[] {
  const kind = grantee.kind;
  switch (kind.kind) {
    case 'not-principal':
      return ['NotPrincipal'];
    case 'account':
      return [`Account::${kind.account}`];
    case 'arn':
      return [kind.account ? `Account::${kind.account}` : `Principal::${kind.pattern}`];
    case 'unmodelled':
      return [`Principal::${grantee.label.replace(/"/g, '').replace(' ', ':')}`];
    default: {
      // Everyone is named: blame the identity conditions that failed to keep outsiders out.
      const keys = new Set<string>();
      for (const clause of statement.conditions) {
        if (keyClass(clause.key) === 'free') continue;
        if (admitted.some((c) => clauseOutcome(clause, c) !== 'false')) keys.add(`Condition::${canonicalKey(clause.key)}`);
      }
      return keys.size > 0 ? [...keys] : ['Principal::*'];
    }
  }
}

function whoText(grantee: Grantee, admitted: Caller[]): string {
  const kind = grantee.kind;
  const anon = admitted.some((c) => c.anonymous) ? ', anonymous callers included' : '';
  switch (kind.kind) {
    case 'not-principal':
      return `NotPrincipal in an Allow admits everyone not listed${anon}`;
    case 'account':
      return `principal ${grantee.label} is account ${kind.account}, outside the trust boundary`;
    case 'arn':
      return kind.account
        ? `principal ${grantee.label} belongs to account ${kind.account}, outside the trust boundary`
        : `principal ${grantee.label} has a wildcard account and matches outside callers${admitted[0]?.arn ? `, e.g. ${admitted[0].arn}` : ''}`;
    case 'unmodelled':
      return `principal ${grantee.label}: ${kind.why}`;
    default:
      return `principal ${grantee.label} matches everyone${anon}`;
  }
}


const DEFAULT_BUDGET_MS = 750;
const DEFAULT_MAX_STATES = 10_000;

/** The permissive answer for a policy too large or intricate to decide within the budget. */
function tooComplexAnalysis(why: string, notes: string[]): PolicyAnalysis {
  return {
    verdict: 'permissive',
    findings: [{ key: 'Analysis::too-complex', statement: { index: 0 }, reason: `The policy is too complex to decide within the analysis budget (${why}); it is treated as permissive.` }],
    notes,
  };
}

/** What every query shares: the boundary, the Denies, the endpoint's scope, the solver. */
interface Context {
  doc: PolicyDocument;
  layout: Layout;
  boundary: TrustBoundary;
  /** Outside the trust boundary, none of the Denies applies, an action of the service, not an AWS-owned read. */
  common: () => Formula[];
  solver: () => Solver;
  /** Each Allow's action, resource and conditions as a formula, built once. */
  scopes: Map<number, Formula>;
  prefixes: readonly string[] | undefined;
  isOwnedRead: (action: string, resource: string) => boolean;
}

// The outside formula of the boundaries seen lately (an account's endpoints share one boundary).
const outsideCache = new Map<string, Formula>();

let lastOutside: { accountId: string; trusted: readonly string[]; orgId: string | undefined; arn: boolean; path: boolean; formula: Formula } | undefined;

function outsideFormula(boundary: TrustBoundary, layout: Layout): Formula {
  const last = lastOutside;
  const t = boundary.trustedAccounts;
  if (last && last.accountId === boundary.accountId && last.trusted.length === t.length && last.trusted.every((a, i) => a === t[i]) && last.orgId === boundary.orgId && last.arn === layout.accountInArn && last.path === layout.orgInPath) {
    return last.formula;
  }
  const formula = outsideByKey(boundary, layout);
  lastOutside = { accountId: boundary.accountId, trusted: [...t], orgId: boundary.orgId, arn: layout.accountInArn, path: layout.orgInPath, formula };
  return formula;
}

function outsideByKey(boundary: TrustBoundary, layout: Layout): Formula {
  const key = `${boundary.accountId}|${boundary.trustedAccounts.join(',')}|${boundary.orgId ?? ''}|${layout.accountInArn}|${layout.orgInPath}`;
  let known = outsideCache.get(key);
  if (!known) {
    if (outsideCache.size >= 64) outsideCache.clear();
    outsideCache.set(key, (known = buildOutside(boundary, layout)));
  }
  return known;
}

function buildOutside(boundary: TrustBoundary, layout: Layout): Formula {
  const inside = literals([...new Set([boundary.accountId, ...boundary.trustedAccounts])]);
  const parts: Formula[] = [{ t: 'anon', value: false }, all('account', not2(inside), layout)];
  if (boundary.orgId) parts.push(all('orgid', not2(literals([boundary.orgId])), layout));
  return or([{ t: 'anon', value: true }, and(parts)]);
}

function not2(l: ReturnType<typeof literals>): ReturnType<typeof literals> {
  return { ...l, neg: !l.neg };
}

const PROBE_ACCOUNTS = ['123456789012', '210987654321'];
const PROBE_ACTIONS = ['s3:PutObject', 'dynamodb:GetItem', 'ec2:DescribeInstances'];
const PROBE_RESOURCE = 'arn:aws:s3:::vgz-example-bucket/report.csv';

/** Callers worth trying first for a grantee: the anonymous caller, a fresh account, the account named. */
function probeCallers(grantee: Grantee, boundary: TrustBoundary): Caller[] {
  const kind = grantee.kind;
  if (kind.kind === 'everyone' || kind.kind === 'not-principal') {
    const account = PROBE_ACCOUNTS.find((a) => a !== boundary.accountId && !boundary.trustedAccounts.includes(a))!;
    return [{ anonymous: true }, { anonymous: false, account, arn: `arn:aws:iam::${account}:root` }];
  }
  if (kind.kind === 'account') return [{ anonymous: false, account: kind.account, arn: `arn:aws:iam::${kind.account}:root` }];
  if (kind.kind === 'arn' && kind.account && /^arn:aws:iam::\d{12}:(root|(role|user)\/[^*?]+)$/.test(kind.pattern)) {
    return [{ anonymous: false, account: kind.account, arn: kind.pattern }];
  }
  return [];
}

/**
 * The fast path: a few plain requests through the statement, checked with the concrete
 * evaluator. One that is allowed settles the grantee (permissive, with its proof) without solving.
 */
function probe(ctx: Context, statement: Statement, grantee: Grantee): Request | undefined {
  // Conditions rarely let a plain request through: leave those statements to the solver.
  if (statement.conditions.length > 0) return undefined;
  const callers = probeCallers(grantee, ctx.boundary);
  if (callers.length === 0) return undefined;
  const literal = (list: string[] | undefined): string[] => (list ?? []).slice(0, 2).map((p) => p.replace(/\*/g, '').replace(/\?/g, 'a'));
  let actions = statement.action?.includes('*') || statement.notAction ? PROBE_ACTIONS : literal(statement.action);
  if (ctx.prefixes) actions = actions.filter((a) => ctx.prefixes!.some((p) => a.toLowerCase().startsWith(`${p}:`)));
  const resources = statement.resource?.includes('*') || statement.notResource ? [PROBE_RESOURCE] : literal(statement.resource);
  for (const caller of callers) {
    if (isInside(caller, ctx.boundary)) continue;
    for (const action of actions.slice(0, 1)) {
      for (const resource of resources.slice(0, 1)) {
        if (ctx.isOwnedRead(action, resource)) continue;
        const request: Request = { caller, action, resource, context: {} };
        try {
          // Allowed through this statement: it applies and no Deny does (what evaluateParsed decides).
          if (statementApplies(statement, request) && !ctx.doc.statements.some((s) => s.effect === 'Deny' && statementApplies(s, request))) return request;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

function finding(ctx: Context, statement: Statement, grantee: Grantee, request: Request, proof: Request | undefined, assumptions: string[]): PolicyFinding[] {
  const example = request.caller;
  const notes = statement.conditions.map((clause) => clauseNote(clause, clauseOutcome(clause, example), example, ctx.boundary));
  const conditionText = notes.length === 0 ? 'no condition confines the caller' : notes.join('; ');
  const assumed = assumptions.length > 0 ? ` Assumed: ${assumptions.join('; ')}.` : '';
  const proofText = proof
    ? ` ${describeProof(proof)}.${assumed}`
    : ` No concrete request could be confirmed: the reading assumed admits outsiders.${assumed || ` e.g. ${describeProof(request).slice(5)}.`}`;
  const reason = `Allow statement ${describeStatement(statement)}: ${whoText(grantee, [example])}; ${conditionText}.${proofText}`;
  const ref = statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid };
  return findingKey(grantee, statement, [example]).map((key) => ({ key, statement: ref, reason, ...(proof ? { proof } : {}) }));
}

function grant(ctx: Context, statement: Statement, grantee: Grantee): PolicyFinding[] | undefined {
  const quick = probe(ctx, statement, grantee);
  if (quick) return finding(ctx, statement, grantee, quick, quick, []);
  // A principal of one account inside the boundary admits only callers inside it.
  const account = grantee.kind.kind === 'account' || grantee.kind.kind === 'arn' ? grantee.kind.account : undefined;
  if (account !== undefined && (account === ctx.boundary.accountId || ctx.boundary.trustedAccounts.includes(account))) return undefined;
  const who =
    grantee.kind.kind === 'not-principal'
      ? whoFormula(statement, ctx.layout)
      : grantee.value === undefined
        ? TRUE
        : principalFormula(grantee.kind, grantee.value, 'Allow', ctx.layout);
  let scope = ctx.scopes.get(statement.index);
  if (!scope) ctx.scopes.set(statement.index, (scope = scopeFormula(statement, ctx.layout)));
  const solution = ctx.solver().solve(and([who, scope, ...ctx.common()]));
  if (!solution) return undefined;
  const spelling = new Map<string, string>();
  for (const s of ctx.doc.statements) for (const c of s.conditions) if (!spelling.has(c.key.toLowerCase())) spelling.set(c.key.toLowerCase(), c.key);
  const request = requestOf(solution, ctx.layout, spelling);
  let proof: Request | undefined;
  try {
    if (!isInside(request.caller, ctx.boundary) && evaluateParsed(ctx.doc, request) === 'allow') proof = request;
  } catch {
    // An element the concrete evaluator does not model: no proof, the finding says what was assumed.
  }
  return finding(ctx, statement, grantee, request, proof, solution.notes);
}

/**
 * Judges an endpoint policy against the trust boundary (DESIGN.md, "Trust boundary of an
 * endpoint policy"): permissive when some caller outside the boundary can use the endpoint for
 * some action on some resource. Decided exactly over the modelled fragment (formula.ts,
 * solve.ts); what the analyser cannot model never confines. A permissive finding carries a
 * concrete request the concrete evaluator confirms (`proof`). Past the budget (time, automaton
 * states) the answer is permissive, "too complex to decide"; it never hangs.
 */
export function analysePolicy(input: unknown, options: AnalyseOptions): PolicyAnalysis {
  const doc: PolicyDocument = parsePolicy(input);
  const owned = expandAwsOwnedResources(options.awsOwnedResources ?? DEFAULT_AWS_OWNED_RESOURCES, options.region);
  const boundary: TrustBoundary = {
    accountId: options.accountId,
    trustedAccounts: options.trustedAccounts,
    ...(options.orgId ? { orgId: options.orgId } : {}),
  };
  const budget = { deadline: performance.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS), maxNodes: options.maxStates ?? DEFAULT_MAX_STATES };
  const notes: string[] = [];
  let analysis: PolicyAnalysis;
  try {
    analysis = decide(doc, options, owned, boundary, budget, notes);
  } catch (error) {
    if (error instanceof TooComplexError) return tooComplexAnalysis(error.message, notes);
    throw error;
  }
  // A name written twice in one object: AWS may apply either, so the policy is refused as
  // ambiguous (permissive), whatever the reading JSON.parse took says.
  const duplicate = typeof input === 'string' ? findDuplicateKey(input, doc.raw) : undefined;
  if (!duplicate) return analysis;
  const index = duplicate.statement ?? 0;
  const sid = doc.statements[index]?.sid;
  const finding: PolicyFinding = {
    key: 'Analysis::duplicate-key',
    statement: sid === undefined ? { index } : { index, sid },
    reason: `The policy names "${duplicate.key}" twice in ${duplicate.path}: AWS does not document which one it applies, so the policy is ambiguous and treated as permissive; write the name once.`,
  };
  return { verdict: 'permissive', findings: [finding, ...analysis.findings], notes: analysis.notes };
}

const READS = literals(AWS_OWNED_READ_ACTIONS, true);
const ownedLangs = new WeakMap<readonly string[], Lang>();

/** The AWS-owned resource patterns as one language (expandAwsOwnedResources returns stable lists). */
function ownedLang(owned: readonly string[]): Lang {
  let l = ownedLangs.get(owned);
  if (!l) ownedLangs.set(owned, (l = patterns(owned)));
  return l;
}

const ownedFormulas = new WeakMap<readonly string[], Formula>();

/** Not a read of an AWS-owned bucket (the layout does not matter: no identity variable). */
function ownedFormula(owned: readonly string[], layout: Layout): Formula {
  let f = ownedFormulas.get(owned);
  if (!f) ownedFormulas.set(owned, (f = not(and([some('action', READS, layout), some('resource', ownedLang(owned), layout)]))));
  return f;
}

function decide(doc: PolicyDocument, options: AnalyseOptions, owned: readonly string[], boundary: TrustBoundary, budget: Budget, notes: string[]): PolicyAnalysis {
  const layout = layoutOf(doc.statements);
  const prefixes = serviceActionPrefixes(options.service);
  // Built when the first query needs them: the fast path does without.
  let common: Formula[] | undefined;
  const commonFormulas = (): Formula[] => {
    if (common) return common;
    common = [outsideFormula(boundary, layout)];
    if (prefixes) common.push(some('action', patterns(prefixes.map((p) => `${p}:*`), true), layout));
    // The AWS-owned exception applies per request: a read of an AWS-owned bucket does not count.
    if (owned.length > 0) common.push(ownedFormula(owned, layout));
    for (const deny of doc.statements) if (deny.effect === 'Deny') common.push(not(statementFormula(deny, layout)));
    return common;
  };
  const isOwnedRead = (action: string, resource: string): boolean =>
    AWS_OWNED_READ_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase()) && ownedMatch(owned, resource);
  let solver: Solver | undefined;
  const ctx: Context = { doc, layout, boundary, common: commonFormulas, solver: () => (solver ??= new Solver(budget)), scopes: new Map(), prefixes, isOwnedRead };
  const findings: PolicyFinding[] = [];
  for (const statement of doc.statements) {
    if (statement.effect !== 'Allow') continue;
    if (prefixes && !boundToService(statement, prefixes)) {
      notes.push(`Allow statement ${describeStatement(statement)} grants no action of ${options.service}; not counted.`);
      continue;
    }
    if (statement.notAction?.includes('*') || statement.notResource?.includes('*')) {
      notes.push(`Allow statement ${describeStatement(statement)} excludes every ${statement.notAction?.includes('*') ? 'action' : 'resource'} and grants nothing; not counted.`);
      continue;
    }
    if (isAwsOwnedRead(statement, owned)) {
      notes.push(`Allow statement ${describeStatement(statement)} only reads AWS-owned service buckets; not counted.`);
      continue;
    }
    for (const grantee of grantees(statement)) {
      const found = grant(ctx, statement, grantee);
      if (!found) continue;
      for (const f of found) if (!findings.some((g) => g.key === f.key && g.statement.index === f.statement.index)) findings.push(f);
    }
  }
  return { verdict: findings.length > 0 ? 'permissive' : 'restricted', findings, notes };
}
