/**
 * The dialer's loop. Every tick it asks the pure parts which due leads to dial for each running campaign (windows,
 * caps, live numbers, owned callbacks, pacing), claims each in SQLite before dialing, and places the calls. What
 * happens to a call once placed is InFlightAttempts' (its end, a restart, a lost end event); the campaigns' states
 * are CampaignSchedule's; the callbacks the IVR owes come in through CallbackIntake. The engine composes the three
 * and reads one clock, which every part shares.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { GroupLoad } from '../acd/group-load.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import type { ChannelTraces } from '../calls/channel-trace.js';
import type { Clock } from '../clock.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { CampaignRow, CampaignsRepo } from '../store/campaigns-repo.js';
import type { DialRefusalsRepo } from '../store/dial-refusals-repo.js';
import type { DncRepo } from '../store/dnc-repo.js';
import type { DueLead, LeadsRepo } from '../store/leads-repo.js';
import type { PacingRepo } from '../store/pacing-repo.js';
import { CallbackIntake } from './callback-intake.js';
import { isDialAllowed, localDay, localHour } from './calling-window.js';
import { placeCampaignCall, type AttemptFacts, type CampaignCallDeps } from './campaign-call.js';
import { CampaignPacing, isAnnounced } from './campaign-pacing.js';
import { CampaignSchedule } from './campaign-schedule.js';
import { lineStamps, type LineStamps } from './dial-due.js';
import { dialGate } from './dial-gate.js';
import { lookbackMs } from './dial-policy.js';
import type { DialPolicy } from './dial-policy-settings.js';
import { cpsTokens, selectDials, type CpsTokens } from './dial-selection.js';
import { InFlightAttempts, type LiveAttempt } from './in-flight-attempts.js';
import { pace, type PacingDecision } from './pacing/pace.js';
import { callsForPacing, pacingStateForLog } from './pacing/pacing-state.js';
import { PREVIEW_HOLD_MS } from './preview.js';

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
  /** The one clock: windows, retries and callbacks, row stamps and timers. Tests move it. */
  clock: Clock;
  /** Callbacks the IVR owes, and the campaign that dials them (created on first use, running in its windows). */
  ivrCallbacks?: { repo: CallbacksRepo; campaign: string; group: string };
  /** Whether Asterisk can take an originate now. */
  connected: () => boolean;
  /** Hangs up a channel (a dial stuck past its ring time). */
  hangup: (channelId: string) => Promise<void>;
  /** Whether a channel still exists in Asterisk (reconciliation after a crash). */
  channelExists: (channelId: string) => Promise<boolean>;
  /** Asterisk's own record of how channels ended (reconciliation after a crash reads the ends it missed). */
  channelTraces?: () => ChannelTraces | null;
  /** An answered leg shorter than this is a short call (telephony.shortCallS). */
  shortCallS?: number;
  log: Logger;
  tickMs?: number;
  /** The centre-wide dial policy (China's caps), checked at every dial after DNC; none: no policy. */
  policy?: { rules: DialPolicy; refusals: Pick<DialRefusalsRepo, 'add'> };
}

/** Time from offering a waiting answer to an agent to the agent talking (auto-answer phones in outbound teams). */
const AGENT_PICKUP_MS = 500;
/** IVR callbacks are taken in, and lost end events looked for, this often. */
const UPKEEP_MS = 5000;

/** Runs every campaign's dialing. */
export class DialerEngine {
  /** The attempts on the line; a step that decides an outcome before the leg's end settles it here. */
  readonly inFlight: InFlightAttempts;
  private readonly schedule: CampaignSchedule;
  private readonly intake: CallbackIntake | null;
  private readonly pacing: CampaignPacing;
  private readonly buckets = new Map<number, CpsTokens>();
  private readonly decisions = new Map<number, PacingDecision>();
  /** Per campaign, since when its free lines waited on the dialer (dial-due.ts: each attempt's due stamp). */
  private readonly lines = new Map<number, LineStamps>();
  private previousTick: number | null = null;
  private timer: ReturnType<Clock['setInterval']> | null = null;
  private unsubscribe: (() => void) | null = null;
  private ready = false;
  private ticking = false;
  private lastUpkeep = 0;

  constructor(private readonly d: DialerEngineDeps) {
    this.pacing = new CampaignPacing(d.pacing, d.log);
    this.inFlight = new InFlightAttempts({
      attempts: d.attempts,
      leads: d.leads,
      campaigns: d.campaigns,
      pacing: this.pacing,
      wrapUpS: (g) => d.agents.wrapUpS(g),
      recorder: d.recorder,
      channelExists: d.channelExists,
      ...(d.channelTraces ? { channelTraces: d.channelTraces } : {}),
      ...(d.shortCallS !== undefined ? { shortCallS: d.shortCallS } : {}),
      hangup: d.hangup,
      clock: d.clock,
      log: d.log,
    });
    const cb = d.ivrCallbacks;
    this.schedule = new CampaignSchedule({
      campaigns: d.campaigns,
      leads: d.leads,
      liveCount: (id) => this.inFlight.count(id),
      ...(cb ? { standing: cb.campaign } : {}),
      clock: d.clock,
      log: d.log,
    });
    this.intake = cb ? new CallbackIntake({ callbacks: cb.repo, campaigns: d.campaigns, leads: d.leads, campaign: cb.campaign, group: cb.group, clock: d.clock, log: d.log }) : null;
  }

