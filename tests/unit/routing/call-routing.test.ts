import { describe, expect, it } from 'vitest';
import type { TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { CallRecorder } from '../../../src/calls/call-recorder.js';
import { LiveCalls } from '../../../src/calls/live-calls.js';
import { systemClock } from '../../../src/clock.js';
import { createMetrics } from '../../../src/health/metrics.js';
import type { IvrRunnerDeps } from '../../../src/ivr/ivr-runner.js';
import { createLogger } from '../../../src/log/logger.js';
import { CallRouting } from '../../../src/routing/call-routing.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { openDb } from '../../../src/store/db.js';

const T0 = Date.parse('2026-03-10T10:00:00+08:00');

/** An inbound line with no flow bound to its number: what the caller hears is the skeleton's welcome. */
function line() {
  const listeners = new Set<(e: TelephonyEvent) => void>();
  const sent: string[] = [];
  const port = {
    onEvent: (l: (e: TelephonyEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    watchChannel: () => () => undefined,
    follow: async () => undefined,
    answer: async (id: string) => void sent.push(`answer ${id}`),
    play: async (id: string, media: string[]) => (sent.push(`play ${id} ${media.join(',')}`), 'pb'),
  } as unknown as TelephonyPort;
  const clock = { ...systemClock, now: () => T0 };
  const log = createLogger('silent');
  const repo = new CallsRepo(openDb(':memory:'), clock);
  const calls = new LiveCalls();
  const recorder = new CallRecorder({ port, repo, calls, metrics: createMetrics(() => calls.size), log, clock, shortCallS: 3 });
  const asked: string[] = [];
  const routing = new CallRouting({
    port,
    recorder,
    calls,
    repo,
    flowForNumber: (n) => void asked.push(n),
    ivr: {} as IvrRunnerDeps,
    welcomeSound: 'sound:hello-world',
  });
  recorder.start();
  routing.listen();
  const arrive = (channelId: string, args: string[]) => {
    for (const l of listeners) l({ type: 'call-arrived', channelId, args, callerNumber: '13900000001', calledNumber: '4008001234', state: 'Ring', at: T0 });
  };
  return { routing, sent, asked, arrive };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('routing an inbound call', () => {
  it('looks up the flow for the number dialed and, with none bound, answers and plays the welcome', async () => {
    const l = line();
    l.arrive('in-1', ['inbound']);
    await settle();
    expect(l.asked).toEqual(['4008001234']);
    expect(l.sent).toEqual(['answer in-1', 'play in-1 sound:hello-world']);
  });

  it('starts a call handler once: a restart-entry after it is already handled does nothing', async () => {
    const l = line();
    l.arrive('in-2', ['inbound']);
    l.routing.routeInbound('in-2', true);
    await settle();
    expect(l.sent).toEqual(['answer in-2', 'play in-2 sound:hello-world']);
  });

  it('leaves outbound legs to the dialer and the outbound handler', async () => {
    const l = line();
    l.arrive('out-1', ['outbound']);
    await settle();
    expect(l.sent).toEqual([]);
    expect(l.asked).toEqual([]);
  });
});
