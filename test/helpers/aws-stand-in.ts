// One loopback HTTP endpoint that speaks three AWS protocols, routed as the SDK sends them: AWS
// Config (JSON 1.1, `X-Amz-Target: StarlingDoveService.*`), SNS (query, Version 2010-03-31) and
// EC2 (query, Version 2016-11-15, answered from an Ec2World with EC2's XML). Point
// AWS_ENDPOINT_URL at it and a real, unmodified bundle talks to it through the real SDK.
import { createServer, type Server } from 'node:http';
import { escapeXml } from './ec2-stand-in.js';
import { ec2Call, Ec2WorldError, type Ec2World } from './ec2-world.js';
import { listenOnLoopback } from './loopback.js';

export interface AwsStandIn {
  url: string;
  /** Config calls: the action (after `StarlingDoveService.`) and the JSON body. */
  config: { action: string; body: Record<string, unknown> }[];
  /** SNS Publish calls: their query parameters. */
  published: URLSearchParams[];
  /** EC2 actions received, in order. */
  ec2Actions: string[];
  close(): Promise<void>;
}

type Raw = Record<string, unknown>;

// SDK list member → EC2 XML set element.
const SETS: Record<string, string> = {
  VpcEndpoints: 'vpcEndpointSet',
  RouteTableIds: 'routeTableIdSet',
  SubnetIds: 'subnetIdSet',
  NetworkInterfaceIds: 'networkInterfaceIdSet',
  DnsEntries: 'dnsEntrySet',
  Groups: 'groupSet',
  Tags: 'tagSet',
  RouteTables: 'routeTableSet',
  Associations: 'associationSet',
  Routes: 'routeSet',
  Subnets: 'subnetSet',
  Vpcs: 'vpcSet',
  SecurityGroups: 'securityGroupInfo',
  IpPermissions: 'ipPermissions',
  ServiceDetails: 'serviceDetailSet',
  ServiceNames: 'serviceNameSet',
};

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function toXml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value));
  return Object.entries(value as Raw)
    .map(([key, v]) => {
      if (Array.isArray(v)) {
        const name = SETS[key] ?? `${lowerFirst(key)}Set`;
        return `<${name}>${v.map((item) => `<item>${toXml(item)}</item>`).join('')}</${name}>`;
      }
      return `<${lowerFirst(key)}>${toXml(v)}</${lowerFirst(key)}>`;
    })
    .join('');
}

/** EC2 query parameters → the SDK-shaped input the world takes. */
function ec2Input(action: string, params: URLSearchParams): Raw {
  const input: Raw = {};
  const lists = new Map<string, string[]>();
  const filters = new Map<number, { Name?: string; Values: string[] }>();
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const filter = /^Filter\.(\d+)\.(Name|Value\.\d+)$/.exec(key);
    if (filter) {
      const f = filters.get(Number(filter[1])) ?? { Values: [] };
      if (filter[2] === 'Name') f.Name = value;
      else f.Values.push(value);
      filters.set(Number(filter[1]), f);
      continue;
    }
    const listed = /^(\w+)\.\d+$/.exec(key);
    if (listed) {
      lists.set(listed[1]!, [...(lists.get(listed[1]!) ?? []), value]);
      continue;
    }
    const valued = /^(\w+)\.Value$/.exec(key);
    if (valued) {
      input[valued[1]!] = { Value: value === 'true' };
      continue;
    }
    input[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  if (filters.size) input.Filters = [...filters.values()];
  for (const [name, values] of lists) {
    // Describe calls take lists of ids; ModifyVpcEndpoint's AddRouteTableId.N is a list too.
    input[name === 'VpcEndpointId' && action === 'DescribeVpcEndpoints' ? 'VpcEndpointIds' : `${name}s`] = values;
  }
  return input;
}

function ec2Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>stand-in</RequestID></Response>`;
}

/** Starts the stand-in on 127.0.0.1 (a free port), answering EC2 from `world` and Config with `configAnswers` by action. */
export async function startAwsStandIn(world: Ec2World, options: { configAnswers?: Record<string, unknown> } = {}): Promise<AwsStandIn> {
  const standIn: Omit<AwsStandIn, 'url' | 'close'> = { config: [], published: [], ec2Actions: [] };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string' && target.startsWith('StarlingDoveService.')) {
        standIn.config.push({ action: target.slice('StarlingDoveService.'.length), body: JSON.parse(body || '{}') as Record<string, unknown> });
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        // The answer given for the action (e.g. DescribeConfigRules' rule list), else `{}`.
        res.end(JSON.stringify(options.configAnswers?.[target.slice('StarlingDoveService.'.length)] ?? {}));
        return;
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      res.setHeader('Content-Type', 'text/xml');
      if (params.get('Version') === '2010-03-31' && action === 'Publish') {
        standIn.published.push(params);
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${standIn.published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
        );
        return;
      }
      standIn.ec2Actions.push(action);
      try {
        const output = ec2Call(world, action, ec2Input(action, params));
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>stand-in</requestId>${toXml(output)}</${action}Response>`);
      } catch (error) {
        res.statusCode = error instanceof Ec2WorldError && error.code === 'DryRunOperation' ? 412 : 400;
        res.end(ec2Error(error instanceof Ec2WorldError ? error.code : 'InternalError', (error as Error).message));
      }
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    ...standIn,
    url: listening.url,
    close: listening.close,
  };
}
