// A small AWS Config stand-in speaking the JSON 1.1 protocol, for the calls moto lacks or answers
// with a 500: PutEvaluations (with FailedEvaluations), StartConfigRulesEvaluation,
// GetComplianceDetailsByConfigRule, GetResourceConfigHistory, DescribeConfigRules. It keeps the results the way the
// compliance dashboard does (latest per rule and resource) and records every request it receives.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listenOnLoopback } from '../helpers/loopback.js';

let defaults: readonly string[] | undefined;

/**
 * The rules deployed by default: every catalogue rule under the stack's name `vpce-guard-<id>`,
 * read from the built CLI (`rules --format json`) rather than by importing the catalogue, which
 * would make every reliability file transform the whole rule core.
 */
export function defaultRules(): readonly string[] {
  defaults ??= (
    JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('../../dist/cli.js', import.meta.url)), 'rules', '--format', 'json'], { encoding: 'utf8' })) as { id: string }[]
  ).map((r) => `vpce-guard-${r.id}`);
  return defaults;
}

export interface StoredResult {
  ruleName: string;
  resourceType: string;
  resourceId: string;
  complianceType: string;
  annotation?: string;
  orderingTimestamp: number;
}

export interface ConfigRequest {
  action: string;
  body: Record<string, unknown>;
}

