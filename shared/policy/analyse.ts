import { isInside, type Caller, type TrustBoundary } from './caller.js';
import { canonicalKey, clauseOutcome, hasPolicyVariable, keyClass, parseOperator, type ClauseOutcome } from './conditions.js';
import { hasWildcard } from './glob.js';
import { describeStatement, parsePolicy, type ConditionClause, type PolicyDocument, type Statement } from './document.js';
import { DEFAULT_AWS_OWNED_RESOURCES, expandAwsOwnedResources } from './aws-owned.js';
import { classifyPrincipal, principalMatches, type PrincipalKind } from './principal.js';
import { boundToService, denyCoversScope, isAwsOwnedRead } from './scope.js';
import { serviceActionPrefixes } from './services.js';
import { callersMeta, outsideCallers, TooComplexError } from './witnesses.js';
import { findProof, describeProof } from './proof.js';
import type { Request } from './evaluate.js';

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
}

function grantees(statement: Statement): Grantee[] {
  if (statement.notPrincipal) {
    return [{ kind: { kind: 'not-principal', listed: statement.notPrincipal.map(classifyPrincipal) }, label: 'NotPrincipal' }];
  }
  if (!statement.principal) return [{ kind: { kind: 'everyone' }, label: 'no Principal (everyone)' }];
  return statement.principal.map((entry) => ({
    kind: classifyPrincipal(entry),
    label: entry.type === '*' ? '"*"' : `${entry.type} "${entry.value}"`,
  }));
}

function granteeMatches(grantee: Grantee, caller: Caller): boolean {
  const kind = grantee.kind;
  if (kind.kind === 'not-principal') return !kind.listed.some((k) => principalMatches(k, caller, 'deny'));
  return principalMatches(kind, caller, 'allow');
}

/** A Deny that certainly applies to this caller: its principal surely matches, every clause is surely true. */
function denySurelyMatches(deny: Statement, caller: Caller): boolean {
  if (deny.notPrincipal) {
    if (deny.notPrincipal.some((entry) => principalMatches(classifyPrincipal(entry), caller, 'allow'))) return false;
  } else if (deny.principal && !deny.principal.some((entry) => principalMatches(classifyPrincipal(entry), caller, 'deny'))) {
    return false;
  }
  return deny.conditions.every((clause) => clauseOutcome(clause, caller) === 'true');
}

/**
 * Two spellings of one key in one operator block (`aws:PrincipalOrgID`, `aws:principalorgid`):
 * which one IAM applies is not documented, so in an Allow neither is trusted to confine.
 */
function spelledTwice(clause: ConditionClause, statement: Statement): boolean {
  const id = (c: ConditionClause): string => `${c.operator.toLowerCase()}|${c.key.toLowerCase()}`;
  return statement.conditions.filter((c) => id(c) === id(clause)).length > 1;
}

function allowAdmits(statement: Statement, caller: Caller): boolean {
  return statement.conditions.every((clause) => spelledTwice(clause, statement) || clauseOutcome(clause, caller) !== 'false');
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

function analyseAllow(
  doc: PolicyDocument,
  statement: Statement,
  denies: Statement[],
  callers: Caller[],
  boundary: TrustBoundary,
  deadline: number,
  proofOptions: { owned: readonly string[]; prefixes: readonly string[] | undefined; inside: (c: Caller) => boolean },
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const coveringDenies = denies.filter((deny) => denyCoversScope(deny, statement));
  for (const grantee of grantees(statement)) {
    let checked = 0;
    const admitted = callers.filter(
      (caller) =>
        (++checked % 16 !== 0 || performance.now() < deadline || tooComplex('the time budget ran out')) &&
        granteeMatches(grantee, caller) &&
        allowAdmits(statement, caller) &&
        !coveringDenies.some((deny) => denySurelyMatches(deny, caller)),
    );
    const example = admitted[0];
    if (!example) continue;
    const notes = statement.conditions
      .map((clause) => ({ clause, outcome: clauseOutcome(clause, example) }))
      .map(({ clause, outcome }) => clauseNote(clause, outcome, example, boundary));
    const conditionText = notes.length === 0 ? 'no condition confines the caller' : notes.join('; ');
    const proof = findProof(doc, statement, admitted, proofOptions);
    const proofText = proof ? ` ${describeProof(proof)}.` : ' No concrete request could be confirmed: the reading assumed above admits outsiders.';
    const reason = `Allow statement ${describeStatement(statement)}: ${whoText(grantee, admitted)}; ${conditionText}.${proofText}`;
    const ref = statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid };
    for (const key of findingKey(grantee, statement, admitted)) {
      if (!findings.some((f) => f.key === key)) findings.push({ key, statement: ref, reason, ...(proof ? { proof } : {}) });
    }
  }
  return findings;
}

