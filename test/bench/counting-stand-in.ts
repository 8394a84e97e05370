// A loopback AWS for the benchmark: EC2 (query protocol, EC2's XML, at most 1000 items a page as
// EC2 pages them), AWS Config (JSON 1.1) and SNS Publish, on one port for AWS_ENDPOINT_URL. It
// serves one generated account and counts every call by action, so the bench can set the calls a
// function makes beside the fewest it could make.
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback.js';

type Raw = Record<string, unknown>;

export const PAGE = 1000;

export interface CountingStandIn {
  url: string;
  /** Calls by action (`DescribeVpcEndpoints`, `PutEvaluations`, …). */
  calls: Map<string, number>;
  /** Evaluations received by PutEvaluations. */
  evaluationsPut: number;
  reset(): void;
  close(): Promise<void>;
}

// List member → EC2 XML element, where EC2 does not simply add `Set`.
const SETS: Record<string, string> = {
  SecurityGroups: 'securityGroupInfo',
  IpPermissions: 'ipPermissions',
  IpPermissionsEgress: 'ipPermissionsEgress',
  IpRanges: 'ipRanges',
  Ipv6Ranges: 'ipv6Ranges',
  PrefixListIds: 'prefixListIds',
  UserIdGroupPairs: 'groups',
  VpcEndpoints: 'vpcEndpointSet',
  Groups: 'groupSet',
  DnsEntries: 'dnsEntrySet',
};

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toXml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value));
  let out = '';
  for (const [key, v] of Object.entries(value as Raw)) {
    if (Array.isArray(v)) {
      const name = SETS[key] ?? (key.endsWith('Set') ? lowerFirst(key) : `${lowerFirst(key.replace(/s$/, ''))}Set`);
      out += `<${name}>${v.map((item) => `<item>${toXml(item)}</item>`).join('')}</${name}>`;
    } else out += `<${lowerFirst(key)}>${toXml(v)}</${lowerFirst(key)}>`;
  }
  return out;
}

/** The `vpc-id` values of the request's filters, if it filters by VPC. */
function vpcFilter(params: URLSearchParams): Set<string> | undefined {
  for (const [key, value] of params) {
    if (/^Filter\.\d+\.Name$/.test(key) && value === 'vpc-id') {
      const n = key.split('.')[1];
      return new Set([...params].filter(([k]) => k.startsWith(`Filter.${n}.Value.`)).map(([, v]) => v));
    }
  }
  return undefined;
}

function idList(params: URLSearchParams, prefix: string): Set<string> | undefined {
  const ids = [...params].filter(([k]) => k.startsWith(`${prefix}.`)).map(([, v]) => v);
  return ids.length ? new Set(ids) : undefined;
}

const LISTS: Record<string, { key: string; id: string; ids?: string }> = {
  DescribeVpcEndpoints: { key: 'VpcEndpoints', id: 'VpcEndpointId', ids: 'VpcEndpointId' },
  DescribeRouteTables: { key: 'RouteTables', id: 'RouteTableId', ids: 'RouteTableId' },
  DescribeVpcs: { key: 'Vpcs', id: 'VpcId', ids: 'VpcId' },
  DescribeSubnets: { key: 'Subnets', id: 'SubnetId', ids: 'SubnetId' },
  DescribeSecurityGroups: { key: 'SecurityGroups', id: 'GroupId', ids: 'GroupId' },
};

