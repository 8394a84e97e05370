import { renderScanTable } from './scan-table.js';
import type { ReportInput } from './types.js';

/** The formats of `vpce-guard scan --format`. */
export const SCAN_FORMATS = ['table', 'json'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface RenderOptions {
  /** Table: list compliant and not-applicable results too. */
  showAll: boolean;
  /** Table: print the remediation plan. */
  plan: boolean;
  /** JSON: indented. */
  pretty: boolean;
  /** Table: ANSI colours. */
  color: boolean;
}

/** A rendered report: the main text and, for `shell`, the policy files it refers to. */
export interface RenderedReport {
  text: string;
  files: { name: string; content: string }[];
}

/** Renders a scan report in one of the formats; pure (writing is the caller's). */
export function renderReport(input: ReportInput, format: ScanFormat, options: RenderOptions): RenderedReport {
  switch (format) {
    case 'table':
      return { text: renderScanTable(input.result, input.rules, options), files: [] };
    case 'json':
      return { text: `${JSON.stringify(input.result, null, options.pretty ? 2 : undefined)}\n`, files: [] };
  }
}
