// The per-variable decision (solve.ts Solver.value on lang.ts languages) against brute force:
// over a two-letter alphabet, every intersection of wildcard patterns, literals and their
// complements that some short word meets must get a value, and every value given must meet all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combine, complement, lang, member, prune, type Lang } from '../../../shared/policy/lang.js';
import { Solver } from '../../../shared/policy/solve.js';

const pattern = fc.stringMatching(/^[ab*?]{0,4}$/);
const item = fc.record({ glob: fc.boolean(), text: pattern, ignoreCase: fc.constant(false) });
const language: fc.Arbitrary<Lang> = fc
  .record({ items: fc.array(item, { minLength: 1, maxLength: 2 }), neg: fc.boolean() })
  .map(({ items, neg }) => (neg ? complement(lang(items)) : lang(items)));

/** Every word over {a, b} (and the characters the patterns name) up to length 6. */
const WORDS: string[] = (() => {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < 6; n++) {
    layer = layer.flatMap((w) => ['a', 'b', '*', '?'].map((c) => w + c));
    out.push(...layer);
  }
  return out;
})();

describe('a value in every language, decided exactly', () => {
  it('agrees with brute force over short words', () => {
    fc.assert(
      fc.property(fc.array(language, { minLength: 1, maxLength: 4 }), (langs) => {
        // Prepare
        const solver = new Solver({ deadline: Infinity, maxNodes: 100_000 });
        const brute = WORDS.find((w) => langs.every((l) => member(l, w)));
        // Act
        const value = solver.value('ctx:test', langs);
        // Assess
        if (brute !== undefined) expect(value).toBeDefined();
        if (value !== undefined) for (const l of langs) expect(member(l, value), JSON.stringify({ value, l })).toBe(true);
      }),
      { numRuns: 1_500 },
    );
  });

  it('pruning a complemented union keeps the same members for values with the positive heads', () => {
    fc.assert(
      fc.property(fc.array(language, { minLength: 1, maxLength: 4 }), (langs) => {
        const pruned = prune(langs);
        for (const w of WORDS.slice(0, 400)) {
          expect(pruned.every((l) => member(l, w))).toBe(langs.every((l) => member(l, w)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('combine builds a string every pattern matches, or gives up', () => {
    expect(combine(['arn:aws:iam::1:role/ops-*', 'arn:aws:iam::1:role/*-admin', 'arn:aws:iam::1:role/*-eu-*'])).toBe('arn:aws:iam::1:role/ops--eu--admin');
    expect(combine(['a*', 'b*'])).toBeUndefined();
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), (patterns) => {
        const word = combine(patterns);
        if (word === undefined) return;
        for (const p of patterns.filter((x) => x.includes('*'))) expect(member(lang([{ glob: true, text: p, ignoreCase: false }]), word)).toBe(true);
      }),
    );
  });
});
