import { describe, expect, it } from 'vitest';
import { frozenVerdict, sharedVerdict } from '../../../shared/rules/frozen.js';
import type { Verdict } from '../../../shared/rules/types.js';

describe('sharedVerdict', () => {
  it('judges once per key and hands every resource the same frozen verdict', () => {
    // Prepare
    const memo = new Map<string, unknown>();
    let judged = 0;
    const judge = (): Verdict => {
      judged++;
      return { status: 'NON_COMPLIANT', vars: { problems: ['sg-1 is open'] }, findings: [{ key: 'SecurityGroup::sg-1', message: 'open' }] };
    };
    // Act
    const first = sharedVerdict(memo, 'rule|vpc-1|sg-1', judge);
    const second = sharedVerdict(memo, 'rule|vpc-1|sg-1', judge);
    const other = sharedVerdict(memo, 'rule|vpc-2|sg-1', judge);
    // Assess
    expect(judged).toBe(2);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    if (first.status !== 'NON_COMPLIANT') throw new Error('expected NON_COMPLIANT');
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.vars)).toBe(true);
    expect(Object.isFrozen(first.vars.problems)).toBe(true);
    expect(Object.isFrozen(first.findings)).toBe(true);
    expect(Object.isFrozen(first.findings[0])).toBe(true);
    // A caller that tries to change a shared verdict fails loudly instead of changing every resource's.
    expect(() => first.findings.push({ key: 'x', message: 'y' })).toThrow(TypeError);
  });

  it('keeps no verdict when the judgement throws: the next resource is judged again', () => {
    const memo = new Map<string, unknown>();
    let calls = 0;
    const judge = (): Verdict => {
      calls++;
      if (calls === 1) throw new Error('cannot tell for vpce-1');
      return { status: 'COMPLIANT', vars: {} };
    };
    expect(() => sharedVerdict(memo, 'k', judge)).toThrow('cannot tell for vpce-1');
    expect(sharedVerdict(memo, 'k', judge)).toEqual({ status: 'COMPLIANT', vars: {} });
    expect(calls).toBe(2);
  });

  it('freezes a NOT_APPLICABLE verdict too', () => {
    expect(Object.isFrozen(frozenVerdict({ status: 'NOT_APPLICABLE', reason: 'no policy' }))).toBe(true);
  });
});
