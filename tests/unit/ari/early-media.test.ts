import { describe, expect, it } from 'vitest';
import type { AriRest } from '../../../src/ari/ari-rest.js';
import { EarlyMedia, isHearingChannel } from '../../../src/ari/early-media.js';
import type { TelephonyEvent } from '../../../src/ari/port.js';
import { systemClock } from '../../../src/clock.js';
import { HotlineError } from '../../../src/errors.js';
import { silentLog } from '../support/shell-stubs.js';

/** An ARI that records requests; the leg exists only once `created` is set, as after channels/create. */
function fakeAri(bridges: Array<{ id: string; channels: string[] }> = []) {
  const requests: string[] = [];
  const state = { created: false };
  const rest = {
    call: async (method: string, path: string, query: Record<string, unknown>) => {
      requests.push(`${method} ${path}${query.channelId ? ` ${String(query.channelId)}` : ''}${query.snoopId ? ` ${String(query.snoopId)}` : ''}`);
      if (path.endsWith('/snoop') && !state.created) throw new HotlineError('CHANNEL_GONE', 'Provided channel was not found');
      if (method === 'GET' && path === '/bridges') return bridges;
      return {};
    },
  } as unknown as AriRest;
  const watchers = new Map<string, (e: TelephonyEvent) => void>();
  const em = new EarlyMedia({
    rest,
    app: 'hotline',
    clock: systemClock,
    log: silentLog,
    host: '127.0.0.1',
    watch: (id, l) => {
      watchers.set(id, l);
      return () => void watchers.delete(id);
    },
  });
  return { em, requests, state, watchers };
}

describe('EarlyMedia', () => {
  it('started before the originate: bridge and external channel first, the snoop between create and dial, all freed on stop', async () => {
    const { em, requests, state, watchers } = fakeAri();
    const stop = await em.hear('dial-1', () => undefined);
    expect(requests).toEqual([
      'POST /bridges',
      'POST /channels/externalMedia em-ext-dial-1',
      'POST /bridges/em-bridge-dial-1/addChannel',
      'POST /channels/dial-1/snoop em-snoop-dial-1',
    ]);
    state.created = true;
    await em.beforeDial('dial-1');
    expect(requests.slice(4)).toEqual(['POST /channels/dial-1/snoop em-snoop-dial-1', 'POST /bridges/em-bridge-dial-1/addChannel']);
    expect(em.count()).toBe(1);
    await stop();
    await stop();
    expect(requests.slice(6).sort()).toEqual(['DELETE /bridges/em-bridge-dial-1', 'DELETE /channels/em-ext-dial-1', 'DELETE /channels/em-snoop-dial-1']);
    expect(em.count()).toBe(0);
    expect(watchers.size).toBe(0);
  });

  it('started after the originate: snoops at once; the leg hanging up frees everything', async () => {
    const { em, requests, state, watchers } = fakeAri();
    state.created = true;
    await em.hear('dial-2', () => undefined);
    expect(requests.slice(3)).toEqual(['POST /channels/dial-2/snoop em-snoop-dial-2', 'POST /bridges/em-bridge-dial-2/addChannel']);
    await em.beforeDial('dial-2');
    expect(requests.filter((r) => r.endsWith('/snoop em-snoop-dial-2'))).toHaveLength(1);
    watchers.get('dial-2')!({ type: 'hung-up', channelId: 'dial-2', cause: 16, causeText: '', at: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(em.count()).toBe(0);
    expect(requests.filter((r) => r.startsWith('DELETE'))).toHaveLength(3);
  });

  it('sweeps hearings an earlier run left, and only those', async () => {
    const { em, requests } = fakeAri([
      { id: 'em-bridge-old', channels: ['em-ext-old', 'em-snoop-old'] },
      { id: 'agent-bridge', channels: ['dial-9', 'agent-1001'] },
    ]);
    await em.sweep();
    expect(requests.slice(1)).toEqual(['DELETE /channels/em-ext-old', 'DELETE /channels/em-snoop-old', 'DELETE /bridges/em-bridge-old']);
  });

  it('tells hearing channels from calls', () => {
    expect(['em-ext-dial-1', 'em-snoop-dial-1', 'dial-1', 'out-1'].map(isHearingChannel)).toEqual([true, true, false, false]);
  });
});
