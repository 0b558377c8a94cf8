import { beforeEach, describe, expect, it } from 'vitest';
import type { HearingDecision, HearingEvent } from '../../../src/announcements/hearing.js';
import { hearLeg, type AnnouncementDecision, type LegHearingDeps } from '../../../src/dialer/leg-hearing.js';
import { legHearingSettings } from '../../../src/dialer/leg-hearing-settings.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const leg = 'dial-1';

const announcement = (at: number): AnnouncementDecision => ({
  kind: 'announcement',
  known: { id: 7, label: 'vacant', score: 0.9 },
  audio: new Int16Array(8),
  fingerprint: { hashes: new Uint32Array(0), times: new Uint16Array(0) },
  firstAudioAt: T0,
  decidedAt: at,
});

/** A `hear` that notes every event and answers from a script: the nth audio chunk gets script[n]. */
function scriptedHear(script: Record<number, HearingDecision>, onAnswered?: HearingDecision) {
  const seen: HearingEvent['type'][] = [];
  let chunks = 0;
  const hear: LegHearingDeps['hear'] = (state, event) => {
    seen.push(event.type);
    if (event.type === 'answered' && onAnswered) return { state, decision: onAnswered };
    if (event.type !== 'audio') return { state, decision: { kind: 'listening' } };
    chunks += 1;
    return { state, decision: script[chunks] ?? { kind: 'listening' } };
  };
  return { hear, seen };
}

describe('hearLeg', () => {
  let clock: FakeClock;
  let tel: StubTelephony;
  let announced: AnnouncementDecision[];
  const deps = (hear: LegHearingDeps['hear']): LegHearingDeps => ({
    port: tel.port,
    clock,
    hear,
    library: () => [],
    options: {},
    settings: legHearingSettings.parse({}),
    markHangupByUs: (id) => tel.recorder.markHangupByUs(id),
    log: silentLog,
  });

  beforeEach(() => {
    clock = new FakeClock(T0);
    tel = new StubTelephony(clock);
    tel.addCall(leg, 'outbound');
    announced = [];
  });

  it('hangs the leg up as soon as the announcement is recognised, reports it and frees the hearing', async () => {
    const { hear, seen } = scriptedHear({ 3: announcement(T0 + 60) });
    const h = await hearLeg(deps(hear), leg, (a) => announced.push(a));
    expect(tel.made('hearEarlyMedia')).toEqual([[leg]]);
    for (let i = 0; i < 5; i += 1) {
      clock.advance(20);
      tel.audio(leg, new Int16Array(160));
    }
    await settle();
    expect(seen).toEqual(['audio', 'audio', 'audio']);
    expect(tel.made('hangup')).toEqual([[leg]]);
    expect(tel.recorder.hungUpByUs).toEqual([leg]);
    expect(announced.map((a) => a.known?.label)).toEqual(['vacant']);
    expect(h.decision?.kind).toBe('announcement');
    expect(await h.settled(1000)).toMatchObject({ kind: 'announcement' });
    expect(tel.made('stopHearing')).toEqual([[leg]]);
    expect(tel.hearing.size).toBe(0);
    expect(tel.port.watchedChannels()).toBe(0);
  });

  it('lets a "connecting" announcement run: no hang-up, nothing reported, the hand-off is not held by it', async () => {
    const { hear } = scriptedHear({ 2: { ...announcement(T0 + 40), known: { id: 9, label: 'connecting', score: 0.8 } } });
    const h = await hearLeg(deps(hear), leg, (a) => announced.push(a));
    tel.audio(leg, new Int16Array(160));
    tel.audio(leg, new Int16Array(160));
    await settle();
    expect(tel.made('hangup')).toEqual([]);
    expect(announced).toEqual([]);
    expect(h.decision).toBeNull();
    expect(await h.settled(1000)).toBeNull();
    expect(tel.made('stopHearing')).toEqual([[leg]]);
  });

  it('lets a person go on: no hang-up, the hand-off waiting on it hears "person"', async () => {
    const { hear, seen } = scriptedHear({}, { kind: 'person' });
    const h = await hearLeg(deps(hear), leg, (a) => announced.push(a));
    tel.audio(leg, new Int16Array(160));
    const waiting = h.settled(1000);
    tel.event({ type: 'answered', channelId: leg, at: clock.now() });
    expect(await waiting).toEqual({ kind: 'person' });
    await settle();
    expect(seen).toEqual(['audio', 'answered']);
    expect(tel.made('hangup')).toEqual([]);
    expect(announced).toEqual([]);
    expect(tel.hearing.size).toBe(0);
  });

  it('gives the hand-off no decision after its bound, and keeps hearing until the bound after the answer', async () => {
    const { hear } = scriptedHear({});
    const h = await hearLeg(deps(hear), leg, (a) => announced.push(a));
    tel.event({ type: 'answered', channelId: leg, at: clock.now() });
    const waiting = h.settled(1000);
    clock.advance(1000);
    expect(await waiting).toBeNull();
    expect(tel.hearing.size).toBe(1);
    // stopAfterAnswerMs: 12 s after the answer.
    clock.advance(10_000);
    await settle();
    expect(tel.made('stopHearing')).toEqual([]);
    clock.advance(1000);
    await settle();
    expect(tel.made('stopHearing')).toEqual([[leg]]);
    expect(tel.port.watchedChannels()).toBe(0);
  });

  it('stops when the leg ends undecided (a 480 after the announcement), telling hear the leg ended', async () => {
    const { hear, seen } = scriptedHear({});
    const h = await hearLeg(deps(hear), leg, (a) => announced.push(a));
    tel.audio(leg, new Int16Array(160));
    const waiting = h.settled(30_000);
    tel.end(leg, 19);
    expect(await waiting).toBeNull();
    await settle();
    expect(seen).toEqual(['audio', 'ended']);
    expect(tel.made('stopHearing')).toEqual([[leg]]);
    expect(tel.made('hangup')).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('leaves the leg alone when the classifier throws', async () => {
    const h = await hearLeg(
      deps(() => {
        throw new Error('bug');
      }),
      leg,
      (a) => announced.push(a),
    );
    tel.audio(leg, new Int16Array(160));
    await settle();
    expect(h.decision).toBeNull();
    expect(tel.made('hangup')).toEqual([]);
    expect(tel.made('stopHearing')).toEqual([[leg]]);
  });

  it('frees the watch when the port cannot hear the leg', async () => {
    const d = deps(scriptedHear({}).hear);
    d.port = { ...tel.port, hearEarlyMedia: async () => Promise.reject(new Error('no ARI')) } as LegHearingDeps['port'];
    await expect(hearLeg(d, leg, () => undefined)).rejects.toThrow('no ARI');
    expect(tel.port.watchedChannels()).toBe(0);
  });
});
