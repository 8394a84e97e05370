// The scan's JSON report, written as a stream: one object whose `evaluations`, `remediations` and
// `errors` are the scan result, with the tool, the time, the account, the region and the counts
// before them. Items are serialised one at a time and written in batches, so a scan of 100,000
// endpoints never holds its whole report as one string. Compact by default; `pretty` indents by
// two spaces exactly as `JSON.stringify(report, null, 2)` would.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import type { ScanResult } from '../engine/index.js';
import { InputError } from '../errors.js';
import { findRule } from '../rules/catalogue.js';
import type { EvaluationResult, Rule } from '../rules/types.js';

/** What the report says about the run, beside the result. */
export interface ScanJsonMeta {
  /** When the scan ran; default now. Written as an ISO 8601 timestamp. */
  generatedAt?: Date;
  /** The scanned account, when known (null in the report otherwise). */
  account?: string;
  /** The scanned region, when known (null in the report otherwise). */
  region?: string;
  /** Where severity and title come from; default the rule catalogue. */
  rules?: readonly Rule[];
}

export interface ScanJsonOptions {
  /** Indent by two spaces; default compact. */
  pretty?: boolean;
}

/** The report's counts. */
export interface ScanSummary {
  evaluations: number;
  compliant: number;
  nonCompliant: number;
  notApplicable: number;
  remediations: number;
  refused: number;
  errors: number;
}

/** Counts the results of a scan, as the report's `summary` gives them. */
export function scanSummary(result: ScanResult): ScanSummary {
  const summary: ScanSummary = {
    evaluations: result.evaluations.length,
    compliant: 0,
    nonCompliant: 0,
    notApplicable: 0,
    remediations: result.remediations.length,
    refused: 0,
    errors: result.errors.length,
  };
  for (const e of result.evaluations) {
    if (e.complianceType === 'COMPLIANT') summary.compliant++;
    else if (e.complianceType === 'NON_COMPLIANT') summary.nonCompliant++;
    else summary.notApplicable++;
  }
  for (const p of result.remediations) if (p.status === 'refused') summary.refused++;
  return summary;
}

// Characters gathered before one write to the stream.
const BATCH_CHARS = 1 << 18;

class BatchWriter {
  private parts: string[] = [];
  private size = 0;
  private failure: Error | undefined;
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', this.onError);
  }

  /** Adds text; true when a batch is full and should be flushed. */
  push(text: string): boolean {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= BATCH_CHARS;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Waits until the stream drains or fails, leaving no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
    });
  }

  close(): void {
    this.out.off('error', this.onError);
  }
}

/** A function that serialises one evaluation with its rule's severity and title after `ruleId`. */
function evaluationWriter(rules: readonly Rule[] | undefined, pretty: boolean): (e: EvaluationResult) => string {
  const byId = rules ? new Map(rules.map((r) => [r.id, r])) : undefined;
  const heads = new Map<string, { prefix: string; insert: string; severity: string; title: string }>();
  const head = (ruleId: string) => {
    let h = heads.get(ruleId);
    if (!h) {
      const rule = byId ? byId.get(ruleId) : findRule(ruleId);
      if (!rule) throw new Error(`JSON report: evaluation of unknown rule "${ruleId}" (no severity or title)`);
      h = {
        prefix: `{"ruleId":${JSON.stringify(ruleId)},`,
        insert: `"severity":${JSON.stringify(rule.severity)},"title":${JSON.stringify(rule.title)},`,
        severity: rule.severity,
        title: rule.title,
      };
      heads.set(ruleId, h);
    }
    return h;
  };
  const asObject = (e: EvaluationResult) => {
    const h = head(e.ruleId);
    const { ruleId, ...rest } = e;
    return { ruleId, severity: h.severity, title: h.title, ...rest };
  };
  if (pretty) return (e) => indented(asObject(e), 4);
  // Most evaluations share their annotation text with many others (shared verdicts): quote each once.
  const quoted = new Map<string, string>();
  const quote = (text: string) => {
    let q = quoted.get(text);
    if (q === undefined) {
      q = JSON.stringify(text);
      if (quoted.size < 100_000) quoted.set(text, q);
    }
    return q;
  };
  return (e) => {
    const h = head(e.ruleId);
    // The engine's evaluations have exactly these six keys in this order: write them directly.
    // Anything else (a key more or fewer) goes through JSON.stringify, with the same result.
    if (!hasEvaluationKeys(e)) return JSON.stringify(asObject(e));
    return `${h.prefix}${h.insert}"resourceType":${quote(e.resourceType)},"resourceId":${JSON.stringify(e.resourceId)},"complianceType":${quote(e.complianceType)},"annotation":${quote(e.annotation)},"findings":${e.findings.length ? JSON.stringify(e.findings) : '[]'}}`;
  };
}

