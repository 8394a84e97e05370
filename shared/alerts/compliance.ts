import { fitMessage, fitSubject, MAX_ALERT_BYTES } from './limits.js';
import { historyLink, previewCommand, resourceLink, ruleLink } from './links.js';
import { renderBody, rows } from './render.js';
import { fixLines, ruleFor } from './rule-info.js';
import type { Alert, ComplianceAlertInput } from './types.js';

const VPC_ID = /\bvpc-[0-9a-f]{8,17}\b/;

/** The VPC of the resource: the resource itself, or the VPC its annotation names. */
function vpcOf(input: ComplianceAlertInput): string | undefined {
  if (input.resourceType === 'AWS::EC2::VPC') return input.resourceId;
  return input.annotation?.match(VPC_ID)?.[0];
}

/**
 * The alert for one change of compliance: NON_COMPLIANT is a finding (what is wrong, what to do),
 * COMPLIANT and NOT_APPLICABLE close one (with the reason). Severity, title and the fix come from
 * the rule catalogue; an unknown rule id is an InputError.
 */
export function formatComplianceAlert(input: ComplianceAlertInput): Alert {
  const rule = ruleFor(input.ruleId);
  const { region, resourceType, resourceId } = input;
  const open = input.newCompliance === 'NON_COMPLIANT';
  const head = open ? `[${rule.severity}] NON_COMPLIANT` : `[${rule.severity}] RESOLVED`;
  const subject = fitSubject(head, rule.id, resourceId);

  const wrong = open
    ? [input.annotation ?? `The rule's condition is not met: ${rule.description}`]
    : input.newCompliance === 'NOT_APPLICABLE'
      ? [`The finding is closed: the rule no longer applies. ${input.annotation ?? 'The resource was deleted or left the rule\'s scope.'}`]
      : [`The finding is closed: the resource is compliant again.${input.annotation ? ` ${input.annotation}` : ''}`];
  const toDo = open
    ? fixLines(rule, previewCommand(rule.id, region))
    : ['Nothing to do. The finding was reported NON_COMPLIANT before; this alert closes it.'];
  const history = historyLink(resourceType, resourceId, region);

  const body = renderBody(
    [`${open ? 'NON_COMPLIANT' : 'RESOLVED'}: ${rule.title}`, `Severity ${rule.severity}, rule ${rule.id} (${input.configRuleName})`],
    [
      { title: open ? 'WHAT IS WRONG' : 'WHAT HAPPENED', lines: wrong },
      {
        title: 'WHERE',
        lines: rows([
          ['Account', input.accountId],
          ['Region', region],
          ['VPC', vpcOf(input) ?? 'not in the event (see the resource link)'],
          ['Resource', `${resourceType} ${resourceId}`],
        ]),
      },
      {
        title: 'WHAT CHANGED',
        lines: [`${input.oldCompliance ?? 'no earlier result'} -> ${input.newCompliance}${input.recordedAt ? ` at ${input.recordedAt}` : ''}`],
      },
      { title: 'WHAT TO DO', lines: toDo },
      {
        title: 'LINKS',
        lines: [`Resource: ${resourceLink(resourceType, resourceId, region)}`, `Rule: ${ruleLink(input.configRuleName, region)}`, `History: ${history}`],
      },
    ],
  );

  const attributes: Record<string, string> = {
    ruleId: rule.id,
    severity: rule.severity,
    complianceType: input.newCompliance,
    previousComplianceType: input.oldCompliance ?? 'NONE',
    accountId: input.accountId,
    region,
    eventKind: 'compliance-change',
  };
  const budget = MAX_ALERT_BYTES - Buffer.byteLength(subject) - 2048;
  return { subject, message: fitMessage(body, budget, `The full annotation is in the AWS Config timeline: ${history}`), attributes };
}
