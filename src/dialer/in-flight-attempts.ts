/**
 * The dialer's attempts in flight, kept apart from the loop that places them (as bullmq keeps its stalled-job checks
 * apart from the worker loop): the live map, the end of each attempt, the attempts a previous run left open, and the
 * dials whose end event was lost. Each attempt ends exactly once, in one transaction: its row, its lead and what
 * pacing learns from it. An agent's disposition given during the call decides the lead (lead-after-attempt.ts).
 */
import type { Logger } from 'pino';
import type { CallEnded, CallRecorder } from '../calls/call-recorder.js';
import type { Clock } from '../clock.js';
import { defined } from '../defined.js';
import type { AttemptPatch, AttemptRow, AttemptsRepo } from '../store/attempts-repo.js';
import type { CampaignsRepo } from '../store/campaigns-repo.js';
import type { LeadsRepo } from '../store/leads-repo.js';
import type { ChannelTraces } from '../calls/channel-trace.js';
import { lostEnd } from '../calls/lost-end.js';
import { traceRecordOf } from '../calls/channel-trace.js';
import { readTracesUntil, RECORD_WAIT_MS } from '../calls/channel-trace-wait.js';
import { openAttemptVerdict } from './open-attempt-verdict.js';
import { cutByLoss } from './cut-by-loss.js';
import { attemptOutcome } from './attempt-outcome.js';
import type { AttemptFacts } from './campaign-call.js';
import type { CampaignPacing } from './campaign-pacing.js';
import { localHour } from './calling-window.js';
import { leadAfterAttempt, type LeadVerdict } from './lead-after-attempt.js';
import type { AttemptOutcome } from './lead-state.js';

/** What the in-flight attempts need of the rest of the dialer: repositories, pacing, and a few telephony calls. */
export interface InFlightContext {
  attempts: Pick<AttemptsRepo, 'get' | 'byChannel' | 'open' | 'update' | 'transaction' | 'release' | 'dialSent'>;
  leads: Pick<LeadsRepo, 'get' | 'update'>;
  campaigns: Pick<CampaignsRepo, 'find'>;
  /** Learns from every settled attempt of a campaign with agents. */
  pacing: Pick<CampaignPacing, 'settled'>;
  /** A skill group's after-call work in seconds (pacing learns it as wrap time). */
  wrapUpS: (groupId: string) => number;
  /** Closes the call record of a leg whose end event was lost. */
  recorder: Pick<CallRecorder, 'failed'>;
  /** Whether a channel still exists in Asterisk. */
  channelExists: (channelId: string) => Promise<boolean>;
  /** Hangs up a channel (a dial stuck past its ring time). */
  hangup: (channelId: string) => Promise<void>;
  /** Asterisk's own record of how channels ended (null when it cannot be read): a restart reads the ends it missed. */
  channelTraces?: () => ChannelTraces | null;
  /** An answered leg shorter than this is a short call (telephony.shortCallS). */
  shortCallS?: number;
  clock: Clock;
  log: Logger;
}

export interface LiveAttempt {
  facts: AttemptFacts;
  phone: string;
  /** When the dial was placed, and how long it may ring. */
  placedAt: number;
  ringTimeoutS: number;
  /** What the leg's announcement made it (the hearing cancelled the leg); its end then keeps this outcome. */
  announced?: AttemptOutcome;
  /** Placed by a previous process and followed after a restart: nothing here can run its call once answered. */
  followed?: boolean;
}

/**
 * How long a dial followed after a restart may ring when its campaign is gone. Otherwise its campaign's ring time
 * counts from the restart: a leg Asterisk never got going (no INVITE, seen in the chaos run) is hung up after
 * ring time + STUCK_GRACE_S, not after minutes.
 */
const FOLLOWED_RING_S = 120;
/** A dial is looked at this long after its ring time-out, an answered call after ANSWERED_LOOK_MS. */
const STUCK_GRACE_S = 30;
const ANSWERED_LOOK_MS = 10 * 60_000;

export class InFlightAttempts {
  private readonly live = new Map<string, LiveAttempt>();

  constructor(private readonly c: InFlightContext) {}

  /** Follows a placed dial until its leg ends. */
  track(channelId: string, l: Omit<LiveAttempt, 'placedAt'>): void {
    this.live.set(channelId, { ...l, placedAt: this.c.clock.now() });
  }

