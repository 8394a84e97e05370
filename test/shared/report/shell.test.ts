import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderShell, shellWord } from '../../../shared/report/shell.js';
import { reportOf } from '../../helpers/report.js';
import { ORG, completeSnapshot, dns, gateway, subnet } from '../../helpers/snapshot.js';

describe('renderShell', () => {
  const input = reportOf();
  const { text, files } = renderShell(input, { inFile: false });

  it('prints one aws ec2 command per planned step, and refused plans as comments', () => {
    const commands = text.split('\n').filter((l) => l.startsWith('aws '));
    const steps = input.result.remediations.flatMap((p) => p.steps);
    expect(commands).toHaveLength(steps.length);
    expect(commands).toContain('aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0b4d6f8a1c3e5a702 --add-route-table-ids rtb-0c2e4a6b8d1f3a504 rtb-0c2e4a6b8d1f3a505');
    for (const refused of input.result.remediations.filter((p) => p.status === 'refused')) {
      expect(text).toContain(`# [refused] ${refused.ruleId} ${refused.resourceId}: `);
    }
  });

  it('writes each new policy to a file the command refers to, the same policy as planned', () => {
    const policySteps = input.result.remediations.flatMap((p) => p.steps.filter((s) => 'PolicyDocument' in s.parameters).map((s) => ({ p, s })));
    expect(files).toHaveLength(policySteps.length);
    for (const { p, s } of policySteps) {
      const name = `${s.parameters.VpcEndpointId as string}.${p.ruleId}.policy.json`;
      expect(text).toContain(`--vpc-endpoint-id ${s.parameters.VpcEndpointId as string} --policy-document file://${name}`);
      expect(JSON.parse(files.find((f) => f.name === name)!.content)).toEqual(JSON.parse(s.parameters.PolicyDocument as string));
    }
  });

  it('is a script sh accepts, and turns DNS attributes on with their flags and the region', () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: 'vpc-1' })], Subnets: [subnet({ id: 'subnet-1', vpc: 'vpc-1' })], VpcAttributes: [dns('vpc-1', false, true)] });
    const dnsInput = reportOf(raw, { orgId: ORG, rules: { 'endpoint-vpc-dns': { remediateVpcAttributes: true } } }, ['endpoint-vpc-dns']);
    const script = renderShell({ ...dnsInput, model: Object.assign(Object.create(Object.getPrototypeOf(dnsInput.model)), dnsInput.model, { region: 'us-east-1' }) }, { inFile: true }).text;
    expect(script).toContain('aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-support --region us-east-1');
    expect(script).toContain('cd "$(dirname "$0")"');
    expect(() => execFileSync('sh', ['-n'], { input: text })).not.toThrow();
  });

  it('quotes what the shell would read otherwise', () => {
    expect(shellWord('vpce-0abc')).toBe('vpce-0abc');
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});
