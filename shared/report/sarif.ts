import type { Rule, Severity } from '../rules/types.js';
import { findingsOf } from './summary.js';
import type { ReportInput } from './types.js';

/** SARIF levels by severity: what code-scanning tools sort and gate on. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note' };
/** GitHub code scanning's `security-severity` (0–10) by severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '3.0' };

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

function helpText(rule: Rule): { text: string; markdown: string } {
  const fix = rule.remediation ? `Remediation (opt-in): ${rule.remediation.description}` : 'No automatic remediation: the finding is an alert.';
  return {
    text: `${rule.description} ${fix} Mute an accepted finding with a config suppression or the tag vpce-guard:exempt.`,
    markdown: `**${rule.title}** (${rule.severity})\n\n${rule.description}\n\n${fix}\n\nMute an accepted finding with a \`suppressions\` entry of the config, or tag the resource \`vpce-guard:exempt\` = \`${rule.id}\`.`,
  };
}

/**
 * The scan as a SARIF 2.1.0 log: one `rule` per rule run (the catalogue unless `--rules`), with
 * help text and a level from its severity; one `result` per finding of a non-compliant result,
 * located at the resource (a logical location: account/region/resource) and fingerprinted by its
 * stable finding key, so a code-scanning service tracks it across scans. Errors are tool
 * notifications, and make the invocation unsuccessful.
 */
export function renderSarif(input: ReportInput): string {
  const { result, rules, model, tool } = input;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const scope = [model.accountId ?? 'unknown-account', model.region ?? 'unknown-region'].join('/');
  const results = result.evaluations
    .filter((e) => e.complianceType === 'NON_COMPLIANT')
    .flatMap((e) => {
      const rule = rules[index.get(e.ruleId) ?? -1];
      return findingsOf(e).map((finding) => ({
        ruleId: e.ruleId,
        ...(rule ? { ruleIndex: index.get(e.ruleId)!, level: LEVEL[rule.severity] } : { level: 'error' as const }),
        message: { text: `${e.resourceId}: ${finding.message}` },
        locations: [
          {
            logicalLocations: [{ name: e.resourceId, fullyQualifiedName: `${scope}/${e.resourceId}`, kind: 'resource' }],
            message: { text: e.annotation },
          },
        ],
        partialFingerprints: { 'vpceGuardFindingKey/v1': `${e.ruleId}|${e.resourceId}|${finding.key}` },
        properties: { resourceType: e.resourceType, resourceId: e.resourceId, findingKey: finding.key },
      }));
    });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascal(rule.id),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: helpText(rule),
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { severity: rule.severity, 'security-severity': SECURITY_SEVERITY[rule.severity], tags: ['security', 'aws', 'vpc-endpoint'] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            endTimeUtc: input.generatedAt,
            toolExecutionNotifications: [
              ...result.errors.map((e) => ({
                level: 'error' as const,
                message: { text: `${e.ruleId}${e.resourceId ? ` ${e.resourceId}` : ''}: ${e.message}` },
                ...(index.has(e.ruleId) ? { associatedRule: { id: e.ruleId, index: index.get(e.ruleId)! } } : {}),
              })),
              ...(result.warnings ?? []).map((w) => ({ level: 'warning' as const, message: { text: w.message } })),
            ],
          },
        ],
        results,
        properties: { account: model.accountId ?? null, region: model.region ?? null },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
