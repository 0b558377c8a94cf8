/**
 * The dialer's imperative shell. Every tick it asks the pure parts which due leads to dial for each running campaign
 * (windows, caps, live numbers, owned callbacks), claims each in SQLite before dialing, and places the calls. When a
 * leg ends it turns the facts into the attempt's outcome and the lead's next state. After a crash it settles every
 * attempt left open, so none is lost and none is dialed again.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CallEnded, CallRecorder } from '../calls/call-recorder.js';
import type { Clock } from '../clock.js';
import type { AttemptsRepo, AttemptRow } from '../store/attempts-repo.js';
import type { CampaignRow, CampaignsRepo } from '../store/campaigns-repo.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { DncRepo } from '../store/dnc-repo.js';
import { normalizePhone } from './import/normalize-phone.js';
import type { LeadsRepo } from '../store/leads-repo.js';
import { attemptOutcome } from './attempt-outcome.js';
import { placeCampaignCall, type AttemptFacts, type CampaignCallDeps } from './campaign-call.js';
import { deadlineMs, isDialAllowed, localDay, localHour } from './calling-window.js';
import { nextCampaignState, type CampaignEvent } from './campaign-state.js';
import type { GroupLoad } from '../acd/group-load.js';
import type { PacingRepo } from '../store/pacing-repo.js';
import { CampaignPacing } from './campaign-pacing.js';
import { cpsTokens, selectDials, type CpsTokens } from './dial-selection.js';
import { pace, type PacingDecision } from './pacing/pace.js';
import { PREVIEW_HOLD_MS } from './preview.js';
import { decideAfterAttempt } from './retry-decision.js';

export interface DialerEngineDeps {
  campaigns: CampaignsRepo;
  leads: LeadsRepo;
  attempts: AttemptsRepo;
  dnc: DncRepo;
  recorder: CallRecorder;
  call: CampaignCallDeps;
  /** Ready agents per skill group, and how busy the group is (pacing); `wrapUpS` is the group's after-call work. */
  agents: { readyAgents(groupId: string): string[]; groupLoad(groupId: string): GroupLoad; wrapUpS(groupId: string): number };
  /** Learned pacing statistics and the live answers of each campaign's abandon window. */
  pacing: PacingRepo;
  /** Timers; its `now` stamps rows. */
  clock: Clock;
  /** The time campaign schedules see (windows, retries, callbacks); tests move it. Defaults to the clock. */
  now?: () => number;
  /** Callbacks the IVR owes, and the campaign that dials them (created on first use, running in its windows). */
  ivrCallbacks?: { repo: CallbacksRepo; campaign: string; group: string };
  /** Whether Asterisk can take an originate now. */
  connected: () => boolean;
  /** Hangs up a channel (a dial stuck past its ring time). */
  hangup: (channelId: string) => Promise<void>;
  /** Whether a channel still exists in Asterisk (reconciliation after a crash). */
  channelExists: (channelId: string) => Promise<boolean>;
  log: Logger;
  tickMs?: number;
}

/** Time from offering a waiting answer to an agent to the agent talking (auto-answer phones in outbound teams). */
const AGENT_PICKUP_MS = 500;

interface LiveAttempt {
  facts: AttemptFacts;
  phone: string;
  /** When the dial was placed (clock time), and how long it may ring. */
  placedAt: number;
  ringTimeoutS: number;
}

/** Runs every campaign's dialing. */
export class DialerEngine {
  private readonly live = new Map<string, LiveAttempt>();
  private readonly buckets = new Map<number, CpsTokens>();
  private timer: ReturnType<Clock['setInterval']> | null = null;
  private ready = false;
  private unsubscribe: (() => void) | null = null;
  private ticking = false;
  private lastAbsorb = 0;
  private readonly now: () => number;
  private readonly pacing: CampaignPacing;
  private readonly decisions = new Map<number, PacingDecision>();

  constructor(private readonly d: DialerEngineDeps) {
    this.now = d.now ?? (() => d.clock.now());
    this.pacing = new CampaignPacing(d.pacing, d.log);
  }

