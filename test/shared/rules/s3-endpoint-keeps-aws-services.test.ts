import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, FOREIGN, ORG, SELF, TRUSTED, evaluateRule, gateway, iface, snapshot } from '../../helpers/snapshot.js';
import { policyArb } from '../policy/arbitraries.js';
import { DEFAULT_AWS_OWNED_RESOURCES, analysePolicy, evaluateRequest, planTightening } from '../../../shared/policy/index.js';
import { PolicyError } from '../../../shared/errors.js';
import { SSM_SERVICE_BUCKETS } from '../../../shared/rules/s3-endpoint-keeps-aws-services.js';
import { findRule } from '../../../shared/rules/catalogue.js';
import { broadeningReasons } from '../../../shared/remediation/policy-guard.js';

const RULE = 's3-endpoint-keeps-aws-services';
const V = 'vpc-0ee1';
const CONFIG = { orgId: ORG, trustedAccounts: [TRUSTED] };
const BOUNDARY = { accountId: SELF, trustedAccounts: [TRUSTED], orgId: ORG, region: 'us-east-1' };
const SSM = iface({ id: 'vpce-ssm', vpc: V, service: 'ssm' });

/** Only the account's own reports bucket: what people write when they tighten by hand. */
const OWN_BUCKET_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::example-reports', 'arn:aws:s3:::example-reports/*'], Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }],
});
const KEEPS_SSM = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    ...JSON.parse(OWN_BUCKET_ONLY).Statement,
    { Sid: 'Ssm', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: SSM_SERVICE_BUCKETS.map((b) => b.replace('<region>', 'us-east-1')) },
  ],
});
/** Denies every bucket outside the account: the data-perimeter mistake that breaks Patch Manager. */
const DENY_FOREIGN = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
    { Sid: 'OnlyOurs', Effect: 'Deny', Principal: '*', Action: 's3:*', NotResource: ['arn:aws:s3:::example-reports', 'arn:aws:s3:::example-reports/*'] },
  ],
});

function run(policy: string | undefined, config: unknown = CONFIG, extra: unknown[] = [SSM]) {
  const s3 = gateway({ id: 'vpce-s3', vpc: V, ...(policy === undefined ? {} : { policy }) });
  if (policy === undefined) delete (s3 as Record<string, unknown>).PolicyDocument;
  return evaluateRule(RULE, snapshot({ VpcEndpoints: [s3, ...extra] }), config);
}

/** The statement a refused (alert-only) plan tells the operator to append, and the policy with it appended. */
function handFix(policy: string, plan: { summary: string }): { statement: Record<string, unknown>; after: string } {
  const statement = JSON.parse(plan.summary.slice(plan.summary.indexOf('{'))) as Record<string, unknown>;
  const doc = JSON.parse(policy) as { Statement: unknown };
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return { statement, after: JSON.stringify({ ...doc, Statement: [...list, statement] }) };
}

const inBoundaryRead = (bucket: string) => ({
  caller: { anonymous: false, account: SELF, arn: `arn:aws:iam::${SELF}:role/app`, orgId: ORG },
  action: 's3:GetObject',
  resource: `arn:aws:s3:::${bucket}/x`,
});

