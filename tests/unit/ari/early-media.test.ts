import { describe, expect, it } from 'vitest';
import type { AriRest } from '../../../src/ari/ari-rest.js';
import { EarlyMedia, isHearingChannel } from '../../../src/ari/early-media.js';
import type { TelephonyEvent } from '../../../src/ari/port.js';
import { systemClock } from '../../../src/clock.js';
import { HotlineError } from '../../../src/errors.js';
import { silentLog } from '../support/shell-stubs.js';

function gate() {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/**
 * An ARI that records requests; the leg exists only once `created` is set, as after channels/create. A new helper
 * channel enters the app (StasisStart) a few ms after Asterisk answered the request that made it, and adding it to a
 * bridge before then is refused, as Asterisk does.
 */
function fakeAri(bridges: Array<{ id: string; channels: string[] }> = []) {
  const requests: string[] = [];
  const state = { created: false };
  const inApp = new Set<string>();
  const rest = {
    call: async (method: string, path: string, query: Record<string, unknown>) => {
      requests.push(`${method} ${path}${query.channelId ? ` ${String(query.channelId)}` : ''}${query.snoopId ? ` ${String(query.snoopId)}` : ''}`);
      if (path.endsWith('/snoop') && !state.created) throw new HotlineError('CHANNEL_GONE', 'Provided channel was not found');
      if (method === 'GET' && path === '/bridges') return bridges;
      if (path.endsWith('/addChannel')) {
        const id = (query.channel as string[])[0]!;
        if (!inApp.has(id)) throw new HotlineError('CHANNEL_GONE', 'Channel not in Stasis application');
      }
      const made = (query.snoopId ?? (path === '/channels/externalMedia' ? query.channelId : undefined)) as string | undefined;
      if (made) {
        setTimeout(() => {
          inApp.add(made);
          watchers.get(made)?.({ type: 'call-arrived', channelId: made, args: ['early-media'], callerNumber: '', calledNumber: '', state: 'Up', at: 0 });
        }, 3);
      }
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
  it('started before the originate: bridge and external channel, no snoop of a leg that does not exist; the snoop between create and dial, all freed on stop', async () => {
    const { em, requests, state, watchers } = fakeAri();
    const stop = await em.hear('dial-1', () => undefined);
    expect(requests.slice(0, 2).sort()).toEqual(['POST /bridges', 'POST /channels/externalMedia em-ext-dial-1']);
    expect(requests.slice(2)).toEqual(['POST /bridges/em-bridge-dial-1/addChannel']);
    state.created = true;
    await em.beforeDial('dial-1');
    expect(requests.slice(3)).toEqual(['POST /channels/dial-1/snoop em-snoop-dial-1', 'POST /bridges/em-bridge-dial-1/addChannel']);
    expect(em.count()).toBe(1);
    await stop();
    await stop();
    expect(requests.slice(5).sort()).toEqual(['DELETE /bridges/em-bridge-dial-1', 'DELETE /channels/em-ext-dial-1', 'DELETE /channels/em-snoop-dial-1']);
    expect(em.count()).toBe(0);
    expect(watchers.size).toBe(0);
  });

  it('beside the originate: the snoop is asked for while the set-up runs, and the dial waits until the snoop is in the bridge', async () => {
    const { em, requests, state } = fakeAri();
    const slow = gate();
    const rest = (em as unknown as { d: { rest: AriRest } }).d.rest;
    const call = rest.call.bind(rest);
    rest.call = (async (method: string, path: string, ...rest: unknown[]) => {
      if (path === '/channels/externalMedia') await slow.wait;
      return (call as (...a: unknown[]) => Promise<unknown>)(method, path, ...rest);
    }) as AriRest['call'];
    const hearing = em.hear('dial-3', () => undefined);
    await new Promise((r) => setTimeout(r, 5));
    state.created = true;
    let dialable = false;
    const before = em.beforeDial('dial-3').then(() => (dialable = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(requests).toEqual(['POST /bridges', 'POST /channels/dial-3/snoop em-snoop-dial-3']);
    expect(dialable).toBe(false);
    slow.open();
    await Promise.all([hearing, before]);
    expect(requests.slice(2)).toEqual(['POST /channels/externalMedia em-ext-dial-3', 'POST /bridges/em-bridge-dial-3/addChannel', 'POST /bridges/em-bridge-dial-3/addChannel']);
    expect(dialable).toBe(true);
  });

  it('a set-up that fails frees what was made, and the dial goes on unheard', async () => {
    const { em, requests, state } = fakeAri();
    const rest = (em as unknown as { d: { rest: AriRest } }).d.rest;
    const call = rest.call.bind(rest);
    rest.call = (async (method: string, path: string, ...rest: unknown[]) => {
      if (path === '/channels/externalMedia') throw new HotlineError('ARI_UNAVAILABLE', 'no');
      return (call as (...a: unknown[]) => Promise<unknown>)(method, path, ...rest);
    }) as AriRest['call'];
    const hearing = em.hear('dial-4', () => undefined);
    state.created = true;
    await em.beforeDial('dial-4');
    await expect(hearing).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 5));
    expect(requests.filter((r) => r.startsWith('DELETE')).sort()).toEqual(['DELETE /bridges/em-bridge-dial-4', 'DELETE /channels/em-ext-dial-4', 'DELETE /channels/em-snoop-dial-4']);
    expect(em.count()).toBe(0);
  });

  it('started after the originate: snoops at once; the leg hanging up frees everything (its snoop ends with it)', async () => {
    const { em, requests, state, watchers } = fakeAri();
    state.created = true;
    await em.hear('dial-2', () => undefined, { legExists: true });
    expect(requests.slice(3)).toEqual(['POST /channels/dial-2/snoop em-snoop-dial-2', 'POST /bridges/em-bridge-dial-2/addChannel']);
    await em.beforeDial('dial-2');
    expect(requests.filter((r) => r.endsWith('/snoop em-snoop-dial-2'))).toHaveLength(1);
    watchers.get('dial-2')!({ type: 'hung-up', channelId: 'dial-2', cause: 16, causeText: '', at: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(em.count()).toBe(0);
    // The snoop went with the leg: only the external channel and the bridge are deleted.
    expect(requests.filter((r) => r.startsWith('DELETE')).sort()).toEqual(['DELETE /bridges/em-bridge-dial-2', 'DELETE /channels/em-ext-dial-2']);
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
