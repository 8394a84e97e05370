import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../helpers/event-pattern.js';

// The matcher that checks the deployed EventBridge rules must itself be right: one case per
// semantic it relies on, each with a match and a miss.

const event = {
  source: 'aws.ec2',
  'detail-type': 'AWS API Call via CloudTrail',
  detail: { eventName: 'CreateVpcEndpoint', tags: ['a', 'b'], count: 5, nested: { flag: true }, nil: null },
};

describe('matchesEventPattern', () => {
  it('matches literal alternatives, AND across fields, OR within one', () => {
    expect(matchesEventPattern({ source: ['aws.config', 'aws.ec2'] }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.ec2'], 'detail-type': ['Other'] }, event)).toBe(false);
    expect(matchesEventPattern({ source: ['AWS.EC2'] }, event)).toBe(false);
  });

  it('descends into nested objects and fails on a missing field', () => {
    expect(matchesEventPattern({ detail: { nested: { flag: [true] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { nested: { flag: [false] } } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { absent: ['x'] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: { deeper: ['x'] } } }, event)).toBe(false);
  });

  it('matches an array event value when any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['c'] } }, event)).toBe(false);
  });

  it('honours prefix, suffix, equals-ignore-case and wildcard', () => {
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: 'CreateVpc' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: 'Delete' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ suffix: 'Endpoint' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ suffix: 'Endpoints' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: { 'equals-ignore-case': 'createvpc' } }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'equals-ignore-case': 'createvpcendpoint' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ wildcard: 'Create*Endpoint' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ wildcard: 'Modify*' }] } }, event)).toBe(false);
  });

  it('honours anything-but and numeric', () => {
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': ['ModifyVpcEndpoint'] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': 'CreateVpcEndpoint' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': { prefix: 'Create' } }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 1, '<=', 5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 5] }] } }, event)).toBe(false);
  });

  it('honours exists true and false', () => {
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: true }] } }, event)).toBe(false);
  });

  it('honours $or', () => {
    expect(matchesEventPattern({ $or: [{ source: ['aws.config'] }, { detail: { count: [5] } }] }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.config'] }, { detail: { count: [6] } }] }, event)).toBe(false);
  });

  it('rejects pattern syntax it does not know instead of guessing', () => {
    expect(() => matchesEventPattern({ source: [{ cidr: '10.0.0.0/8' }] }, event)).toThrow(/unknown operator "cidr"/);
    expect(() => matchesEventPattern({ source: 'aws.ec2' }, event)).toThrow(/must be an array/);
  });
});
