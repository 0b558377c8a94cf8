import type { Statement } from 'better-sqlite3';
import type { AttemptOutcome, LeadState } from '../dialer/lead-state.js';
import type { Db } from './db.js';
import { findLead, leadPages, searchLeads, type LeadQuery } from './lead-search.js';

export interface LeadRow {
  id: number;
  campaignId: number;
  phone: string;
  altPhone: string | null;
  name: string | null;
  fields: Record<string, string>;
  sourceRow: number | null;
  state: LeadState;
  priority: number;
  dueAt: number;
  attempts: number;
  attemptsToday: number;
  attemptsDay: string | null;
  callbackAt: number | null;
  callbackAgent: string | null;
  lastOutcome: AttemptOutcome | null;
  flagged: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A lead the dialer may take now, in the order it should be taken. */
export interface DueLead {
  id: number;
  campaignId: number;
  phone: string;
  state: Extract<LeadState, 'new' | 'retry-wait' | 'callback-scheduled'>;
  priority: number;
  dueAt: number;
  callbackAgent: string | null;
  /** An abandoned call's retry: dialed only with an agent kept free for it. */
  needsAgent: boolean;
  /** The last attempt's outcome: a carrier announcement makes the next answer suspect (issue 11). */
  lastOutcome: AttemptOutcome | null;
}

/** What the dialer decided about a lead after an attempt, a disposition or the deadline. */
export interface LeadUpdate {
  state: LeadState;
  dueAt: number | null;
  flagged?: boolean;
  lastOutcome?: AttemptOutcome;
  callbackAt?: number | null;
  callbackAgent?: string | null;
  /** Dial only with an agent kept free for it, ahead of other retries (a retry after an abandoned call). */
  needsAgent?: boolean;
}

// Callbacks first, then retries, then new leads (issue 4 §6); the due index is ordered the same way.
export const priorityOf: Readonly<Record<LeadState, number>> = {
  'callback-scheduled': 0,
  'retry-wait': 1,
  new: 2,
  queued: 2,
  dialing: 2,
  'done-success': 3,
  'done-failed': 3,
  'invalid-number': 3,
  'wrong-party': 3,
  dnc: 3,
  expired: 3,
};

const select = `SELECT id, campaign_id AS campaignId, phone, alt_phone AS altPhone, name, fields, source_row AS sourceRow, state, priority,
  due_at AS dueAt, attempts, attempts_today AS attemptsToday, attempts_day AS attemptsDay, callback_at AS callbackAt,
  callback_agent AS callbackAgent, last_outcome AS lastOutcome, flagged, created_at AS createdAt, updated_at AS updatedAt FROM leads`;

type RawLead = Omit<LeadRow, 'fields' | 'flagged'> & { fields: string; flagged: number };
const toLead = (r: RawLead): LeadRow => ({ ...r, fields: JSON.parse(r.fields) as Record<string, string>, flagged: r.flagged === 1 });

/** Leads of all campaigns: what is due, claiming one for a dial, and recording what became of it. */
export class LeadsRepo {
  private readonly dueStmt: Statement;
  private readonly updateStmt: Statement;

  constructor(private readonly db: Db) {
    // The IN list matches the partial index leads_due, so the scan walks it in priority, due order and stops at LIMIT.
    this.dueStmt = db.prepare(
      `SELECT id, campaign_id AS campaignId, phone, state, priority, due_at AS dueAt, callback_agent AS callbackAgent, needs_agent AS needsAgent, last_outcome AS lastOutcome FROM leads
       WHERE campaign_id = ? AND state IN ('new', 'retry-wait', 'callback-scheduled') AND due_at <= ?
       ORDER BY priority, due_at, id LIMIT ?`,
    );
    this.updateStmt = db.prepare(
      `UPDATE leads SET state = @state, priority = @priority, due_at = @dueAt, flagged = MAX(flagged, @flagged), needs_agent = @needsAgent,
         last_outcome = COALESCE(@lastOutcome, last_outcome),
         callback_at = CASE WHEN @setCallback THEN @callbackAt ELSE callback_at END,
         callback_agent = CASE WHEN @setCallback THEN @callbackAgent ELSE callback_agent END,
         updated_at = @now
       WHERE id = @id`,
    );
  }

