import { paginateDescribeConfigRules, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { awsCall } from './call.js';

/**
 * The Config rules deployed in the client's account and region that are vpce-guard rules of the
 * wanted ids, by rule id (DescribeConfigRules, every page). `ruleIdOf` maps a deployed name to its
 * rule id (see `ruleIdOf` in shared/lambda/settings.ts: `vpce-guard-<id>` and the
 * `OrgConfigRule-vpce-guard-<id>-<suffix>` of organization rules). A rule id with no deployed rule
 * is absent from the map; a failed call is an AwsCallError.
 */
export async function deployedRuleNames(
  client: ConfigServiceClient,
  ruleIds: readonly string[],
  ruleIdOf: (configRuleName: string) => string | undefined,
): Promise<Map<string, string[]>> {
  const wanted = new Set(ruleIds);
  const found = new Map<string, string[]>();
  if (wanted.size === 0) return found;
  return awsCall('DescribeConfigRules', async () => {
    for await (const page of paginateDescribeConfigRules({ client }, {})) {
      for (const rule of page.ConfigRules ?? []) {
        const name = rule.ConfigRuleName;
        const id = name ? ruleIdOf(name) : undefined;
        if (!name || !id || !wanted.has(id)) continue;
        found.set(id, [...(found.get(id) ?? []), name]);
      }
    }
    return found;
  });
}
