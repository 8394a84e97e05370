// A fault-injecting HTTP proxy in front of one service (moto for EC2 and SNS, the Config stand-in
// for Config). The functions reach it through AWS_ENDPOINT_URL_<SERVICE>; it records every call,
// and answers chosen calls with the service's own error shapes, a delay, or a rewritten result.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback.js';

export type Service = 'ec2' | 'sns' | 'config';

/** One call that reached the proxy. */
export interface ProxiedCall {
  service: Service;
  action: string;
  /** Query-protocol parameters (EC2, SNS) or the JSON body (Config). */
  params: URLSearchParams | Record<string, unknown>;
  /** The fault injected into this call, if any. */
  fault?: string;
  /** HTTP status the caller received. */
  status: number;
  at: number;
}

/** An answer made up by the proxy instead of the upstream's. */
export interface Answer {
  status: number;
  body: string;
  contentType?: string;
}

/** A fault decides, per call, how to interfere: its own answer, 'forward', or a rewritten forward. */
interface Fault {
  action: string;
  left: number;
  kind: string;
  /** Only calls this accepts meet the fault (default: every call of the action). */
  match?: (call: IncomingCall) => boolean;
  apply(call: IncomingCall): Promise<Answer | 'forward' | { forwardBody: string; rewrite: (upstream: Answer) => Answer }>;
}

interface IncomingCall {
  action: string;
  body: string;
  params: URLSearchParams | Record<string, unknown>;
}

/** The error body a service returns, in its own protocol. */
export function errorAnswer(service: Service, status: number, code: string, message: string): Answer {
  if (service === 'config') {
    return { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, message }) };
  }
  if (service === 'ec2') {
    return {
      status,
      contentType: 'text/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`,
    };
  }
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  };
}

/** Each service's throttling answer, as the service sends it. */
export function throttleAnswer(service: Service): Answer {
  if (service === 'ec2') return errorAnswer('ec2', 503, 'RequestLimitExceeded', 'Request limit exceeded.');
  if (service === 'config') return errorAnswer('config', 400, 'ThrottlingException', 'Rate exceeded');
  return errorAnswer('sns', 429, 'Throttled', 'Rate exceeded');
}

/** Each service's internal-error answer. */
export function serverErrorAnswer(service: Service, status: number): Answer {
  if (service === 'config') return errorAnswer('config', status, 'InternalFailure', 'An internal error occurred.');
  return errorAnswer(service, status, status === 503 ? 'Unavailable' : 'InternalError', 'An internal error has occurred.');
}

export interface FaultProxy {
  url: string;
  service: Service;
  calls: ProxiedCall[];
  /** Calls of one action (all, or only those that got a 2xx). */
  callsOf(action: string, options?: { succeeded?: boolean }): ProxiedCall[];
  /** Faults injected so far, by kind. */
  injected: Record<string, number>;
  /** How often a moto gap was bridged (see describeByEndpointIdFilter). */
  shimmed: { count: number };
  /** Answer the next `times` calls of `action` with the service's throttling error. */
  throttle(action: string, times: number): void;
  /** Answer the next `times` calls of `action` with a 5xx in the service's shape. */
  serverError(action: string, times: number, status?: number): void;
  /** Delay the next `times` calls of `action` by `ms` before forwarding. */
  latency(action: string, ms: number, times?: number): void;
  /** Answer the next `times` calls of `action` with a made-up answer (`make` may change upstream state first). */
  answer(action: string, times: number, make: (call: IncomingCall) => Answer | Promise<Answer>, kind?: string): void;
  /**
   * Hold the next `parties` calls of `action` that `match` accepts until all of them have arrived
   * (or `timeoutMs` passed), then forward them together: makes a race between callers certain.
   */
  barrier(action: string, parties: number, match: (params: URLSearchParams | Record<string, unknown>) => boolean, timeoutMs: number): void;
  /**
   * Config only: in the next `times` PutEvaluations, forward only the evaluations for which `fails`
   * is false, and return the others in FailedEvaluations (the partial failure Config can answer).
   */
  partialPutEvaluations(times: number, fails: (evaluation: Record<string, unknown>, index: number) => boolean): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function actionOf(service: Service, headers: IncomingHttpHeaders, body: string, url: string): { action: string; params: URLSearchParams | Record<string, unknown> } {
  if (service === 'config') {
    const target = String(headers['x-amz-target'] ?? '');
    let params: Record<string, unknown>;
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      params = { unparsable: body };
    }
    return { action: target.split('.').pop() ?? '', params };
  }
  const params = new URLSearchParams(body || url.split('?')[1] || '');
  return { action: params.get('Action') ?? '', params };
}

