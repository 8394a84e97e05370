import { describe, expect, it } from 'vitest';
import { FOREIGN, ORG, SELF, TRUSTED, evaluateRule, snapshot } from '../../helpers/snapshot.js';
import { serviceConfiguration } from '../../helpers/service-parts.js';

const RULE = 'endpoint-service-allowed-principals';
const SVC = 'vpce-svc-0a1b2c3d4e5f60718';
const BOUNDARY = { accountId: SELF, orgId: ORG, trustedAccounts: [TRUSTED] };

function judge(o: Parameters<typeof serviceConfiguration>[0], config: unknown = BOUNDARY) {
  return evaluateRule(RULE, snapshot({ ServiceConfigurations: [serviceConfiguration(o)] }), config);
}

describe(RULE, () => {
  it.each([
    ['its own account', [`arn:aws:iam::${SELF}:root`]],
    ['a role of a trusted account', [`arn:aws:iam::${TRUSTED}:role/consumer`]],
    ['the trusted organization', [`arn:aws:organizations::${TRUSTED}:organization/${ORG}`]],
    ['an OU of the trusted organization', [`arn:aws:organizations::${TRUSTED}:ou/${ORG}/ou-ab12-cd34ef56`]],
  ])('is compliant without manual acceptance when it allows only %s', (_what, principals) => {
    const result = judge({ id: SVC, acceptance: false, principals }).get(SVC);
    expect(result.complianceType).toBe('COMPLIANT');
    expect(result.annotation).toBe(`${SVC}: all 1 allowed principal(s) are in the trust boundary.`);
  });

  it('is compliant with any principal, * included, when every connection needs manual acceptance', () => {
    const result = judge({ id: SVC, acceptance: true, principals: ['*', `arn:aws:iam::${FOREIGN}:root`] }).get(SVC);
    expect(result).toMatchObject({ complianceType: 'COMPLIANT', annotation: `${SVC}: every connection needs manual acceptance (2 principal(s) allowed).` });
  });

  it('is compliant when no principal is allowed', () => {
    expect(judge({ id: SVC, acceptance: false, principals: [] }).get(SVC).annotation).toBe(`${SVC}: no principal is allowed to connect.`);
  });

  it.each([
    ['*', 'any AWS principal'],
    [`arn:aws:iam::${FOREIGN}:root`, `account ${FOREIGN}, outside the trust boundary`],
    [`arn:aws:iam::${FOREIGN}:user/someone`, `account ${FOREIGN}, outside the trust boundary`],
    [`arn:aws:organizations::${FOREIGN}:organization/o-otherorg999`, 'organization o-otherorg999, not the trusted organization'],
    ['elasticloadbalancing.amazonaws.com', 'an AWS service principal, not an account of the trust boundary'],
  ])('is non-compliant without manual acceptance when it allows %s', (principal, why) => {
    const result = judge({ id: SVC, acceptance: false, principals: [`arn:aws:iam::${SELF}:root`, principal] }).get(SVC);
    expect(result.complianceType).toBe('NON_COMPLIANT');
    expect(result.findings).toEqual([
      {
        key: `Principal::${principal}`,
        message: `${SVC} lets ${principal} (${why}) connect without manual acceptance: turn on acceptance (AcceptanceRequired) or remove the principal.`,
      },
    ]);
    expect(result.annotation).toBe(`${SVC} accepts connections without manual acceptance from ${principal}: outside the trust boundary.`);
  });

  it('reads the trust boundary from its own parameters over the global settings', () => {
    const o = { id: SVC, acceptance: false, principals: [`arn:aws:iam::${FOREIGN}:root`] };
    expect(judge(o).get(SVC).complianceType).toBe('NON_COMPLIANT');
    expect(judge(o, { ...BOUNDARY, rules: { [RULE]: { trustedAccounts: `${TRUSTED},${FOREIGN}` } } }).get(SVC).complianceType).toBe('COMPLIANT');
  });

  it.each([
    ['is deleted', { id: SVC, acceptance: false, principals: ['*'], state: 'Deleted' }, 'The endpoint service is deleted.'],
    ['is failed', { id: SVC, acceptance: false, principals: ['*'], state: 'Failed' }, 'The endpoint service is failed.'],
    ['carries the exemption tag', { id: SVC, acceptance: false, principals: ['*'], tags: { 'vpce-guard:exempt': '*' } }, 'Exempt by tag vpce-guard:exempt=*.'],
  ])('is NOT_APPLICABLE when the service %s', (_what, o, annotation) => {
    expect(judge(o).get(SVC)).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation, resourceType: 'AWS::EC2::VPCEndpointService' });
  });

  it('is an error when the permissions were not read, or the account is unknown', () => {
    expect(judge({ id: SVC, acceptance: false }).errors[0]!.message).toContain('gives no AllowedPrincipals');
    expect(judge({ id: SVC, acceptance: false, principals: [`arn:aws:iam::${SELF}:root`] }, {}).errors[0]!.message).toContain('set accountId in the config');
  });
});
