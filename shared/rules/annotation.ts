/** The longest annotation AWS Config accepts. */
export const MAX_ANNOTATION = 256;

export type TemplateValue = string | number | readonly string[];

function listText(items: readonly string[], shown: number): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, Math.max(shown, 1)).join(', ')} and ${items.length - Math.max(shown, 1)} more`;
}

function fill(template: string, vars: Record<string, TemplateValue>, shown: number): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) return `{${name}}`;
    return Array.isArray(value) ? listText(value, shown) : String(value);
  });
}

/**
 * Renders a rule's annotation template (`{name}` placeholders; lists are joined) within 256
 * characters: long lists are shortened to "a, b and 3 more" before any text is cut.
 */
export function renderAnnotation(template: string, vars: Record<string, TemplateValue>): string {
  const longest = Math.max(1, ...Object.values(vars).map((v) => (Array.isArray(v) ? v.length : 1)));
  for (let shown = longest; shown >= 1; shown = shown > 8 ? Math.ceil(shown / 2) : shown - 1) {
    const text = fill(template, vars, shown);
    if (text.length <= MAX_ANNOTATION) return text;
  }
  const text = fill(template, vars, 1);
  return `${text.slice(0, MAX_ANNOTATION - 1)}…`;
}
