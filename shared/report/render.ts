import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderScanTable } from './scan-table.js';
import { renderShell } from './shell.js';
import type { ReportInput } from './types.js';

/** The formats of `vpce-guard scan --format`. */
export const SCAN_FORMATS = ['table', 'json', 'sarif', 'csv', 'markdown', 'html', 'shell'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface RenderOptions {
  /** Table: list compliant and not-applicable results too. */
  showAll: boolean;
  /** Table and Markdown: print the remediation plan. */
  plan: boolean;
  /** Table: ANSI colours. */
  color: boolean;
  /** Shell: the script is written to a file (it changes to its folder to find the policies). */
  toFile: boolean;
}

/** A rendered report: the main text and, for `shell`, the policy files it refers to. */
export interface RenderedReport {
  text: string;
  files: { name: string; content: string }[];
}

const text = (t: string): RenderedReport => ({ text: t, files: [] });

/** The formats rendered to text; JSON is streamed by shared/report/json.ts instead. */
export type TextFormat = Exclude<ScanFormat, 'json'>;

/** Renders a scan report in one of the text formats; pure (writing is the caller's). */
export function renderReport(input: ReportInput, format: TextFormat, options: RenderOptions): RenderedReport {
  switch (format) {
    case 'table':
      return text(renderScanTable(input, options));
    case 'sarif':
      return text(renderSarif(input));
    case 'csv':
      return text(renderCsv(input));
    case 'markdown':
      return text(renderMarkdown(input, options));
    case 'html':
      return text(renderHtml(input));
    case 'shell':
      return renderShell(input, { inFile: options.toFile });
  }
}
