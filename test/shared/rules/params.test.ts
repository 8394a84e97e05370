import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accountIdParam, boolParam, intParam, listParam, orgIdParam, regionParam } from '../../../shared/rules/params.js';

describe('listParam', () => {
  const list = listParam(z.string());
  it.each([
    ['a,b , c', ['a', 'b', 'c']],
    ['  a  ', ['a']],
    ['a,,b,', ['a', 'b']],
    ['', []],
    ['   ', []],
    ['["a", "b, c"]', ['a', 'b, c']],
    ['  ["x"]  ', ['x']],
    [['a', 'b'], ['a', 'b']],
  ])('reads %j', (raw, expected) => {
    expect(list.parse(raw)).toEqual(expected);
  });

  it('reports a broken JSON array as not an array', () => {
    expect(list.safeParse('["a"').success).toBe(false);
    expect(list.safeParse(7).success).toBe(false);
  });
});

describe('intParam', () => {
  const port = intParam(1, 65535);
  it.each([
    [443, 443],
    ['443', 443],
    [' 8443 ', 8443],
    ['1', 1],
    [65535, 65535],
  ])('reads %j', (raw, expected) => {
    expect(port.parse(raw)).toBe(expected);
  });

  it.each([[0], ['0'], [65536], ['-1'], ['4 43'], ['443x'], ['x443'], [4.5], ['']])('refuses %j', (raw) => {
    expect(port.safeParse(raw).success).toBe(false);
  });

  it('has no upper bound unless given one', () => {
    expect(intParam(1).parse('1000000')).toBe(1000000);
  });
});

describe('boolParam', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    [' TRUE ', true],
    ['false', false],
    ['False', false],
  ])('reads %j', (raw, expected) => {
    expect(boolParam.parse(raw)).toBe(expected);
  });

  it.each([['yes'], [''], [1]])('refuses %j', (raw) => {
    expect(boolParam.safeParse(raw).success).toBe(false);
  });
});

describe('identifiers', () => {
  it.each([
    [accountIdParam, '314159265358', true],
    [accountIdParam, '31415926535', false],
    [accountIdParam, '3141592653589', false],
    [accountIdParam, 'x14159265358', false],
    [orgIdParam, 'o-k7q2m9x4p1', true],
    [orgIdParam, 'o-k7q2', false],
    [orgIdParam, 'O-K7Q2M9X4P1', false],
    [regionParam, 'eu-west-1', true],
    [regionParam, 'us-gov-west-1', true],
    [regionParam, 'us-isob-east-1', true],
    [regionParam, 'ap-southeast-12', true],
    [regionParam, 'eu-west', false],
    [regionParam, 'Europe', false],
    [regionParam, 'eu-west-1x', false],
    [regionParam, 'xeu-west-1', false],
  ])('%#: %s', (schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