  /** The last pacing decision for a campaign (status, tests); undefined before its first tick with agents. */
  lastPacing(campaignId: number): PacingDecision | undefined {
    return this.decisions.get(campaignId);
  }

  /** Hears leg ends and starts ticking; dialing waits until reconcile() has settled what a previous run left open. */
  start(): void {
    this.unsubscribe = this.d.recorder.onEnded((e) => {
      const id = this.inFlight.campaignOf(e.channelId) ?? -1;
      const stamps = this.lines.get(id);
      if (stamps) this.lines.set(id, lineStamps.freed(stamps, Math.min(e.endedAt, this.d.clock.now())));
      this.inFlight.ended(e);
    });
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
    return this.inFlight.count(campaignId);
  }

  /** Settles what a previous run left open, then lets the tick dial. */
  async reconcile(): Promise<void> {
    await this.inFlight.reconcile();
    this.ready = true;
  }

  /** Campaign windows, deadlines and finished lists (node-cron runs this each minute). */
  checkCampaigns(): void {
    this.schedule.checkCampaigns();
  }

  /** The nightly rollover. */
  rollover(): void {
    this.schedule.rollover();
  }

  /** Takes in the callbacks the IVR owes; returns how many became leads. */
  absorbIvrCallbacks(): number {
    return this.intake?.absorb() ?? 0;
  }

