import { describe, expect, it } from 'vitest';
import { countOf, fitAnnotation, MAX_ANNOTATION, renderAnnotation, withArticle } from '../../../shared/rules/annotation.js';

describe('renderAnnotation', () => {
  it('fills placeholders, joins lists and leaves unknown placeholders visible', () => {
    expect(renderAnnotation('{a} has {list}; {missing}.', { a: 'vpc-1', list: ['x', 'y'] })).toBe('vpc-1 has x, y; {missing}.');
    expect(renderAnnotation('{n} of them', { n: 3 })).toBe('3 of them');
    expect(renderAnnotation('no placeholders', {})).toBe('no placeholders');
  });

  it('keeps a text of exactly 256 characters as it is', () => {
    const text = 'x'.repeat(MAX_ANNOTATION - 3);
    expect(renderAnnotation(`${text}{v}`, { v: 'abc' })).toBe(`${text}abc`);
  });

  it('shortens long lists to "a, b and N more" before cutting any text', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `rtb-${String(i).padStart(17, '0')}`);
    const text = renderAnnotation('Missing: {ids}.', { ids });
    expect(text.length).toBeLessThanOrEqual(MAX_ANNOTATION);
    const shown = text.slice('Missing: '.length).split(' and ')[0]!.split(', ');
    expect(text).toBe(`Missing: ${ids.slice(0, shown.length).join(', ')} and ${ids.length - shown.length} more.`);
    // As many as fit: one more would not.
    expect(`Missing: ${ids.slice(0, shown.length + 1).join(', ')} and ${ids.length - shown.length - 1} more.`.length).toBeGreaterThan(MAX_ANNOTATION);
  });

  it('shows a short list whole when it fits and another list must be shortened', () => {
    const long = Array.from({ length: 30 }, (_, i) => `subnet-${String(i).padStart(17, '0')}`);
    const text = renderAnnotation('{short}: {long}', { short: ['a', 'b'], long });
    expect(text.startsWith('a and 1 more: ') || text.startsWith('a, b: ')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_ANNOTATION);
  });

  it('cuts the text with … when even one item a list is too long', () => {
    const text = renderAnnotation('{a}', { a: ['y'.repeat(300), 'z'] });
    expect(text).toBe(`${'y'.repeat(MAX_ANNOTATION - 1)}…`);
  });
});

describe('fitAnnotation', () => {
  it('keeps 256 characters and cuts 257 to 255 plus …', () => {
    expect(fitAnnotation('a'.repeat(256))).toBe('a'.repeat(256));
    expect(fitAnnotation('a'.repeat(257))).toBe(`${'a'.repeat(255)}…`);
    expect(fitAnnotation('short')).toBe('short');
  });
});

describe('countOf and withArticle', () => {
  it.each([
    [0, 'rule', '0 rules'],
    [1, 'rule', '1 rule'],
    [2, 'rule', '2 rules'],
  ])('%i %s', (n, word, text) => {
    expect(countOf(n, word)).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(countOf(2, 'policy', 'policies')).toBe('2 policies');
    expect(countOf(1, 'policy', 'policies')).toBe('1 policy');
  });

  it.each([
    ['s3', 'an s3'],
    ['ssm', 'an ssm'],
    ['ec2', 'an ec2'],
    ['ecr.api', 'an ecr.api'],
    ['dynamodb', 'a dynamodb'],
    ['logs', 'a logs'],
    ['kms', 'a kms'],
    ['secretsmanager', 'a secretsmanager'],
    ['sync-states', 'a sync-states'],
    ['rds', 'an rds'],
    ['xray', 'an xray'],
    ['S3', 'an S3'],
  ])('%s → %s', (word, text) => {
    expect(withArticle(word)).toBe(text);
  });
});
