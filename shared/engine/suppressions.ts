import { z } from 'zod';
import type { AccountModel } from '../model/index.js';
import { EXEMPT_TAG, findingExemption } from '../rules/exemption.js';
import type { Finding, Verdict } from '../rules/types.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-06-30` (valid through that day, UTC) or an ISO 8601 time with a zone. */
const expiresSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'expected a date (2026-06-30) or an ISO 8601 time with a zone (2026-06-30T12:00:00Z)',
});

/** One entry of the config's `suppressions` list (closed: unknown keys are errors). */
export const suppressionSchema = z.strictObject({
  ruleId: z.string().min(1),
  /** Only this resource (vpce-…, vpc-…); every resource without it. */
  resourceId: z.string().min(1).optional(),
  /** Only this finding (`RouteTable::rtb-…`); the whole result without it. */
  findingKey: z.string().min(1).optional(),
  reason: z.string().trim().min(1, 'say why the finding is accepted'),
  expires: expiresSchema.optional(),
});

export type SuppressionEntry = z.infer<typeof suppressionSchema>;

/** A suppression of the config, with its place in the list for messages. */
export interface Suppression extends SuppressionEntry {
  /** `suppressions[2]` */
  where: string;
}

/** The moment a suppression stops applying: the end of a date-only day, UTC. */
function expiryTime(expires: string): number {
  return DATE_ONLY.test(expires) ? Date.parse(`${expires}T00:00:00Z`) + 86_400_000 : Date.parse(expires);
}

function describe(s: Suppression): string {
  const what = [s.ruleId, s.resourceId, s.findingKey].filter(Boolean).join(' ');
  return `${s.where} (${what}: "${s.reason}")`;
}

/** Splits suppressions into those in force at `now` and messages for the expired ones. */
export function activeSuppressions(list: readonly Suppression[], now: Date): { active: Suppression[]; expired: { ruleId: string; message: string }[] } {
  const active: Suppression[] = [];
  const expired: { ruleId: string; message: string }[] = [];
  for (const s of list) {
    if (s.expires !== undefined && expiryTime(s.expires) <= now.getTime()) {
      expired.push({ ruleId: s.ruleId, message: `suppression ${describe(s)} expired on ${s.expires}: no longer applied, so its findings are reported again` });
    } else active.push(s);
  }
  return { active, expired };
}

function until(s: Suppression): string {
  return s.expires ? ` (until ${s.expires})` : '';
}

/**
 * Mutes what the operator accepted in a non-compliant verdict: a suppression without a finding
 * key makes the whole result NOT_APPLICABLE with its reason; one with a key drops that finding,
 * and so does a `vpce-guard:exempt` tag on the route table or security group a finding names.
 * With every finding dropped the result is NOT_APPLICABLE and says why; otherwise the remaining
 * findings stay (and only they are planned; `muted` says what was dropped, for the annotation).
 * Other verdicts are returned as they are.
 */
export function muteVerdict(ruleId: string, resourceId: string, verdict: Verdict, model: AccountModel, suppressions: readonly Suppression[]): Verdict {
  if (verdict.status !== 'NON_COMPLIANT') return verdict;
  const mine = suppressions.filter((s) => s.ruleId === ruleId && (s.resourceId === undefined || s.resourceId === resourceId));
  const whole = mine.find((s) => s.findingKey === undefined);
  if (whole) return { status: 'NOT_APPLICABLE', reason: `Suppressed by config ${whole.where}${until(whole)}: ${whole.reason}` };
  const reasons: string[] = [];
  const kept: Finding[] = [];
  for (const finding of verdict.findings) {
    const suppression = mine.find((s) => s.findingKey === finding.key);
    const tag = suppression ? undefined : findingExemption(finding.key, ruleId, model);
    if (suppression) reasons.push(`${finding.key} suppressed by config ${suppression.where}${until(suppression)}: ${suppression.reason}`);
    else if (tag) reasons.push(`${finding.key} exempt by tag ${EXEMPT_TAG}=${tag.value} on ${tag.resourceId}`);
    else kept.push(finding);
  }
  if (kept.length === verdict.findings.length) return verdict;
  if (kept.length === 0) return { status: 'NOT_APPLICABLE', reason: `${reasons.join('; ')}.` };
  // The template's text would still name the muted findings: the result says what is left instead.
  return { ...verdict, findings: kept, muted: reasons };
}
