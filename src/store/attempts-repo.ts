import type { Statement } from 'better-sqlite3';
import type { AttemptOutcome } from '../dialer/lead-state.js';
import { searchAttempts, type AttemptQuery } from './attempt-search.js';
import type { Db } from './db.js';
import type { DueLead } from './leads-repo.js';

export interface AttemptRow {
  id: number;
  campaignId: number;
  leadId: number;
  phone: string;
  attemptNo: number;
  reason: 'new' | 'retry' | 'callback';
  channelId: string | null;
  queuedAt: number;
  dialedAt: number | null;
  ringingAt: number | null;
  answeredAt: number | null;
  connectedAt: number | null;
  endedAt: number | null;
  causeCode: number | null;
  causeText: string | null;
  sipCode: number | null;
  amdStatus: string | null;
  amdCause: string | null;
  outcome: AttemptOutcome | null;
  agentId: string | null;
  disposition: string | null;
  notes: string | null;
  keys: string | null;
  reconciled: string | null;
  /** The Asterisk node its leg went out on, copied from the leg's call record by the store (node-migrations.ts). */
  node: string | null;
}

export type AttemptPatch = Partial<Omit<AttemptRow, 'id' | 'campaignId' | 'leadId' | 'phone' | 'attemptNo' | 'reason' | 'queuedAt' | 'node'>>;

const columns: Record<keyof AttemptPatch, string> = {
  channelId: 'channel_id',
  dialedAt: 'dialed_at',
  ringingAt: 'ringing_at',
  answeredAt: 'answered_at',
  connectedAt: 'connected_at',
  endedAt: 'ended_at',
  causeCode: 'cause_code',
  causeText: 'cause_text',
  sipCode: 'sip_code',
  amdStatus: 'amd_status',
  amdCause: 'amd_cause',
  outcome: 'outcome',
  agentId: 'agent_id',
  disposition: 'disposition',
  notes: 'notes',
  keys: 'keys',
  reconciled: 'reconciled',
};

const select = `SELECT id, campaign_id AS campaignId, lead_id AS leadId, phone, attempt_no AS attemptNo, reason, channel_id AS channelId,
  queued_at AS queuedAt, dialed_at AS dialedAt, ringing_at AS ringingAt, answered_at AS answeredAt, connected_at AS connectedAt,
  ended_at AS endedAt, cause_code AS causeCode, cause_text AS causeText, sip_code AS sipCode, amd_status AS amdStatus,
  amd_cause AS amdCause, outcome, agent_id AS agentId, disposition, notes, keys, reconciled, node FROM attempts`;

/**
 * Issue 17: the write-ahead mark of a dial request. Written just before the dial is sent (the channel exists, the
 * carrier has not been called), so an attempt a killed process left without it provably never reached the carrier.
 * Attempts from before the column are taken as sent.
 */
export const dialSentMigrationSql = `
      ALTER TABLE attempts ADD COLUMN dial_sent_at INTEGER;
      UPDATE attempts SET dial_sent_at = dialed_at;
    `;

const reasonOf = { new: 'new', 'retry-wait': 'retry', 'callback-scheduled': 'callback' } as const;

/** One row per dial. A claim writes the attempt and marks its lead dialing in one transaction, before anything is dialed. */
export class AttemptsRepo {
  private readonly claimLead: Statement;
  private readonly insertAttempt: Statement;
  private readonly updates = new Map<string, Statement>();
  private markSent: Statement | null = null;
  private byId: Statement | null = null;

