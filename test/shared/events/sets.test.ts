import { describe, expect, it } from 'vitest';
import { collectIds, idsIn, members } from '../../../shared/events/index.js';

describe('members: every set shape CloudTrail writes', () => {
  it.each([
    ['an empty string', '', []],
    ['an empty object', {}, []],
    ['null', null, []],
    ['a list', ['a', 'b'], ['a', 'b']],
    ['{items: [...]}', { items: [{ x: 1 }, { x: 2 }] }, [{ x: 1 }, { x: 2 }]],
    ['{item: one object}', { item: { key: 'k' } }, [{ key: 'k' }]],
    ['{item: [...]}', { item: ['rtb-1', 'rtb-2'] }, ['rtb-1', 'rtb-2']],
    ['one value', 'vpce-1', ['vpce-1']],
  ])('%s', (_label, value, expected) => {
    expect(members(value)).toEqual(expected);
  });
});

describe('idsIn and collectIds', () => {
  it('reads {tag, content} pairs, single and listed', () => {
    expect(idsIn({ tag: 1, content: 'vpce-1' })).toEqual(['vpce-1']);
    expect(idsIn([{ tag: 1, content: 'rtb-1' }, { tag: 2, content: 'rtb-2' }])).toEqual(['rtb-1', 'rtb-2']);
  });

  it('reads ids held in member objects by a named field', () => {
    expect(idsIn({ items: [{ vpcEndpointId: 'vpce-1' }, { vpcEndpointId: 'vpce-2' }] }, ['vpcEndpointId'])).toEqual(['vpce-1', 'vpce-2']);
  });

  it('finds a parameter in the flat and in the wrapped era, whatever its case', () => {
    expect(collectIds({ vpcId: 'vpc-1' }, ['VpcId'])).toEqual(['vpc-1']);
    expect(collectIds({ CreateVpcEndpointRequest: { VpcId: 'vpc-2' } }, ['VpcId'])).toEqual(['vpc-2']);
    expect(collectIds({ DelTGwVpcAttachReq: { VpcId: 'vpc-3' } }, ['VpcId'])).toEqual(['vpc-3']);
  });

  it('writes numbers as text (CloudTrail writes some ids bare)', () => {
    expect(idsIn(210987654321)).toEqual(['210987654321']);
  });
});
