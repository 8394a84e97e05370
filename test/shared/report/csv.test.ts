import { describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from '../../../shared/report/csv.js';
import { ORG, completeSnapshot, gateway, routeTable, subnet } from '../../helpers/snapshot.js';
import { reportOf } from '../../helpers/report.js';

/** A minimal RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('renderCsv', () => {
  it('has a header, one row per finding of a non-compliant result and one per other result', () => {
    const input = reportOf();
    const rows = parseCsv(renderCsv(input));
    expect(rows[0]).toEqual(['ruleId', 'severity', 'resourceType', 'resourceId', 'name', 'complianceType', 'findingKey', 'message']);
    const expected = input.result.evaluations.reduce((n, e) => n + (e.complianceType === 'NON_COMPLIANT' ? Math.max(1, e.findings.length) : 1), 0);
    expect(rows.length - 1).toBe(expected + input.result.errors.length);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    const dynamo = rows.filter((r) => r[3] === 'vpce-0b4d6f8a1c3e5a702' && r[0] === 'gateway-endpoint-route-tables');
    expect(dynamo.map((r) => [r[1], r[4], r[5], r[6]])).toEqual([
      ['HIGH', 'prod-dynamodb', 'NON_COMPLIANT', 'RouteTable::rtb-0c2e4a6b8d1f3a504'],
      ['HIGH', 'prod-dynamodb', 'NON_COMPLIANT', 'RouteTable::rtb-0c2e4a6b8d1f3a505'],
    ]);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas in Name tags', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    const raw = completeSnapshot({
      VpcEndpoints: [gateway({ id: 'vpce-1', vpc: 'vpc-1', tags: { Name: '=cmd|"/c calc"!A1, x' } })],
      RouteTables: [routeTable({ id: 'rtb-main', vpc: 'vpc-1', main: true })],
      Subnets: [subnet({ id: 'subnet-1', vpc: 'vpc-1' })],
    });
    const rows = parseCsv(renderCsv(reportOf(raw, { orgId: ORG }, ['gateway-endpoint-route-tables'])));
    expect(rows[1]![4]).toBe(`'=cmd|"/c calc"!A1, x`);
  });

  it('lists evaluation errors as ERROR rows', () => {
    const raw = completeSnapshot({ VpcEndpoints: [gateway({ id: 'vpce-1', vpc: 'vpc-1', tables: ['rtb-gone'] })] });
    const rows = parseCsv(renderCsv(reportOf(raw, { orgId: ORG }, ['gateway-endpoint-route-tables'])));
    expect(rows[1]!.slice(0, 6)).toEqual(['gateway-endpoint-route-tables', 'HIGH', 'AWS::EC2::VPCEndpoint', 'vpce-1', '', 'ERROR']);
    expect(rows[1]![7]).toContain('the input lacks route table rtb-gone');
  });
});
