import { describe, expect, it } from 'vitest';
import { formatComplianceAlert, type ComplianceAlertInput } from '../../../shared/alerts/index.js';

const violation: ComplianceAlertInput = {
  ruleId: 'gateway-endpoint-route-tables',
  configRuleName: 'vpce-guard-gateway-endpoint-route-tables',
  resourceType: 'AWS::EC2::VPCEndpoint',
  resourceId: 'vpce-0c0ffee1234567890',
  accountId: '210987654321',
  region: 'eu-west-1',
  oldCompliance: 'COMPLIANT',
  newCompliance: 'NON_COMPLIANT',
  annotation: 'No route to an s3 gateway endpoint in route tables serving subnets of vpc-0b1a2c3d4e5f60789: rtb-0d15ea5e0000beef1.',
  recordedAt: '2026-11-30T08:10:05.812Z',
};

describe('formatComplianceAlert', () => {
  it('renders a violation as the readable snapshot', async () => {
    // Act
    const alert = formatComplianceAlert(violation);

    // Assess
    await expect(`Subject: ${alert.subject}\n\n${alert.message}`).toMatchFileSnapshot('./snapshots/compliance-violation.txt');
  });

  it('says what is wrong, where, what changed, what to do, with console links', () => {
    // Act
    const { message } = formatComplianceAlert(violation);

    // Assess
    expect(message).toContain(violation.annotation);
    expect(message).toMatch(/Account\s+210987654321/);
    expect(message).toMatch(/VPC\s+vpc-0b1a2c3d4e5f60789/);
    expect(message).toContain('COMPLIANT -> NON_COMPLIANT');
    expect(message).toContain('vpce-guard scan --region eu-west-1 --rules gateway-endpoint-route-tables --plan');
    expect(message).toContain('Adds the missing route tables');
    expect(message).toContain('https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#EndpointDetails:vpcEndpointId=vpce-0c0ffee1234567890');
    expect(message).toContain('#/rules/details?configRuleName=vpce-guard-gateway-endpoint-route-tables');
  });

  it('carries the routing attributes of the rule and the change', () => {
    // Act
    const { attributes } = formatComplianceAlert({ ...violation, ruleId: 'interface-endpoint-multi-az', configRuleName: 'vpce-guard-interface-endpoint-multi-az' });

    // Assess
    expect(attributes).toEqual({
      ruleId: 'interface-endpoint-multi-az',
      severity: 'LOW',
      complianceType: 'NON_COMPLIANT',
      previousComplianceType: 'COMPLIANT',
      accountId: '210987654321',
      region: 'eu-west-1',
      eventKind: 'compliance-change',
    });
  });

  it('closes a finding on deletion with the reason, and says there is nothing to do', () => {
    // Act
    const alert = formatComplianceAlert({ ...violation, oldCompliance: 'NON_COMPLIANT', newCompliance: 'NOT_APPLICABLE', annotation: undefined });

    // Assess
    expect(alert.subject).toBe('[HIGH] RESOLVED gateway-endpoint-route-tables: vpce-0c0ffee1234567890');
    expect(alert.message).toContain('deleted or left the rule');
    expect(alert.message).toContain('NON_COMPLIANT -> NOT_APPLICABLE');
    expect(alert.message).toContain('Nothing to do');
    expect(alert.attributes.complianceType).toBe('NOT_APPLICABLE');
  });

  it('says what is expected when Config sends no annotation, and marks a first result', () => {
    // Act
    const { message, attributes } = formatComplianceAlert({ ...violation, oldCompliance: undefined, annotation: undefined });

    // Assess
    expect(message).toContain("The rule's condition is not met: Every route table of the VPC");
    expect(message).toContain('no earlier result -> NON_COMPLIANT');
    expect(attributes.previousComplianceType).toBe('NONE');
  });

  it('keeps the subject within 100 characters, one ASCII line, with the resource intact', () => {
    // Prepare
    const longId = 'vpce-0c0ffee1234567890';
    const input = { ...violation, resourceId: longId, ruleId: 'endpoint-policy-restricted', configRuleName: 'x' };

    // Act
    const normal = formatComplianceAlert(input).subject;
    const huge = formatComplianceAlert({ ...input, resourceType: 'AWS::EC2::Thing', resourceId: `weird\n${'é'.repeat(150)}` }).subject;

    // Assess
    expect(normal.length).toBeLessThanOrEqual(100);
    expect(normal.endsWith(longId)).toBe(true);
    expect(huge.length).toBeLessThanOrEqual(100);
    expect(huge).toMatch(/^[\x20-\x7e]+$/);
  });

  it('shortens a huge annotation to fit SNS, saying where the full text is', () => {
    // Act
    const alert = formatComplianceAlert({ ...violation, annotation: 'x'.repeat(300_000) });

    // Assess
    expect(Buffer.byteLength(alert.message)).toBeLessThan(256 * 1024 - 1000);
    expect(alert.message).toContain("shortened to fit SNS's 256 KB limit");
    expect(alert.message).toContain('#/resources/timeline?resourceId=vpce-0c0ffee1234567890');
  });

  it('uses the partition console for China regions', () => {
    const { message } = formatComplianceAlert({ ...violation, region: 'cn-north-1' });
    expect(message).toContain('https://cn-north-1.console.amazonaws.cn/vpcconsole/');
  });

  it('rejects a rule id that is not in the catalogue', () => {
    expect(() => formatComplianceAlert({ ...violation, ruleId: 'no-such-rule' })).toThrow(/"no-such-rule" is not a rule of the vpce-guard catalogue/);
  });
});