  /** Up to `limit` leads of a campaign due at `now`: callbacks, then retries, then new, each oldest due first. */
  due(campaignId: number, now: number, limit: number): DueLead[] {
    return (this.dueStmt.all(campaignId, now, limit) as Array<Omit<DueLead, 'needsAgent'> & { needsAgent: number }>).map((l) => ({ ...l, needsAgent: l.needsAgent === 1 }));
  }

  /** Due leads an agent has chosen (callback_agent set): what a preview campaign dials. */
  dueChosen(campaignId: number, now: number, limit: number): DueLead[] {
    const rows = this.db
      .prepare(
        `SELECT id, campaign_id AS campaignId, phone, state, priority, due_at AS dueAt, callback_agent AS callbackAgent, needs_agent AS needsAgent, last_outcome AS lastOutcome FROM leads
         WHERE campaign_id = ? AND state IN ('new', 'retry-wait', 'callback-scheduled') AND due_at <= ? AND callback_agent IS NOT NULL
         ORDER BY priority, due_at, id LIMIT ?`,
      )
      .all(campaignId, now, limit) as Array<Omit<DueLead, 'needsAgent'> & { needsAgent: number }>;
    return rows.map((l) => ({ ...l, needsAgent: l.needsAgent === 1 }));
  }

  /** The lead an agent is previewing in a campaign (state queued, held by them), or undefined. */
  previewedBy(campaignId: number, agentId: string): LeadRow | undefined {
    const r = this.db.prepare(`${select} WHERE campaign_id = ? AND state = 'queued' AND callback_agent = ? ORDER BY id LIMIT 1`).get(campaignId, agentId) as RawLead | undefined;
    return r ? toLead(r) : undefined;
  }

  /** Puts back previews held since before `before` (an agent who walked away); returns how many. */
  releaseStalePreviews(campaignId: number, before: number, now: number): number {
    return this.db
      .prepare(
        `UPDATE leads SET state = CASE WHEN attempts > 0 THEN 'retry-wait' ELSE 'new' END,
           priority = CASE WHEN attempts > 0 THEN ${priorityOf['retry-wait']} ELSE ${priorityOf.new} END,
           callback_agent = NULL, due_at = ?, updated_at = ?
         WHERE campaign_id = ? AND state = 'queued' AND due_at < ?`,
      )
      .run(now, now, campaignId, before).changes;
  }

  /** One page of leads matching a search, in id order. */
  search(q: LeadQuery): LeadRow[] {
    return searchLeads(this.db, q);
  }

  /** One lead by id, limited to an agent's own when agentId is given. */
  find(id: number, agentId?: string): LeadRow | undefined {
    return findLead(this.db, id, agentId);
  }

  /** Every lead matching a search, a page at a time (see leadPages). */
  pages(q: Omit<LeadQuery, 'limit' | 'afterId'>): AsyncGenerator<LeadRow[]> {
    return leadPages(this.db, q);
  }

  /** One lead, or undefined. */
  get(id: number): LeadRow | undefined {
    const r = this.db.prepare(`${select} WHERE id = ?`).get(id) as RawLead | undefined;
    return r ? toLead(r) : undefined;
  }

  /** The lead of a campaign with this (E.164) number. */
  byPhone(campaignId: number, phone: string): LeadRow | undefined {
    const r = this.db.prepare(`${select} WHERE campaign_id = ? AND phone = ?`).get(campaignId, phone) as RawLead | undefined;
    return r ? toLead(r) : undefined;
  }

  /** All leads of a campaign in id order (tests, exports). */
  ofCampaign(campaignId: number): LeadRow[] {
    return (this.db.prepare(`${select} WHERE campaign_id = ? ORDER BY id`).all(campaignId) as RawLead[]).map(toLead);
  }

