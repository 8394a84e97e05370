import type { RemediationStep } from '../remediation/types.js';
import type { RenderedReport } from './render.js';
import type { ReportInput } from './types.js';

/** A word the shell passes through unchanged: single-quoted unless plainly safe. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The `aws ec2 modify-vpc-attribute` flag of each attribute a plan turns on. */
const ATTRIBUTE_FLAG: Record<string, string> = { EnableDnsSupport: '--enable-dns-support', EnableDnsHostnames: '--enable-dns-hostnames' };

interface Command {
  words: string[];
  file?: { name: string; content: string };
}

function stepCommand(step: RemediationStep, ruleId: string): Command | undefined {
  const p = step.parameters;
  if (step.action === 'ec2:ModifyVpcEndpoint' && typeof p.VpcEndpointId === 'string') {
    const words = ['aws', 'ec2', 'modify-vpc-endpoint', '--vpc-endpoint-id', p.VpcEndpointId];
    const rest = Object.keys(p).filter((k) => k !== 'VpcEndpointId');
    if (rest.some((k) => k !== 'AddRouteTableIds' && k !== 'PolicyDocument')) return undefined;
    if (Array.isArray(p.AddRouteTableIds)) words.push('--add-route-table-ids', ...p.AddRouteTableIds.map(String));
    if (typeof p.PolicyDocument === 'string') {
      const name = `${p.VpcEndpointId}.${ruleId}.policy.json`;
      words.push('--policy-document', `file://${name}`);
      return { words, file: { name, content: `${JSON.stringify(JSON.parse(p.PolicyDocument), null, 2)}\n` } };
    }
    return { words };
  }
  if (step.action === 'ec2:ModifyVpcAttribute' && typeof p.VpcId === 'string') {
    const attrs = Object.keys(p).filter((k) => k !== 'VpcId');
    if (attrs.length !== 1 || !ATTRIBUTE_FLAG[attrs[0]!] || (p[attrs[0]!] as { Value?: unknown })?.Value !== true) return undefined;
    return { words: ['aws', 'ec2', 'modify-vpc-attribute', '--vpc-id', p.VpcId, ATTRIBUTE_FLAG[attrs[0]!]!] };
  }
  return undefined;
}

/**
 * The remediation plan as a POSIX shell script of `aws ec2` commands, to review and paste: one
 * block per plan (refused plans as comments, with the reason), policies in files beside the
 * script (`<endpoint>.<rule>.policy.json`, referred to as `file://…`). With `inFile`, the script
 * changes to its own folder first, so that it finds them. A step with no AWS CLI form is an error.
 */
export function renderShell(input: ReportInput, options: { inFile: boolean }): RenderedReport {
  const { result, model, tool } = input;
  const region = model.region ? ['--region', model.region] : [];
  const files: { name: string; content: string }[] = [];
  const planned = result.remediations.filter((p) => p.status === 'planned');
  const out = [
    '#!/bin/sh',
    `# vpce-guard ${tool.version} remediation plan${model.accountId ? ` for account ${model.accountId}` : ''}${model.region ? ` in ${model.region}` : ''}, ${input.generatedAt}.`,
    `# ${planned.length} planned, ${result.remediations.length - planned.length} refused. Review every command before running it; nothing has been changed.`,
    'set -eu',
  ];
  if (options.inFile) out.push('cd "$(dirname "$0")"');
  for (const plan of result.remediations) {
    out.push('', `# [${plan.status}] ${plan.ruleId} ${plan.resourceId}: ${plan.summary.replace(/\s*\n\s*/g, ' ')}`);
    for (const step of plan.steps) {
      const command = stepCommand(step, plan.ruleId);
      if (!command) throw new Error(`shell format: no aws command for ${step.action} ${JSON.stringify(step.parameters)}`);
      if (command.file) files.push(command.file);
      out.push([...command.words, ...region].map(shellWord).join(' '));
    }
  }
  if (result.remediations.length === 0) out.push('', '# Nothing to remediate.');
  return { text: `${out.join('\n')}\n`, files };
}