  /** The last pacing decision for a campaign (status, tests); undefined before its first tick with agents. */
  lastPacing(campaignId: number): PacingDecision | undefined {
    return this.decisions.get(campaignId);
  }

  /** Hears leg ends and starts ticking; dialing waits until reconcile() has settled what a previous run left open. */
  start(): void {
    this.unsubscribe = this.d.recorder.onEnded((e) => this.ended(e));
    this.timer = this.d.clock.setInterval(() => this.tick(), this.d.tickMs ?? 200);
  }

  /** Stops dialing; calls in progress go on and the next run settles them. */
  stop(): void {
    if (this.timer) this.d.clock.clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.pacing.flush(this.d.clock.now());
  }

  /** Live attempts of a campaign (status, tests). */
  liveCount(campaignId?: number): number {
    let n = 0;
    for (const l of this.live.values()) if (campaignId === undefined || l.facts.campaignId === campaignId) n += 1;
    return n;
  }

  /**
   * Settles attempts a previous run left open: one whose leg still exists in Asterisk is followed to its end;
   * one whose leg is gone is closed from its call record, or as lost. Its lead is decided once, like any attempt.
   */
  async reconcile(): Promise<void> {
    for (const a of this.d.attempts.open()) {
      if (a.channelId && this.live.has(a.channelId)) continue;
      const stillUp = a.channelId ? await this.d.channelExists(a.channelId).catch(() => false) : false;
      if (stillUp && a.channelId) {
        this.live.set(a.channelId, { phone: a.phone, facts: factsOf(a, this.campaignAgentless(a.campaignId)), placedAt: this.d.clock.now(), ringTimeoutS: 120 });
        this.d.attempts.update(a.id, { reconciled: 'followed-after-restart' });
        this.d.log.info({ attemptId: a.id, leadId: a.leadId }, 'open attempt still on a call: following it');
        continue;
      }
      // The leg is gone and its end was never seen by this dialer: it counts as a failed dial, decided by the policy.
      this.settle(a, factsOf(a, this.campaignAgentless(a.campaignId)), 'failed', { endedAt: this.d.clock.now(), reconciled: 'lost-on-restart' });
      this.d.log.warn({ attemptId: a.id, leadId: a.leadId }, 'open attempt without a call after restart: closed as failed');
    }
    this.ready = true;
  }

  /** Applies window opens and closes, deadlines and exhausted lists to campaign states (node-cron runs this each minute). */
  checkCampaigns(): void {
    const now = this.now();
    for (const c of this.d.campaigns.inStates(['scheduled', 'running'])) {
      const deadline = deadlineMs(c.settings);
      if (deadline !== undefined && now >= deadline) {
        const n = this.d.leads.expireOpen(c.id, now);
        this.transition(c, 'finish', `deadline passed, ${n} leads expired`);
        continue;
      }
      // An empty campaign is waiting for its list, and the callbacks campaign stands for good: neither is "done".
      const standing = c.name === this.d.ivrCallbacks?.campaign;
      if (!standing && this.d.leads.openCount(c.id) === 0 && this.liveCount(c.id) === 0 && this.d.leads.total(c.id) > 0) {
        this.transition(c, 'exhausted', 'every lead has a final state');
        continue;
      }
      const allowed = isDialAllowed(now, c.settings);
      if (c.state === 'scheduled' && allowed) this.transition(c, 'window-open', 'calling window open');
      if (c.state === 'running' && !allowed) this.transition(c, 'window-close', 'outside the calling window');
    }
  }

  /** The daily rollover: deadlines and finished lists, and callbacks that were missed are reported. */
  rollover(): void {
    this.checkCampaigns();
    const now = this.now();
    for (const c of this.d.campaigns.inStates(['scheduled', 'running', 'paused'])) {
      const missed = this.d.leads.missedCallbacks(c.id, now - c.settings.callbackGraceS * 1000 - 15 * 60_000);
      if (missed.length) this.d.log.warn({ campaignId: c.id, missed: missed.map((l) => l.id) }, 'scheduled callbacks missed');
    }
  }

  private transition(c: CampaignRow, event: CampaignEvent, why: string): void {
    const next = nextCampaignState(c.state, event);
    this.d.campaigns.setState(c.id, next, this.d.clock.now());
    this.d.log.info({ campaignId: c.id, from: c.state, to: next, why }, 'campaign state');
  }

