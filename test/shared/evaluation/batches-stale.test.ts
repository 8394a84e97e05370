import { describe, expect, it } from 'vitest';
import { batchesOf, toPutEvaluations } from '../../../shared/evaluation/batches.js';
import { staleEvaluations, STALE_ANNOTATION } from '../../../shared/evaluation/stale.js';

describe('toPutEvaluations', () => {
  it('writes one evaluation per resource, the last one given winning, with the ordering time and a fitted annotation', () => {
    const at = new Date('2025-02-03T04:05:06Z');
    const out = toPutEvaluations(
      [
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-1', complianceType: 'COMPLIANT', annotation: 'first' },
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-2', complianceType: 'NOT_APPLICABLE', annotation: 'x'.repeat(300) },
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-1', complianceType: 'NON_COMPLIANT', annotation: 'second' },
      ],
      at,
    );

    expect(out).toEqual([
      { ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceResourceId: 'vpce-2', ComplianceType: 'NOT_APPLICABLE', Annotation: `${'x'.repeat(255)}…`, OrderingTimestamp: at },
      { ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceResourceId: 'vpce-1', ComplianceType: 'NON_COMPLIANT', Annotation: 'second', OrderingTimestamp: at },
    ]);
  });
});

describe('batchesOf', () => {
  it('splits into batches of at most 100', () => {
    const items = Array.from({ length: 201 }, (_, i) => i);
    expect(batchesOf(items).map((b) => b.length)).toEqual([100, 100, 1]);
    expect(batchesOf([])).toEqual([]);
    expect(batchesOf(items).flat()).toEqual(items);
  });
});

describe('staleEvaluations', () => {
  it('withdraws stored findings of resources the run did not evaluate, and leaves NOT_APPLICABLE ones alone', () => {
    const stale = staleEvaluations(
      [
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-gone', complianceType: 'NON_COMPLIANT' },
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-here', complianceType: 'NON_COMPLIANT' },
        { resourceType: 'AWS::EC2::RouteTable', resourceId: 'rtb-1', complianceType: 'NOT_APPLICABLE' },
        { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-gone-too', complianceType: 'COMPLIANT' },
      ],
      [{ resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-here', complianceType: 'COMPLIANT', annotation: 'ok' }],
    );

    expect(stale).toEqual([
      { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-gone', complianceType: 'NOT_APPLICABLE', annotation: STALE_ANNOTATION },
      { resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-gone-too', complianceType: 'NOT_APPLICABLE', annotation: STALE_ANNOTATION },
    ]);
  });
});
