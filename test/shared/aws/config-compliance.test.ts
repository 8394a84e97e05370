import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listStoredResults } from '../../../shared/aws/config-compliance.js';
import { AwsCallError } from '../../../shared/errors.js';

const client = new ConfigServiceClient({ region: 'us-east-1' });
const config = mockClient(client);
const result = (id: string, type: 'COMPLIANT' | 'NON_COMPLIANT') => ({
  ComplianceType: type,
  EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'vpce-guard-endpoint-vpc-dns', ResourceType: 'AWS::EC2::VPCEndpoint', ResourceId: id } },
});

describe('listStoredResults', () => {
  beforeEach(() => {
    config.reset();
  });

  it('reads every page of compliant and non-compliant results of the rule', async () => {
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolvesOnce({ EvaluationResults: [result('vpce-a', 'COMPLIANT')], NextToken: 'p2' })
      .resolvesOnce({ EvaluationResults: [result('vpce-b', 'NON_COMPLIANT')] });

    const stored = await listStoredResults(client, 'vpce-guard-endpoint-vpc-dns');

    expect(stored).toEqual([
      { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-a', complianceType: 'COMPLIANT' },
      { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-b', complianceType: 'NON_COMPLIANT' },
    ]);
    expect(config).toHaveReceivedNthCommandWith(GetComplianceDetailsByConfigRuleCommand, 1, { ConfigRuleName: 'vpce-guard-endpoint-vpc-dns', ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'], Limit: 100 });
    expect(config).toHaveReceivedNthCommandWith(GetComplianceDetailsByConfigRuleCommand, 2, { NextToken: 'p2' });
  });

  it('fails naming the rule, never with an empty list', async () => {
    config.on(GetComplianceDetailsByConfigRuleCommand).rejects(Object.assign(new Error('no rule'), { name: 'NoSuchConfigRuleException' }));

    await expect(listStoredResults(client, 'vpce-guard-x')).rejects.toThrow(new AwsCallError('GetComplianceDetailsByConfigRule(vpce-guard-x) failed: NoSuchConfigRuleException: no rule'));
  });
});
