import { z } from 'zod';
import { triggerResourceTypes } from '../evaluation/trigger.js';
import { CATALOGUE } from '../rules/catalogue.js';
import type { Rule } from '../rules/types.js';

function parameterDefaults(rule: Rule): Record<string, unknown> {
  const shape = rule.parameters instanceof z.ZodObject ? (rule.parameters.shape as Record<string, unknown>) : {};
  const defaults = rule.parameters.parse({}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape).map((name) => [name, defaults[name] ?? null]));
}

/** The catalogue as data: what `vpce-guard rules --format json` prints. */
export function describeCatalogue() {
  return CATALOGUE.map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    resourceType: rule.resourceType,
    ...(rule.resourceType === 'AWS::EC2::VPCEndpoint' ? { endpointTypes: rule.endpointTypes } : {}),
    description: rule.description,
    // The configuration-item types whose changes the Config rule function re-judges this rule on.
    triggerTypes: triggerResourceTypes(rule),
    parameters: parameterDefaults(rule),
    remediation: rule.remediation ?? null,
  }));
}

/** `vpce-guard rules`. */
export function rulesCommand(format: 'table' | 'json'): number {
  const rules = describeCatalogue();
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const r of rules) {
    const types = r.endpointTypes ? `${r.resourceType} (${r.endpointTypes.join(', ')})` : r.resourceType;
    lines.push(`${r.id}  [${r.severity}]  ${types}`);
    lines.push(`  ${r.description}`);
    const params = Object.entries(r.parameters);
    lines.push(`  parameters: ${params.length ? params.map(([k, v]) => `${k}=${v === null ? '(unset)' : JSON.stringify(v)}`).join(', ') : 'none'}`);
    lines.push(`  remediation: ${r.remediation ? r.remediation.description : 'none (alert only)'}`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n'));
  return 0;
}
