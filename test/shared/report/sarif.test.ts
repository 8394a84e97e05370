import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../shared/report/sarif.js';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';
import { reportOf } from '../../helpers/report.js';

// The official SARIF 2.1.0 schema (draft-04), kept in test/fixtures/sarif (see NOTICE.md there).
const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
// Both are CommonJS with the export under `default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

describe('renderSarif', () => {
  const input = reportOf();
  const log = JSON.parse(renderSarif(input));
  const run = log.runs[0];

  it('is a valid SARIF 2.1.0 log', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the validator does reject a broken log (the check can fail)', () => {
    expect(validate({ ...log, runs: [{ ...run, results: [{ message: {}, level: 'severe' }] }] })).toBe(false);
  });

  it('has one rule per catalogue rule, with help text and a level from its severity', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(CATALOGUE.map((r) => r.id));
    for (const [i, rule] of CATALOGUE.entries()) {
      const sarifRule = run.tool.driver.rules[i];
      expect(sarifRule.help.text).toContain(rule.description);
      expect(sarifRule.defaultConfiguration.level).toBe({ CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note' }[rule.severity]);
    }
    expect(run.tool.driver).toMatchObject({ name: 'vpce-guard', version: '9.9.9' });
  });

  it('has one result per finding of each non-compliant result, keyed by its stable finding key', () => {
    const expected = input.result.evaluations
      .filter((e) => e.complianceType === 'NON_COMPLIANT')
      .flatMap((e) => (e.findings.length ? e.findings : [{ key: e.ruleId }]).map((f) => `${e.ruleId}|${e.resourceId}|${f.key}`));
    const keys = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['vpceGuardFindingKey/v1']);
    expect(keys).toEqual(expected);
    expect(new Set(keys).size).toBe(keys.length);
    const first = run.results[0];
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe(first.ruleId);
    expect(first.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^314159265358\/.+\/vpce-/);
  });

  it('levels follow severity: a LOW rule gives notes, a HIGH rule errors', () => {
    const levels = new Map(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]));
    expect(levels.get('interface-endpoint-multi-az')).toBe('note');
    expect(levels.get('gateway-endpoint-route-tables')).toBe('error');
    expect(levels.get('vpc-required-endpoints')).toBe('warning');
  });

  it('reports evaluation errors as notifications of an unsuccessful run, still valid', () => {
    const broken = reportOf({ VpcEndpoints: [{ VpcEndpointId: 'vpce-x', VpcEndpointType: 'Gateway', VpcId: 'vpc-x', ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: ['rtb-gone'] }], RouteTables: [] }, {}, ['gateway-endpoint-route-tables']);
    const out = JSON.parse(renderSarif(broken));
    expect(validate(out)).toBe(true);
    expect(out.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(out.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^gateway-endpoint-route-tables: needs .+, which the input does not provide$/);
  });
});