  private campaignAgentless(id: number): boolean {
    return this.d.campaigns.find(id)?.settings.mode === 'agentless';
  }

  /**
   * Turns the callbacks the IVR owes into callback leads of the callbacks campaign, due at once (or at their agreed
   * time): they are dialed like any callback, before new leads and inside calling hours.
   */
  absorbIvrCallbacks(): number {
    const cb = this.d.ivrCallbacks;
    if (!cb) return 0;
    const pending = cb.repo.pending();
    if (!pending.length) return 0;
    const now = this.d.clock.now();
    let campaign = this.d.campaigns.find(cb.campaign);
    if (!campaign) {
      campaign = this.d.campaigns.create(cb.campaign, { kind: 'follow-up', mode: 'progressive', skillGroup: cb.group }, now);
      this.d.log.info({ campaignId: campaign.id, name: cb.campaign }, 'callbacks campaign created');
    }
    // A standing campaign: created or finished by hand, it is put back in service when a callback is owed (paused stays paused).
    if (campaign.state === 'draft' || campaign.state === 'finished') {
      this.d.campaigns.setState(campaign.id, isDialAllowed(this.now(), campaign.settings) ? 'running' : 'scheduled', now);
    }
    let n = 0;
    for (const c of pending) {
      const phone = normalizePhone(c.number);
      if (!phone.ok) {
        cb.repo.settle(c.id, 'cancelled');
        this.d.log.warn({ callbackId: c.id, reason: phone.reason }, 'IVR callback to a number that cannot be dialed: cancelled');
        continue;
      }
      const dueAt = c.dueAt ?? this.now();
      const existing = this.d.leads.byPhone(campaign.id, phone.e164);
      if (existing && existing.state === 'dialing') continue; // its call is on now; take the callback after it
      if (existing) this.d.leads.update(existing.id, { state: 'callback-scheduled', dueAt, callbackAt: dueAt, callbackAgent: null }, now);
      else this.d.leads.insert({ campaignId: campaign.id, phone: phone.e164, state: 'callback-scheduled', dueAt, callbackAt: dueAt, now });
      cb.repo.settle(c.id, 'dialing');
      n += 1;
    }
    if (n) this.d.log.info({ campaignId: campaign.id, callbacks: n }, 'IVR callbacks handed to the dialer');
    return n;
  }

