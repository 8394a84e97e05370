import { z } from 'zod';
import { InputError } from '../errors.js';
import { cidrsOverlap } from '../model/cidr.js';
import type { IngressPermission, Vpc } from '../model/index.js';
import { intParam } from './params.js';
import type { EndpointRule, Finding, Verdict } from './types.js';

const parameters = z.strictObject({
  /** The port clients use: 443 for AWS services. */
  port: intParam(1).default(443),
});
type Params = z.output<typeof parameters>;

const OPEN = new Set(['0.0.0.0/0', '::/0']);

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
    compliant: 'Groups {groups} admit TCP {port} from inside {vpcId} and nothing from anywhere.',
    nonCompliant: 'Security groups of the endpoint: {problems}.',
  },
  evaluate(endpoint, { model, params }): Verdict {
    const vpc = model.vpc(endpoint.vpcId);
    if (!vpc) throw new InputError(`${endpoint.vpcId} of ${endpoint.id} is not in the snapshot's Vpcs`);
    const groups = endpoint.groupIds.map((id) => {
      const group = model.securityGroup(id);
      if (!group) throw new InputError(`security group ${id} of ${endpoint.id} is not in the snapshot's SecurityGroups`);
      return group;
    });
    const findings: Finding[] = [];
    for (const group of groups) {
      const open = group.ingress.filter((p) => [...p.ipv4Cidrs, ...p.ipv6Cidrs].some((c) => OPEN.has(c)));
      if (open.length > 0) {
        const what = open.map((p) => (p.protocol === '-1' ? 'all traffic' : `${p.protocol} ${p.fromPort}-${p.toPort}`));
        findings.push({ key: `SecurityGroup::${group.id}`, message: `${group.id} admits ${what.join(', ')} from anywhere (0.0.0.0/0 or ::/0).` });
      }
    }
    const admitting = groups.filter((g) => g.ingress.some((p) => coversPort(p, params.port) && fromInsideVpc(p, vpc)));
    if (admitting.length === 0) {
      findings.push({
        key: `Ingress::${params.port}`,
        message: `No attached group admits TCP ${params.port} from inside ${vpc.id}; clients in the VPC cannot reach the endpoint.`,
      });
    }
    if (findings.length === 0) {
      return { status: 'COMPLIANT', vars: { groups: admitting.map((g) => g.id), port: params.port, vpcId: vpc.id } };
    }
    const problems = findings.map((f) => (f.key.startsWith('Ingress::') ? `none admits TCP ${params.port} from ${vpc.id}` : `${f.key.slice('SecurityGroup::'.length)} is open to the internet`));
    return { status: 'NON_COMPLIANT', vars: { problems }, findings };
  },
};
