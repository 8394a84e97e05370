// A loopback stand-in for AWS Config (JSON 1.1 protocol, `X-Amz-Target: StarlingDoveService.<Op>`)
// that also answers EC2's query protocol (through the EC2 stand-in's handlers), so one
// AWS_ENDPOINT_URL reaches both, as a deployed function's calls would. It records every request.
import { createServer, type Server } from 'node:http';
import { answerEc2, type Handler as Ec2Handler } from './ec2-stand-in.js';
import { listenOnLoopback } from './loopback.js';

export type ConfigHandler = (body: Record<string, unknown>) => unknown;

/** One request to the stand-in: a Config operation with its JSON body, or an EC2 action with its parameters. */
export type Recorded = ({ service: 'config'; operation: string; body: Record<string, unknown> } | { service: 'ec2'; operation: string; params: URLSearchParams }) & {
  /** The access key id the request was signed with (from its Authorization header). */
  accessKeyId?: string;
};

export interface AwsStandIn {
  url: string;
  requests: Recorded[];
  /** The JSON bodies of one Config operation, in order. */
  config(operation: string): Record<string, unknown>[];
  /** The parameters of one EC2 action, in order. */
  ec2(action: string): URLSearchParams[];
  close(): Promise<void>;
}

const TARGET = 'StarlingDoveService.';

export async function startAwsStandIn(handlers: { ec2?: Record<string, Ec2Handler>; config?: Record<string, ConfigHandler> }): Promise<AwsStandIn> {
  const requests: Recorded[] = [];
  const throttled = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      const signed = accessKeyId ? { accessKeyId } : {};
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string' && target.startsWith(TARGET)) {
        const operation = target.slice(TARGET.length);
        const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        requests.push({ service: 'config', operation, body, ...signed });
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        const handler = handlers.config?.[operation];
        if (!handler) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'InvalidActionException', message: `no stand-in for ${operation}` }));
          return;
        }
        try {
          res.end(JSON.stringify(handler(body) ?? {}));
        } catch (error) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: (error as Error).name, message: (error as Error).message }));
        }
        return;
      }
      const params = new URLSearchParams(text);
      requests.push({ service: 'ec2', operation: params.get('Action') ?? '', params, ...signed });
      res.setHeader('Content-Type', 'text/xml');
      const answer = answerEc2(params, handlers.ec2 ?? {}, throttled);
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    requests,
    config: (operation) => requests.flatMap((r) => (r.service === 'config' && r.operation === operation ? [r.body] : [])),
    ec2: (action) => requests.flatMap((r) => (r.service === 'ec2' && r.operation === action ? [r.params] : [])),
    close: listening.close,
  };
}
