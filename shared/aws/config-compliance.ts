import { paginateGetComplianceDetailsByConfigRule, type ComplianceType, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { StoredResult } from '../evaluation/types.js';
import { awsCall } from './call.js';

/** GetComplianceDetailsByConfigRule returns at most 100 results a page. */
const PAGE = 100;

/**
 * The results AWS Config holds for a rule (GetComplianceDetailsByConfigRule, every page), by
 * default only COMPLIANT and NON_COMPLIANT ones. A failed call is an AwsCallError naming the rule.
 */
export async function listStoredResults(
  client: ConfigServiceClient,
  configRuleName: string,
  complianceTypes: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT'],
): Promise<StoredResult[]> {
  return awsCall(`GetComplianceDetailsByConfigRule(${configRuleName})`, async () => {
    const out: StoredResult[] = [];
    const pages = paginateGetComplianceDetailsByConfigRule({ client, pageSize: PAGE }, { ConfigRuleName: configRuleName, ComplianceTypes: [...complianceTypes] });
    for await (const page of pages) {
      for (const r of page.EvaluationResults ?? []) {
        const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (!q?.ResourceType || !q.ResourceId || !r.ComplianceType) continue;
        out.push({ resourceType: q.ResourceType, resourceId: q.ResourceId, complianceType: r.ComplianceType });
      }
    }
    return out;
  });
}
