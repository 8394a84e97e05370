import { createTwoFilesPatch } from 'diff';
import { PolicyError, VpceGuardError } from '../errors.js';
import { analysePolicy, type AnalyseOptions, type PolicyAnalysis } from './analyse.js';
import { AWS_OWNED_READ_ACTIONS, DEFAULT_AWS_OWNED_RESOURCES, expandAwsOwnedResources } from './aws-owned.js';
import { describeStatement, parsePolicy, type Statement } from './document.js';
import { findDuplicateKey } from './duplicates.js';
import { admitsAction, admitsResourcePattern } from './scope.js';
import { classifyPrincipal } from './principal.js';
import { serviceShortName } from './services.js';

/** The largest endpoint policy AWS accepts, in characters. */
export const MAX_POLICY_CHARS = 20_480;

export interface TightenOptions extends AnalyseOptions {
  /**
   * Keep AWS-owned bucket reads working. Default: true for S3 (by `service`, or when the policy's
   * actions are S3 actions) when a region is known.
   */
  keepAwsOwnedReads?: boolean;
}

export interface TighteningPlan {
  changed: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The new policy as EC2 takes it: compact JSON. */
  afterText: string;
  /** A unified diff of the pretty-printed policies; empty when nothing changed. */
  diff: string;
  /** One line for each change, for people. */
  changes: string[];
  analysisBefore: PolicyAnalysis;
}

const SCOPING_OPERATORS = ['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike'];
const KEEP_READS_SID = 'VpceGuardKeepAwsOwnedReads';

function scopingCondition(options: TightenOptions): { key: string; values: string[] } {
  if (options.orgId) return { key: 'aws:PrincipalOrgID', values: [options.orgId] };
  return { key: 'aws:PrincipalAccount', values: [...new Set([options.accountId, ...options.trustedAccounts])] };
}

/**
 * The statement with one more condition that confines callers to the trust boundary. The block
 * is ANDed with what is there, so the statement can only allow less. The operator is chosen so
 * that no existing key of the same operator is overwritten.
 */
