/** A snoop is hung up until Asterisk destroys it: woken (a queued command) and asked again while it stays. */
import { describe, expect, it } from 'vitest';
import { hangUpSnoop } from '../../../src/calls/snoop-hangup.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

function harness() {
  const clock = new FakeClock(1_000_000);
  const t = new StubTelephony(clock);
  const asks = (op: 'hangup' | 'stopMoh') => t.made(op).filter(([id]) => id === 'sv-snoop-c-1').length;
  return { clock, t, asks, d: { port: t.port, clock, log: silentLog } };
}

describe('hangUpSnoop', () => {
  it('asks once when the snoop goes at once', async () => {
    const h = harness();
    h.t.addCall('sv-snoop-c-1');
    await hangUpSnoop(h.d, 'sv-snoop-c-1');
    h.clock.advance(5000);
    await settle();
    expect([h.asks('hangup'), h.asks('stopMoh')]).toEqual([1, 0]);
    expect(h.t.port.watchedChannels()).toBe(0);
  });

  it('wakes a snoop that stays and asks again, until it is destroyed', async () => {
    const h = harness();
    await hangUpSnoop(h.d, 'sv-snoop-c-1');
    expect(h.asks('hangup')).toBe(1);
    h.clock.advance(249);
    await settle();
    expect(h.asks('hangup')).toBe(1);
    h.clock.advance(1);
    await settle();
    // Woken first (a command its Stasis thread must run), then the hang-up again.
    expect(h.t.calls.slice(-2).map((c) => c.op)).toEqual(['stopMoh', 'hangup']);
    h.t.event({ type: 'hung-up', channelId: 'sv-snoop-c-1', cause: 16, causeText: 'normal', at: h.clock.now() });
    h.clock.advance(10_000);
    await settle();
    expect([h.asks('hangup'), h.asks('stopMoh')]).toEqual([2, 1]);
    expect(h.t.port.watchedChannels()).toBe(0);
  });

  it('gives up after the last retry, watching nothing', async () => {
    const h = harness();
    await hangUpSnoop(h.d, 'sv-snoop-c-1');
    for (const ms of [250, 750, 2000, 5000]) {
      h.clock.advance(ms);
      await settle();
    }
    expect([h.asks('hangup'), h.asks('stopMoh')]).toEqual([4, 3]);
    expect(h.t.port.watchedChannels()).toBe(0);
  });
});
