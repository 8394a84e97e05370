// A tiny SNS stand-in on the loopback interface: it answers the query protocol (Action=Publish)
// with SNS's XML, enforces SNS's Publish limits, and records every Publish it accepts, so tests
// exercise the SDK's real serialisation of subjects, messages and message attributes.
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** One accepted Publish, decoded. */
export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, { dataType: string; value: string }>;
}

export interface SnsStandIn {
  url: string;
  published: PublishedMessage[];
  /** Every request body, accepted or not. */
  requests: URLSearchParams[];
  close(): Promise<void>;
}

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function error(code: string, message: string, status = 400): { status: number; body: string } {
  return { status, body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-e</RequestId></ErrorResponse>` };
}

function attributesOf(params: URLSearchParams): Record<string, { dataType: string; value: string }> {
  const attributes: Record<string, { dataType: string; value: string }> = {};
  for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const name = params.get(`MessageAttributes.entry.${i}.Name`)!;
    attributes[name] = {
      dataType: params.get(`MessageAttributes.entry.${i}.Value.DataType`) ?? '',
      value: params.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '',
    };
  }
  return attributes;
}

/** SNS's answer to one request: Publish to a known topic within SNS's limits, else SNS's error. */
function answer(params: URLSearchParams, topics: Set<string>, published: PublishedMessage[]): { status: number; body: string } {
  const action = params.get('Action');
  if (action !== 'Publish') return error('InvalidAction', `no stand-in for ${action ?? '(none)'}`);
  const topicArn = params.get('TopicArn') ?? '';
  if (!topics.has(topicArn)) return error('NotFound', 'Topic does not exist', 404);
  const message = params.get('Message');
  if (!message) return error('InvalidParameter', 'Invalid parameter: Message');
  const subject = params.get('Subject') ?? undefined;
  if (subject !== undefined && (subject.length > 100 || /[\r\n]/.test(subject) || subject.length === 0)) {
    return error('InvalidParameter', 'Invalid parameter: Subject');
  }
  const attributes = attributesOf(params);
  if (Object.keys(attributes).length > 10) return error('InvalidParameter', 'Invalid parameter: MessageAttributes: too many');
  for (const [name, a] of Object.entries(attributes)) {
    if (a.dataType !== 'String' || a.value === '') return error('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type 'String'.`);
  }
  const size =
    Buffer.byteLength(message) +
    Buffer.byteLength(subject ?? '') +
    Object.entries(attributes).reduce((n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.dataType) + Buffer.byteLength(a.value), 0);
  if (size > 256 * 1024) return error('InvalidParameter', 'Invalid parameter: Message too long');
  published.push({ topicArn, ...(subject !== undefined ? { subject } : {}), message, attributes });
  const id = `00000000-0000-4000-8000-${String(published.length).padStart(12, '0')}`;
  return { status: 200, body: `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>req-${published.length}</RequestId></ResponseMetadata></PublishResponse>` };
}

/** Starts the stand-in with these topics; close it in `afterAll`. */
export async function startSnsStandIn(topicArns: string[]): Promise<SnsStandIn> {
  const topics = new Set(topicArns);
  const published: PublishedMessage[] = [];
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      requests.push(params);
      const reply = answer(params, topics, published);
      res.statusCode = reply.status;
      res.setHeader('Content-Type', 'text/xml');
      res.end(reply.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    published,
    requests,
    close: listening.close,
  };
}
