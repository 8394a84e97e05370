import { describe, expect, it } from 'vitest';
import { remediationAlert } from '../../../shared/remediation/alert.js';
import type { RemediationOutcome } from '../../../shared/remediation/index.js';

const ENDPOINT = 'vpce-0c1a2b3d4e5f60718';
// A long policy (over the formatter's 2,000-character cut for before/after values).
const OLD = JSON.stringify({
  Version: '2012-10-17',
  Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` })),
});

function outcome(status: RemediationOutcome['status']): RemediationOutcome {
  return {
    ruleId: 'endpoint-policy-restricted',
    resourceType: 'AWS::EC2::VPCEndpoint',
    resourceId: ENDPOINT,
    vpcId: 'vpc-0a',
    status,
    reason: 'statement #0: added StringEquals aws:PrincipalAccount = 210987654321',
    replanned: false,
    plan: {
      ruleId: 'endpoint-policy-restricted',
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceId: ENDPOINT,
      status: 'planned',
      summary: 'tighten',
      steps: [{ action: 'ec2:ModifyVpcEndpoint', parameters: { VpcEndpointId: ENDPOINT, PolicyDocument: '{"Statement":[]}' } }],
      before: { PolicyDocument: OLD },
      after: { PolicyDocument: '{"Statement":[]}' },
      iamActions: [],
    },
    steps: [],
  };
}

describe('remediationAlert', () => {
  it('carries the full old policy of a policy change, however long', () => {
    const alert = remediationAlert(outcome('applied'), { mode: 'apply', accountId: '210987654321', region: 'eu-west-1' })!;
    expect(OLD.length).toBeGreaterThan(2000);
    expect(alert.message).toContain(OLD);
    expect(alert.message).toContain(`vpce-guard rollback --endpoint ${ENDPOINT} --apply`);
    expect(alert.attributes).toMatchObject({ eventKind: 'remediation', outcome: 'applied' });
  });

  it('reports deferred and vanished outcomes as skipped, saying why', () => {
    const alert = remediationAlert(outcome('deferred'), { mode: 'apply' })!;
    expect(alert.attributes.outcome).toBe('skipped');
    expect(alert.message).toContain('deferred:');
  });

  it('sends nothing for a rule whose remediation is not switched on', () => {
    expect(remediationAlert(outcome('not-enabled'), { mode: 'apply' })).toBeUndefined();
  });
});