  /** Live attempts of a campaign, or of all campaigns. */
  count(campaignId?: number): number {
    let n = 0;
    for (const l of this.live.values()) if (campaignId === undefined || l.facts.campaignId === campaignId) n += 1;
    return n;
  }

  /** The live attempts of one campaign (pacing reads their ages). */
  ofCampaign(campaignId: number): LiveAttempt[] {
    return [...this.live.values()].filter((l) => l.facts.campaignId === campaignId);
  }

  /** The campaign of a live attempt's channel. */
  campaignOf(channelId: string): number | undefined {
    return this.live.get(channelId)?.facts.campaignId;
  }

  /** Numbers on a call now, from any campaign: never dialed twice at once. */
  numbers(): Set<string> {
    return new Set([...this.live.values()].map((l) => l.phone));
  }

  /** How many calls to a number are on the line now. */
  countTo(phone: string): number {
    let n = 0;
    for (const l of this.live.values()) if (l.phone === phone) n += 1;
    return n;
  }

  /** A leg ended: its outcome comes from the leg's cause and what the dialer did with the answer. */
  ended(e: CallEnded): void {
    const l = this.live.get(e.channelId);
    // A leg a previous process created but never dialed (killed in between): whatever ended it, nobody was called. One
    // whose dial request went out is never taken back, whatever a record says (it may be the wrong record).
    const left = l ? undefined : this.c.attempts.byChannel(e.channelId);
    if (left && left.endedAt === null && !this.c.attempts.dialSent(left.id)) return this.release(e.channelId);
    if (e.reconciled === 'never-dialed' && !(left && this.c.attempts.dialSent(left.id))) return this.release(e.channelId);
    const announced = l?.announced;
    const cut = cutByLoss(l === undefined ? 'none' : l.followed === true ? 'followed' : 'placed', e);
    const outcome = (f: AttemptFacts) =>
      announced ??
      attemptOutcome({
        leg: e.outcome,
        abandoned: f.abandoned,
        connected: f.connectedAt !== null,
        agentless: f.agentless,
        // The flow's first question is a menu: any key means the customer answered it.
        answeredFlow: e.digits.length > 0,
        cut,
      });
    this.settle(e.channelId, outcome, {
      endedAt: e.endedAt,
      causeCode: e.cause,
      causeText: cut && e.reconciled !== 'media-server-lost' ? 'cut: the service that ran the call was lost (killed or restarted)' : e.causeText,
      sipCode: e.sipCode ?? null,
      keys: e.digits || null,
      // An attempt this process did not place (a previous run did) says how its end was found.
      ...(e.reconciled ? { reconciled: e.reconciled } : l ? {} : { reconciled: 'ended-after-restart' }),
    });
  }

  /**
   * The hearing recognised the leg's announcement and hung it up: its end, when it comes with the carrier's cause and
   * SIP code, is decided by the announcement, not by the cause table (a cancelled leg ends as a plain clearing).
   */
  announced(channelId: string, outcome: AttemptOutcome): void {
    const l = this.live.get(channelId);
    if (l) l.announced = outcome;
  }

  /**
   * Ends the attempt of a channel with an outcome, whoever decided it: the cause table (ended), or a step that knows
   * better before the leg's end (it passes the outcome, or a function of the attempt's facts). A channel without an
   * open attempt is ignored, so a second end of the same leg changes nothing.
   */
  settle(channelId: string, outcome: AttemptOutcome | ((facts: AttemptFacts) => AttemptOutcome), patch: AttemptPatch): void {
    const l = this.live.get(channelId);
    const attempt = l ? this.c.attempts.get(l.facts.attemptId) : this.c.attempts.byChannel(channelId);
    if (!attempt || attempt.endedAt !== null) return;
    this.live.delete(channelId);
    const facts = l?.facts ?? this.factsOf(attempt);
    this.end(attempt, facts, typeof outcome === 'function' ? outcome(facts) : outcome, patch);
  }

