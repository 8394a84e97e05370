import { fitMessage, fitSubject, MAX_ALERT_BYTES } from './limits.js';
import { historyLink, previewCommand, resourceLink } from './links.js';
import { renderBody, rows, shorten, stepParameters, valueText } from './render.js';
import { fixLines, ruleFor } from './rule-info.js';
import type { Alert, RemediationAlertInput } from './types.js';

/** A before/after value longer than this (a policy, typically) is shortened with a note. */
export const MAX_VALUE_CHARS = 2000;

const HEADLINE: Record<RemediationAlertInput['outcome'], string> = {
  applied: 'Remediation applied',
  'would-apply': 'Remediation planned (dry run)',
  skipped: 'Remediation skipped',
  failed: 'Remediation FAILED',
  refused: 'Remediation refused',
};

function recordLines(record: Record<string, unknown>, whereFull: string): string[] {
  const keys = Object.keys(record);
  if (keys.length === 0) return ['  (nothing recorded)'];
  return keys.flatMap((key) => {
    const text = shorten(valueText(record[key]), MAX_VALUE_CHARS, whereFull);
    return text.includes('\n') ? [`  ${key}:`, ...text.split('\n').map((l) => `    ${l}`)] : [`  ${key}: ${text}`];
  });
}

function toDo(input: RemediationAlertInput, preview: string): string[] {
  switch (input.outcome) {
    case 'applied':
      return [`Nothing to do if the change above is wanted. Check the result: ${preview.replace(' --plan', '')}`];
    case 'would-apply':
      return [`Dry run: nothing was changed. Review the plan: ${preview}`, 'To let vpce-guard apply it, set REMEDIATION_MODE=apply; or fix it by hand.'];
    case 'skipped':
      return [`Nothing was changed (see why above). To act on it: ${preview}`];
    case 'failed':
      return [`Nothing may have changed: check the resource, then fix it by hand. Plan: ${preview}`];
    case 'refused':
      return [`vpce-guard will not guess here: an operator must decide. Plan: ${preview}`];
  }
}

/**
 * The alert for one remediation (dry run or applied): what was done or planned, the steps, the
 * state before and after (long values, such as policies, shortened with a note), what to do.
 * Severity comes from the rule catalogue; an unknown rule id is an InputError.
 */
export function formatRemediationAlert(input: RemediationAlertInput): Alert {
  const rule = ruleFor(input.ruleId);
  const { resourceType, resourceId, region } = input;
  const subject = fitSubject(`[${rule.severity}] ${HEADLINE[input.outcome]}:`, rule.id, resourceId, ' on ');
  const history = region ? historyLink(resourceType, resourceId, region) : undefined;
  const whereFull = history ? `full text in the AWS Config timeline: ${history}` : 'full text in the AWS Config timeline of the resource';
  const preview = previewCommand(rule.id, region);
  const happened = [input.summary, ...(input.error ? [`Error: ${input.error}`] : [])];
  const steps = input.steps.length
    ? input.steps.map((s, i) => `${i + 1}. ${s.action} ${shorten(stepParameters(s.parameters), MAX_VALUE_CHARS, whereFull)}`)
    : ['(no steps)'];

  const body = renderBody(
    [`${HEADLINE[input.outcome]}: ${rule.title}`, `Severity ${rule.severity}, rule ${rule.id}, mode ${input.mode}`],
    [
      { title: 'WHAT HAPPENED', lines: happened },
      {
        title: 'WHERE',
        lines: rows([
          ['Account', input.accountId],
          ['Region', region],
          ['VPC', input.vpcId ?? (resourceType === 'AWS::EC2::VPC' ? resourceId : undefined)],
          ['Resource', `${resourceType} ${resourceId}`],
        ]),
      },
      { title: input.outcome === 'applied' ? 'STEPS TAKEN' : 'STEPS', lines: steps },
      { title: 'WHAT CHANGED', lines: ['Before:', ...recordLines(input.before, whereFull), 'After:', ...recordLines(input.after, whereFull)] },
      { title: 'WHAT TO DO', lines: [...toDo(input, preview), ...(input.outcome === 'applied' ? [] : fixLines(rule, preview).slice(0, 1))] },
      {
        title: 'LINKS',
        lines: region ? [`Resource: ${resourceLink(resourceType, resourceId, region)}`, `History: ${history}`] : [],
      },
    ],
  );

  const attributes: Record<string, string> = {
    ruleId: rule.id,
    severity: rule.severity,
    complianceType: 'NON_COMPLIANT',
    ...(input.accountId ? { accountId: input.accountId } : {}),
    ...(region ? { region } : {}),
    eventKind: 'remediation',
    outcome: input.outcome,
  };
  const budget = MAX_ALERT_BYTES - Buffer.byteLength(subject) - 2048;
  return { subject, message: fitMessage(body, budget, whereFull), attributes };
}
