import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../../src/ari/backoff.js';

describe('reconnectDelay', () => {
  const opts = { initialMs: 200, maxMs: 5000 };
  it('grows exponentially up to the cap and never reaches zero', () => {
    expect(reconnectDelay(0, opts, () => 1)).toBe(200);
    expect(reconnectDelay(3, opts, () => 1)).toBe(1600);
    expect(reconnectDelay(30, opts, () => 1)).toBe(5000);
    expect(reconnectDelay(30, opts, () => 0)).toBe(100);
  });
  it('spreads retries with jitter', () => {
    const values = new Set([0.1, 0.5, 0.9].map((r) => reconnectDelay(5, opts, () => r)));
    expect(values.size).toBe(3);
  });
});
