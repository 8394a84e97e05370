import type { z } from 'zod';
import { InputError } from './errors.js';

/** `VpcEndpoints[3].State` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  const message = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return `${path ? `${path}: ` : ''}${message}`;
}

/**
 * Validates `value` with a zod schema; on failure throws an InputError whose one-line message
 * names the source and then every problem found (key path and what was expected), `; `-separated.
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, source: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = [...new Set(result.error.issues.map(issueText))];
  throw new InputError(`${source}: ${problems.join('; ').replace(/\s*\n\s*/g, ' ')}`);
}
