import type { AttemptOutcome } from '../dialer/lead-state.js';
import type { AttemptRow } from './attempts-repo.js';
import type { Db } from './db.js';
import { SqlFilters } from './sql-filters.js';

export interface AttemptQuery {
  campaignId?: number;
  leadId?: number;
  agentId?: string;
  outcome?: AttemptOutcome;
  disposition?: string;
  /** Dialed at or after (epoch ms). */
  from?: number;
  /** Dialed before (epoch ms). */
  to?: number;
  /** Attempts older than this id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

const columns = `id, campaign_id AS campaignId, lead_id AS leadId, phone, attempt_no AS attemptNo, reason, channel_id AS channelId,
  queued_at AS queuedAt, dialed_at AS dialedAt, ringing_at AS ringingAt, answered_at AS answeredAt, connected_at AS connectedAt,
  ended_at AS endedAt, cause_code AS causeCode, cause_text AS causeText, sip_code AS sipCode, amd_status AS amdStatus,
  amd_cause AS amdCause, outcome, agent_id AS agentId, disposition, notes, keys, reconciled, node`;

/** One page of attempts matching the query, newest first. */
export function searchAttempts(db: Db, q: AttemptQuery): AttemptRow[] {
  const f = new SqlFilters({ limit: q.limit })
    .add('campaign_id = @campaignId', 'campaignId', q.campaignId)
    .add('lead_id = @leadId', 'leadId', q.leadId)
    .add('agent_id = @agentId', 'agentId', q.agentId)
    .add('outcome = @outcome', 'outcome', q.outcome)
    .add('disposition = @disposition', 'disposition', q.disposition)
    .add('dialed_at >= @from', 'from', q.from)
    .add('dialed_at < @to', 'to', q.to)
    .add('id < @beforeId', 'beforeId', q.beforeId);
  return db.prepare(`SELECT ${columns} FROM attempts ${f.where} ORDER BY id DESC LIMIT @limit`).all(f.args) as AttemptRow[];
}
