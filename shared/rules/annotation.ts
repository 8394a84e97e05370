/** The longest annotation AWS Config accepts. */
export const MAX_ANNOTATION = 256;

export type TemplateValue = string | number | readonly string[];

function listText(items: readonly string[], shown: number): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, Math.max(shown, 1)).join(', ')} and ${items.length - Math.max(shown, 1)} more`;
}

// A template split once into literal text (even indexes) and placeholder names (odd indexes).
const compiled = new Map<string, string[]>();

function parts(template: string): string[] {
  let out = compiled.get(template);
  if (!out) {
    out = template.split(/\{(\w+)\}/);
    compiled.set(template, out);
  }
  return out;
}

function fill(template: string, vars: Record<string, TemplateValue>, shown: number): string {
  const pieces = parts(template);
  let text = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i % 2 === 0) {
      text += piece;
      continue;
    }
    const value = vars[piece];
    if (value === undefined) text += `{${piece}}`;
    else text += Array.isArray(value) ? listText(value, shown) : String(value);
  }
  return text;
}

/**
 * Renders a rule's annotation template (`{name}` placeholders; lists are joined) within 256
 * characters: long lists are shortened to "a, b and 3 more" before any text is cut.
 */
export function renderAnnotation(template: string, vars: Record<string, TemplateValue>): string {
  const full = fill(template, vars, Number.POSITIVE_INFINITY);
  if (full.length <= MAX_ANNOTATION) return full;
  const longest = Math.max(1, ...Object.values(vars).map((v) => (Array.isArray(v) ? v.length : 1)));
  for (let shown = longest; shown >= 1; shown = shown > 8 ? Math.ceil(shown / 2) : shown - 1) {
    const text = fill(template, vars, shown);
    if (text.length <= MAX_ANNOTATION) return text;
  }
  return fitAnnotation(fill(template, vars, 1));
}

/** Cuts a text to the 256 characters AWS Config accepts, marking the cut with `…`. */
export function fitAnnotation(text: string): string {
  return text.length <= MAX_ANNOTATION ? text : `${text.slice(0, MAX_ANNOTATION - 1)}…`;
}

/** `1 rule`, `2 rules`, `0 rules`: a count with its noun in agreement. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * `an s3`, `a dynamodb`, `an ec2`, `a logs`: the article as the word is spoken. Service names
 * that open with two consonants (or a consonant and a digit) are read letter by letter, and
 * f, h, l, m, n, r, s, x then begin with a vowel sound.
 */
export function withArticle(word: string): string {
  const lower = word.toLowerCase();
  const spelt = /^[fhlmnrsx][^aeiouy]/.test(lower);
  return `${/^[aeiou]/.test(lower) || spelt ? 'an' : 'a'} ${word}`;
}
