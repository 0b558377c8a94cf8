import type { Statement } from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { searchCalls, type CallQuery } from './call-search.js';
import type { Db } from './db.js';

export interface IvrStep {
  /** Node or step name, e.g. `welcome` or `dtmf`. */
  node: string;
  key?: string;
  /** What became of the step, e.g. the branch taken or `invalid`. */
  note?: string;
  at: number;
}

export interface CallRow {
  id: number;
  channelId: string;
  direction: 'inbound' | 'outbound';
  callerNumber: string | null;
  calledNumber: string | null;
  entryNumber: string | null;
  startedAt: number;
  ringAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  causeCode: number | null;
  causeText: string | null;
  outcome: string | null;
  amdStatus: string | null;
  amdCause: string | null;
  faxTones: number | null;
  hangupBy: string | null;
  ivrPath: IvrStep[];
  digits: string;
  campaignId: number | null;
  leadId: number | null;
  reconciled: string | null;
  flowName: string | null;
  flowVersion: string | null;
  /** Where the call ended: agent, queue-abandon, caller-hangup (in the IVR), after-hours, message, transfer, callback… */
  endedIn: string | null;
  /** one-ring, silent or misdial (non-regular calls), else null. */
  nonRegular: string | null;
  queueGroup: string | null;
  queueWaitMs: number | null;
  agentId: string | null;
  talkMs: number | null;
  holdMs: number | null;
  acwMs: number | null;
  /** The Asterisk node that carried the leg (config `nodes[].name`, `default` for the one embedded node); null until known. */
  node: string | null;
  updatedAt: number;
}

export type NewCall = Pick<CallRow, 'channelId' | 'direction' | 'startedAt'> &
  Partial<Omit<CallRow, 'id' | 'channelId' | 'direction' | 'startedAt' | 'updatedAt'>>;
export type CallPatch = Partial<Omit<CallRow, 'id' | 'channelId' | 'direction' | 'updatedAt'>>;

const columns: Record<keyof Omit<CallRow, 'id'>, string> = {
  channelId: 'channel_id',
  direction: 'direction',
  callerNumber: 'caller_number',
  calledNumber: 'called_number',
  entryNumber: 'entry_number',
  startedAt: 'started_at',
  ringAt: 'ring_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  causeCode: 'cause_code',
  causeText: 'cause_text',
  outcome: 'outcome',
  amdStatus: 'amd_status',
  amdCause: 'amd_cause',
  faxTones: 'fax_tones',
  hangupBy: 'hangup_by',
  ivrPath: 'ivr_path',
  digits: 'digits',
  campaignId: 'campaign_id',
  leadId: 'lead_id',
  reconciled: 'reconciled',
  flowName: 'flow_name',
  flowVersion: 'flow_version',
  endedIn: 'ended_in',
  nonRegular: 'non_regular',
  queueGroup: 'queue_group',
  queueWaitMs: 'queue_wait_ms',
  agentId: 'agent_id',
  talkMs: 'talk_ms',
  holdMs: 'hold_ms',
  acwMs: 'acw_ms',
  node: 'node',
  updatedAt: 'updated_at',
};

type Op = { kind: 'insert'; row: NewCall; at: number } | { kind: 'update'; channelId: string; patch: CallPatch; at: number };

function toDb(key: string, value: unknown): unknown {
  if (key === 'ivrPath') return JSON.stringify(value ?? []);
  return value ?? null;
}

function fromDb(r: Record<string, unknown>): CallRow {
  const out: Record<string, unknown> = { id: r.id };
  for (const [k, col] of Object.entries(columns)) out[k] = r[col];
  out.ivrPath = JSON.parse((r.ivr_path as string) || '[]');
  return out as unknown as CallRow;
}

/**
 * The calls table. Writes are queued and committed in one transaction every few milliseconds,
 * so a call flow never waits on the disk; reads flush first, so they see every write before them.
 */
