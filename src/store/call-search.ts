import type { CallRow, IvrStep } from './calls-repo.js';
import type { Db } from './db.js';
import { SqlFilters } from './sql-filters.js';

export interface CallQuery {
  direction?: 'inbound' | 'outbound';
  agentId?: string;
  campaignId?: number;
  endedIn?: string;
  /** The Asterisk node that carried the leg. */
  node?: string;
  /** Caller or called number, exact. */
  number?: string;
  /** Started at or after (epoch ms). */
  from?: number;
  /** Started before (epoch ms). */
  to?: number;
  /** Calls older than this row id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

const columns = `id, channel_id AS channelId, direction, caller_number AS callerNumber, called_number AS calledNumber, entry_number AS entryNumber,
  started_at AS startedAt, ring_at AS ringAt, answered_at AS answeredAt, ended_at AS endedAt, cause_code AS causeCode, cause_text AS causeText,
  outcome, amd_status AS amdStatus, amd_cause AS amdCause, fax_tones AS faxTones, hangup_by AS hangupBy, ivr_path AS ivrPath, digits,
  campaign_id AS campaignId, lead_id AS leadId, reconciled, flow_name AS flowName, flow_version AS flowVersion, ended_in AS endedIn,
  non_regular AS nonRegular, queue_group AS queueGroup, queue_wait_ms AS queueWaitMs, agent_id AS agentId, talk_ms AS talkMs,
  hold_ms AS holdMs, acw_ms AS acwMs, node, updated_at AS updatedAt`;

const toCall = (r: Omit<CallRow, 'ivrPath'> & { ivrPath: string }): CallRow => ({ ...r, ivrPath: JSON.parse(r.ivrPath || '[]') as IvrStep[] });

/** One page of call records matching the query, newest first. Callers flush the calls write queue first. */
export function searchCalls(db: Db, q: CallQuery): CallRow[] {
  const f = new SqlFilters({ limit: q.limit })
    .add('direction = @direction', 'direction', q.direction)
    .add('agent_id = @agentId', 'agentId', q.agentId)
    .add('campaign_id = @campaignId', 'campaignId', q.campaignId)
    .add('ended_in = @endedIn', 'endedIn', q.endedIn)
    .add('node = @node', 'node', q.node)
    .add('(caller_number = @number OR called_number = @number)', 'number', q.number)
    .add('started_at >= @from', 'from', q.from)
    .add('started_at < @to', 'to', q.to)
    .add('id < @beforeId', 'beforeId', q.beforeId);
  const rows = db.prepare(`SELECT ${columns} FROM calls ${f.where} ORDER BY id DESC LIMIT @limit`).all(f.args);
  return (rows as Array<Omit<CallRow, 'ivrPath'> & { ivrPath: string }>).map(toCall);
}