function scopeStatement(raw: Record<string, unknown>, scope: { key: string; values: string[] }): { statement: Record<string, unknown>; operator: string } | undefined {
  const condition = { ...((raw.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const operator = SCOPING_OPERATORS.find(
    (op) => !Object.keys(condition[op] ?? {}).some((k) => k.toLowerCase() === scope.key.toLowerCase()),
  );
  if (!operator) return undefined;
  condition[operator] = { ...(condition[operator] ?? {}), [scope.key]: scope.values.length === 1 ? scope.values[0] : scope.values };
  return { statement: { ...raw, Condition: condition }, operator };
}

/** The reads of AWS-owned buckets that an offending statement granted, as a statement of its own. */
function keepReadsStatement(statement: Statement, owned: readonly string[], sid: string): Record<string, unknown> | undefined {
  const actions = AWS_OWNED_READ_ACTIONS.filter((a) => admitsAction(statement, a));
  const resources = owned.filter((r) => admitsResourcePattern(statement, r));
  if (actions.length === 0 || resources.length === 0) return undefined;
  const { Sid: _sid, Action: _a, NotAction: _na, Resource: _r, NotResource: _nr, ...rest } = statement.raw;
  // Same principal, same conditions, fewer actions and resources: a subset of what was allowed.
  return { Sid: sid, ...rest, Action: actions, Resource: resources };
}

/** An S3 endpoint: by its service, or, when the service is not given, by the policy's actions. */
function isS3Policy(statements: Statement[], service: string | undefined): boolean {
  if (service !== undefined) return serviceShortName(service) === 's3';
  const actions = statements.flatMap((s) => s.action ?? []);
  return actions.length > 0 && actions.every((a) => a.toLowerCase().startsWith('s3:'));
}

/**
 * Why a scoped statement can admit nobody: every principal it names is an account outside the
 * boundary (or a principal of one). Undefined when it can still admit someone.
 */
function admitsNobody(statement: Statement, options: TightenOptions): string | undefined {
  if (!statement.principal || statement.principal.length === 0) return undefined;
  const inside = new Set([options.accountId, ...options.trustedAccounts]);
  const accounts: string[] = [];
  for (const entry of statement.principal) {
    const kind = classifyPrincipal(entry);
    const account = kind.kind === 'account' ? kind.account : kind.kind === 'arn' ? kind.account : undefined;
    if (account === undefined || inside.has(account)) return undefined;
    accounts.push(account);
  }
  const named = [...new Set(accounts)].join(', ');
  const plural = accounts.length > 1 ? 's' : '';
  return options.orgId
    ? `it now admits its principal${plural} (account${plural} ${named}) only if they belong to organization ${options.orgId}, which the trust boundary does not assume`
    : `it now admits nobody: its only principal${plural} (account${plural} ${named}) ${plural ? 'are' : 'is'} outside the trust boundary`;
}

function pretty(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/**
 * Plans the tightening of an endpoint policy: each offending Allow statement gets a condition that
 * confines callers to the trust boundary (`aws:PrincipalOrgID` when an organization is set, else
 * `aws:PrincipalAccount`); everything else is kept. For S3 endpoints the AWS-owned bucket reads the
 * old policy granted are kept in a statement of their own. The result analyses as restricted, fits
 * 20,480 characters, allows nothing the original denied, and tightening it again changes nothing.
 */
export function planTightening(input: unknown, options: TightenOptions): TighteningPlan {
  const doc = parsePolicy(input);
  // Rewriting a policy that names a key twice would pick one reading for AWS: refuse instead.
  const duplicate = typeof input === 'string' ? findDuplicateKey(input, doc.raw) : undefined;
  if (duplicate) {
    throw new PolicyError(`the policy names "${duplicate.key}" twice in ${duplicate.path}, and AWS does not document which one it applies; write it once by hand`);
  }
  const analysisBefore = analysePolicy(doc.raw, options);
  const before = doc.raw;
  if (analysisBefore.verdict === 'restricted') {
    return { changed: false, before, after: before, afterText: JSON.stringify(before), diff: '', changes: [], analysisBefore };
  }
  const offending = new Set(analysisBefore.findings.map((f) => f.statement.index));
  const scope = scopingCondition(options);
  const s3 = isS3Policy(doc.statements, options.service);
  const keepReads = options.keepAwsOwnedReads ?? (s3 && options.region !== undefined);
  const owned = keepReads
    ? expandAwsOwnedResources(options.awsOwnedResources ?? DEFAULT_AWS_OWNED_RESOURCES, options.region)
    : [];

  const changes: string[] = [];
  const statements: Record<string, unknown>[] = [];
  const added: Record<string, unknown>[] = [];
  for (const statement of doc.statements) {
    if (!offending.has(statement.index)) {
      statements.push(statement.raw);
      continue;
    }
    const scoped = scopeStatement(statement.raw, scope);
    if (scoped) {
      statements.push(scoped.statement);
      const nobody = admitsNobody(statement, options);
      changes.push(
        `statement ${describeStatement(statement)}: added ${scoped.operator} ${scope.key} = ${scope.values.join(', ')}${nobody ? `; ${nobody}` : ''}`,
      );
    } else {
      changes.push(`statement ${describeStatement(statement)}: removed (every scoping operator on ${scope.key} is taken)`);
    }
    if (owned.length > 0) {
      const sid = added.length === 0 ? KEEP_READS_SID : `${KEEP_READS_SID}${added.length + 1}`;
      const reads = keepReadsStatement(statement, owned, sid);
      const same = reads && added.some((a) => JSON.stringify({ ...a, Sid: sid }) === JSON.stringify(reads));
      if (reads && !same) {
        added.push(reads);
        changes.push(`added statement "${sid}": keeps reads of AWS-owned service buckets that statement ${describeStatement(statement)} allowed`);
      }
    }
  }
  const readsLost =
    s3 && owned.length === 0 && options.keepAwsOwnedReads !== false && options.region === undefined &&
    doc.statements.some((st) => offending.has(st.index) && AWS_OWNED_READ_ACTIONS.some((a) => admitsAction(st, a)));
  if (readsLost) {
    changes.push('reads of AWS-owned S3 buckets (Amazon Linux repositories, SSM, Patch Manager, ECR layers) could not be kept: the region is unknown (pass --region)');
  }
  const all = [...statements, ...added];
  const after: Record<string, unknown> = {
    ...before,
    Statement: doc.statementWasObject && all.length === 1 ? all[0] : all,
  };
  const afterText = JSON.stringify(after);
  if (afterText.length > MAX_POLICY_CHARS) {
    throw new PolicyError(
      `the tightened policy would be ${afterText.length} characters, over the ${MAX_POLICY_CHARS} AWS accepts; tighten it by hand`,
    );
  }
  // A guard, not a branch users should ever see: the plan must analyse as restricted.
  if (analysePolicy(after, options).verdict !== 'restricted') {
    throw new VpceGuardError('internal error: the tightened policy still analyses as permissive; refusing to plan it');
  }
  const diff = createTwoFilesPatch('policy (before)', 'policy (after)', pretty(before), pretty(after), '', '', { context: 3 });
  return { changed: true, before, after, afterText, diff, changes, analysisBefore };
}
