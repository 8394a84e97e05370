import type { Tags } from '../model/index.js';

/** The tag that exempts a resource: value `*` or a comma list of rule ids. */
export const EXEMPT_TAG = 'vpce-guard:exempt';

/** The tag value when it exempts the resource from this rule; undefined otherwise. */
export function exemptionFor(tags: Tags, ruleId: string): string | undefined {
  const value = tags[EXEMPT_TAG];
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim());
  return ids.includes('*') || ids.includes(ruleId) ? value : undefined;
}