export class CallsRepo {
  private queue: Op[] = [];
  private timer: ReturnType<Clock['setTimeout']> | null = null;
  private readonly updates = new Map<string, Statement>();
  private readonly insertStmt: Statement;
  // Prepared once: preparing per read showed up in the IVR benchmark's profile.
  private readonly byChannel: Statement;
  private readonly openStmt: Statement;
  private readonly recentStmt: Statement;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly flushMs = 20,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    const cols = Object.values(columns);
    this.insertStmt = db.prepare(
      `INSERT INTO calls (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')}) ON CONFLICT(channel_id) DO NOTHING`,
    );
    this.byChannel = db.prepare('SELECT * FROM calls WHERE channel_id = ?');
    this.openStmt = db.prepare('SELECT * FROM calls WHERE ended_at IS NULL ORDER BY started_at');
    this.recentStmt = db.prepare('SELECT * FROM calls ORDER BY started_at DESC, id DESC LIMIT ?');
  }

  /** Queues a new call row. */
  insert(row: NewCall): void {
    this.push({ kind: 'insert', row, at: this.clock.now() });
  }

  /** Queues changes to a call row. */
  update(channelId: string, patch: CallPatch): void {
    this.push({ kind: 'update', channelId, patch, at: this.clock.now() });
  }

  private push(op: Op): void {
    this.queue.push(op);
    if (!this.timer) this.timer = this.clock.setTimeout(() => this.flush(), this.flushMs);
  }

  /** Writes everything queued in one transaction. */
  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const ops = this.queue;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const op of ops) op.kind === 'insert' ? this.applyInsert(op.row, op.at) : this.applyUpdate(op.channelId, op.patch, op.at);
      })();
    } catch (err) {
      // Keep the ops: a busy or full disk is retried on the next flush instead of losing call records.
      this.queue = ops.concat(this.queue);
      this.onError(err);
      if (!this.timer) this.timer = this.clock.setTimeout(() => this.flush(), Math.max(this.flushMs, 500));
    }
  }

  private applyInsert(row: NewCall, at: number): void {
    const params: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(columns)) params[col] = toDb(k, (row as Record<string, unknown>)[k]);
    params.ivr_path = JSON.stringify(row.ivrPath ?? []);
    params.digits = row.digits ?? '';
    params.updated_at = at;
    this.insertStmt.run(params);
  }

  private applyUpdate(channelId: string, patch: CallPatch, at: number): void {
    const keys = Object.keys(patch).filter((k) => k in columns && (patch as Record<string, unknown>)[k] !== undefined);
    const signature = keys.join(',');
    let stmt = this.updates.get(signature);
    if (!stmt) {
      const sets = keys.map((k) => `${columns[k as keyof typeof columns]} = @${k}`).concat('updated_at = @updatedAt');
      stmt = this.db.prepare(`UPDATE calls SET ${sets.join(', ')} WHERE channel_id = @channelId`);
      this.updates.set(signature, stmt);
    }
    const params: Record<string, unknown> = { channelId, updatedAt: at };
    for (const k of keys) params[k] = toDb(k, (patch as Record<string, unknown>)[k]);
    stmt.run(params);
  }

  /** One call by channel id. */
  get(channelId: string): CallRow | undefined {
    this.flush();
    const r = this.byChannel.get(channelId) as Record<string, unknown> | undefined;
    return r ? fromDb(r) : undefined;
  }

  /** Calls with no end time: live, or left open by a crash or a lost connection. */
  openCalls(): CallRow[] {
    this.flush();
    return (this.openStmt.all() as Record<string, unknown>[]).map(fromDb);
  }

  /** One page of call records matching a search, newest first; the write queue is flushed first. */
  search(q: CallQuery): CallRow[] {
    this.flush();
    return searchCalls(this.db, q);
  }

  /** The latest calls, newest first. */
  recent(limit = 50): CallRow[] {
    this.flush();
    return (this.recentStmt.all(limit) as Record<string, unknown>[]).map(fromDb);
  }

  /**
   * Marks the calls that ended in [from, to] as cut by the media server: Asterisk hung them up as it shut down, and
   * the ends came as ordinary events just before the socket closed (issue 17 item 9). A call a restart adopted
   * (`follow-ringing`, `restart-entry`…) is marked too: the chaos run found the only calls cut were such. Returns how many.
   */
  markCutByMediaServer(from: number, to: number): number {
    this.flush();
    return this.db
      .prepare(
        `UPDATE calls SET reconciled = 'media-server-lost', updated_at = @to WHERE ended_at BETWEEN @from AND @to
           AND (reconciled IS NULL OR reconciled NOT IN ('media-server-lost', 'while-away', 'asterisk-record', 'never-dialed'))`,
      )
      .run({ from, to }).changes;
  }

  /** When this database last recorded anything before `before` (a previous process's last sign of life), or null. */
  lastWriteBefore(before: number): number | null {
    this.flush();
    return (this.db.prepare('SELECT MAX(updated_at) FROM calls WHERE updated_at < ?').pluck().get(before) as number | null) ?? null;
  }

  /** Counts of ended calls by direction and outcome (seeds the metrics after a restart). */
  outcomeCounts(): Array<{ direction: string; outcome: string; n: number }> {
    this.flush();
    return this.db
      .prepare("SELECT direction, COALESCE(outcome, 'unknown') AS outcome, COUNT(*) AS n FROM calls WHERE ended_at IS NOT NULL GROUP BY 1, 2")
      .all() as Array<{ direction: string; outcome: string; n: number }>;
  }
}