export interface ConfigStandIn {
  url: string;
  requests: ConfigRequest[];
  /** A result token for a rule: PutEvaluations with it writes that rule's results. */
  tokenFor(ruleName: string): string;
  /** Results held now, for one rule (the "dashboard"). */
  results(ruleName: string): StoredResult[];
  /** Seed results Config already holds (e.g. for resources deleted since). */
  hold(result: Omit<StoredResult, 'orderingTimestamp'> & { orderingTimestamp?: number }): void;
  /** Evaluations written with TestMode (not stored). */
  testModeEvaluations: Record<string, unknown>[];
  /** Configuration items GetResourceConfigHistory returns for a resource (newest first). */
  setHistory(resourceType: string, resourceId: string, items: Record<string, unknown>[]): void;
  /** StartConfigRulesEvaluation answers LimitExceededException while this is true. */
  evaluationInProgress: boolean;
  /** The rule names deployed in the account (DescribeConfigRules lists them, 25 a page; reset restores defaultRules()). */
  deployedRules: string[];
  /** Forget results, history and requests (tokens stay valid). */
  reset(): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function asTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  throw new ApiError('ValidationException', `OrderingTimestamp ${JSON.stringify(value)} is not a timestamp`);
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startConfigStandIn(): Promise<ConfigStandIn> {
  const requests: ConfigRequest[] = [];
  const tokens = new Map<string, string>();
  const held = new Map<string, StoredResult>();
  const history = new Map<string, Record<string, unknown>[]>();
  const testModeEvaluations: Record<string, unknown>[] = [];
  const state = { evaluationInProgress: false, deployedRules: [...defaultRules()] };

  const key = (r: { ruleName: string; resourceType: string; resourceId: string }) => `${r.ruleName}|${r.resourceType}|${r.resourceId}`;
  const store = (r: StoredResult) => {
    const previous = held.get(key(r));
    if (!previous || previous.orderingTimestamp <= r.orderingTimestamp) held.set(key(r), r);
  };

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    PutEvaluations(body) {
      const evaluations = (body.Evaluations ?? []) as Record<string, unknown>[];
      if (!Array.isArray(evaluations) || evaluations.length > 100) {
        throw new ApiError('InvalidParameterValueException', `at most 100 evaluations per call, got ${evaluations.length}`);
      }
      for (const e of evaluations) {
        for (const field of ['ComplianceResourceType', 'ComplianceResourceId', 'ComplianceType', 'OrderingTimestamp']) {
          if (e[field] === undefined) throw new ApiError('ValidationException', `evaluation without ${field}`);
        }
        if (typeof e.Annotation === 'string' && e.Annotation.length > 256) {
          throw new ApiError('ValidationException', `Annotation longer than 256 characters (${e.Annotation.length})`);
        }
      }
      if (body.TestMode === true) {
        testModeEvaluations.push(...evaluations);
        return { FailedEvaluations: [] };
      }
      const ruleName = tokens.get(String(body.ResultToken));
      if (!ruleName) throw new ApiError('InvalidResultTokenException', 'The result token is invalid.');
      for (const e of evaluations) {
        store({
          ruleName,
          resourceType: String(e.ComplianceResourceType),
          resourceId: String(e.ComplianceResourceId),
          complianceType: String(e.ComplianceType),
          annotation: e.Annotation as string | undefined,
          orderingTimestamp: asTime(e.OrderingTimestamp),
        });
      }
      return { FailedEvaluations: [] };
    },
    StartConfigRulesEvaluation(body) {
      const names = (body.ConfigRuleNames ?? []) as string[];
      if (names.length === 0 || names.length > 25) {
        throw new ApiError('InvalidParameterValueException', `ConfigRuleNames must hold 1 to 25 names, got ${names.length}`);
      }
      const unknown = names.filter((n) => !state.deployedRules.includes(n));
      if (unknown.length) throw new ApiError('NoSuchConfigRuleException', `The ConfigRule '${unknown[0]}' provided in the request is invalid.`);
      if (state.evaluationInProgress) throw new ApiError('LimitExceededException', 'An evaluation of these rules is in progress.');
      return {};
    },
    DescribeConfigRules(body) {
      const start = body.NextToken ? Number(body.NextToken) : 0;
      const page = state.deployedRules.slice(start, start + 25);
      return {
        ConfigRules: page.map((name) => ({ ConfigRuleName: name, ConfigRuleState: 'ACTIVE', Source: { Owner: 'CUSTOM_LAMBDA' } })),
        ...(start + 25 < state.deployedRules.length ? { NextToken: String(start + 25) } : {}),
      };
    },
    GetComplianceDetailsByConfigRule(body) {
      const ruleName = String(body.ConfigRuleName ?? '');
      const types = (body.ComplianceTypes as string[] | undefined) ?? [];
      const limit = Math.min(Number(body.Limit ?? 100) || 100, 100);
      const all = [...held.values()]
        .filter((r) => r.ruleName === ruleName && (types.length === 0 || types.includes(r.complianceType)))
        .sort((a, b) => key(a).localeCompare(key(b)));
      const start = body.NextToken ? Number(body.NextToken) : 0;
      const page = all.slice(start, start + limit);
      return {
        EvaluationResults: page.map((r) => ({
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: { ConfigRuleName: r.ruleName, ResourceType: r.resourceType, ResourceId: r.resourceId, EvaluationMode: 'DETECTIVE' },
            OrderingTimestamp: r.orderingTimestamp,
          },
          ComplianceType: r.complianceType,
          ResultRecordedTime: r.orderingTimestamp,
          ConfigRuleInvokedTime: r.orderingTimestamp,
          ...(r.annotation ? { Annotation: r.annotation } : {}),
        })),
        ...(start + limit < all.length ? { NextToken: String(start + limit) } : {}),
      };
    },
    GetResourceConfigHistory(body) {
      const items = history.get(`${String(body.resourceType)}|${String(body.resourceId)}`);
      if (!items) throw new ApiError('ResourceNotDiscoveredException', `Resource ${String(body.resourceId)} of resourceType:${String(body.resourceType)} is unknown or has not been discovered`);
      const limit = Number(body.limit ?? 10) || 10;
      return { configurationItems: items.slice(0, limit) };
    },
  };

  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      res.setHeader('Content-Type', 'application/x-amz-json-1.1');
      try {
        const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        requests.push({ action, body });
        const run = actions[action];
        if (!run) throw new ApiError('UnknownOperationException', `the Config stand-in does not serve ${action}`);
        res.end(JSON.stringify(run(body)));
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError('SerializationException', (error as Error).message);
        res.statusCode = e.status;
        res.end(JSON.stringify({ __type: e.code, message: e.message }));
      }
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    url: listening.url,
    requests,
    tokenFor(ruleName) {
      const token = Buffer.from(JSON.stringify({ rule: ruleName, n: tokens.size })).toString('base64');
      tokens.set(token, ruleName);
      return token;
    },
    results: (ruleName) => [...held.values()].filter((r) => r.ruleName === ruleName),
    hold: (r) => store({ orderingTimestamp: 0, ...r }),
    testModeEvaluations,
    setHistory: (resourceType, resourceId, items) => history.set(`${resourceType}|${resourceId}`, items),
    get evaluationInProgress() {
      return state.evaluationInProgress;
    },
    set evaluationInProgress(value: boolean) {
      state.evaluationInProgress = value;
    },
    get deployedRules() {
      return state.deployedRules;
    },
    set deployedRules(names: string[]) {
      state.deployedRules = names;
    },
    reset: () => {
      requests.length = 0;
      held.clear();
      history.clear();
      testModeEvaluations.length = 0;
      state.evaluationInProgress = false;
      state.deployedRules = [...defaultRules()];
    },
    close: listening.close,
  };
}
