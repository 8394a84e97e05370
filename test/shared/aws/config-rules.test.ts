import { ConfigServiceClient, ConfigServiceServiceException, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deployedRuleNames } from '../../../shared/aws/config-rules.js';
import { AwsCallError } from '../../../shared/errors.js';
import { ruleIdOf } from '../../../shared/lambda/settings.js';

const client = new ConfigServiceClient({ region: 'eu-west-1' });
const config = mockClient(client);
const rule = (ConfigRuleName: string) => ({ ConfigRuleName, Source: { Owner: 'CUSTOM_LAMBDA' as const } });
const idOf = (name: string) => ruleIdOf(name, {});

beforeEach(() => {
  config.reset();
});

describe('deployedRuleNames', () => {
  it('finds the wanted rules under both names, over every page, and nothing else', async () => {
    // Prepare
    config
      .on(DescribeConfigRulesCommand)
      .resolvesOnce({ ConfigRules: [rule('vpce-guard-endpoint-vpc-dns'), rule('s3-bucket-versioning')], NextToken: 't-2' })
      .resolvesOnce({ ConfigRules: [rule('OrgConfigRule-vpce-guard-endpoint-vpc-dns-a1b2c3d4'), rule('OrgConfigRule-vpce-guard-interface-endpoint-multi-az-z9y8x7w6')] });
    // Act
    const found = await deployedRuleNames(client, ['endpoint-vpc-dns', 'gateway-endpoint-route-tables'], idOf);
    // Assess
    expect([...found]).toEqual([['endpoint-vpc-dns', ['vpce-guard-endpoint-vpc-dns', 'OrgConfigRule-vpce-guard-endpoint-vpc-dns-a1b2c3d4']]]);
    expect(config.commandCalls(DescribeConfigRulesCommand)).toHaveLength(2);
  });

  it('asks nothing when no rule is wanted', async () => {
    // Act
    const found = await deployedRuleNames(client, [], idOf);
    // Assess
    expect(found.size).toBe(0);
    expect(config).not.toHaveReceivedCommand(DescribeConfigRulesCommand);
  });

  it('a refused listing is an AwsCallError naming the call', async () => {
    // Prepare
    config.on(DescribeConfigRulesCommand).rejects(new ConfigServiceServiceException({ name: 'AccessDeniedException', message: 'no', $fault: 'client', $metadata: {} }));
    // Act / Assess
    const failure = deployedRuleNames(client, ['endpoint-vpc-dns'], idOf);
    await expect(failure).rejects.toThrow(AwsCallError);
    await expect(failure).rejects.toThrow(/^DescribeConfigRules failed: AccessDeniedException/);
  });
});
