import { PolicyError } from '../errors.js';

/** One entry of a Principal or NotPrincipal element, e.g. `{type: 'AWS', value: '444455556666'}`. */
export interface PrincipalEntry {
  type: string;
  value: string;
}

/** One key of one operator block: `"StringEquals": {"aws:PrincipalOrgID": ["o-1"]}`. */
export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

/** A statement read into one form, whatever form the policy was written in. */
export interface Statement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Absent when the statement has neither Principal nor NotPrincipal. */
  principal?: PrincipalEntry[];
  notPrincipal?: PrincipalEntry[];
  action?: string[];
  notAction?: string[];
  /** Absent Resource and NotResource read as `Resource: "*"` (the endpoint's own scope). */
  resource?: string[];
  notResource?: string[];
  conditions: ConditionClause[];
  raw: Record<string, unknown>;
}

export interface PolicyDocument {
  version?: string;
  statements: Statement[];
  raw: Record<string, unknown>;
  /** `Statement` was written as one object rather than a list. */
  statementWasObject: boolean;
}

/** Error messages stay on one line whatever the input held. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A PolicyError whose message is one line, even when it quotes names from the policy. */
function policyError(message: string, options?: { cause?: unknown }): PolicyError {
  return new PolicyError(oneLine(message), options);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string') return item;
    throw policyError(`${where}${Array.isArray(value) ? `[${i}]` : ''} must be a string`);
  });
}

function principalEntries(value: unknown, where: string): PrincipalEntry[] {
  if (value === '*') return [{ type: '*', value: '*' }];
  if (!isRecord(value)) throw policyError(`${where} must be "*" or an object such as {"AWS": [...]}`);
  const entries: PrincipalEntry[] = [];
  for (const [type, raw] of Object.entries(value)) {
    for (const item of stringList(raw, `${where}.${type}`)) entries.push({ type, value: item });
  }
  return entries;
}

function conditionValue(value: unknown, where: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw policyError(`${where}${Array.isArray(value) ? `[${i}]` : ''} must be a string, number or boolean`);
  });
}

function conditionClauses(value: unknown, where: string): ConditionClause[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw policyError(`${where} must be an object of condition operators`);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) throw policyError(`${where}.${operator} must be an object of condition keys`);
    for (const [key, raw] of Object.entries(block)) {
      clauses.push({ operator, key, values: conditionValue(raw, `${where}.${operator}.${key}`) });
    }
  }
  return clauses;
}

function readStatement(raw: unknown, index: number): Statement {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) throw policyError(`${where} must be an object`);
  const { Effect, Sid } = raw;
  if (Effect !== 'Allow' && Effect !== 'Deny') throw policyError(`${where}.Effect must be "Allow" or "Deny"`);
  if (Sid !== undefined && typeof Sid !== 'string') throw policyError(`${where}.Sid must be a string`);
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) {
    throw policyError(`${where} has both Principal and NotPrincipal`);
  }
  if ((raw.Action === undefined) === (raw.NotAction === undefined)) {
    throw policyError(`${where} must have exactly one of Action and NotAction`);
  }
  if (raw.Resource !== undefined && raw.NotResource !== undefined) {
    throw policyError(`${where} has both Resource and NotResource`);
  }
  const statement: Statement = {
    index,
    effect: Effect,
    conditions: conditionClauses(raw.Condition, `${where}.Condition`),
    raw,
  };
  if (Sid !== undefined) statement.sid = Sid;
  if (raw.Principal !== undefined) statement.principal = principalEntries(raw.Principal, `${where}.Principal`);
  if (raw.NotPrincipal !== undefined) {
    statement.notPrincipal = principalEntries(raw.NotPrincipal, `${where}.NotPrincipal`);
  }
  if (raw.Action !== undefined) statement.action = stringList(raw.Action, `${where}.Action`);
  if (raw.NotAction !== undefined) statement.notAction = stringList(raw.NotAction, `${where}.NotAction`);
  if (raw.NotResource !== undefined) statement.notResource = stringList(raw.NotResource, `${where}.NotResource`);
  else statement.resource = raw.Resource === undefined ? ['*'] : stringList(raw.Resource, `${where}.Resource`);
  return statement;
}

/** The policy language versions IAM accepts. */
export const POLICY_VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];

/** Parses a policy given as JSON text (compact or pretty) or as an object. */
export function toPolicyObject(input: unknown): Record<string, unknown> {
  let value = input;
  // EC2 and Config hand out the policy as a string; a string holding a string is unwrapped once.
  for (let depth = 0; typeof value === 'string' && depth < 2; depth++) {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw policyError(`the policy is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!isRecord(value)) throw policyError('the policy must be a JSON object with a Statement');
  return value;
}

/**
 * Reads an endpoint policy in any of the forms AWS hands it out (object, compact or pretty JSON
 * string, `Statement` as one object or a list) into one normalised form.
 */
export function parsePolicy(input: unknown): PolicyDocument {
  const raw = toPolicyObject(input);
  if (!('Statement' in raw)) throw policyError('the policy has no Statement');
  const statementWasObject = isRecord(raw.Statement);
  const list = statementWasObject ? [raw.Statement] : raw.Statement;
  if (!Array.isArray(list)) throw policyError('Statement must be an object or a list of objects');
  if (raw.Version !== undefined && typeof raw.Version !== 'string') {
    throw policyError('Version must be a string');
  }
  if (raw.Version !== undefined && !POLICY_VERSIONS.includes(raw.Version as string)) {
    throw policyError(`Version "${String(raw.Version)}" is not a policy language version (use ${POLICY_VERSIONS.join(' or ')})`);
  }
  const doc: PolicyDocument = {
    statements: list.map((statement, index) => readStatement(statement, index)),
    raw,
    statementWasObject,
  };
  if (typeof raw.Version === 'string') doc.version = raw.Version;
  return doc;
}

/** `#2 (Sid "AllowOrg")`: how findings name a statement. */
export function describeStatement(statement: Pick<Statement, 'index' | 'sid'>): string {
  return statement.sid ? `#${statement.index} (Sid "${statement.sid}")` : `#${statement.index}`;
}
