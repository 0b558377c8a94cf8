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

describe('reconnect backoff defaults (issue 17 item 9: reconnect within 2 s of Asterisk answering again)', () => {
  it('never waits more than 1 s between tries, however long Asterisk was away', async () => {
    const { configSchema } = await import('../../../src/config/schema.js');
    const c = configSchema.parse({ ari: { password: 'x' } });
    for (const attempt of [0, 5, 30, 1000]) expect(reconnectDelay(attempt, c.ari.reconnect, () => 1)).toBeLessThanOrEqual(1000);
  });
  it('refuses a cap over 2 s, naming the key', async () => {
    const { configSchema } = await import('../../../src/config/schema.js');
    const r = configSchema.safeParse({ ari: { password: 'x', reconnect: { maxMs: 10_000 } } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe('ari.reconnect.maxMs');
  });
});
