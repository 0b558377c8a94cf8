import type { Principal } from '../auth/principal.js';
import type { Db } from './db.js';

/** What was changed: campaigns, lists, flows, DNC, callbacks and tokens. */
export type AuditEntity = 'campaign' | 'list' | 'flow' | 'dnc' | 'callback' | 'token' | 'agent' | 'recording' | 'announcement' | 'wrap-up' | 'complaint' | 'work-order' | 'caller-list'
  // Issue 16 (quality and planning).
  | 'kb-article'
  | 'qa-form'
  | 'qa-score'
  | 'roster'
  | 'swap'
  // Issue 13: a supervisor listening to, whispering to or barging into a live call.
  | 'call';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  tokenId: number | null;
  role: string | null;
  /** e.g. campaign.create, dnc.remove, flow.activate */
  action: string;
  entity: AuditEntity;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface NewAudit {
  action: string;
  entity: AuditEntity;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  entity?: AuditEntity;
  entityId?: string;
  actor?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

type RawAudit = Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null };

/** Who changed what and when; written in the same transaction as the change where the change is one. */
export class AuditRepo {
  constructor(private readonly db: Db) {}

  /** Adds one entry for the principal's change. */
  record(p: Principal | { name: string }, e: NewAudit, now: number): void {
    const who = 'tokenId' in p ? p : { tokenId: null, role: null, name: p.name };
    this.db
      .prepare(
        `INSERT INTO audit_log (at, actor, token_id, role, action, entity, entity_id, summary, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        now,
        who.name,
        who.tokenId,
        who.role,
        e.action,
        e.entity,
        e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
        e.summary,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
      );
  }

  /**
   * In one transaction, makes a change and records the entry `describe` gives for its result (none when it gives
   * null): a change is never written without its entry, nor an entry without its change. Returns the result.
   */
  change<T>(who: Principal | { name: string }, now: number, change: () => T, describe: (result: T) => NewAudit | null): T {
    return this.db.transaction(() => {
      const result = change();
      const entry = describe(result);
      if (entry) this.record(who, entry, now);
      return result;
    })();
  }

  /** Entries matching the query, newest first. */
  list(q: AuditQuery): AuditEntry[] {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit };
    if (q.entity) (where.push('entity = @entity'), (args.entity = q.entity));
    if (q.entityId) (where.push('entity_id = @entityId'), (args.entityId = q.entityId));
    if (q.actor) (where.push('actor = @actor'), (args.actor = q.actor));
    if (q.from !== undefined) (where.push('at >= @from'), (args.from = q.from));
    if (q.to !== undefined) (where.push('at < @to'), (args.to = q.to));
    if (q.beforeId !== undefined) (where.push('id < @beforeId'), (args.beforeId = q.beforeId));
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, token_id AS tokenId, role, action, entity, entity_id AS entityId, summary, before, after FROM audit_log
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`,
      )
      .all(args) as RawAudit[];
    return rows.map((r) => ({ ...r, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) }));
  }
}
