import { describe, expect, it } from 'vitest';
import type { SipPhone } from '../../../src/ari/port.js';
import { isHotlineError } from '../../../src/errors.js';
import { BrowserPhones } from '../../../src/phone/browser-phones.js';
import { FakeClock, settle, silentLog } from '../support/shell-stubs.js';

function harness(enabled = true) {
  const clock = new FakeClock(1_000_000);
  const pushed: SipPhone[] = [];
  const removed: string[] = [];
  let n = 0;
  const phones = new BrowserPhones({
    port: { pushSipPhone: async (p) => void pushed.push(p), removeSipPhone: async (id) => void removed.push(id) },
    clock,
    log: silentLog,
    settings: { enabled, wsUrl: 'wss://127.0.0.1:8089/ws', sipDomain: '127.0.0.1', credentialTtlS: 600 },
    secret: () => `secret-${++n}`,
  });
  return { clock, pushed, removed, phones };
}

describe('BrowserPhones', () => {
  it('issues a credential, pushes it to Asterisk, and rings the browser until it expires', async () => {
    const h = harness();
    expect(h.phones.dialStringOf('1001')).toBe('PJSIP/1001');
    const c = await h.phones.issue('1001');
    expect(h.pushed.map((p) => [p.id, p.auth.password])).toEqual([['web1001', 'secret-1']]);
    expect(c.password).toBe('secret-1');
    expect(h.phones.dialStringOf('1001')).toBe('PJSIP/web1001');
    h.clock.advance(599_999);
    await settle();
    expect(h.removed).toEqual([]);
    h.clock.advance(1);
    await settle();
    expect(h.removed).toEqual(['web1001']);
    expect(h.phones.kindOf('1001')).toBe('desk');
    expect(h.phones.dialStringOf('1001')).toBe('PJSIP/1001');
  });

  it('a renewal replaces the password and the old timer does not remove the phone', async () => {
    const h = harness();
    await h.phones.issue('1001');
    h.clock.advance(400_000);
    await h.phones.issue('1001');
    expect(h.pushed.map((p) => p.auth.password)).toEqual(['secret-1', 'secret-2']);
    h.clock.advance(300_000);
    await settle();
    expect(h.removed).toEqual([]);
    expect(h.phones.kindOf('1001')).toBe('browser');
    h.clock.advance(300_000);
    await settle();
    expect(h.removed).toEqual(['web1001']);
  });

  it('release goes back to the desk phone at once', async () => {
    const h = harness();
    await h.phones.issue('1002');
    await h.phones.release('1002');
    expect(h.removed).toEqual(['web1002']);
    expect(h.phones.dialStringOf('1002')).toBe('PJSIP/1002');
    expect(h.clock.pending).toBe(0);
  });

  it('pushes live credentials again after a reconnect, with what is left of their life', async () => {
    const h = harness();
    await h.phones.issue('1001');
    h.clock.advance(300_000);
    await h.phones.pushAll();
    expect(h.pushed).toHaveLength(2);
    expect(h.pushed[1]!.auth.password).toBe('secret-1');
    expect(h.pushed[1]!.aor.maximum_expiration).toBe('300');
  });

  it('refuses with PHONE_UNAVAILABLE when browser phones are off', async () => {
    const h = harness(false);
    const err = await h.phones.issue('1001').catch((e: unknown) => e);
    expect(isHotlineError(err, 'PHONE_UNAVAILABLE')).toBe(true);
    expect(h.pushed).toEqual([]);
  });
});