/**
 * moto 5.2 answers DescribeVpcEndpoints with the `vpc-endpoint-id` filter with a 500
 * (FilterNotImplementedError), where EC2 returns the matching endpoints (none for unknown ids).
 * The shim asks moto once per id (VpcEndpointId.1, unknown ids skipped) and joins the answers.
 * It is a gap of the emulator, not a fault: `shimmed` counts how often it was used.
 */
async function describeByEndpointIdFilter(params: URLSearchParams, send: (body: string) => Promise<Answer>): Promise<Answer | undefined> {
  const filters = new Map<string, { name: string; values: string[] }>();
  for (const [key, value] of params) {
    const m = /^Filter\.(\d+)\.(Name|Value\.\d+)$/.exec(key);
    if (!m) continue;
    const f = filters.get(m[1]!) ?? { name: '', values: [] };
    if (m[2] === 'Name') f.name = value;
    else f.values.push(value);
    filters.set(m[1]!, f);
  }
  const byId = [...filters.values()].find((f) => f.name === 'vpc-endpoint-id');
  if (!byId) return undefined;
  const rest = [...filters.values()].filter((f) => f !== byId);
  let items = '';
  for (const id of byId.values) {
    const out = new URLSearchParams({ Action: 'DescribeVpcEndpoints', Version: params.get('Version') ?? '2016-11-15', 'VpcEndpointId.1': id });
    rest.forEach((f, i) => {
      out.set(`Filter.${i + 1}.Name`, f.name);
      f.values.forEach((v, j) => out.set(`Filter.${i + 1}.Value.${j + 1}`, v));
    });
    const answer = await send(out.toString());
    if (answer.status === 400 && answer.body.includes('InvalidVpcEndpointId.NotFound')) continue;
    if (answer.status !== 200) return answer;
    const start = answer.body.indexOf('<vpcEndpointSet>');
    const end = answer.body.lastIndexOf('</vpcEndpointSet>');
    if (start >= 0 && end > start) items += answer.body.slice(start + '<vpcEndpointSet>'.length, end);
  }
  return {
    status: 200,
    contentType: 'text/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fault-proxy-shim</requestId><vpcEndpointSet>${items}</vpcEndpointSet></DescribeVpcEndpointsResponse>`,
  };
}

/**
 * moto 5.2 ignores `DryRun: true` on ModifyVpcEndpoint and MAKES the change. EC2 answers a
 * permitted dry run with DryRunOperation (HTTP 412) and changes nothing; the shim does the same
 * for every EC2 call with DryRun=true, without forwarding it.
 */