  /**
   * Settles attempts a previous run left open (open-attempt-verdict.ts): a claim that provably never reached the
   * carrier is taken back; a leg still in Asterisk is followed to its end; a gone one is decided from Asterisk's
   * record, read again for a few seconds while the end is not written yet, or closed as a failed dial. Its lead is
   * decided once, like any attempt.
   */
  async reconcile(): Promise<void> {
    const open = this.c.attempts.open().filter((a) => !(a.channelId && this.live.has(a.channelId)));
    const facts = await Promise.all(
      open.map(async (a) => ({ a, dialSent: this.c.attempts.dialSent(a.id), stillUp: a.channelId ? await this.c.channelExists(a.channelId).catch(() => false) : false })),
    );
    const verdictOf = (x: (typeof facts)[number], traces: ChannelTraces | null, waitedMs: number) =>
      openAttemptVerdict({ dialSent: x.dialSent, stillUp: x.stillUp, record: traceRecordOf(traces, x.a.channelId ?? '', x.a.dialedAt ?? x.a.queuedAt), waitedMs });
    const read = this.c.channelTraces ?? (() => null);
    const traces = facts.length ? await readTracesUntil(read, (t, waited) => facts.some((x) => verdictOf(x, t, waited).kind === 'read-again'), this.c.clock) : null;
    for (const x of facts) {
      const { a } = x;
      const channelId = a.channelId ?? '';
      const v = verdictOf(x, traces, RECORD_WAIT_MS);
      if (v.kind === 'take-back') {
        this.takeBack(channelId, v.hangUp);
        continue;
      }
      if (v.kind === 'follow') {
        this.live.set(channelId, { phone: a.phone, followed: true, facts: this.factsOf(a), placedAt: this.c.clock.now(), ringTimeoutS: this.c.campaigns.find(a.campaignId)?.settings.ringTimeoutS ?? FOLLOWED_RING_S });
        this.c.attempts.update(a.id, { reconciled: 'followed-after-restart' });
        this.c.log.info({ attemptId: a.id, leadId: a.leadId }, 'open attempt still on a call: following it');
        continue;
      }
      if (v.kind === 'from-record') {
        const row = { channelId, direction: 'outbound' as const, startedAt: a.dialedAt ?? a.queuedAt, answeredAt: a.answeredAt, amdStatus: a.amdStatus, faxTones: null, outcome: null, causeCode: null, causeText: null };
        const end = lostEnd(row, traces, this.c.clock.now(), { shortCallS: this.c.shortCallS ?? 3, mediaServerLost: false });
        // Answered and past a short call: it ended while no process ran it, so the loss of the service cut it.
        const cut = end.answeredAt !== null && end.outcome === 'human';
        const outcome = attemptOutcome({ leg: end.outcome, abandoned: false, connected: a.connectedAt !== null, agentless: this.factsOf(a).agentless, answeredFlow: (a.keys ?? '').length > 0, cut });
        this.end(a, this.factsOf(a), outcome, { endedAt: end.endedAt, causeCode: end.cause, causeText: end.causeText, sipCode: end.sipCode, reconciled: 'asterisk-record', ...(end.answeredAt !== null ? { answeredAt: end.answeredAt } : {}) });
        this.c.log.info({ attemptId: a.id, leadId: a.leadId, outcome }, "open attempt ended while hotline was down: decided from Asterisk's record");
        continue;
      }
      this.end(a, this.factsOf(a), 'failed', { endedAt: this.c.clock.now(), reconciled: 'lost-on-restart' });
      this.c.log.warn({ attemptId: a.id, leadId: a.leadId }, 'open attempt without a call after restart: closed as failed');
    }
  }

  /**
   * A claim that never reached the carrier: taken back. A channel Asterisk made for it and nobody dialed is still
   * there (it would sit silent until Asterisk stops): its call record is closed as failed before dialing, and it is
   * hung up. A gone one's record was closed by the call reconciliation already.
   */
  private takeBack(channelId: string, hangUp: boolean): void {
    this.release(channelId);
    if (!hangUp) return;
    this.c.recorder.failed(channelId, 'never dialed: the dial request was not sent before the restart');
    void this.c.hangup(channelId).catch(() => undefined);
  }

  /** A claimed dial that never reached Asterisk: the claim is taken back, so it does not count towards the lead's limits. */
  private release(channelId: string): void {
    this.live.delete(channelId);
    const a = this.c.attempts.byChannel(channelId);
    if (a && this.c.attempts.release(a.id, this.c.clock.now())) {
      this.c.log.warn({ attemptId: a.id, leadId: a.leadId }, 'claimed dial never reached Asterisk: claim taken back, the lead is due again');
    }
  }

