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
      hear: (state, event, _library, now) => ({ state, decision: event.type === 'answered' ? (onAnswer.kind === 'announcement' ? announcement(now) : onAnswer) : { kind: 'listening' } }),
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

  it('hands a person to the agent once the hearing says so', async () => {
    onAnswer = { kind: 'person' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([channelId]);
    expect(tel.made('hangup')).toEqual([]);
    expect(tel.hearing.size).toBe(0);
  });

  it('by default holds no live answer: it goes to the agent at once, the hearing goes on beside it', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.event({ type: 'answered', channelId, at: clock.now() });
    await settle();
    expect(enqueued).toEqual([channelId]);
    expect(tel.hearing.size).toBe(1);
  });

  it('hands an undecided answer on after answeredWaitMs', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true, { answeredWaitMs: 1000 }), dial, facts(), silentLog);
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

  it('frees the hearing when the leg ends', async () => {
    onAnswer = { kind: 'listening' };
    await placeCampaignCall(deps(true), dial, facts(), silentLog);
    tel.end(channelId, 19);
    await settle();
    expect(tel.hearing.size).toBe(0);
    expect(tel.port.watchedChannels()).toBe(0);
  });
});