const DRY_RUN_OK: Answer = errorAnswer('ec2', 412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');

/** Starts a proxy for `service` in front of `upstream` (an http://127.0.0.1:port URL). */
export async function startFaultProxy(service: Service, upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const calls: ProxiedCall[] = [];
  const injected: Record<string, number> = {};
  const shimmed = { count: 0 };
  let faults: Fault[] = [];

  function forward(method: string, path: string, headers: IncomingHttpHeaders, body: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method,
          path,
          headers: { ...headers, host: target.host, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, body: text, contentType: String(res.headers['content-type'] ?? '') }));
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      void (async () => {
        const { action, params } = actionOf(service, req.headers, body, req.url ?? '/');
        const call: IncomingCall = { action, body, params };
        const fault = faults.find((f) => f.action === action && f.left > 0 && (!f.match || f.match(call)));
        let answer: Answer;
        let kind: string | undefined;
        if (fault) fault.left -= 1;
        try {
          const decision = fault ? await fault.apply(call) : 'forward';
          const shim =
            decision !== 'forward' || service !== 'ec2'
              ? undefined
              : (params as URLSearchParams).get('DryRun') === 'true'
                ? DRY_RUN_OK
                : action === 'DescribeVpcEndpoints'
                  ? await describeByEndpointIdFilter(params as URLSearchParams, (b) => forward('POST', '/', req.headers, b))
                  : undefined;
          if (shim) {
            if (fault) kind = fault.kind;
            shimmed.count += 1;
            answer = shim;
          } else if (decision === 'forward') {
            if (fault) kind = fault.kind;
            answer = await forward(req.method ?? 'POST', req.url ?? '/', req.headers, body);
          } else if ('forwardBody' in decision) {
            kind = fault!.kind;
            answer = decision.rewrite(await forward(req.method ?? 'POST', req.url ?? '/', req.headers, decision.forwardBody));
          } else {
            kind = fault!.kind;
            answer = decision;
          }
        } catch (error) {
          answer = { status: 502, body: `fault proxy: upstream failed: ${(error as Error).message}`, contentType: 'text/plain' };
        }
        if (kind) injected[kind] = (injected[kind] ?? 0) + 1;
        calls.push({ service, action, params, fault: kind, status: answer.status, at: Date.now() });
        res.statusCode = answer.status;
        if (answer.contentType) res.setHeader('Content-Type', answer.contentType);
        res.end(answer.body);
      })();
    });
  });
  const listening = await listenOnLoopback(server);

  const add = (fault: Fault) => faults.push(fault);
  return {
    url: listening.url,
    service,
    calls,
    injected,
    shimmed,
    callsOf: (action, options = {}) =>
      calls.filter((c) => c.action === action && (!options.succeeded || (c.status >= 200 && c.status < 300))),
    throttle: (action, times) => add({ action, left: times, kind: `${service}:${action}:throttle`, apply: async () => throttleAnswer(service) }),
    serverError: (action, times, status = 500) =>
      add({ action, left: times, kind: `${service}:${action}:${status}`, apply: async () => serverErrorAnswer(service, status) }),
    latency: (action, ms, times = Number.MAX_SAFE_INTEGER) =>
      add({
        action,
        left: times,
        kind: `${service}:${action}:latency`,
        apply: async () => {
          await new Promise((r) => setTimeout(r, ms));
          return 'forward';
        },
      }),
    answer: (action, times, make, kind = `${service}:${action}:answer`) =>
      add({ action, left: times, kind, apply: async (call) => make(call) }),
    barrier: (action, parties, match, timeoutMs) => {
      let arrived = 0;
      let open: () => void = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      const timer = setTimeout(open, timeoutMs);
      add({
        action,
        left: parties,
        kind: `${service}:${action}:barrier`,
        match: (call) => match(call.params),
        apply: async () => {
          arrived += 1;
          if (arrived === parties) {
            clearTimeout(timer);
            open();
          }
          await opened;
          return 'forward';
        },
      });
    },
    partialPutEvaluations: (times, fails) => {
      if (service !== 'config') throw new Error('partialPutEvaluations is a Config fault');
      add({
        action: 'PutEvaluations',
        left: times,
        kind: 'config:PutEvaluations:partial-failure',
        apply: async (call) => {
          const params = call.params as { Evaluations?: Record<string, unknown>[] };
          const all = params.Evaluations ?? [];
          const failed = all.filter((e, i) => fails(e, i));
          const kept = all.filter((e, i) => !fails(e, i));
          return {
            forwardBody: JSON.stringify({ ...params, Evaluations: kept }),
            rewrite: (upstream) => {
              if (upstream.status !== 200) return upstream;
              const previous = JSON.parse(upstream.body || '{}') as { FailedEvaluations?: unknown[] };
              return {
                ...upstream,
                body: JSON.stringify({ FailedEvaluations: [...(previous.FailedEvaluations ?? []), ...failed] }),
              };
            },
          };
        },
      });
    },
    clearFaults: () => {
      faults = [];
    },
    close: listening.close,
  };
}

