import { describe, expect, it } from 'vitest';
import { releaseInputGarbage } from '../../../shared/model/release.js';

describe('releaseInputGarbage', () => {
  it('reclaims what a parsed input left behind, and can be called again', () => {
    // Prepare: about 80 MB of parsed JSON that nothing refers to any more.
    const parse = () => (JSON.parse(JSON.stringify(Array.from({ length: 400_000 }, (_, i) => ({ VpcEndpointId: `vpce-${i}`, State: 'available', Tags: [] })))) as unknown[]).length;
    expect(parse()).toBe(400_000);
    const withGarbage = process.memoryUsage().heapUsed;
    // Act
    releaseInputGarbage();
    releaseInputGarbage();
    // Assess
    expect(withGarbage - process.memoryUsage().heapUsed).toBeGreaterThan(30 * 2 ** 20);
  });
});
