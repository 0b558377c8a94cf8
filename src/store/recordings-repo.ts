import type { Db } from './db.js';
import { SqlFilters } from './sql-filters.js';

/** One recorded conversation: the caller's (customer's) channel, the agent leg, and the file Asterisk wrote. */
export interface RecordingRow {
  id: number;
  name: string;
  /** The customer's channel (inbound caller or dialed lead): the call record the recording belongs to. */
  channelId: string;
  /** The agent's leg in the same bridge. */
  legChannelId: string | null;
  bridgeId: string | null;
  attemptId: number | null;
  campaignId: number | null;
  agentId: string | null;
  direction: 'inbound' | 'outbound';
  /** `all` when the setting started it, `on-demand` when someone asked through the API. */
  mode: 'all' | 'on-demand';
  /** Token name of whoever started an on-demand recording. */
  startedBy: string | null;
  startedAt: number;
  endedAt: number | null;
  /** The file as this service reads it. */
  path: string;
  size: number | null;
  /** Set when retention removed the file; the row stays as the trace that there was one. */
  deletedAt: number | null;
  /** The customer's number: the attempt's, else the call record's (caller for inbound, called for outbound). */
  customerNumber: string | null;
}

export type NewRecording = Omit<RecordingRow, 'id' | 'endedAt' | 'size' | 'deletedAt' | 'customerNumber'>;

export interface RecordingQuery {
  agentId?: string;
  campaignId?: number;
  attemptId?: number;
  channelId?: string;
  direction?: 'inbound' | 'outbound';
  /** Started at or after / before (epoch ms). */
  from?: number;
  to?: number;
  /** Include rows whose file retention removed. */
  includeDeleted?: boolean;
  beforeId?: number;
  limit: number;
}

const select = `SELECT r.id, r.name, r.channel_id AS channelId, r.leg_channel_id AS legChannelId, r.bridge_id AS bridgeId,
  r.attempt_id AS attemptId, r.campaign_id AS campaignId, r.agent_id AS agentId, r.direction, r.mode, r.started_by AS startedBy,
  r.started_at AS startedAt, r.ended_at AS endedAt, r.path, r.size, r.deleted_at AS deletedAt,
  COALESCE(a.phone, CASE WHEN r.direction = 'inbound' THEN c.caller_number ELSE c.called_number END) AS customerNumber
  FROM recordings r LEFT JOIN calls c ON c.channel_id = r.channel_id LEFT JOIN attempts a ON a.id = r.attempt_id`;

/** The recordings table (migration 8). */
export class RecordingsRepo {
  constructor(private readonly db: Db) {}

  /** Records a recording that has just started. */
  insert(r: NewRecording): RecordingRow {
    const res = this.db
      .prepare(
        `INSERT INTO recordings (name, channel_id, leg_channel_id, bridge_id, attempt_id, campaign_id, agent_id, direction, mode, started_by, started_at, path)
         VALUES (@name, @channelId, @legChannelId, @bridgeId, @attemptId, @campaignId, @agentId, @direction, @mode, @startedBy, @startedAt, @path)`,
      )
      .run(r);
    return this.get(Number(res.lastInsertRowid))!;
  }

  get(id: number): RecordingRow | undefined {
    return this.db.prepare(`${select} WHERE r.id = ?`).get(id) as RecordingRow | undefined;
  }

  /** The recording running (not ended) for a customer channel, if any. */
  open(channelId: string): RecordingRow | undefined {
    return this.db.prepare(`${select} WHERE r.channel_id = ? AND r.ended_at IS NULL ORDER BY r.id DESC LIMIT 1`).get(channelId) as RecordingRow | undefined;
  }

  /** Marks the end of the conversation and the file's size (null when the file is not there yet). */
  finish(id: number, endedAt: number, size: number | null): void {
    this.db.prepare('UPDATE recordings SET ended_at = COALESCE(ended_at, ?), size = ? WHERE id = ?').run(endedAt, size, id);
  }

  /** Rows whose file is still kept and that started before `before`, oldest first. */
  expired(before: number, limit = 1000): RecordingRow[] {
    return this.db.prepare(`${select} WHERE r.deleted_at IS NULL AND r.started_at < ? ORDER BY r.started_at LIMIT ?`).all(before, limit) as RecordingRow[];
  }

  markDeleted(id: number, at: number): void {
    this.db.prepare('UPDATE recordings SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id);
  }

  /** One page matching the query, newest first. */
  search(q: RecordingQuery): RecordingRow[] {
    const f = new SqlFilters({ limit: q.limit })
      .add('r.agent_id = @agentId', 'agentId', q.agentId)
      .add('r.campaign_id = @campaignId', 'campaignId', q.campaignId)
      .add('r.attempt_id = @attemptId', 'attemptId', q.attemptId)
      .add('r.channel_id = @channelId', 'channelId', q.channelId)
      .add('r.direction = @direction', 'direction', q.direction)
      .add('r.started_at >= @from', 'from', q.from)
      .add('r.started_at < @to', 'to', q.to)
      .add('r.id < @beforeId', 'beforeId', q.beforeId);
    if (!q.includeDeleted) f.always('r.deleted_at IS NULL');
    return this.db.prepare(`${select} ${f.where} ORDER BY r.id DESC LIMIT @limit`).all(f.args) as RecordingRow[];
  }

  /** The latest kept recording id per customer or agent-leg channel, for the `recording` link of call listings. */
  byChannels(channelIds: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (channelIds.length === 0) return out;
    const marks = channelIds.map(() => '?').join(',');
    const rows = this.db
      .prepare(
        `SELECT id, channel_id AS channelId, leg_channel_id AS legChannelId FROM recordings
         WHERE deleted_at IS NULL AND (channel_id IN (${marks}) OR leg_channel_id IN (${marks})) ORDER BY id`,
      )
      .all(...channelIds, ...channelIds) as Array<{ id: number; channelId: string; legChannelId: string | null }>;
    for (const r of rows) {
      out.set(r.channelId, r.id);
      if (r.legChannelId !== null) out.set(r.legChannelId, r.id);
    }
    return out;
  }

  /** The latest kept recording id per attempt. */
  byAttempts(attemptIds: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    if (attemptIds.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT id, attempt_id AS attemptId FROM recordings WHERE deleted_at IS NULL AND attempt_id IN (${attemptIds.map(() => '?').join(',')}) ORDER BY id`)
      .all(...attemptIds) as Array<{ id: number; attemptId: number }>;
    for (const r of rows) out.set(r.attemptId, r.id);
    return out;
  }
}
