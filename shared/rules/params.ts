import { z } from 'zod';

// AWS Config passes rule input parameters as strings, so every parameter also accepts its
// string form: lists as a JSON array or comma-separated, numbers and booleans as text.

function splitList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return value; // reported by the schema: expected an array
    }
  }
  return text === '' ? [] : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A list of strings: a JSON array, or a comma-separated string. */
export function listParam<T extends z.ZodType<string>>(item: T) {
  return z.preprocess(splitList, z.array(item));
}

/** A whole number from `min` to `max`, also written as a string. */
export function intParam(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );
}

/** A boolean, also written `"true"` / `"false"`. */
export const boolParam = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const lower = v.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : v;
}, z.boolean());

export const accountIdParam = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
export const orgIdParam = z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as o-a1b2c3d4e5');
export const regionParam = z.string().regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/, 'must be an AWS region such as eu-west-1');
