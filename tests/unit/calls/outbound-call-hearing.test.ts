import { beforeEach, describe, expect, it } from 'vitest';
import type { HearingDecision } from '../../../src/announcements/hearing.js';
import type { AnnouncementLabel } from '../../../src/announcements/labels.js';
import { placeOutboundCall, type OutboundOptions, type TestCallHearing } from '../../../src/calls/outbound-call.js';
import { legHearingSettings } from '../../../src/dialer/leg-hearing-settings.js';
import { FakeClock, settle, StubTelephony } from '../support/shell-stubs.js';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const options: OutboundOptions = { number: '13900010100', amd: false, trunk: 'carrier', callerId: '4001234567', timeoutS: 30, dialerContext: 'hotline-dialer', greeting: 'sound:hello' };

// Issue 11: the API's and the CLI's test call hears its leg like a campaign dial does.
describe('a test call with hearing', () => {
  let clock: FakeClock;
  let tel: StubTelephony;
  let said: HearingDecision;
  let kept: Array<[string, string]>;
  let label: AnnouncementLabel | null;

  const hearing = (): TestCallHearing => ({
    clock,
    settings: legHearingSettings.parse({}),
    options: {},
    library: () => [],
    hear: (state, event, _library, now) => {
      const d = event.type === 'audio' ? said : ({ kind: 'listening' } as const);
      const decision: HearingDecision = d.kind === 'announcement' ? { ...d, firstAudioAt: T0, decidedAt: now } : d;
      return { state: event.type === 'ringing' ? { ...state, rang: true } : state, decision };
    },
    onAnnouncement: (_channelId, number) => (kept.push([number, 'kept']), label),
  });
  const announcement = { kind: 'announcement', known: null, audio: new Int16Array(0), fingerprint: { hashes: new Uint32Array(0), times: new Uint16Array(0) } } as unknown as HearingDecision;

  beforeEach(() => {
    clock = new FakeClock(T0);
    tel = new StubTelephony(clock);
    said = { kind: 'listening' };
    kept = [];
    label = null;
  });

  it.each<[AnnouncementLabel | null, string]>([
    [null, 'announcement'],
    ['vacant', 'vacant'],
    ['powered-off', 'powered-off'],
  ])('reports an announcement heard in early media (label %s) as the call outcome %s, and hangs up', async (l, outcome) => {
    label = l;
    const channelId = await placeOutboundCall(tel.port, tel.recorderPort, options, hearing());
    const call = tel.live.get(channelId)!;
    expect(tel.calls.map((c) => c.op).slice(0, 2)).toEqual(['hearEarlyMedia', 'originate']);
    said = announcement;
    tel.audio(channelId, new Int16Array(160));
    await settle();
    expect(tel.made('hangup')).toEqual([[channelId]]);
    expect(kept).toEqual([[options.number, 'kept']]);
    expect(call.announced).toBe(outcome);
  });

  it('does not greet a suspect answer (no ring) until the hearing says person', async () => {
    const channelId = await placeOutboundCall(tel.port, tel.recorderPort, options, hearing());
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(tel.made('play')).toEqual([]);
    said = { kind: 'person' };
    tel.audio(channelId, new Int16Array(160));
    await settle();
    expect(tel.made('play')).toHaveLength(1);
  });

  it('never greets an answered announcement', async () => {
    const channelId = await placeOutboundCall(tel.port, tel.recorderPort, options, hearing());
    const call = tel.live.get(channelId)!;
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    said = announcement;
    tel.audio(channelId, new Int16Array(160));
    await settle();
    clock.advance(20_000);
    await settle();
    expect(tel.made('play')).toEqual([]);
    expect(call.announced).toBe('announcement');
  });

  it('greets an answer after a ring at once', async () => {
    const channelId = await placeOutboundCall(tel.port, tel.recorderPort, options, hearing());
    tel.event({ type: 'ringing', channelId, at: clock.now() });
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(tel.made('play')).toHaveLength(1);
  });

  it('is dialed unheard without hearing', async () => {
    const channelId = await placeOutboundCall(tel.port, tel.recorderPort, options);
    expect(tel.made('hearEarlyMedia')).toEqual([]);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(tel.made('play')).toHaveLength(1);
  });
});
