import { findingsOf } from './summary.js';
import { nameLookup, type ReportInput } from './types.js';

const HEADER = ['ruleId', 'severity', 'resourceType', 'resourceId', 'name', 'complianceType', 'findingKey', 'message'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first: a Name tag is anyone's
 * text) is prefixed with `'`.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The scan as CSV, for spreadsheets: a header, then one row per finding of each non-compliant
 * result, one row per other result (no finding), and one `ERROR` row per evaluation error.
 */
export function renderCsv(input: ReportInput): string {
  const { result, rules } = input;
  const name = nameLookup(input.model);
  const severity = new Map(rules.map((r) => [r.id, r.severity]));
  const rows: string[][] = [[...HEADER]];
  for (const e of result.evaluations) {
    const base = [e.ruleId, severity.get(e.ruleId) ?? '', e.resourceType, e.resourceId, name(e.resourceId) ?? '', e.complianceType];
    if (e.complianceType === 'NON_COMPLIANT') for (const f of findingsOf(e)) rows.push([...base, f.key, f.message]);
    else rows.push([...base, '', e.annotation]);
  }
  for (const error of result.errors) {
    const resourceType = rules.find((r) => r.id === error.ruleId)?.resourceType ?? '';
    rows.push([error.ruleId, severity.get(error.ruleId) ?? '', resourceType, error.resourceId ?? '', error.resourceId ? (name(error.resourceId) ?? '') : '', 'ERROR', '', error.message]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
