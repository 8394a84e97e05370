/** One titled block of an alert body. */
export interface Section {
  title: string;
  lines: string[];
}

/** `label   value` rows, labels padded to one width, rows without a value left out. */
export function rows(pairs: [string, string | undefined][]): string[] {
  const kept = pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  const width = Math.max(...kept.map(([label]) => label.length));
  return kept.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

/**
 * The body every vpce-guard alert shares, made for a phone: two headline lines, then titled
 * sections (WHAT IS WRONG, WHERE, WHAT CHANGED, WHAT TO DO, LINKS), blank lines between.
 */
export function renderBody(headline: string[], sections: Section[]): string {
  const blocks = [headline.join('\n'), ...sections.filter((s) => s.lines.length > 0).map((s) => [s.title, ...s.lines].join('\n'))];
  return `${blocks.join('\n\n')}\n`;
}

/** A value of a before/after record as text: strings as they are, lists of plain values comma-separated, anything else as indented JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return prettyJson(value) ?? value;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.length ? value.join(', ') : '(none)';
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** Text cut to `max` characters with a note saying how long it was and where the full text is. */
export function shorten(text: string, max: number, whereFull: string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[shortened from ${text.length} characters; ${whereFull}]`;
}

/** A string holding a JSON object (a policy document, as EC2 returns it) re-indented to read on a phone. */
function prettyJson(text: string): string | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/** A step's parameters on one line; long string values (policies) point to WHAT CHANGED instead. */
export function stepParameters(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([key, value]) => {
      if (typeof value === 'string' && value.length > 120) return `${key}=(${value.length} characters, see WHAT CHANGED)`;
      return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
    })
    .join(' ');
}
