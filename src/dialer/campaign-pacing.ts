/**
 * What pacing remembers per campaign between ticks: the learned dial statistics (stored after every attempt, so they
 * survive restarts) and the abandon window (rebuilt from the attempts table, its truth, when first needed).
 */
import type { Logger } from 'pino';
import { isHotlineError } from '../errors.js';
import type { AttemptRow } from '../store/attempts-repo.js';
import type { PacingRepo } from '../store/pacing-repo.js';
import type { CampaignSettings } from './campaign-settings.js';
import type { AttemptOutcome } from './lead-state.js';
import { emptyWindow, recordLiveAnswer, type AbandonWindow } from './pacing/abandon-window.js';
import { initialStats, learn, parseDialStats, type DialStats, type StatsEvent } from './pacing/dial-stats.js';
import type { DialResult } from './pacing/outcome-tally.js';
import type { ComplianceWindow } from './pacing/pacing-settings.js';

interface Memory {
  stats: DialStats;
  window: AbandonWindow;
  /** When the statistics were last stored, and whether they changed since. */
  savedAt: number;
  dirty: boolean;
}

/** The statistics are tens of KB of JSON: stored at most this often per campaign, and at stop. */
const SAVE_EVERY_MS = 10_000;

const DAY = 24 * 3_600_000;
const windowStart: Record<ComplianceWindow, (now: number) => number> = { '24h': (n) => n - DAY - 3_600_000, '30d': (n) => n - 30 * DAY - 6 * 3_600_000, 'since-start': () => 0 };

/** What the network said about a dial, in the terms the statistics keep. */
const resultOf: Partial<Record<AttemptOutcome, DialResult>> = {
  human: 'live',
  abandoned: 'live',
  'short-call': 'live',
  cut: 'live',
  machine: 'machine',
  busy: 'busy',
  'no-answer': 'no-answer',
  unallocated: 'invalid',
  'invalid-format': 'invalid',
  'number-changed': 'invalid',
  fax: 'invalid',
  rejected: 'failed',
  'network-failure': 'failed',
  failed: 'failed',
  // Carrier announcements (issue 11) reached no person: non-live dials, vacant and suspended ones dead numbers.
  vacant: 'invalid',
  suspended: 'invalid',
  'powered-off': 'no-answer',
  unreachable: 'no-answer',
  announcement: 'failed',
  restricted: 'failed',
};

/** Outcomes decided by hearing an announcement: the line was held until the leg was cancelled, answered or not. */
const announced: ReadonlySet<AttemptOutcome> = new Set(['announcement', 'vacant', 'suspended', 'powered-off', 'unreachable', 'restricted']);

/** An outcome a carrier announcement gave (busy is left out: a 486 gives it too). */
export const isAnnounced = (outcome: AttemptOutcome): boolean => announced.has(outcome);

const amdVerdict: Record<string, 'human' | 'machine' | 'not-sure'> = { HUMAN: 'human', MACHINE: 'machine', NOTSURE: 'not-sure' };

/** The statistics events one settled attempt teaches: its dial result, talk and wrap times, AMD verdict, abandon. */
export function attemptEvents(a: Pick<AttemptRow, 'dialedAt' | 'answeredAt' | 'connectedAt' | 'amdStatus'>, endedAt: number, outcome: AttemptOutcome, hour: number, wrapUpS: number): StatsEvent[] {
  const events: StatsEvent[] = [];
  const result = resultOf[outcome];
  if (result !== undefined && a.dialedAt !== null) {
    // An answered announcement held the line until hotline released it, so its real duration runs to the end.
    const until = announced.has(outcome) ? endedAt : (a.answeredAt ?? endedAt);
    events.push({ type: 'dial', result, seconds: Math.max(0, (until - a.dialedAt) / 1000), hour });
  }
  if (a.amdStatus !== null && amdVerdict[a.amdStatus]) events.push({ type: 'amd', verdict: amdVerdict[a.amdStatus]! });
  if (a.connectedAt !== null) {
    events.push({ type: 'talk', seconds: Math.max(0, (endedAt - a.connectedAt) / 1000) });
    events.push({ type: 'wrap', seconds: wrapUpS });
  }
  if (outcome === 'abandoned') events.push({ type: 'abandon' });
  return events;
}

/** Pacing memory for every campaign of this process. */
export class CampaignPacing {
  private readonly memory = new Map<number, Memory>();

  constructor(
    private readonly repo: PacingRepo,
    private readonly log: Logger,
  ) {}

  /** The campaign's statistics and abandon window as of `now`, loaded on first use. */
  of(campaignId: number, s: CampaignSettings, now: number): Memory {
    let m = this.memory.get(campaignId);
    if (m && m.window.window === s.pacing.complianceWindow) return m;
    const stats = m?.stats ?? this.loadStats(campaignId, s, now);
    let window = emptyWindow(s.pacing.complianceWindow);
    for (const l of this.repo.liveAnswers(campaignId, windowStart[s.pacing.complianceWindow](now))) window = recordLiveAnswer(window, l.abandoned, l.answeredAt);
    m = { stats, window, savedAt: m?.savedAt ?? 0, dirty: m?.dirty ?? false };
    this.memory.set(campaignId, m);
    return m;
  }

  /**
   * Learns from a settled attempt; the statistics are stored every SAVE_EVERY_MS and by flush(). The memory changes
   * only once the store took them, so inside the attempt's end transaction a failed write leaves both as they were.
   */
  settled(campaignId: number, s: CampaignSettings, a: AttemptRow, endedAt: number, outcome: AttemptOutcome, hour: number, wrapUpS: number, now: number): void {
    const m = this.of(campaignId, s, now);
    let stats = m.stats;
    for (const e of attemptEvents(a, endedAt, outcome, hour, wrapUpS)) stats = learn(stats, e, now, s.pacing);
    const window = a.answeredAt !== null && (a.connectedAt !== null || outcome === 'abandoned') ? recordLiveAnswer(m.window, outcome === 'abandoned', a.answeredAt) : m.window;
    const save = now - m.savedAt >= SAVE_EVERY_MS;
    if (save) this.repo.saveStats(campaignId, stats, now);
    Object.assign(m, { stats, window, dirty: !save, savedAt: save ? now : m.savedAt });
  }

  /** Stores every campaign's statistics that changed since they were last stored. */
  flush(now: number): void {
    for (const [campaignId, m] of this.memory) if (m.dirty) this.save(campaignId, m, now);
  }

  private save(campaignId: number, m: Memory, now: number): void {
    this.repo.saveStats(campaignId, m.stats, now);
    m.savedAt = now;
    m.dirty = false;
  }

  private loadStats(campaignId: number, s: CampaignSettings, now: number): DialStats {
    const stored = this.repo.stats(campaignId);
    if (stored === undefined) return initialStats(s.pacing, now);
    try {
      return parseDialStats(stored);
    } catch (err) {
      // Statistics are an estimate: starting again from the prior is safe, losing the campaign is not.
      if (!isHotlineError(err, 'PACING_STATS_INVALID')) throw err;
      this.log.warn({ campaignId, err }, 'stored pacing statistics unreadable; starting from the prior');
      return initialStats(s.pacing, now);
    }
  }
}
