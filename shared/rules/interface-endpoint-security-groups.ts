import { z } from 'zod';
import { InputError } from '../errors.js';
import { cidrsOverlap } from '../model/cidr.js';
import type { Endpoint, IngressPermission, Vpc } from '../model/index.js';
import { sharedVerdict } from './frozen.js';
import { intParam } from './params.js';
import type { EndpointRule, Finding, RuleContext, Verdict } from './types.js';

const parameters = z.strictObject({
  /** The port clients use: 443 for AWS services. */
  port: intParam(1, 65535).default(443),
});
type Params = z.output<typeof parameters>;

const OPEN = new Set(['0.0.0.0/0', '::/0']);

const PROTOCOL_NAMES: Record<string, string> = { tcp: 'TCP', '6': 'TCP', udp: 'UDP', '17': 'UDP', icmp: 'ICMP', '1': 'ICMP', icmpv6: 'ICMPv6', '58': 'ICMPv6' };

/** `all traffic`, `TCP 443`, `TCP 1024-2048`, `all UDP ports`, `all ICMP`, `ICMP type 8`, `protocol 50`. */
function trafficText(p: IngressPermission): string {
  if (p.protocol === '-1' || p.protocol === 'all') return 'all traffic';
  const name = PROTOCOL_NAMES[p.protocol];
  if (name === undefined) return `protocol ${p.protocol}`;
  if (name.startsWith('ICMP')) {
    // For ICMP, FromPort is the type and ToPort the code; -1 means all.
    if (p.fromPort === undefined || p.fromPort === -1) return `all ${name}`;
    return `${name} type ${p.fromPort}${p.toPort === undefined || p.toPort === -1 ? '' : ` code ${p.toPort}`}`;
  }
  const from = p.fromPort ?? 0;
  const to = p.toPort ?? 65535;
  if (from <= 0 && to >= 65535) return `all ${name} ports`;
  return from === to ? `${name} ${from}` : `${name} ${from}-${to}`;
}

function coversPort(p: IngressPermission, port: number): boolean {
  if (p.protocol === '-1' || p.protocol === 'all') return true;
  if (p.protocol !== 'tcp' && p.protocol !== '6') return false;
  return (p.fromPort ?? 0) <= port && port <= (p.toPort ?? 65535);
}

function fromInsideVpc(p: IngressPermission, vpc: Vpc): boolean {
  // A group reference admits the instances in that group, which sit in the VPC.
  if (p.groupIds.length > 0) return true;
  return (
    p.ipv4Cidrs.some((c) => !OPEN.has(c) && vpc.ipv4Cidrs.some((v) => cidrsOverlap(c, v))) ||
    p.ipv6Cidrs.some((c) => !OPEN.has(c) && vpc.ipv6Cidrs.some((v) => cidrsOverlap(c, v)))
  );
}

/** An attached group admits TCP 443 from inside the VPC, and none admits traffic from 0.0.0.0/0 or ::/0. */
export const interfaceEndpointSecurityGroups: EndpointRule<Params> = {
  id: 'interface-endpoint-security-groups',
  title: 'Interface endpoint security groups admit the VPC, not the world',
  description:
    'At least one attached security group admits TCP 443 from inside the VPC, and no attached group admits traffic from 0.0.0.0/0 or ::/0.',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  endpointTypes: ['Interface'],
  parameters,
  requires: ['securityGroups', 'vpcs'],
  annotation: {
    compliant: '{groupNoun} {groups} {admit} TCP {port} from inside {vpcId} and nothing from anywhere.',
    nonCompliant: 'Security groups of the endpoint: {problems}.',
  },
  evaluate(endpoint, ctx): Verdict {
    // The verdict depends on the VPC, the groups and the port only: endpoints sharing them share it.
    return sharedVerdict(ctx.memo, `interface-endpoint-security-groups|${ctx.params.port}|${endpoint.vpcId}|${endpoint.groupIds.join(',')}`, () => judge(endpoint, ctx));
  },
};

function judge(endpoint: Endpoint, { model, params }: RuleContext<Params>): Verdict {
  // The engine has checked that the VPC and every group the endpoint names are in the model.
  const vpc = model.vpc(endpoint.vpcId)!;
  const groups = endpoint.groupIds.map((id) => model.securityGroup(id)!);
  const findings: Finding[] = [];
  const problems: string[] = [];
  for (const group of groups) {
    const open = group.ingress.filter((p) => [...p.ipv4Cidrs, ...p.ipv6Cidrs].some((c) => OPEN.has(c)));
    if (open.length > 0) {
      findings.push({ key: `SecurityGroup::${group.id}`, message: `${group.id} admits ${open.map(trafficText).join(', ')} from anywhere (0.0.0.0/0 or ::/0).` });
      problems.push(`${group.id} is open to the internet`);
    }
  }
  const port = `TCP ${params.port}`;
  const admitting = groups.filter((g) => g.ingress.some((p) => coversPort(p, params.port) && fromInsideVpc(p, vpc)));
  if (admitting.length === 0) {
    const prefixLists = [...new Set(groups.flatMap((g) => g.ingress.filter((p) => coversPort(p, params.port)).flatMap((p) => p.prefixListIds)))];
    if (prefixLists.length > 0 && findings.length === 0) {
      throw new InputError(
        `cannot tell whether clients in ${vpc.id} reach ${endpoint.id}: ${port} is admitted only from prefix list ${prefixLists.join(', ')}, whose entries vpce-guard does not read (not checked)`,
      );
    }
    if (prefixLists.length > 0) {
      findings.push({
        key: `Ingress::${params.port}`,
        message: `${port} from inside ${vpc.id} is not checked: it is admitted only from prefix list ${prefixLists.join(', ')}, whose entries vpce-guard does not read.`,
      });
      problems.push(`${port} from ${vpc.id} not checked (prefix list ${prefixLists.join(', ')})`);
    } else {
      findings.push({
        key: `Ingress::${params.port}`,
        message: `No attached group admits ${port} from inside ${vpc.id}; clients in the VPC cannot reach the endpoint.`,
      });
      problems.push(`none admits ${port} from ${vpc.id}`);
    }
  }
  if (findings.length === 0) {
    const one = admitting.length === 1;
    const vars = { groupNoun: one ? 'Group' : 'Groups', groups: admitting.map((g) => g.id), admit: one ? 'admits' : 'admit', port: params.port, vpcId: vpc.id };
    return { status: 'COMPLIANT', vars };
  }
  return { status: 'NON_COMPLIANT', vars: { problems }, findings };
}
