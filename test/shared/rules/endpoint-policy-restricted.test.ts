import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, FOREIGN, ORG, ORG_POLICY, SELF, TRUSTED, evaluateRule, gateway, iface, snapshot } from '../../helpers/snapshot.js';
import { analysePolicy, evaluateRequest } from '../../../shared/policy/index.js';

const RULE = 'endpoint-policy-restricted';
const V = 'vpc-0bb1';
const CONFIG = { orgId: ORG, trustedAccounts: [TRUSTED] };

describe(RULE, () => {
  it('is compliant for an organization-scoped policy', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: ORG_POLICY })] });
    const result = evaluateRule(RULE, raw, CONFIG).get('vpce-1');
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toContain(ORG);
  });

  it('flags the default full-access policy with a stable key and plans a tightening that keeps AWS-owned reads', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY })] });
    const { get, remediations } = evaluateRule(RULE, raw, CONFIG);
    expect(get('vpce-1').complianceType).toBe('NON_COMPLIANT');
    expect(get('vpce-1').findings.map((f) => f.key)).toEqual(['Principal::*']);
    const plan = remediations[0]!;
    expect(plan.status).toBe('planned');
    const newPolicy = plan.steps[0]!.parameters.PolicyDocument as string;
    expect(analysePolicy(newPolicy, { accountId: SELF, trustedAccounts: [TRUSTED], orgId: ORG, region: 'us-east-1' }).verdict).toBe('restricted');
    // Patch Manager keeps reading its AWS-owned bucket through the endpoint, even anonymously.
    const patch = { caller: { anonymous: true }, action: 's3:GetObject', resource: 'arn:aws:s3:::patch-baseline-snapshot-us-east-1/x.json' };
    expect(evaluateRequest(newPolicy, patch)).toBe('allow');
    expect(plan.diff).toContain('aws:PrincipalOrgID');
  });

  it('adds no S3 bucket statement when tightening a DynamoDB endpoint', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-d', vpc: V, service: 'dynamodb', policy: DEFAULT_POLICY })] });
    const plan = evaluateRule(RULE, raw, CONFIG).remediations[0]!;
    expect(plan.steps[0]!.parameters.PolicyDocument).not.toContain('s3:GetObject');
  });

  it('scopes by account when no organization is configured', () => {
    const raw = snapshot({ VpcEndpoints: [iface({ id: 'vpce-i', vpc: V, policy: DEFAULT_POLICY })] });
    const plan = evaluateRule(RULE, raw, { trustedAccounts: [TRUSTED] }).remediations[0]!;
    expect(JSON.parse(plan.steps[0]!.parameters.PolicyDocument as string).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalAccount': [SELF, TRUSTED] },
    });
  });

  it('names the foreign account a policy lets in', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: [SELF, FOREIGN] }, Action: '*', Resource: '*' }] });
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy })] });
    const result = evaluateRule(RULE, raw, CONFIG).get('vpce-1');
    expect(result.findings.map((f) => f.key)).toEqual([`Account::${FOREIGN}`]);
    expect(result.annotation).toContain(FOREIGN);
  });

  it('lets rule parameters override the global trust boundary (AWS Config passes strings)', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: FOREIGN }, Action: '*', Resource: '*' }] });
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy })] });
    const config = { ...CONFIG, rules: { [RULE]: { trustedAccounts: `${TRUSTED}, ${FOREIGN}` } } };
    expect(evaluateRule(RULE, raw, config).get('vpce-1').complianceType).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE without a policy, for services without policy support, and for terminal states', () => {
    const gwlb = { ...gateway({ id: 'vpce-g', vpc: V }), VpcEndpointType: 'GatewayLoadBalancer', ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0' };
    delete (gwlb as Record<string, unknown>).PolicyDocument;
    const noPolicySupport = iface({ id: 'vpce-n', vpc: V, service: 'example-nopolicy', policy: DEFAULT_POLICY });
    const raw = snapshot({
      VpcEndpoints: [gwlb, noPolicySupport, gateway({ id: 'vpce-x', vpc: V, policy: DEFAULT_POLICY, state: 'failed' })],
      ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.example-nopolicy', VpcEndpointPolicySupported: false }],
    });
    const { get } = evaluateRule(RULE, raw, CONFIG);
    expect(get('vpce-g').complianceType).toBe('NOT_APPLICABLE');
    expect(get('vpce-n').complianceType).toBe('NOT_APPLICABLE');
    expect(get('vpce-n').annotation).toContain('does not support endpoint policies');
    expect(get('vpce-x').complianceType).toBe('NOT_APPLICABLE');
  });

  it('is NOT_APPLICABLE with an exemption tag, and the annotation says so', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY, tags: { 'vpce-guard:exempt': `interface-endpoint-multi-az, ${RULE}` } })] });
    const result = evaluateRule(RULE, raw, CONFIG).get('vpce-1');
    expect(result.complianceType).toBe('NOT_APPLICABLE');
    expect(result.annotation).toContain('vpce-guard:exempt');
  });

  it('reports an endpoint whose account cannot be told, and still judges the others', () => {
    const orphan = gateway({ id: 'vpce-o', vpc: V, policy: DEFAULT_POLICY });
    delete (orphan as Record<string, unknown>).OwnerId;
    const raw = snapshot({ VpcEndpoints: [orphan, gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY })] });
    const { errors, get } = evaluateRule(RULE, raw, CONFIG);
    expect(errors).toEqual([{ ruleId: RULE, resourceId: 'vpce-o', message: expect.stringContaining('accountId') }]);
    expect(get('vpce-1').complianceType).toBe('NON_COMPLIANT');
    // With accountId in the config the same endpoint is judged.
    expect(evaluateRule(RULE, raw, { ...CONFIG, accountId: SELF }).get('vpce-o').complianceType).toBe('NON_COMPLIANT');
  });

  it('reports a policy that is not valid JSON as an error naming the endpoint', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-bad', vpc: V, policy: '{"Statement": [' })] });
    const { errors, evaluations } = evaluateRule(RULE, raw, CONFIG);
    expect(evaluations).toEqual([]);
    expect(errors[0]).toMatchObject({ resourceId: 'vpce-bad', message: expect.stringContaining('not valid JSON') });
  });

  it('is NOT_APPLICABLE for an interface endpoint with no policy, and says why', () => {
    const bare = iface({ id: 'vpce-i', vpc: V });
    delete (bare as Record<string, unknown>).PolicyDocument;
    const result = evaluateRule(RULE, snapshot({ VpcEndpoints: [bare] }), CONFIG);
    expect(result.get('vpce-i')).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation: 'The endpoint has no policy.' });
    expect(result.remediations).toEqual([]);
  });

  it('judges a service whose details say it supports policies', () => {
    const raw = snapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: DEFAULT_POLICY })],
      ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointPolicySupported: true }],
    });
    expect(evaluateRule(RULE, raw, CONFIG).get('vpce-1').complianceType).toBe('NON_COMPLIANT');
  });

  it('never lets a Deny whose principal is not modelled neutralise an Allow', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: '*', Resource: '*' },
      ],
    });
    const result = evaluateRule(RULE, snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy })] }), CONFIG).get('vpce-1');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings.map((f) => f.key)).toEqual(['Principal::*']);
  });

  it('names the trust boundary in the compliant annotation', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: ORG_POLICY })] });
    expect(evaluateRule(RULE, raw, CONFIG).get('vpce-1').annotation).toBe(
      `The policy admits no caller outside the trust boundary (account ${SELF}; trusted ${TRUSTED}; organization ${ORG}).`,
    );
    const accountOnly = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: SELF }, Action: '*', Resource: '*' }] }) })] });
    expect(evaluateRule(RULE, accountOnly).get('vpce-1').annotation).toBe(`The policy admits no caller outside the trust boundary (account ${SELF}).`);
  });

  it('refuses a plan it cannot make, with the reason', () => {
    // Prepare: a permissive policy that tightening would push past 20,480 characters.
    const statements = Array.from({ length: 400 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: '*', Action: `s3:GetObject`, Resource: `arn:aws:s3:::bucket-${i}/*` }));
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: V, policy: JSON.stringify({ Statement: statements }) })] });
    const { remediations } = evaluateRule(RULE, raw, CONFIG);
    expect(remediations[0]).toMatchObject({ status: 'refused', steps: [], summary: expect.stringMatching(/^Cannot tighten: .+\.$/) });
    expect(remediations[0]!.after).toEqual(remediations[0]!.before);
  });

  it('passes the endpoint service to the analyser, so only that service\'s actions count', () => {
    // Allow * and Deny dynamodb:* to outsiders: restricted on a DynamoDB endpoint (issue 6, item 4).
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } },
      ],
    });
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-d', vpc: V, service: 'dynamodb', policy }), gateway({ id: 'vpce-s', vpc: V, service: 's3', policy })] });
    const { get } = evaluateRule(RULE, raw, CONFIG);
    expect(get('vpce-s').complianceType).toBe('NON_COMPLIANT');
    expect(get('vpce-d').complianceType).toBe('COMPLIANT');
  });
});
