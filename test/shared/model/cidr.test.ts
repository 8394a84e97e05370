import { describe, expect, it } from 'vitest';
import { cidrsOverlap, parseCidr } from '../../../shared/model/cidr.js';

describe('parseCidr', () => {
  it.each([
    ['10.8.0.0/16', { v6: false, first: 0x0a080000n, last: 0x0a08ffffn }],
    ['10.8.4.7/24', { v6: false, first: 0x0a080400n, last: 0x0a0804ffn }],
    ['255.255.255.255', { v6: false, first: 0xffffffffn, last: 0xffffffffn }],
    ['0.0.0.0/0', { v6: false, first: 0n, last: 0xffffffffn }],
    ['2600:1f18::/32', { v6: true, first: 0x26001f18n << 96n, last: (0x26001f18n << 96n) + (1n << 96n) - 1n }],
    ['::/0', { v6: true, first: 0n, last: (1n << 128n) - 1n }],
    ['::1', { v6: true, first: 1n, last: 1n }],
    ['1:2:3:4:5:6:7:8/128', { v6: true, first: 0x00010002000300040005000600070008n, last: 0x00010002000300040005000600070008n }],
    ['1::8', { v6: true, first: (1n << 112n) + 8n, last: (1n << 112n) + 8n }],
    ['fe80::/10', { v6: true, first: 0xfe80n << 112n, last: (0xfe80n << 112n) + (1n << 118n) - 1n }],
  ])('reads %s', (cidr, range) => {
    expect(parseCidr(cidr)).toEqual(range);
  });

  it.each([
    ['10.8.0/16'],
    ['10.8.0.0.0/16'],
    ['10.8.0.256/16'],
    ['10.8.0.x/16'],
    ['10.8.0.1234/16'],
    ['10.8.0.0/33'],
    ['10.8.0.0/-1'],
    ['10.8.0.0/8.5'],
    ['10.8.0.0/x'],
    ['1::2::3'],
    ['1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1:2:3:4:5::6:7:8:9'],
    ['12345::/16'],
    ['g::/16'],
    ['::/129'],
    [''],
  ])('refuses %j', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.8.0.0/16', '10.8.4.0/24', true],
    ['10.8.4.0/24', '10.8.0.0/16', true],
    ['10.8.0.0/16', '10.8.255.255/32', true],
    ['10.8.0.0/16', '10.8.0.0/32', true],
    ['10.8.0.0/16', '10.9.0.0/16', false],
    ['10.9.0.0/16', '10.8.0.0/16', false],
    ['10.8.0.0/16', '10.7.255.255/32', false],
    ['10.8.0.0/16', '::/0', false],
    ['2600:1f18:abcd:1200::/56', '2600:1f18:abcd:12ff::/64', true],
    ['2600:1f18:abcd:1200::/56', '2600:1f18:abcd:1300::/56', false],
    ['10.8.0.0/16', 'not-a-cidr', false],
    ['not-a-cidr', '10.8.0.0/16', false],
  ])('%s and %s: %s', (a, b, overlap) => {
    expect(cidrsOverlap(a, b)).toBe(overlap);
  });
});