function ec2Answer(account: Record<string, Raw[]>, attributes: Map<string, Raw>, params: URLSearchParams): { status: number; body: string } {
  const action = params.get('Action') ?? '';
  const list = LISTS[action];
  const wrap = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>bench</requestId>${body}</${action}Response>`;
  if (list) {
    const vpcs = vpcFilter(params);
    const ids = list.ids ? idList(params, list.ids) : undefined;
    let items = account[list.key] ?? [];
    if (vpcs) items = items.filter((r) => vpcs.has(String(r.VpcId)));
    if (ids) items = items.filter((r) => ids.has(String(r[list.id])));
    const start = Number(params.get('NextToken') ?? 0);
    const size = Math.min(Number(params.get('MaxResults') ?? PAGE), PAGE);
    const page = items.slice(start, start + size);
    const next = start + size < items.length ? `<nextToken>${start + size}</nextToken>` : '';
    return { status: 200, body: wrap(`${toXml({ [list.key]: page })}${next}`) };
  }
  if (action === 'DescribeVpcAttribute') {
    const vpcId = params.get('VpcId') ?? '';
    const attrs = attributes.get(vpcId);
    if (!attrs) return { status: 400, body: `<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID '${escapeXml(vpcId)}' does not exist</Message></Error></Errors><RequestID>b</RequestID></Response>` };
    const which = params.get('Attribute') === 'enableDnsHostnames' ? 'EnableDnsHostnames' : 'EnableDnsSupport';
    return { status: 200, body: wrap(toXml({ VpcId: vpcId, [which]: attrs[which] ?? { Value: false } })) };
  }
  if (action === 'DescribeVpcEndpointServices') {
    const names = [...params].filter(([k]) => k.startsWith('ServiceName.')).map(([, v]) => v);
    return { status: 200, body: wrap(toXml({ ServiceNameSet: names, ServiceDetailSet: names.map((n) => ({ ServiceName: n, VpcEndpointPolicySupported: true })) })) };
  }
  return { status: 400, body: `<Response><Errors><Error><Code>InvalidAction</Code><Message>the bench does not serve ${escapeXml(action)}</Message></Error></Errors><RequestID>b</RequestID></Response>` };
}

/** Starts the stand-in on a free port of 127.0.0.1, serving `account` (SDK-shaped lists by snapshot key) and the deployed Config rules. */
export async function startCountingStandIn(account: Record<string, Raw[]>, configRuleNames: readonly string[] = []): Promise<CountingStandIn> {
  const attributes = new Map((account.VpcAttributes ?? []).map((a) => [String(a.VpcId), a]));
  const state = { calls: new Map<string, number>(), evaluationsPut: 0 };
  const count = (action: string) => state.calls.set(action, (state.calls.get(action) ?? 0) + 1);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') {
        const action = target.split('.').pop() ?? '';
        count(action);
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        const body = (text ? JSON.parse(text) : {}) as Raw;
        if (action === 'PutEvaluations') {
          state.evaluationsPut += ((body.Evaluations as unknown[]) ?? []).length;
          res.end('{"FailedEvaluations":[]}');
        } else if (action === 'GetComplianceDetailsByConfigRule') res.end('{"EvaluationResults":[]}');
        else if (action === 'StartConfigRulesEvaluation') res.end('{}');
        else if (action === 'DescribeConfigRules') {
          // Every vpce-guard rule deployed under its default name, with its ARN.
          const rules = configRuleNames.map((name, i) => ({ ConfigRuleName: name, ConfigRuleId: `config-rule-bench${i}`, ConfigRuleArn: `arn:aws:config:us-east-1:123456789012:config-rule/config-rule-bench${i}`, ConfigRuleState: 'ACTIVE' }));
          res.end(JSON.stringify({ ConfigRules: rules }));
        }
        else {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'InvalidActionException', message: `the bench does not serve ${action}` }));
        }
        return;
      }
      const params = new URLSearchParams(text);
      const action = params.get('Action') ?? '';
      count(action);
      res.setHeader('Content-Type', 'text/xml');
      if (action === 'Publish') {
        res.end(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`);
        return;
      }
      const answer = ec2Answer(account, attributes, params);
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  const listening = await listenOnLoopback(server);
  const standIn: CountingStandIn = {
    url: listening.url,
    get calls() {
      return state.calls;
    },
    get evaluationsPut() {
      return state.evaluationsPut;
    },
    reset() {
      state.calls = new Map();
      state.evaluationsPut = 0;
    },
    close: listening.close,
  };
  return standIn;
}