  /**
   * A dial that was never answered and is well past its ring time has lost its end event (Asterisk ends it at the
   * ring time-out): if its channel is gone it is settled as failed, so its lead never stays "dialing"; if the
   * channel is still there it is hung up, and its end comes as usual. An answered call is only settled this way
   * once its channel is gone (checked after 10 minutes, then every few seconds).
   */
  async checkStuck(): Promise<void> {
    const now = this.c.clock.now();
    for (const [channelId, l] of this.live) {
      if (now - l.placedAt < (l.ringTimeoutS + STUCK_GRACE_S) * 1000) continue;
      const a = this.c.attempts.get(l.facts.attemptId);
      if (!a || a.endedAt !== null) {
        this.live.delete(channelId);
        continue;
      }
      const answered = a.answeredAt !== null;
      // A conversation may go on for long: only a gone channel ends it, and it is looked at after 10 minutes.
      if (answered && now - l.placedAt < ANSWERED_LOOK_MS) continue;
      const exists = await this.c.channelExists(channelId).catch(() => true);
      if (!this.live.has(channelId) || (answered && exists)) continue;
      if (exists) {
        this.c.log.warn({ attemptId: a.id, channelId }, 'unanswered dial past its ring time: hanging it up');
        await this.c.hangup(channelId).catch(() => undefined);
        continue;
      }
      this.live.delete(channelId);
      this.c.log.warn({ attemptId: a.id, channelId }, 'dial lost its end event: settled as failed');
      this.end(a, l.facts, 'failed', { endedAt: now, reconciled: 'lost-in-flight' });
      // Its call record and live call close too (the attempt is already decided, so this end is not counted twice).
      this.c.recorder.failed(channelId, 'end event lost');
    }
  }

  /**
   * The end of one attempt, in one transaction: the attempt row, the lead (decided by the agent's disposition when
   * one was given during the call, else by the outcome) and what pacing learns. The rows are read again inside it,
   * so a disposition recorded a moment ago is seen and an attempt already ended is left alone.
   */
  private end(a: AttemptRow, facts: AttemptFacts, outcome: AttemptOutcome, patch: AttemptPatch): void {
    const campaign = this.c.campaigns.find(a.campaignId);
    if (!campaign) return;
    const s = campaign.settings;
    const now = this.c.clock.now();
    const verdict = this.c.attempts.transaction((): { verdict: LeadVerdict; state: string } | null => {
      const row = this.c.attempts.get(a.id);
      const lead = this.c.leads.get(a.leadId);
      if (!row || row.endedAt !== null || !lead) return null;
      const verdict = leadAfterAttempt({ lead, outcome, disposition: row.disposition, now, settings: s });
      this.c.attempts.update(a.id, { ...patch, outcome });
      if (verdict.by === 'outcome') {
        const d = verdict.decision;
        this.c.leads.update(a.leadId, { state: d.state, dueAt: d.dueAt, flagged: d.flagged, lastOutcome: outcome, needsAgent: d.needsAgent === true }, now);
      }
      if (s.mode !== 'agentless' && row.dialedAt !== null) {
        const settled = { ...row, ...defined({ answeredAt: patch.answeredAt }), connectedAt: facts.connectedAt ?? row.connectedAt };
        this.c.pacing.settled(a.campaignId, s, settled, patch.endedAt ?? now, outcome, localHour(row.dialedAt, s.timeZone), this.c.wrapUpS(s.skillGroup), now);
      }
      return { verdict, state: verdict.by === 'outcome' ? verdict.decision.state : lead.state };
    });
    if (!verdict) return;
    const why = verdict.verdict.by === 'outcome' ? verdict.verdict.decision.why : `the agent's disposition (${verdict.verdict.disposition}) stands`;
    this.c.log.info({ campaignId: a.campaignId, leadId: a.leadId, attemptId: a.id, outcome, state: verdict.state, why }, 'attempt decided');
  }

  private factsOf(a: AttemptRow): AttemptFacts {
    const agentless = this.c.campaigns.find(a.campaignId)?.settings.mode === 'agentless';
    return { attemptId: a.id, campaignId: a.campaignId, leadId: a.leadId, agentless, abandoned: false, liveAt: a.answeredAt, connectedAt: a.connectedAt, agentId: a.agentId };
  }
}