  /** Adds one lead (the API and callbacks; lists come in through the importer). Returns its id. */
  insert(l: { campaignId: number; phone: string; name?: string | null; state?: LeadState; dueAt?: number; callbackAt?: number | null; callbackAgent?: string | null; now: number }): number {
    const state = l.state ?? 'new';
    const r = this.db
      .prepare(
        `INSERT INTO leads (campaign_id, phone, name, state, priority, due_at, callback_at, callback_agent, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.campaignId, l.phone, l.name ?? null, state, priorityOf[state], l.dueAt ?? 0, l.callbackAt ?? null, l.callbackAgent ?? null, l.now, l.now);
    return Number(r.lastInsertRowid);
  }

  /** Applies a decision to a lead. */
  update(id: number, u: LeadUpdate, now: number): void {
    this.updateStmt.run({
      id,
      state: u.state,
      // A retry that waits for an agent goes with the callbacks, ahead of other retries.
      priority: u.needsAgent && u.state === 'retry-wait' ? priorityOf['callback-scheduled'] : priorityOf[u.state],
      needsAgent: u.needsAgent && u.state === 'retry-wait' ? 1 : 0,
      dueAt: u.dueAt ?? 0,
      flagged: u.flagged ? 1 : 0,
      lastOutcome: u.lastOutcome ?? null,
      setCallback: u.callbackAt !== undefined || u.callbackAgent !== undefined ? 1 : 0,
      callbackAt: u.callbackAt ?? null,
      callbackAgent: u.callbackAgent ?? null,
      now,
    });
  }

  /** Moves a waiting lead's due time and nothing else (a dial the dial policy put off); false if the lead moved on. */
  defer(id: number, dueAt: number, now: number): boolean {
    return this.db.prepare(`UPDATE leads SET due_at = ?, updated_at = ? WHERE id = ? AND state IN ('new', 'retry-wait', 'callback-scheduled')`).run(dueAt, now, id).changes > 0;
  }

  /** How many leads of a campaign are in each state. */
  countsByState(campaignId: number): Partial<Record<LeadState, number>> {
    return this.countsByCampaign(campaignId).get(campaignId) ?? {};
  }

  /** How many leads are in each state, per campaign: every campaign with leads, or only the one given. */
  countsByCampaign(campaignId?: number): Map<number, Partial<Record<LeadState, number>>> {
    const rows = this.db
      .prepare(`SELECT campaign_id AS campaignId, state, COUNT(*) AS n FROM leads ${campaignId === undefined ? '' : 'WHERE campaign_id = @campaignId'} GROUP BY campaign_id, state`)
      .all(campaignId === undefined ? {} : { campaignId }) as Array<{ campaignId: number; state: LeadState; n: number }>;
    const by = new Map<number, Partial<Record<LeadState, number>>>();
    for (const r of rows) by.set(r.campaignId, { ...by.get(r.campaignId), [r.state]: r.n });
    return by;
  }

  /** How many leads a campaign has, in any state. */
  total(campaignId: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM leads WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
  }

  /** Leads of a campaign that can still be dialed or are being dialed. */
  openCount(campaignId: number): number {
    return (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM leads WHERE campaign_id = ? AND state IN ('new', 'queued', 'dialing', 'retry-wait', 'callback-scheduled')`)
        .get(campaignId) as { n: number }
    ).n;
  }

  /** Ends every lead of a campaign still waiting to be dialed (deadline, or the campaign finished). Returns how many. */
  expireOpen(campaignId: number, now: number): number {
    return this.db
      .prepare(
        `UPDATE leads SET state = 'expired', priority = 3, due_at = 0, updated_at = ?
         WHERE campaign_id = ? AND state IN ('new', 'queued', 'retry-wait', 'callback-scheduled')`,
      )
      .run(now, campaignId).changes;
  }

  /** Callbacks whose time (plus grace) has passed and that are still not dialed: reported as missed. */
  missedCallbacks(campaignId: number, before: number): LeadRow[] {
    return (
      this.db.prepare(`${select} WHERE campaign_id = ? AND state = 'callback-scheduled' AND callback_at < ? ORDER BY callback_at`).all(campaignId, before) as RawLead[]
    ).map(toLead);
  }
}
