// A tiny EC2 stand-in on the loopback interface: it answers the query protocol with EC2's XML,
// so tests exercise the SDK's real serialisation, parsing, pagination and retries.
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback.js';

export type Handler = (params: URLSearchParams) => string;

export interface StandIn {
  url: string;
  requests: URLSearchParams[];
  /** Answer the next N calls of an action with RequestLimitExceeded (HTTP 503). */
  throttle(action: string, times: number): void;
  close(): Promise<void>;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function response(action: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${body}</${action}Response>`;
}

/**
 * The EC2 answer to one query-protocol request: the handler's XML, a throttling error while the
 * action is throttled, or InvalidAction for an action without a handler.
 */
export function answerEc2(params: URLSearchParams, handlers: Record<string, Handler>, throttled: Map<string, number>): { status: number; body: string } {
  const action = params.get('Action') ?? '';
  const left = throttled.get(action) ?? 0;
  if (left > 0) {
    throttled.set(action, left - 1);
    return { status: 503, body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>' };
  }
  const handler = handlers[action];
  if (!handler) {
    return { status: 400, body: `<Response><Errors><Error><Code>InvalidAction</Code><Message>no stand-in for ${action}</Message></Error></Errors><RequestID>r</RequestID></Response>` };
  }
  return { status: 200, body: response(action, handler(params)) };
}

export async function startEc2StandIn(handlers: Record<string, Handler>): Promise<StandIn> {
  const requests: URLSearchParams[] = [];
  const throttled = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      requests.push(params);
      res.setHeader('Content-Type', 'text/xml');
      const answer = answerEc2(params, handlers, throttled);
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    requests,
    throttle: (action, times) => throttled.set(action, times),
    close: listening.close,
  };
}