const EVALUATION_KEYS = ['ruleId', 'resourceType', 'resourceId', 'complianceType', 'annotation', 'findings'];

function hasEvaluationKeys(e: EvaluationResult): boolean {
  const keys = Object.keys(e);
  return keys.length === EVALUATION_KEYS.length && keys.every((k, i) => k === EVALUATION_KEYS[i]);
}

/** JSON.stringify(value, null, 2) as it would read `depth` spaces in. */
function indented(value: unknown, depth: number): string {
  // JSON strings never hold a raw line break, so every one is a line of the layout.
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`);
}

/**
 * Writes the JSON report of a scan to `out`, in batches, waiting when the stream asks to.
 * Keys, in order: `tool` {name, version}, `generatedAt`, `account`, `region`, `summary`,
 * `evaluations` (each with its rule's `severity` and `title`), `remediations`, `errors`, then
 * `warnings` when the result has them, and a final line break. Rejects when the stream fails;
 * it does not end `out`.
 */
export async function writeScanJson(result: ScanResult, meta: ScanJsonMeta, out: NodeJS.WritableStream, options: ScanJsonOptions = {}): Promise<void> {
  const pretty = options.pretty ?? false;
  const writer = new BatchWriter(out);
  try {
    const evaluation = evaluationWriter(meta.rules, pretty);
    const item = pretty ? (v: unknown) => indented(v, 4) : (v: unknown) => JSON.stringify(v);
    const head = {
      tool: { name: pkg.name, version: pkg.version },
      generatedAt: (meta.generatedAt ?? new Date()).toISOString(),
      account: meta.account ?? null,
      region: meta.region ?? null,
      summary: scanSummary(result),
    };
    const nl = pretty ? '\n' : '';
    const pad = pretty ? '  ' : '';
    const colon = pretty ? ': ' : ':';
    const headText = pretty ? indented(head, 0) : JSON.stringify(head);
    // The head object without its closing brace, then one key after another.
    writer.push(`${headText.slice(0, -(nl.length + 1))},${nl}`);
    const lists: [string, readonly unknown[], (v: never) => string][] = [
      ['evaluations', result.evaluations, evaluation as (v: never) => string],
      ['remediations', result.remediations, item],
      ['errors', result.errors, item],
    ];
    // Warnings (expired suppressions, exemption tags naming unknown rules), when the scan has them.
    if (result.warnings) lists.push(['warnings', result.warnings, item]);
    for (let l = 0; l < lists.length; l++) {
      const [key, values, write] = lists[l]!;
      const last = l === lists.length - 1;
      if (values.length === 0) {
        writer.push(`${pad}"${key}"${colon}[]${last ? '' : ','}${nl}`);
        continue;
      }
      writer.push(`${pad}"${key}"${colon}[${nl}`);
      for (let i = 0; i < values.length; i++) {
        if (writer.push(`${pad}${pad}${write(values[i] as never)}${i < values.length - 1 ? ',' : ''}${nl}`)) await writer.flush();
      }
      writer.push(`${pad}]${last ? '' : ','}${nl}`);
    }
    writer.push('}\n');
    await writer.flush();
  } finally {
    writer.close();
  }
}

/**
 * Streams the JSON report to the file `output`, or to stdout without one (or with `-`). A file
 * that cannot be written is an InputError naming it.
 */
export async function writeScanJsonTo(result: ScanResult, meta: ScanJsonMeta, output: string | undefined, options: ScanJsonOptions = {}): Promise<void> {
  if (output === undefined || output === '-') {
    await writeScanJson(result, meta, process.stdout, options);
    return;
  }
  const file = createWriteStream(output);
  try {
    await once(file, 'open'); // rejects when the file cannot be opened
    await writeScanJson(result, meta, file, options);
    file.end();
    await once(file, 'finish');
  } catch (error) {
    file.destroy();
    throw new InputError(`--output ${output}: cannot write: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`, { cause: error });
  }
}
