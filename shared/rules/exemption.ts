import type { AccountModel, Tags } from '../model/index.js';

/** The tag that exempts a resource: value `*` or a comma list of rule ids. */
export const EXEMPT_TAG = 'vpce-guard:exempt';

function idsOf(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The tag value when it exempts the resource from this rule; undefined otherwise. */
export function exemptionFor(tags: Tags, ruleId: string): string | undefined {
  const value = tags[EXEMPT_TAG];
  if (value === undefined) return undefined;
  const ids = idsOf(value);
  return ids.includes('*') || ids.includes(ruleId) ? value : undefined;
}

/** Finding keys that name another resource, and how to find that resource's tags. */
const REFERENCED: readonly { prefix: string; tags: (model: AccountModel, id: string) => Tags | undefined }[] = [
  { prefix: 'RouteTable::', tags: (model, id) => model.routeTable(id)?.tags },
  { prefix: 'SecurityGroup::', tags: (model, id) => model.securityGroup(id)?.tags },
];

/**
 * When a finding is caused by a route table or security group (`RouteTable::rtb-…`,
 * `SecurityGroup::sg-…`) whose exemption tag covers the rule: that resource and the tag value.
 */
export function findingExemption(findingKey: string, ruleId: string, model: AccountModel): { resourceId: string; value: string } | undefined {
  for (const ref of REFERENCED) {
    if (!findingKey.startsWith(ref.prefix)) continue;
    const resourceId = findingKey.slice(ref.prefix.length);
    const tags = ref.tags(model, resourceId);
    const value = tags && exemptionFor(tags, ruleId);
    return value === undefined ? undefined : { resourceId, value };
  }
  return undefined;
}

/**
 * Exemption tags that name rule ids vpce-guard does not have (a misspelling exempts nothing):
 * one message per tagged resource, naming the resource, the unknown ids and the known ones.
 */
export function unknownExemptIds(model: AccountModel, knownIds: readonly string[]): { resourceId: string; message: string }[] {
  const tagged: { id: string; tags?: Tags | undefined }[] = [
    ...model.endpoints,
    ...model.vpcs,
    ...model.allRouteTables(),
    ...model.allSecurityGroups(),
  ];
  const known = new Set(knownIds);
  const out: { resourceId: string; message: string }[] = [];
  for (const resource of tagged) {
    const value = resource.tags?.[EXEMPT_TAG];
    if (value === undefined) continue;
    const unknown = idsOf(value).filter((id) => id !== '*' && !known.has(id));
    if (unknown.length === 0) continue;
    out.push({
      resourceId: resource.id,
      message: `${resource.id}: tag ${EXEMPT_TAG}=${value} names unknown rule id ${unknown.map((u) => `"${u}"`).join(', ')}, which exempts nothing (known: ${knownIds.join(', ')})`,
    });
  }
  return out;
}
