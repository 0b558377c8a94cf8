import { beforeEach, describe, expect, it } from 'vitest';
import type { HearingDecision } from '../../../src/announcements/hearing.js';
import { placeCampaignCall, type AttemptFacts, type CampaignCallDeps, type CampaignDial } from '../../../src/dialer/campaign-call.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import type { AnnouncementDecision } from '../../../src/dialer/leg-hearing.js';
import { legHearingSettings, type LegHearingSettings } from '../../../src/dialer/leg-hearing-settings.js';
import type { AttemptsRepo } from '../../../src/store/attempts-repo.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const channelId = 'dial-1';

const announcement = (at: number): AnnouncementDecision => ({
  kind: 'announcement',
  known: null,
  audio: new Int16Array(0),
  fingerprint: { hashes: new Uint32Array(0), times: new Uint16Array(0) },
  firstAudioAt: T0,
  decidedAt: at,
});

describe('a campaign call with hearing', () => {
  let clock: FakeClock;
  let tel: StubTelephony;
  let enqueued: string[];
  let announced: AnnouncementDecision[];
  let onAnswer: HearingDecision;
  /** What the hearing says on the next audio packet (the stub's stand-in for what it heard). */
  let onAudio: HearingDecision;

  const deps = (enabled: boolean, over: Partial<LegHearingSettings> = {}): CampaignCallDeps => ({
    port: tel.port,
    recorder: tel.recorderPort,
    acd: {
      enqueue: async (call) => (enqueued.push(call.channelId), 'answered'),
      withdraw: () => false,
      reserve: () => () => undefined,
    },
    attempts: { update: () => undefined } as unknown as AttemptsRepo,
    clock,
    dialerContext: 'hotline-dialer',
    flow: () => undefined,
    runFlow: async () => undefined,
    agentOf: () => '1001',
    speak: async () => [],
    hearing: {
      settings: legHearingSettings.parse({ enabled, ...over }),
      hear: (state, event, _library, now) => {
        const said = event.type === 'answered' ? onAnswer : event.type === 'audio' ? onAudio : { kind: 'listening' as const };
        return { state: event.type === 'ringing' ? { ...state, rang: true } : state, decision: said.kind === 'announcement' ? announcement(now) : said };
      },
      options: {},
      library: () => [],
      onAnnouncement: (_dial, _facts, decision) => announced.push(decision),
    },
  });
  const dial: CampaignDial = {
    attemptId: 1,
    campaignId: 1,
    leadId: 1,
    channelId,
    phone: '13900010100',
    settings: campaignSettingsSchema.parse({ amd: false }),
  };
  const facts = (): AttemptFacts => ({ attemptId: 1, campaignId: 1, leadId: 1, agentless: false, abandoned: false, liveAt: null, connectedAt: null, agentId: null });

  beforeEach(() => {
    clock = new FakeClock(T0);
    tel = new StubTelephony(clock);
    enqueued = [];
    announced = [];
    onAudio = { kind: 'listening' };
  });

  it('hears the leg from before the dial and never hands an answered announcement to an agent', async () => {
    onAnswer = { kind: 'announcement' } as HearingDecision;
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    expect(tel.calls.map((c) => c.op).slice(0, 2)).toEqual(['hearEarlyMedia', 'originate']);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(tel.made('hangup')).toEqual([[channelId]]);
    expect(tel.recorder.hungUpByUs).toEqual([channelId]);
    expect(announced).toHaveLength(1);
    clock.advance(5000);
    await settle();
    expect(enqueued).toEqual([]);
  });

  it('asks for the originate while the hearing is still being set up, and an answer before it settles still waits for it', async () => {
    onAnswer = { kind: 'announcement' } as HearingDecision;
    let release!: () => void;
    const setUp = new Promise<void>((r) => (release = r));
    const port = tel.port as { hearEarlyMedia: typeof tel.port.hearEarlyMedia };
    const hearNow = port.hearEarlyMedia;
    port.hearEarlyMedia = async (...args) => {
      await setUp;
      return hearNow(...args);
    };
    const placing = placeCampaignCall(deps(true), dial, facts(), silentLog);
    await settle();
    expect(tel.made('originate')).toHaveLength(1);
    expect(tel.made('hearEarlyMedia')).toEqual([]);
    await placing;
    tel.event({ type: 'answered', channelId, at: clock.now() });
    release();
    await settle();
    expect(tel.made('hangup')).toEqual([[channelId]]);
    expect(announced).toHaveLength(1);
    clock.advance(5000);
    await settle();
    expect(enqueued).toEqual([]);
  });

  it('hands a person to the agent once the hearing says so', async () => {
    onAnswer = { kind: 'person' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([channelId]);
    expect(tel.made('hangup')).toEqual([]);
    expect(tel.hearing.size).toBe(0);
  });

  it('by default holds no live answer after a ring: it goes to the agent at once, the hearing goes on beside it', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.event({ type: 'ringing', channelId, at: clock.now() });
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([channelId]);
    expect(tel.hearing.size).toBe(1);
  });

  it('hands an undecided answer on after answeredWaitMs', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true, { answeredWaitMs: 1000 }), dial, facts(), silentLog);
    tel.event({ type: 'ringing', channelId, at: clock.now() });
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([]);
    clock.advance(1000);
    await settle();
    expect(enqueued).toEqual([channelId]);
  });

  it('dials unheard and hands off at once when hearing is off', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(false), dial, facts(), silentLog);
    expect(tel.made('hearEarlyMedia')).toEqual([]);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([channelId]);
  });

  // Issue 11 item 5: a suspect answer (answer-suspicion.ts) waits for the hearing; the 2 s rule counts from its end.
  describe('a suspect answer', () => {
    const human = () => tel.event({ type: 'call-arrived', channelId, args: ['dialer', 'HUMAN', 'HUMAN-1-1', '0'], callerNumber: '', calledNumber: dial.phone, state: 'Up', at: clock.now() });
    const answerAfter = (ring: boolean) => {
      if (ring) tel.event({ type: 'ringing', channelId, at: clock.now() });
      tel.event({ type: 'answered', channelId, at: clock.now() });
    };

    it.each<[string, boolean, Partial<CampaignDial>, boolean]>([
      ['answered with no ring', false, {}, false],
      ['on a number announced before, after a ring', true, { announcedBefore: true }, false],
      ['answered with no ring, AMD on and saying HUMAN', false, { settings: campaignSettingsSchema.parse({ amd: true }) }, true],
    ])('%s: held until the hearing says announcement, and never reaches an agent', async (_, ring, over, amd) => {
      onAnswer = { kind: 'listening' };
      await placeCampaignCall(deps(true), { ...dial, ...over }, facts(), silentLog);
      answerAfter(ring);
      if (amd) human();
      await settle();
      clock.advance(3000);
      await settle();
      expect(enqueued).toEqual([]);
      onAudio = { kind: 'announcement' } as HearingDecision;
      tel.audio(channelId, new Int16Array(160));
      await settle();
      expect(tel.made('hangup')).toEqual([[channelId]]);
      clock.advance(20_000);
      await settle();
      expect(enqueued).toEqual([]);
    });

    it('a person is handed on when the hearing says so, with the 2 s counted from then (not held against the agent)', async () => {
      onAnswer = { kind: 'listening' };
      const f = facts();
      const answeredAt = clock.now();
      await placeCampaignCall(deps(true), dial, f, silentLog);
      answerAfter(false);
      await settle();
      clock.advance(2300);
      onAudio = { kind: 'person' };
      tel.audio(channelId, new Int16Array(160));
      await settle();
      expect(enqueued).toEqual([channelId]);
      expect(f.liveAt).toBe(answeredAt + 2300);
      expect(tel.made('hangup')).toEqual([]);
    });

    it('a leg that hangs up during the hold reaches no agent', async () => {
      onAnswer = { kind: 'listening' };
      await placeCampaignCall(deps(true), dial, facts(), silentLog);
      answerAfter(false);
      await settle();
      clock.advance(1500);
      tel.end(channelId, 16);
      await settle();
      clock.advance(20_000);
      await settle();
      expect(enqueued).toEqual([]);
    });

    it('goes on after suspectWaitMs with no decision (the hearing failed or stopped)', async () => {
      onAnswer = { kind: 'listening' };
      await placeCampaignCall(deps(true, { suspectWaitMs: 4000 }), dial, facts(), silentLog);
      answerAfter(false);
      await settle();
      clock.advance(3999);
      await settle();
      expect(enqueued).toEqual([]);
      clock.advance(1);
      await settle();
      expect(enqueued).toEqual([channelId]);
    });

    it('AMD saying HUMAN after a ring is handed on at once', async () => {
      onAnswer = { kind: 'listening' };
      await placeCampaignCall(deps(true), { ...dial, settings: campaignSettingsSchema.parse({ amd: true }) }, facts(), silentLog);
      answerAfter(true);
      human();
      await settle();
      expect(enqueued).toEqual([channelId]);
    });

    it('an answer after a ring is not held', async () => {
      onAnswer = { kind: 'listening' };
      const f = facts();
      await placeCampaignCall(deps(true), dial, f, silentLog);
      const answeredAt = clock.now();
      answerAfter(true);
      await settle();
      expect(enqueued).toEqual([channelId]);
      expect(f.liveAt).toBe(answeredAt);
    });
  });

  it('frees the hearing when the leg ends', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.end(channelId, 19);
    await settle();
    expect(tel.hearing.size).toBe(0);
    expect(tel.port.watchedChannels()).toBe(0);
  });
});
