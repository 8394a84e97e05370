import { describe, expect, it } from 'vitest';
import { evaluateRule, snapshot } from '../../helpers/snapshot.js';
import { apiGatewayEscaped, restApi } from '../../helpers/service-parts.js';

const RULE = 'private-api-requires-endpoint';
const API = 'k3m9p2q7x1';
const ARN = `arn:aws:execute-api:us-east-1:555544443333:${API}/*`;
const VPCE = 'vpce-0a1b2c3d4e5f60718';

const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ARN, ...extra });
const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
/** The deny AWS documents for private APIs: every call not through the named endpoint. */
const denyOthers = (condition: Record<string, unknown> = { StringNotEquals: { 'aws:SourceVpce': VPCE } }) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: condition,
});

function judge(p: unknown, o: { types?: string[]; raw?: boolean; tags?: Record<string, string> } = {}) {
  const text = p === undefined ? undefined : o.raw ? JSON.stringify(p) : apiGatewayEscaped(p);
  const raw = snapshot({ RestApis: [restApi({ id: API, ...(o.types ? { types: o.types } : {}), ...(text === undefined ? {} : { policy: text }), ...(o.tags ? { tags: o.tags } : {}) })] });
  return evaluateRule(RULE, raw);
}

describe(RULE, () => {
  it.each([
    ['an Allow with StringEquals aws:SourceVpce', policy(allow({ Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } })), `execute-api:Invoke is allowed only through ${VPCE}`],
    ['an Allow with aws:SourceVpc (any case of the key)', policy(allow({ Condition: { StringEquals: { 'AWS:sourceVPC': 'vpc-0f1e2d3c' } } })), 'execute-api:Invoke is allowed only through vpc-0f1e2d3c'],
    ['an open Allow and a Deny of every other endpoint', policy(allow(), denyOthers()), `execute-api:Invoke is allowed only through ${VPCE}`],
    ['a Deny with StringNotEqualsIfExists', policy(allow(), denyOthers({ StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0f1e2d3c' } })), 'execute-api:Invoke is allowed only through vpc-0f1e2d3c'],
    ['no statement that allows invocation', policy({ Effect: 'Allow', Principal: '*', Action: 'execute-api:ManageConnections', Resource: ARN }), 'no statement allows execute-api:Invoke'],
  ])('is compliant with %s', (_what, p, why) => {
    const result = judge(p).get(API);
    expect(result).toMatchObject({ complianceType: 'COMPLIANT', resourceType: 'AWS::ApiGateway::RestApi', annotation: `${API}: ${why}.` });
  });

  it('reads the policy as API Gateway escapes it and as plain JSON alike', () => {
    const p = policy(allow({ Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } }));
    expect(judge(p).get(API).complianceType).toBe('COMPLIANT');
    expect(judge(p, { raw: true }).get(API).complianceType).toBe('COMPLIANT');
    expect(judge(policy(allow()), { raw: true }).get(API).complianceType).toBe('NON_COMPLIANT');
  });

  it('is compliant without a resource policy: API Gateway lets nobody invoke such a private API', () => {
    expect(judge(undefined).get(API).annotation).toBe(`${API}: no resource policy, so API Gateway lets nobody invoke the private API.`);
  });

  it.each([
    ['an unconditional Allow', policy(allow())],
    ['an Allow of execute-api:*', policy(allow({ Action: 'execute-api:*' }))],
    ['an Allow with NotAction', policy({ Effect: 'Allow', Principal: '*', NotAction: 's3:*', Resource: ARN })],
    ['an Allow conditioned only on the caller', policy(allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } } }))],
    ['an Allow with a wildcard endpoint', policy(allow({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } }))],
    ['an Allow with StringEqualsIfExists (absent key passes)', policy(allow({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': VPCE } } }))],
    ['an Allow with a negated endpoint condition', policy(allow({ Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } }))],
    ['a Deny that also needs another condition', policy(allow(), denyOthers({ StringNotEquals: { 'aws:SourceVpce': VPCE }, Bool: { 'aws:SecureTransport': 'false' } }))],
    ['a Deny that covers only part of the API', policy(allow(), { ...denyOthers(), Resource: `arn:aws:execute-api:us-east-1:555544443333:${API}/prod/GET/*` })],
    ['a Deny of other endpoints with ForAnyValue (absent key: no deny)', policy(allow(), denyOthers({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': VPCE } }))],
    ['a Deny that spares a principal', policy(allow(), { ...denyOthers(), Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::555544443333:root' } })],
  ])('is non-compliant with %s', (_what, p) => {
    const result = judge(p).get(API);
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings).toEqual([
      {
        key: 'Statement::0',
        message: 'Statement #0 allows execute-api:Invoke with no aws:SourceVpce or aws:SourceVpc condition naming endpoints or VPCs, and no Deny refuses other sources: calls through any VPC endpoint reach the API.',
      },
    ]);
    expect(result.annotation).toBe(`${API}: statement(s) 0 allow execute-api:Invoke without aws:SourceVpce or aws:SourceVpc: any VPC endpoint, of any account, can invoke it.`);
  });

  it('names each open Allow by its Sid, and leaves the confined ones out', () => {
    const p = policy(allow({ Sid: 'Partners' }), allow({ Sid: 'Internal', Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } }), allow({ Sid: 'Legacy' }));
    expect(judge(p).get(API).findings.map((f) => f.key)).toEqual(['Statement::Partners', 'Statement::Legacy']);
  });

  it.each([
    ['REGIONAL', { types: ['REGIONAL'] }, 'The API is REGIONAL, not PRIVATE.'],
    ['EDGE', { types: ['EDGE'] }, 'The API is EDGE, not PRIVATE.'],
    ['exempt by tag', { tags: { 'vpce-guard:exempt': RULE } }, `Exempt by tag vpce-guard:exempt=${RULE}.`],
  ])('is NOT_APPLICABLE for an API that is %s', (_what, o, annotation) => {
    expect(judge(policy(allow()), o).get(API)).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation });
  });

  it('is an error, naming the API, when the policy cannot be read', () => {
    const raw = snapshot({ RestApis: [restApi({ id: API, policy: '{\\"Version\\":' })] });
    expect(evaluateRule(RULE, raw).errors).toEqual([{ ruleId: RULE, resourceId: API, message: expect.stringMatching(/^cannot read the resource policy of k3m9p2q7x1: /) }]);
  });
});
