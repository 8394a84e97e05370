import { describe, expect, it } from 'vitest';
import { evaluateOperator, parseOperator } from '../../../shared/policy/conditions.js';
import { globCovers, globMatch } from '../../../shared/policy/glob.js';

function op(name: string) {
  const parsed = parseOperator(name);
  if (!parsed) throw new Error(`not modelled: ${name}`);
  return parsed;
}

describe('condition operators (IAM policy language)', () => {
  it.each([
    // operator, expected values, actual values (undefined = absent), result
    ['StringEquals', ['a'], ['a'], true],
    ['StringEquals', ['a'], undefined, false],
    ['StringNotEquals', ['a'], undefined, true],
    ['StringNotEquals', ['a', 'b'], ['b'], false],
    ['StringEqualsIfExists', ['a'], undefined, true],
    ['StringEqualsIfExists', ['a'], ['b'], false],
    ['StringLike', ['o-*'], ['o-abc'], true],
    ['StringLike', ['o-a?c'], ['o-abc'], true],
    ['StringLike', ['o-abc'], ['o-abcd'], false],
    ['StringEqualsIgnoreCase', ['ABC'], ['abc'], true],
    ['ForAnyValue:StringEquals', ['a'], undefined, false],
    ['ForAllValues:StringEquals', ['a'], undefined, true],
    ['ForAllValues:StringEquals', ['a'], ['a', 'b'], false],
    ['ForAnyValue:StringEquals', ['a'], ['a', 'b'], true],
    ['Null', ['true'], undefined, true],
    ['Null', ['false'], undefined, false],
    ['Null', ['false'], ['x'], true],
    ['Bool', ['true'], ['false'], false],
    ['ArnLike', ['arn:aws:iam::*:role/x'], ['arn:aws:iam::1:role/x'], true],
    ['ArnNotLike', ['arn:aws:iam::*:role/x'], undefined, true],
  ] as const)('%s %j on %j is %s', (name, expected, actual, result) => {
    expect(evaluateOperator(op(name), expected, actual)).toBe(result);
  });

  it('reads operator names case-insensitively and rejects what it does not model', () => {
    expect(parseOperator('forallvalues:stringlikeifexists')).toEqual({ qualifier: 'ForAllValues', comparison: 'like', negated: false, ifExists: true });
    expect(parseOperator('ForAnyValues:StringEquals')).toBeUndefined();
    expect(parseOperator('NumericEquals')).toBeUndefined();
    expect(parseOperator('ForAnyValue:Null')).toBeUndefined();
  });
});

describe('IAM wildcards', () => {
  it('match * and ? only', () => {
    expect(globMatch('s3:Get*', 's3:GetObject')).toBe(true);
    expect(globMatch('s3:Get*', 's3:getobject')).toBe(false);
    expect(globMatch('s3:Get*', 's3:getobject', true)).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('know when one pattern covers another, and say no when unsure', () => {
    expect(globCovers('*', 's3:Get*')).toBe(true);
    expect(globCovers('s3:*', 's3:Get*')).toBe(true);
    expect(globCovers('s3:Get*', 's3:*')).toBe(false);
    expect(globCovers('s3:Get?', 's3:Get*')).toBe(false);
    expect(globCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/*')).toBe(true);
  });
});