  /** One round of dialing over the running campaigns. */
  tick(): void {
    if (!this.ready || this.ticking || !this.d.connected()) return;
    this.ticking = true;
    try {
      if (this.d.clock.now() - this.lastAbsorb >= 5000) {
        this.lastAbsorb = this.d.clock.now();
        this.absorbIvrCallbacks();
        void this.checkStuck();
      }
      for (const c of this.d.campaigns.inStates(['running'])) this.dialFor(c);
    } catch (err) {
      this.d.log.error({ err }, 'dialer tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * A dial that was never answered and is well past its ring time has lost its end event (Asterisk ends it at the
   * ring time-out): if its channel is gone it is settled as failed, so its lead never stays "dialing"; if the
   * channel is still there it is hung up, and its end comes as usual. An answered call is only settled this way
   * once its channel is gone (checked after 10 minutes, then every few seconds).
   */
  private async checkStuck(): Promise<void> {
    const now = this.d.clock.now();
    for (const [channelId, l] of this.live) {
      if (now - l.placedAt < (l.ringTimeoutS + 30) * 1000) continue;
      const a = this.d.attempts.get(l.facts.attemptId);
      if (!a || a.endedAt !== null) {
        this.live.delete(channelId);
        continue;
      }
      const answered = a.answeredAt !== null;
      // A conversation may go on for long: only a gone channel ends it, and it is looked at after 10 minutes.
      if (answered && now - l.placedAt < 10 * 60_000) continue;
      const exists = await this.d.channelExists(channelId).catch(() => true);
      if (!this.live.has(channelId) || (answered && exists)) continue;
      if (exists) {
        this.d.log.warn({ attemptId: a.id, channelId }, 'unanswered dial past its ring time: hanging it up');
        await this.d.hangup(channelId).catch(() => undefined);
        continue;
      }
      this.live.delete(channelId);
      this.d.log.warn({ attemptId: a.id, channelId }, 'dial lost its end event: settled as failed');
      this.settle(a, l.facts, 'failed', { endedAt: now, reconciled: 'lost-in-flight' });
      // Its call record and live call close too (the attempt is already decided, so this end is not counted twice).
      this.d.recorder.failed(channelId, 'end event lost');
    }
  }

  private dialFor(c: CampaignRow): void {
    const now = this.now();
    const s = c.settings;
    // Previews an agent left on screen without deciding go back to the list.
    if (s.mode === 'preview') this.d.leads.releaseStalePreviews(c.id, now - PREVIEW_HOLD_MS, now);
    const allowed = isDialAllowed(now, s);
    if (!allowed) return;
    const mine = [...this.live.values()].filter((l) => l.facts.campaignId === c.id);
    let freeLines = s.maxLines - mine.length;
    const ready = s.mode === 'agentless' ? [] : this.d.agents.readyAgents(s.skillGroup);
    const bucket = cpsTokens.refill(this.buckets.get(c.id) ?? cpsTokens.full(now, Math.max(1, s.maxCallsPerSecond)), now, s.maxCallsPerSecond, Math.max(1, s.maxCallsPerSecond));
    this.buckets.set(c.id, bucket);
    if (s.mode !== 'agentless') {
      const decision = this.paceCampaign(c, mine, freeLines, bucket.tokens, now);
      this.decisions.set(c.id, decision);
      freeLines = decision.launch;
    }
    if (freeLines <= 0 || bucket.tokens < 1) return;
    // Preview: only what an agent chose to dial, for that agent.
    const due = s.mode === 'preview' ? this.d.leads.dueChosen(c.id, now, freeLines * 4 + 8) : this.d.leads.due(c.id, now, freeLines * 4 + 8);
    const liveNumbers = new Set([...this.live.values()].map((l) => l.phone));
    const picks = selectDials({
      now,
      freeLines,
      cpsBudget: bucket.tokens,
      liveNumbers,
      candidates: due.map((l) => ({ leadId: String(l.id), phone: l.phone, priority: l.priority, dueAt: l.dueAt, callbackAgent: l.callbackAgent, needsAgent: l.needsAgent })),
      readyAgents: new Set(ready),
      callbackGraceMs: s.callbackGraceS * 1000,
      isAllowed: allowed,
    });
    let dialed = 0;
    for (const p of picks) {
      const lead = due.find((l) => String(l.id) === p.leadId)!;
      if (this.d.dnc.blocks(lead.phone, c.id)) {
        this.d.leads.update(lead.id, { state: 'dnc', dueAt: null }, this.d.clock.now());
        continue;
      }
      const channelId = `dial-${randomUUID()}`;
      const attempt = this.d.attempts.claim(lead, channelId, localDay(now, s.timeZone), this.d.clock.now());
      if (!attempt) continue;
      dialed += 1;
      const facts: AttemptFacts = { attemptId: attempt.id, campaignId: c.id, leadId: lead.id, agentless: s.mode === 'agentless', abandoned: false, liveAt: null, connectedAt: null, agentId: p.agentFor };
      this.live.set(channelId, { facts, phone: lead.phone, placedAt: this.d.clock.now(), ringTimeoutS: s.ringTimeoutS });
      const log = this.d.log.child({ campaignId: c.id, leadId: lead.id, attemptId: attempt.id });
      void placeCampaignCall(
        this.d.call,
        { attemptId: attempt.id, campaignId: c.id, leadId: lead.id, channelId, phone: lead.phone, settings: s, ...(p.agentFor ? { onlyAgent: p.agentFor } : {}) },
        facts,
        log,
      ).catch((err) => log.error({ err }, 'dial failed'));
    }
    this.buckets.set(c.id, cpsTokens.spend(bucket, dialed));
  }

  /**
   * How many calls the campaign's agents can take now (pacing: progressive, ratio or the predictive model, under the
   * abandon guard). Preview campaigns are paced as progressive, over the leads their agents chose to dial.
   */
  private paceCampaign(c: CampaignRow, mine: LiveAttempt[], freeLines: number, cpsTokens: number, now: number): PacingDecision {
    const s = c.settings;
    const at = this.d.clock.now();
    const ringing: { ageMs: number }[] = [];
    const waiting: { waitedMs: number }[] = [];
    for (const l of mine) {
      if (l.facts.liveAt === null) ringing.push({ ageMs: at - l.placedAt });
      else if (l.facts.connectedAt === null && !l.facts.abandoned) waiting.push({ waitedMs: at - l.facts.liveAt });
    }
    const m = this.pacing.of(c.id, s, at);
    const state = { ...this.d.agents.groupLoad(s.skillGroup), ringing, waiting, freeLines, cpsTokens, hour: localHour(now, s.timeZone) };
    // The agent's phone still has to ring and be answered inside the abandon time: the model gets what is left.
    const abandonAfterMs = Math.max(0, s.abandonAfterMs - AGENT_PICKUP_MS);
    return pace(state, m.stats, m.window, { mode: s.mode === 'predictive' ? 'predictive' : 'progressive', pacing: s.pacing, abandonAfterMs }, at);
  }

  private ended(e: CallEnded): void {
    const l = this.live.get(e.channelId);
    const attempt = l ? this.d.attempts.get(l.facts.attemptId) : this.d.attempts.byChannel(e.channelId);
    if (!attempt || attempt.endedAt !== null) return;
    this.live.delete(e.channelId);
    const facts = l?.facts ?? factsOf(attempt, this.campaignAgentless(attempt.campaignId));
    const outcome = attemptOutcome({
      leg: e.outcome,
      abandoned: facts.abandoned,
      connected: facts.connectedAt !== null,
      agentless: facts.agentless,
      // The flow's first question is a menu: any key means the customer answered it.
      answeredFlow: e.digits.length > 0,
    });
    this.settle(attempt, facts, outcome, {
      endedAt: e.endedAt,
      causeCode: e.cause,
      causeText: e.causeText,
      keys: e.digits || null,
      // An attempt this process did not place (a previous run did) says how its end was found.
      ...(e.reconciled ? { reconciled: e.reconciled } : l ? {} : { reconciled: 'ended-after-restart' }),
    });
  }

  private settle(a: AttemptRow, facts: AttemptFacts, outcome: ReturnType<typeof attemptOutcome>, patch: Parameters<AttemptsRepo['update']>[1]): void {
    const campaign = this.d.campaigns.find(a.campaignId);
    const lead = this.d.leads.get(a.leadId);
    if (!campaign || !lead) return;
    const now = this.now();
    this.d.attempts.update(a.id, { ...patch, outcome });
    if (campaign.settings.mode !== 'agentless' && a.dialedAt !== null) {
      const s = campaign.settings;
      const at = this.d.clock.now();
      const settled = { ...a, ...(patch.answeredAt !== undefined ? { answeredAt: patch.answeredAt } : {}), connectedAt: facts.connectedAt ?? a.connectedAt };
      this.pacing.settled(a.campaignId, s, settled, patch.endedAt ?? at, outcome, localHour(a.dialedAt, s.timeZone), this.d.agents.wrapUpS(s.skillGroup), at);
    }
    // A human the agent is about to disposition counts as reached; the disposition, when it comes, decides again.
    const decision = decideAfterAttempt(lead, outcome, now, campaign.settings);
    this.d.leads.update(
      a.leadId,
      { state: decision.state, dueAt: decision.dueAt, flagged: decision.flagged, lastOutcome: outcome, needsAgent: decision.needsAgent === true },
      this.d.clock.now(),
    );
    this.d.log.info({ campaignId: a.campaignId, leadId: a.leadId, attemptId: a.id, outcome, state: decision.state, why: decision.why }, 'attempt decided');
  }

}

function factsOf(a: AttemptRow, agentless: boolean): AttemptFacts {
  return { attemptId: a.id, campaignId: a.campaignId, leadId: a.leadId, agentless, abandoned: false, liveAt: a.answeredAt, connectedAt: a.connectedAt, agentId: a.agentId };
}
