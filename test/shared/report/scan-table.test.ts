import { describe, expect, it } from 'vitest';
import { useColor } from '../../../shared/cli/scan.js';
import { renderScanTable } from '../../../shared/report/scan-table.js';
import { reportOf } from '../../helpers/report.js';
import { DEFAULT_POLICY, ORG, completeSnapshot, gateway, routeTable, subnet } from '../../helpers/snapshot.js';

const plain = { showAll: false, plan: false, color: false };

describe('renderScanTable', () => {
  const input = reportOf();

  it('opens with the summary by severity and by rule', () => {
    const lines = renderScanTable(input, plain).split('\n');
    expect(lines[0]).toBe('vpce-guard scan of account 314159265358');
    expect(lines[1]).toMatch(/^Summary: \d+ rules, \d+ evaluations: \d+ non-compliant, \d+ compliant, \d+ not applicable, 0 errors\.$/);
    expect(lines[2]).toMatch(/^By severity: CRITICAL 0, HIGH \d+, MEDIUM \d+, LOW 1$/);
    expect(lines[3]).toMatch(/^ {2}HIGH {5}gateway-endpoint-route-tables +4 non-compliant$/);
  });

  it('lists only non-compliant results by default, with Name tags; --show-all lists the rest', () => {
    const table = renderScanTable(input, plain);
    expect(table).toContain('NON_COMPLIANT  vpce-0b4d6f8a1c3e5a702 (prod-dynamodb)');
    expect(table).not.toMatch(/^ {2}COMPLIANT /m);
    expect(table).toContain('(2 compliant, 7 not applicable; --show-all lists them)');
    const all = renderScanTable(input, { ...plain, showAll: true });
    expect(all).toMatch(/^ {2}COMPLIANT {6}vpce-0b4d6f8a1c3e5a701 \(prod-s3\)/m);
    expect(all).toMatch(/^ {2}NOT_APPLICABLE /m);
    expect(all).not.toContain('--show-all lists them');
  });

  it('prints each distinct policy diff once, naming every endpoint it applies to', () => {
    // Three gateway endpoints with the same wide-open policy: one diff, three endpoints.
    const raw = completeSnapshot({
      VpcEndpoints: ['vpce-a', 'vpce-b', 'vpce-c'].map((id) => gateway({ id, vpc: 'vpc-1', policy: DEFAULT_POLICY, tables: ['rtb-main'], service: id === 'vpce-a' ? 's3' : `dynamodb${id}` })),
      RouteTables: [routeTable({ id: 'rtb-main', vpc: 'vpc-1', main: true })],
      Subnets: [subnet({ id: 'subnet-1', vpc: 'vpc-1' })],
    });
    const table = renderScanTable(reportOf(raw, { orgId: ORG }, ['endpoint-policy-restricted']), { ...plain, plan: true });
    const headers = table.split('\n').filter((l) => l.startsWith('Policy diff'));
    const diffLines = table.split('\n').filter((l) => l.includes('"aws:PrincipalOrgID": "o-testorg1234"') && l.trimStart().startsWith('+'));
    // vpce-a (s3) keeps AWS-owned reads, so its policy differs; vpce-b and vpce-c share one.
    expect(headers).toEqual([
      'Policy diff 1, for vpce-a (endpoint-policy-restricted):',
      'Policy diff 2, for vpce-b (endpoint-policy-restricted), vpce-c (endpoint-policy-restricted):',
    ]);
    expect(diffLines.length).toBeLessThan(4);
    expect(table).toContain('"PolicyDocument":"<');
    expect(table).toMatch(/characters: policy diff 2>"\}\n/);
  });

  it('colours only when asked', () => {
    expect(renderScanTable(input, plain)).not.toContain('\x1b[');
    expect(renderScanTable(input, { ...plain, color: true })).toContain('\x1b[31mNON_COMPLIANT');
  });

  it('asks for colour on a terminal only, and never with NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
});
