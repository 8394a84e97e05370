import { InputError } from '../errors.js';

/**
 * Reads each id of a list once. Identical copies (the same JSON) are dropped; copies that differ
 * are an InputError naming the list's key, the id and both positions: merged `describe-*` outputs
 * repeat items, and which copy is right cannot be told.
 */
export function uniqueById<T>(items: readonly T[], idOf: (item: T) => string, key: string, source?: string): T[] {
  const first = new Map<string, number>();
  const out: T[] = [];
  items.forEach((item, index) => {
    const id = idOf(item);
    const seen = first.get(id);
    if (seen === undefined) {
      first.set(id, index);
      out.push(item);
      return;
    }
    if (JSON.stringify(items[seen]) !== JSON.stringify(item)) {
      const where = source ? `${source}: ` : '';
      throw new InputError(`${where}${key}[${seen}] and ${key}[${index}] are both ${id} but differ; keep one copy`);
    }
  });
  return out;
}

/** The strings of a list, each once, in first-seen order. */
export function uniqueStrings(items: readonly string[]): string[] {
  return [...new Set(items)];
}