describe(RULE, () => {
  it('is compliant when the account can read every AWS-owned service bucket', () => {
    const result = run(KEEPS_SSM).get('vpce-s3');
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toBe(`The policy lets the account read all ${SSM_SERVICE_BUCKETS.length} AWS-owned service buckets (us-east-1).`);
    expect(run(DEFAULT_POLICY).get('vpce-s3').complianceType).toBe('COMPLIANT');
  });

  it('is non-compliant when the policy names only the account’s buckets, one finding per blocked bucket', () => {
    const result = run(OWN_BUCKET_ONLY).get('vpce-s3');
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings).toHaveLength(SSM_SERVICE_BUCKETS.length);
    expect(result.findings[1]).toEqual({
      key: 'Bucket::patch-baseline-snapshot-us-east-1',
      message: `s3:GetObject on arn:aws:s3:::patch-baseline-snapshot-us-east-1/* by account ${SELF} is not allowed.`,
    });
    expect(result.annotation).toMatch(/^The policy blocks reads of 9 AWS-owned service bucket\(s\) SSM and patching need: aws-ssm-us-east-1, patch-baseline/);
  });

  it('names an explicit Deny and refuses to plan around it', () => {
    const { get, remediations } = run(DENY_FOREIGN);
    expect(get('vpce-s3').findings[0]!.message).toContain('is explicitly denied');
    expect(remediations[0]).toMatchObject({ status: 'refused', steps: [] });
    expect(remediations[0]!.summary).toContain('an explicit Deny blocks aws-ssm-us-east-1');
  });

  it('is alert only: remediation never adds an Allow, so no remediation is declared and every plan is a refusal', () => {
    const rule = findRule(RULE)!;
    expect(rule.remediation).toBeUndefined();
    const plan = run(OWN_BUCKET_ONLY).remediations[0]!;
    expect(plan).toMatchObject({ status: 'refused', steps: [], iamActions: [], after: { PolicyDocument: OWN_BUCKET_ONLY } });
    expect(plan.summary).toMatch(/^Alert only: the fix adds an Allow, and remediation never broadens access\. To fix by hand, append this statement to the policy: \{"Sid":"VpceGuardKeepAwsOwnedReads"/);
    // The remediation guard would refuse the fix as broadening: the two agree.
    const { after } = handFix(OWN_BUCKET_ONLY, plan);
    expect(broadeningReasons(OWN_BUCKET_ONLY, after)).toEqual(['Allow statement #1 (Sid "VpceGuardKeepAwsOwnedReads") is not a narrowed copy of an Allow of the old policy']);
  });

  it('spells out one read statement that fixes the rule and broadens nothing else', () => {
    const { remediations } = run(OWN_BUCKET_ONLY);
    const { after } = handFix(OWN_BUCKET_ONLY, remediations[0]!);
    const statements = JSON.parse(after).Statement as Record<string, unknown>[];
    expect(statements.slice(0, 1)).toEqual(JSON.parse(OWN_BUCKET_ONLY).Statement);
    expect(statements[1]).toMatchObject({ Sid: 'VpceGuardKeepAwsOwnedReads', Action: ['s3:GetObject'], Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } });
    // The plan's policy satisfies the rule, and keeps outsiders out.
    expect(run(after).get('vpce-s3').complianceType).toBe('COMPLIANT');
    expect(analysePolicy(after, BOUNDARY).verdict).toBe('restricted');
    const outsider = { caller: { anonymous: false, account: FOREIGN, arn: `arn:aws:iam::${FOREIGN}:role/x` }, action: 's3:GetObject', resource: 'arn:aws:s3:::aws-ssm-us-east-1/x' };
    expect(evaluateRequest(after, outsider)).toBe('implicit-deny');
    expect(evaluateRequest(after, { ...inBoundaryRead('example-reports'), action: 's3:PutObject' })).toBe('allow');
    expect(evaluateRequest(after, { ...inBoundaryRead('other-bucket') })).toBe('implicit-deny');
  });

  it('scopes the read statement by account when no organization is set', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: SELF }, Action: 's3:*', Resource: 'arn:aws:s3:::example-reports/*' }] });
    const plan = run(policy, { trustedAccounts: [TRUSTED] }).remediations[0]!;
    const added = handFix(policy, plan).statement;
    expect(added.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': [SELF, TRUSTED] } });
  });

  it('is NOT_APPLICABLE without an SSM endpoint in the VPC, unless when is always', () => {
    expect(run(OWN_BUCKET_ONLY, CONFIG, []).get('vpce-s3')).toMatchObject({
      complianceType: 'NOT_APPLICABLE',
      annotation: `VPC ${V} has no ssm, ssmmessages or ec2messages endpoint (parameter when: ssm-endpoints).`,
    });
    const otherVpc = [iface({ id: 'vpce-ssm2', vpc: 'vpc-0other', service: 'ssmmessages' })];
    expect(run(OWN_BUCKET_ONLY, CONFIG, otherVpc).get('vpce-s3').complianceType).toBe('NOT_APPLICABLE');
    expect(run(OWN_BUCKET_ONLY, CONFIG, [iface({ id: 'vpce-m', vpc: V, service: 'ec2messages' })]).get('vpce-s3').complianceType).toBe('NON_COMPLIANT');
    expect(run(OWN_BUCKET_ONLY, { ...CONFIG, rules: { [RULE]: { when: 'always' } } }, []).get('vpce-s3').complianceType).toBe('NON_COMPLIANT');
  });

  it('is NOT_APPLICABLE for other services, exempt endpoints; an unknown `when` is refused', () => {
    const raw = snapshot({ VpcEndpoints: [gateway({ id: 'vpce-d', vpc: V, service: 'dynamodb', policy: OWN_BUCKET_ONLY }), SSM] });
    expect(evaluateRule(RULE, raw, CONFIG).get('vpce-d').complianceType).toBe('NOT_APPLICABLE');
    const exempt = gateway({ id: 'vpce-x', vpc: V, policy: OWN_BUCKET_ONLY, tags: { 'vpce-guard:exempt': RULE } });
    expect(evaluateRule(RULE, snapshot({ VpcEndpoints: [exempt, SSM] }), CONFIG).get('vpce-x').complianceType).toBe('NOT_APPLICABLE');
    expect(() => run(OWN_BUCKET_ONLY, { rules: { [RULE]: { when: 'sometimes' } } })).toThrow(/when/);
  });

  it('takes its own bucket list, also as a comma list', () => {
    const config = { ...CONFIG, rules: { [RULE]: { awsServiceBuckets: 'arn:aws:s3:::example-reports/*' } } };
    expect(run(OWN_BUCKET_ONLY, config).get('vpce-s3').complianceType).toBe('COMPLIANT');
    expect(() => run(OWN_BUCKET_ONLY, { rules: { [RULE]: { awsServiceBuckets: ['aws-ssm'] } } })).toThrow(/S3 ARN/);
  });

  it('reports a policy it cannot evaluate as an error of that endpoint', () => {
    const odd = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }] });
    const { errors, evaluations } = run(odd);
    expect(evaluations.filter((e) => e.resourceId === 'vpce-s3')).toEqual([]);
    expect(errors[0]!.message).toMatch(/^cannot evaluate the policy of vpce-s3 for arn:aws:s3:::aws-ssm-us-east-1\/\*/);
  });

  it('uses only buckets the tightening planner keeps', () => {
    for (const bucket of SSM_SERVICE_BUCKETS) expect(DEFAULT_AWS_OWNED_RESOURCES).toContain(bucket);
    const tightened = planTightening(DEFAULT_POLICY, { ...BOUNDARY, service: 'com.amazonaws.us-east-1.s3' });
    expect(tightened.changed).toBe(true);
    expect(run(tightened.afterText).get('vpce-s3').complianceType).toBe('COMPLIANT');
  });

  it('stays satisfied by every policy the tightening planner writes (property)', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
        const before = run(text).get('vpce-s3');
        fc.pre(before.complianceType === 'COMPLIANT');
        let afterText: string;
        try {
          afterText = planTightening(text, { ...BOUNDARY, service: 'com.amazonaws.us-east-1.s3' }).afterText;
        } catch (error) {
          if (error instanceof PolicyError) return; // a refused tightening writes nothing
          throw error;
        }
        expect(run(afterText).get('vpce-s3').complianceType).toBe('COMPLIANT');
      }),
      { numRuns: 120 },
    );
  });

  it('is satisfied by every policy its suggested statement makes (property)', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
        const { get, remediations } = run(text);
        fc.pre(get('vpce-s3').complianceType === 'NON_COMPLIANT');
        const plan = remediations[0]!;
        expect(plan.status).toBe('refused');
        if (!plan.summary.includes('append this statement')) return; // behind an explicit Deny or the size limit
        const { after } = handFix(text, plan);
        expect(run(after).get('vpce-s3').complianceType).toBe('COMPLIANT');
        // Nothing an outsider could not do before becomes possible.
        expect(analysePolicy(after, BOUNDARY).verdict === 'restricted' || analysePolicy(text, BOUNDARY).verdict !== 'restricted').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