  /** One round of dialing over the running campaigns. */
  tick(): void {
    if (!this.ready || this.ticking || !this.d.connected()) return;
    this.ticking = true;
    try {
      const now = this.d.clock.now();
      if (now - this.lastUpkeep >= UPKEEP_MS) {
        this.lastUpkeep = now;
        this.absorbIvrCallbacks();
        void this.inFlight.checkStuck().catch((err) => this.d.log.error({ err }, 'stuck dial check failed'));
      }
      for (const c of this.d.campaigns.inStates(['running'])) {
        const stamps = lineStamps.at(this.lines.get(c.id), now, this.previousTick, c.updatedAt, c.settings.maxLines);
        const after = this.dialFor(c, now, stamps);
        // Lines left free had nothing to dial (or pacing held them): a later dial on them was not waiting on us.
        this.lines.set(c.id, after.freeLeft > 0 ? lineStamps.idle(after.stamps, now) : after.stamps);
      }
      this.previousTick = now;
    } catch (err) {
      this.d.log.error({ err }, 'dialer tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Dials what the campaign may dial now; returns its line stamps after the dials and how many lines stay free. */
  private dialFor(c: CampaignRow, now: number, stamps: LineStamps): { stamps: LineStamps; freeLeft: number } {
    const s = c.settings;
    // Previews an agent left on screen without deciding go back to the list.
    if (s.mode === 'preview') this.d.leads.releaseStalePreviews(c.id, now - PREVIEW_HOLD_MS, now);
    const allowed = isDialAllowed(now, s);
    const mine = this.inFlight.ofCampaign(c.id);
    const lineFree = s.maxLines - mine.length;
    if (!allowed) return { stamps, freeLeft: lineFree };
    let freeLines = lineFree;
    const ready = s.mode === 'agentless' ? [] : this.d.agents.readyAgents(s.skillGroup);
    const burst = Math.max(1, s.maxCallsPerSecond);
    const bucket = cpsTokens.refill(this.buckets.get(c.id) ?? cpsTokens.full(now, burst), now, s.maxCallsPerSecond, burst);
    this.buckets.set(c.id, bucket);
    if (s.mode !== 'agentless') {
      const decision = this.paceCampaign(c, mine, freeLines, bucket.tokens, now);
      this.decisions.set(c.id, decision);
      freeLines = decision.launch;
    }
    if (freeLines <= 0 || bucket.tokens < 1) return { stamps, freeLeft: lineFree };
    // Preview: only what an agent chose to dial, for that agent.
    const due = s.mode === 'preview' ? this.d.leads.dueChosen(c.id, now, freeLines * 4 + 8) : this.d.leads.due(c.id, now, freeLines * 4 + 8);
    const picks = selectDials({
      now,
      freeLines,
      cpsBudget: bucket.tokens,
      liveNumbers: this.inFlight.numbers(),
      candidates: due.map((l) => ({ leadId: String(l.id), phone: l.phone, priority: l.priority, dueAt: l.dueAt, callbackAgent: l.callbackAgent, needsAgent: l.needsAgent })),
      readyAgents: new Set(ready),
      callbackGraceMs: s.callbackGraceS * 1000,
      isAllowed: allowed,
    });
    let dialed = 0;
    for (const p of picks) {
      const lead = due.find((l) => String(l.id) === p.leadId)!;
      if (!this.mayDial(c, lead, now)) continue;
      const channelId = `dial-${randomUUID()}`;
      const stamp = lineStamps.take(stamps, lead.dueAt);
      const attempt = this.d.attempts.claim(lead, channelId, localDay(now, s.timeZone), now, stamp.dueAt);
      if (!attempt) continue;
      stamps = stamp.rest;
      dialed += 1;
      const facts: AttemptFacts = { attemptId: attempt.id, campaignId: c.id, leadId: lead.id, agentless: s.mode === 'agentless', abandoned: false, liveAt: null, connectedAt: null, agentId: p.agentFor };
      this.inFlight.track(channelId, { facts, phone: lead.phone, ringTimeoutS: s.ringTimeoutS });
      const log = this.d.log.child({ campaignId: c.id, leadId: lead.id, attemptId: attempt.id });
      void placeCampaignCall(
        this.d.call,
        {
          attemptId: attempt.id,
          campaignId: c.id,
          leadId: lead.id,
          channelId,
          phone: lead.phone,
          settings: s,
          announcedBefore: lead.lastOutcome !== null && isAnnounced(lead.lastOutcome),
          ...(p.agentFor ? { onlyAgent: p.agentFor } : {}),
        },
        facts,
        log,
      ).catch((err) => log.error({ err }, 'dial failed'));
    }
    this.buckets.set(c.id, cpsTokens.spend(bucket, dialed));
    return { stamps, freeLeft: lineFree - dialed };
  }

  /**
   * The dial gate (dial-gate.ts) on a lead about to be dialed. A number on a DNC list closes the lead as dnc; a dial
   * the dial policy refuses is recorded with its reason and the lead waits until the reason is gone (a blocked
   * region closes it as dnc). Counts come from the store, so calls of every campaign, and ones another process
   * placed, are counted.
   */
  private mayDial(c: CampaignRow, lead: DueLead, now: number): boolean {
    const p = this.d.policy?.rules.enabled ? this.d.policy : undefined;
    const facts = p
      ? { phone: lead.phone, live: Math.max(this.d.attempts.openTo(lead.phone), this.inFlight.countTo(lead.phone)), recent: this.d.attempts.placedTo(lead.phone, now - lookbackMs(p.rules)) }
      : { phone: lead.phone, live: 0, recent: [] };
    const verdict = dialGate({ settings: c.settings, onDnc: this.d.dnc.blocks(lead.phone, c.id), policy: p?.rules, facts }, now);
    if (verdict.ok) return true;
    if (verdict.reason === 'window') return false;
    if (verdict.reason === 'dnc') {
      this.d.leads.update(lead.id, { state: 'dnc', dueAt: null }, now);
      return false;
    }
    p!.refusals.add({ at: now, campaignId: c.id, leadId: lead.id, phone: lead.phone, reason: verdict.reason, why: verdict.why, retryAt: verdict.retryAt });
    if (verdict.retryAt === null) this.d.leads.update(lead.id, { state: 'dnc', dueAt: null }, now);
    else this.d.leads.defer(lead.id, verdict.retryAt, now);
    this.d.log.info({ campaignId: c.id, leadId: lead.id, reason: verdict.reason, retryAt: verdict.retryAt }, `dial refused by the dial policy: ${verdict.why}`);
    return false;
  }

  /**
   * How many calls the campaign's agents can take now (pacing: progressive, ratio or the predictive model, under the
   * abandon guard). Preview campaigns are paced as progressive, over the leads their agents chose to dial. Each launch
   * is logged at debug with the state it was decided on: an abandon is explained by the launches before it.
   */
  private paceCampaign(c: CampaignRow, mine: LiveAttempt[], freeLines: number, cpsTokens: number, now: number): PacingDecision {
    const s = c.settings;
    const m = this.pacing.of(c.id, s, now);
    const state = { ...this.d.agents.groupLoad(s.skillGroup), ...callsForPacing(mine, now), freeLines, cpsTokens, hour: localHour(now, s.timeZone) };
    // The agent's phone still has to ring and be answered inside the abandon time: the model gets what is left.
    const abandonAfterMs = Math.max(0, s.abandonAfterMs - AGENT_PICKUP_MS);
    const decision = pace(state, m.stats, m.window, { mode: s.mode === 'predictive' ? 'predictive' : 'progressive', pacing: s.pacing, abandonAfterMs }, now);
    if (decision.launch > 0 && this.d.log.isLevelEnabled('debug')) this.d.log.debug({ campaignId: c.id, state: pacingStateForLog(state), decision }, 'pacing launch');
    return decision;
  }
}
