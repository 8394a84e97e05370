import { describe, expect, it } from 'vitest';
import { alertBytes, formatRemediationAlert, MAX_ALERT_BYTES, type RemediationAlertInput } from '../../../shared/alerts/index.js';

const openPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
const tightPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
});

const applied: RemediationAlertInput = {
  ruleId: 'endpoint-policy-restricted',
  resourceType: 'AWS::EC2::VPCEndpoint',
  resourceId: 'vpce-0feedface00000001',
  accountId: '210987654321',
  region: 'eu-west-1',
  vpcId: 'vpc-0b1a2c3d4e5f60789',
  mode: 'apply',
  outcome: 'applied',
  summary: 'Scoped the Allow statement to organization o-a1b2c3d4e5 (aws:PrincipalOrgID).',
  steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: 'vpce-0feedface00000001', PolicyDocument: tightPolicy } }],
  before: { policyDocument: openPolicy },
  after: { policyDocument: tightPolicy },
};

describe('formatRemediationAlert', () => {
  it('renders an applied remediation as the readable snapshot', async () => {
    // Act
    const alert = formatRemediationAlert(applied);

    // Assess
    await expect(`Subject: ${alert.subject}\n\n${alert.message}`).toMatchFileSnapshot('./snapshots/remediation-applied.txt');
  });

  it('carries the routing attributes, with eventKind remediation and the outcome', () => {
    const { attributes } = formatRemediationAlert(applied);
    expect(attributes).toEqual({
      ruleId: 'endpoint-policy-restricted',
      severity: 'HIGH',
      complianceType: 'NON_COMPLIANT',
      accountId: '210987654321',
      region: 'eu-west-1',
      eventKind: 'remediation',
      outcome: 'applied',
    });
  });

  it('leaves out attributes it does not know rather than sending empty ones', () => {
    const { attributes, message } = formatRemediationAlert({ ...applied, accountId: undefined, region: undefined });
    expect(Object.keys(attributes)).toEqual(['ruleId', 'severity', 'complianceType', 'eventKind', 'outcome']);
    expect(message).not.toContain('undefined');
  });

  it('reports a failure with its error and the fix to do by hand', () => {
    const alert = formatRemediationAlert({ ...applied, outcome: 'failed', error: 'UnauthorizedOperation: not allowed to ec2:ModifyVpcEndpoint' });
    expect(alert.subject).toBe('[HIGH] Remediation FAILED: endpoint-policy-restricted on vpce-0feedface00000001');
    expect(alert.message).toContain('Error: UnauthorizedOperation: not allowed to ec2:ModifyVpcEndpoint');
    expect(alert.message).toContain('fix it by hand');
    expect(alert.message).toContain('vpce-guard scan --region eu-west-1 --rules endpoint-policy-restricted --plan');
  });

  it('says a dry run changed nothing and how to apply', () => {
    const alert = formatRemediationAlert({ ...applied, mode: 'dry-run', outcome: 'would-apply' });
    expect(alert.subject).toContain('Remediation planned (dry run)');
    expect(alert.message).toContain('nothing was changed');
    expect(alert.message).toContain('REMEDIATION_MODE=apply');
  });

  it('shortens a long policy with a note saying where the full text is', () => {
    // Prepare
    const longPolicy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 200 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` })) });

    // Act
    const alert = formatRemediationAlert({ ...applied, before: { policyDocument: longPolicy } });

    // Assess
    expect(alert.message).not.toContain(longPolicy);
    expect(alert.message).toContain(`[shortened from ${JSON.stringify(JSON.parse(longPolicy), null, 2).length} characters; full text in the AWS Config timeline: https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/resources/timeline?resourceId=vpce-0feedface00000001`);
  });

  it('stays within SNS limits however much the steps carry', () => {
    // Prepare
    const steps = Array.from({ length: 400 }, (_, i) => ({ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: `vpce-${i}`, AddRouteTableIds: Array.from({ length: 100 }, (_, j) => `rtb-${String(j).padStart(17, '0')}`) } }));

    // Act
    const alert = formatRemediationAlert({ ...applied, steps });

    // Assess
    expect(alertBytes(alert)).toBeLessThanOrEqual(MAX_ALERT_BYTES);
    expect(alert.subject.length).toBeLessThanOrEqual(100);
    expect(alert.message).toContain("shortened to fit SNS's 256 KB limit");
  });
});
