import type { LeadState } from '../dialer/lead-state.js';
import type { Db } from './db.js';
import type { LeadRow } from './leads-repo.js';
import { defined } from '../defined.js';

export interface LeadQuery {
  campaignId?: number;
  states?: readonly LeadState[];
  /** Exact E.164 number (main or alternate). */
  phone?: string;
  /** Digits: part of the number; anything else: the start of the name. */
  text?: string;
  /** Only leads this agent talked to or owns a callback of. */
  agentId?: string;
  /** Callback time at or after / before (epoch ms). */
  callbackFrom?: number;
  callbackTo?: number;
  /** Only callbacks owned by this agent. */
  callbackAgent?: string;
  /** Leads after this id (keyset paging in id order). */
  afterId?: number;
  limit: number;
}

const columns = `l.id, l.campaign_id AS campaignId, l.phone, l.alt_phone AS altPhone, l.name, l.fields, l.source_row AS sourceRow, l.state,
  l.priority, l.due_at AS dueAt, l.attempts, l.attempts_today AS attemptsToday, l.attempts_day AS attemptsDay, l.callback_at AS callbackAt,
  l.callback_agent AS callbackAgent, l.last_outcome AS lastOutcome, l.flagged, l.created_at AS createdAt, l.updated_at AS updatedAt`;

type RawLead = Omit<LeadRow, 'fields' | 'flagged'> & { fields: string; flagged: number };
const toLead = (r: RawLead): LeadRow => ({ ...r, fields: JSON.parse(r.fields) as Record<string, string>, flagged: r.flagged === 1 });

function whereOf(q: Omit<LeadQuery, 'limit'>): { sql: string; args: Record<string, unknown> } {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  if (q.campaignId !== undefined) (where.push('l.campaign_id = @campaignId'), (args.campaignId = q.campaignId));
  if (q.states?.length) {
    where.push(`l.state IN (${q.states.map((_, i) => `@s${i}`).join(', ')})`);
    q.states.forEach((s, i) => (args[`s${i}`] = s));
  }
  if (q.phone !== undefined) (where.push('(l.phone = @phone OR l.alt_phone = @phone)'), (args.phone = q.phone));
  if (q.text !== undefined && q.text !== '') {
    const digits = /^\+?\d+$/.test(q.text);
    // LIKE's wildcards in the user's text are taken literally.
    const literal = q.text.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(digits ? "l.phone LIKE @text ESCAPE '\\'" : "l.name LIKE @text ESCAPE '\\'");
    args.text = digits ? `%${literal}%` : `${literal}%`;
  }
  if (q.agentId !== undefined) {
    where.push('(l.callback_agent = @agentId OR EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id AND a.agent_id = @agentId))');
    args.agentId = q.agentId;
  }
  if (q.callbackFrom !== undefined) (where.push('l.callback_at >= @callbackFrom'), (args.callbackFrom = q.callbackFrom));
  if (q.callbackTo !== undefined) (where.push('l.callback_at < @callbackTo'), (args.callbackTo = q.callbackTo));
  if (q.callbackAgent !== undefined) (where.push('l.callback_agent = @callbackAgent'), (args.callbackAgent = q.callbackAgent));
  if (q.afterId !== undefined) (where.push('l.id > @afterId'), (args.afterId = q.afterId));
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** One page of leads matching the query, in id order. */
export function searchLeads(db: Db, q: LeadQuery): LeadRow[] {
  const w = whereOf(q);
  const rows = db.prepare(`SELECT ${columns} FROM leads l ${w.sql} ORDER BY l.id LIMIT @limit`).all({ ...w.args, limit: q.limit }) as RawLead[];
  return rows.map(toLead);
}

/** One lead by id, limited to an agent's own when agentId is given. */
export function findLead(db: Db, id: number, agentId?: string): LeadRow | undefined {
  const w = whereOf(defined({ agentId }));
  const sql = `SELECT ${columns} FROM leads l ${w.sql ? `${w.sql} AND` : 'WHERE'} l.id = @id`;
  const r = db.prepare(sql).get({ ...w.args, id }) as RawLead | undefined;
  return r ? toLead(r) : undefined;
}

/**
 * Every matching lead, a page at a time. The connection is free between pages (no open iterator), so an export of a
 * million leads never holds up the dialer, which shares it.
 */
export async function* leadPages(db: Db, q: Omit<LeadQuery, 'limit' | 'afterId'>, pageSize = 5000): AsyncGenerator<LeadRow[]> {
  let afterId = 0;
  for (;;) {
    const page = searchLeads(db, { ...q, afterId, limit: pageSize });
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1]!.id;
    await new Promise((r) => setImmediate(r));
  }
}