  constructor(private readonly db: Db) {
    this.claimLead = db.prepare(
      `UPDATE leads SET state = 'dialing', attempts = attempts + 1,
         attempts_today = CASE WHEN attempts_day = @day THEN attempts_today + 1 ELSE 1 END, attempts_day = @day, updated_at = @now
       WHERE id = @id AND state IN ('new', 'retry-wait', 'callback-scheduled')
       RETURNING attempts`,
    );
    this.insertAttempt = db.prepare(
      `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, channel_id, queued_at, dialed_at, due_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * Takes a due lead for one dial: the lead becomes dialing and the attempt row exists (with its channel id) before
   * the originate, so a crash after this point can never dial the same attempt again. Undefined if the lead moved on.
   * `dueAt`: when the dial became due (dial-due.ts), for the decision latency; the claim time when not given.
   */
  claim(lead: DueLead, channelId: string, day: string, now: number, dueAt = now): AttemptRow | undefined {
    return this.db.transaction(() => {
      const r = this.claimLead.get({ id: lead.id, day, now }) as { attempts: number } | undefined;
      if (!r) return undefined;
      const ins = this.insertAttempt.run(lead.campaignId, lead.id, lead.phone, r.attempts, reasonOf[lead.state], channelId, now, now, Math.min(dueAt, now));
      return this.get(Number(ins.lastInsertRowid));
    })();
  }

  /** One attempt. */
  get(id: number): AttemptRow | undefined {
    // Prepared once: read on every attempt's claim and end.
    this.byId ??= this.db.prepare(`${select} WHERE id = ?`);
    return this.byId.get(id) as AttemptRow | undefined;
  }

  /** The attempt that placed this channel. */
  byChannel(channelId: string): AttemptRow | undefined {
    return this.db.prepare(`${select} WHERE channel_id = ?`).get(channelId) as AttemptRow | undefined;
  }

  /** Attempts not ended yet (in flight, or left open by a crash). */
  open(): AttemptRow[] {
    return this.db.prepare(`${select} WHERE ended_at IS NULL ORDER BY id`).all() as AttemptRow[];
  }

  /** One page of attempts matching a search, newest first. */
  search(q: AttemptQuery): AttemptRow[] {
    return searchAttempts(this.db, q);
  }

  /** A lead's attempts, first first. */
  ofLead(leadId: number): AttemptRow[] {
    return this.db.prepare(`${select} WHERE lead_id = ? ORDER BY attempt_no`).all(leadId) as AttemptRow[];
  }

  /** A campaign's attempts in order. */
  ofCampaign(campaignId: number): AttemptRow[] {
    return this.db.prepare(`${select} WHERE campaign_id = ? ORDER BY id`).all(campaignId) as AttemptRow[];
  }

  /** A campaign's decision latencies (ms from due to the originate request sent), of the attempts that sent one. */
  decisionLatencies(campaignId: number): number[] {
    return this.db.prepare('SELECT dial_sent_at - due_at FROM attempts WHERE campaign_id = ? AND dial_sent_at IS NOT NULL AND due_at IS NOT NULL ORDER BY id').pluck().all(campaignId) as number[];
  }

  /** How many attempts a campaign has made. */
  countOf(campaignId: number): number {
    return this.db.prepare('SELECT COUNT(*) FROM attempts WHERE campaign_id = ?').pluck().get(campaignId) as number;
  }

  /** A campaign's answered attempts, counted by outcome and disposition (what its connects and abandons are read from). */
  answeredGroups(campaignId: number): Array<{ campaignId: number; outcome: string | null; disposition: string | null; n: number }> {
    return this.db
      .prepare('SELECT campaign_id AS campaignId, outcome, disposition, COUNT(*) AS n FROM attempts WHERE campaign_id = ? AND answered_at IS NOT NULL GROUP BY outcome, disposition')
      .all(campaignId) as Array<{ campaignId: number; outcome: string | null; disposition: string | null; n: number }>;
  }

  /** When each call to a number was placed since `since` (epoch ms), in any campaign: the dial policy's caps (index attempts_phone). */
  placedTo(phone: string, since: number): number[] {
    return this.db.prepare('SELECT queued_at FROM attempts WHERE phone = ? AND queued_at > ? ORDER BY queued_at').pluck().all(phone, since) as number[];
  }

  /** Calls to a number not ended yet, in any campaign (a call left open by a crash counts until it is reconciled). */
  openTo(phone: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM attempts WHERE phone = ? AND ended_at IS NULL').pluck().get(phone) as number;
  }

  /** Runs `fn` as one transaction (nested calls join it): the end of an attempt writes its row and its lead together. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Takes back a claim whose dial never reached Asterisk (no INVITE was sent): the attempt row goes and the lead gets
   * its count back and is due again now, in the state it was claimed from. A dial that never happened must not count
   * towards the lead's limits (issue 17 item 8). False if the attempt has ended or is gone.
   */
  release(attemptId: number, now: number): boolean {
    return this.db.transaction(() => {
      const a = this.get(attemptId);
      if (!a || a.endedAt !== null) return false;
      const state = a.reason === 'retry' ? 'retry-wait' : a.reason === 'callback' ? 'callback-scheduled' : 'new';
      this.db.prepare('DELETE FROM attempts WHERE id = ?').run(a.id);
      this.db
        .prepare(
          `UPDATE leads SET state = @state, due_at = @now, updated_at = @now, attempts = MAX(0, attempts - 1),
             attempts_today = MAX(0, attempts_today - 1) WHERE id = @id AND state = 'dialing'`,
        )
        .run({ id: a.leadId, state, now });
      return true;
    })();
  }

  /** Marks the attempt's dial request as about to be sent: from here on the carrier may have been called. */
  markDialSent(id: number, at: number): void {
    // Prepared once: written on every dial.
    this.markSent ??= this.db.prepare('UPDATE attempts SET dial_sent_at = ? WHERE id = ? AND dial_sent_at IS NULL');
    this.markSent.run(at, id);
  }

  /** Whether the attempt's dial request was ever sent (false for an attempt that does not exist). */
  dialSent(id: number): boolean {
    const r = this.db.prepare('SELECT dial_sent_at AS at FROM attempts WHERE id = ?').get(id) as { at: number | null } | undefined;
    return r !== undefined && r.at !== null;
  }

  /** Writes some fields of an attempt. */
  update(id: number, patch: AttemptPatch): void {
    const keys = Object.keys(patch) as Array<keyof AttemptPatch>;
    if (!keys.length) return;
    const set = keys.map((k) => `${columns[k]} = @${k}`).join(', ');
    // One statement per set of columns, prepared once: every attempt is updated several times while it lasts.
    let stmt = this.updates.get(set);
    if (!stmt) this.updates.set(set, (stmt = this.db.prepare(`UPDATE attempts SET ${set} WHERE id = @id`)));
    stmt.run({ ...patch, id });
  }
}