const MAX_WILDCARD_GROUPS = 2;

/**
 * An Allow that admits only callers of the boundary whatever its other clauses say: a plain
 * StringEquals on aws:PrincipalAccount or aws:PrincipalOrgID whose literal values are all inside
 * (what tightening adds). No outsider can meet it, so no wildcard combination matters.
 */
function scopedInside(statement: Statement, boundary: TrustBoundary): boolean {
  const inside = new Set([boundary.accountId, ...boundary.trustedAccounts]);
  return statement.conditions.some((clause) => {
    const op = parseOperator(clause.operator);
    if (!op || op.negated || op.ifExists || op.qualifier === 'ForAllValues' || (op.comparison !== 'equals' && op.comparison !== 'like')) return false;
    if (hasPolicyVariable(clause.values) || clause.values.some(hasWildcard)) return false;
    const key = clause.key.toLowerCase();
    if (key === 'aws:principalaccount') return clause.values.every((v) => inside.has(v));
    if (key === 'aws:principalorgid') return boundary.orgId !== undefined && clause.values.every((v) => v === boundary.orgId);
    return false;
  });
}
const DEFAULT_BUDGET_MS = 750;

function tooComplex(why: string): never {
  throw new TooComplexError(why);
}

/** The permissive answer for a policy too large or intricate to decide within the budget. */
function tooComplexAnalysis(why: string, notes: string[]): PolicyAnalysis {
  return {
    verdict: 'permissive',
    findings: [{ key: 'Analysis::too-complex', statement: { index: 0 }, reason: `The policy is too complex to decide within the analysis budget (${why}); it is treated as permissive.` }],
    notes,
  };
}

/**
 * Judges an endpoint policy against the trust boundary (DESIGN.md, "Trust boundary of an
 * endpoint policy"): permissive when some caller outside the boundary can use the endpoint for
 * some action on some resource. What the analyser cannot model never confines.
 */
export function analysePolicy(input: unknown, options: AnalyseOptions): PolicyAnalysis {
  const doc: PolicyDocument = parsePolicy(input);
  const owned = expandAwsOwnedResources(options.awsOwnedResources ?? DEFAULT_AWS_OWNED_RESOURCES, options.region);
  const boundary: TrustBoundary = {
    accountId: options.accountId,
    trustedAccounts: options.trustedAccounts,
    ...(options.orgId ? { orgId: options.orgId } : {}),
  };
  const deadline = performance.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  let callers: Caller[];
  try {
    callers = outsideCallers(doc, boundary, deadline);
  } catch (error) {
    if (error instanceof TooComplexError) return tooComplexAnalysis(error.message, []);
    throw error;
  }
  const denies = doc.statements.filter((s) => s.effect === 'Deny');
  const findings: PolicyFinding[] = [];
  const notes: string[] = [];
  const prefixes = serviceActionPrefixes(options.service);
  const counted: Statement[] = [];
  for (const written of doc.statements) {
    if (written.effect !== 'Allow') continue;
    const statement = prefixes ? boundToService(written, prefixes) : written;
    if (!statement) {
      notes.push(`Allow statement ${describeStatement(written)} grants no action of ${options.service}; not counted.`);
      continue;
    }
    if (written.notAction?.includes('*') || written.notResource?.includes('*')) {
      notes.push(`Allow statement ${describeStatement(written)} excludes every ${written.notAction?.includes('*') ? 'action' : 'resource'} and grants nothing; not counted.`);
      continue;
    }
    if (isAwsOwnedRead(statement, owned)) {
      notes.push(`Allow statement ${describeStatement(statement)} only reads AWS-owned service buckets; not counted.`);
      continue;
    }
    counted.push(statement);
    try {
      findings.push(...analyseAllow(doc, statement, denies, callers, boundary, deadline, { owned, prefixes, inside: (c) => isInside(c, boundary) }));
    } catch (error) {
      if (error instanceof TooComplexError) return tooComplexAnalysis(error.message, notes);
      throw error;
    }
  }
  // Representative callers meet an AND of two wildcard patterns on one key; past two such
  // clauses a restricted verdict could not be proved, so it is not given.
  const groupsOf = callersMeta.get(doc);
  if (findings.length === 0 && groupsOf) {
    for (const statement of counted) {
      const groups = groupsOf(statement.index);
      if (groups > MAX_WILDCARD_GROUPS && !scopedInside(statement, boundary)) {
        return tooComplexAnalysis(`${groups} clauses hold wildcard patterns on one identity key`, notes);
      }
    }
  }
  return { verdict: findings.length > 0 ? 'permissive' : 'restricted', findings, notes };
}
