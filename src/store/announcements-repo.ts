import { decodeFingerprint, encodeFingerprint, type Fingerprint } from '../announcements/fingerprint.js';
import type { AnnouncementLabel } from '../announcements/labels.js';
import type { KnownAnnouncement } from '../announcements/library-match.js';
import { HotlineError } from '../errors.js';
import type { Db } from './db.js';
import { priorityOf } from './leads-repo.js';

/** One announcement as lists and the API show it (no audio, no fingerprint). */
export interface AnnouncementRow {
  id: number;
  label: AnnouncementLabel | null;
  durationMs: number;
  firstHeardAt: number | null;
  lastHeardAt: number | null;
  heardCount: number;
  source: 'heard' | 'imported';
  fileName: string | null;
  mergedInto: number | null;
  createdAt: number;
  labelledAt: number | null;
  labelledBy: string | null;
}

/** An announcement with the numbers it was heard on (the most recent first, at most `numbersShown`). */
export interface AnnouncementListItem extends AnnouncementRow {
  numbers: string[];
  numberCount: number;
}

export interface HeardAnnouncement {
  fingerprint: Fingerprint;
  audio: Int16Array;
  /** The library's match, or null for an announcement never heard before. */
  knownId: number | null;
  score: number | null;
  channelId: string;
  number: string;
  campaignId: number | null;
  attemptId: number | null;
  at: number;
}

export interface ImportedAnnouncement {
  fileName: string;
  label: AnnouncementLabel | null;
  audio: Int16Array;
  fingerprint: Fingerprint;
}

/** A lead that waits on a retry because its last attempt heard an announcement. */
export interface LeadWaitingOnAnnouncement {
  leadId: number;
  campaignId: number;
  attemptId: number;
  state: string;
}

export type AnnouncementFilter = 'unknown' | 'labelled' | 'all';

const numbersShown = 20;
const sampleRate = 8000;

const columns = `id, label, duration_ms AS durationMs, first_heard_at AS firstHeardAt, last_heard_at AS lastHeardAt,
  heard_count AS heardCount, source, file_name AS fileName, merged_into AS mergedInto, created_at AS createdAt,
  labelled_at AS labelledAt, labelled_by AS labelledBy`;

const filterSql: Record<AnnouncementFilter, string> = {
  unknown: 'label IS NULL',
  labelled: 'label IS NOT NULL',
  all: '1',
};

function pcmBytes(pcm: Int16Array): Buffer {
  // Stored little-endian whatever the host (every supported host is little-endian; the copy keeps it explicit).
  const out = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i]!, i * 2);
  return out;
}

function pcmOf(buf: Buffer): Int16Array {
  const out = new Int16Array(buf.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2);
  return out;
}

/**
 * The announcement library: what the hearing shell records, what the labelling queue lists, and what the matcher
 * knows. known() is cached (the hearing asks it on every leg) and dropped on every change made through this repo.
 */
export class AnnouncementsRepo {
  private cache: KnownAnnouncement[] | null = null;
  /** SQLite's data_version when the cache was filled: it moves when another connection (the CLI's import) commits. */
  private cacheVersion = -1;
  /**
   * Prepared once: the hearing asks known() on every 20 ms of audio of every leg, and db.pragma() prepares its
   * statement on each call (a 60-line dialer run spent a tenth of the service's CPU there).
   */
  private dataVersion: { get(): unknown } | null = null;

  constructor(private readonly db: Db) {}

  /** Every announcement that is not merged into another, with its fingerprint, for the matcher. */
  known(): KnownAnnouncement[] {
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    const version = this.dataVersion.get() as number;
    if (!this.cache || version !== this.cacheVersion) {
      this.cacheVersion = version;
      const rows = this.db.prepare('SELECT id, label, fingerprint FROM announcements WHERE merged_into IS NULL ORDER BY id').all() as Array<{ id: number; label: AnnouncementLabel | null; fingerprint: Buffer }>;
      this.cache = rows.map((r) => ({ id: r.id, label: r.label, fingerprint: decodeFingerprint(r.fingerprint) }));
    }
    return this.cache;
  }

  /**
   * Records one hearing in one transaction: of the known announcement (followed to the one it was merged into), or of
   * a new one kept with its audio and fingerprint. The attempt, when there is one, is marked with the announcement.
   */
  recordHeard(h: HeardAnnouncement): { id: number; label: AnnouncementLabel | null } {
    return this.db.transaction(() => {
      const known = h.knownId === null ? undefined : this.liveTarget(h.knownId);
      let id: number;
      if (known) {
        id = known.id;
        this.db.prepare('UPDATE announcements SET heard_count = heard_count + 1, last_heard_at = MAX(COALESCE(last_heard_at, 0), @at), first_heard_at = COALESCE(first_heard_at, @at) WHERE id = @id').run({ id, at: h.at });
      } else {
        id = Number(
          this.db
            .prepare(
              `INSERT INTO announcements (label, fingerprint, audio, duration_ms, first_heard_at, last_heard_at, heard_count, source, created_at)
               VALUES (NULL, ?, ?, ?, ?, ?, 1, 'heard', ?)`,
            )
            .run(encodeFingerprint(h.fingerprint), pcmBytes(h.audio), Math.round((h.audio.length * 1000) / sampleRate), h.at, h.at, h.at).lastInsertRowid,
        );
        this.cache = null;
      }
      this.db
        .prepare('INSERT INTO announcement_hearings (announcement_id, attempt_id, call_channel_id, number, campaign_id, heard_at, score) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, h.attemptId, h.channelId, h.number, h.campaignId, h.at, h.score);
      if (h.attemptId !== null) this.db.prepare('UPDATE attempts SET announcement_id = ? WHERE id = ?').run(id, h.attemptId);
      return { id, label: known ? known.label : null };
    })();
  }

  /** The announcement a (possibly merged) one now lives in; undefined when it was deleted. */
  private liveTarget(id: number): { id: number; label: AnnouncementLabel | null } | undefined {
    let row = this.db.prepare('SELECT id, label, merged_into AS mergedInto FROM announcements WHERE id = ?').get(id) as { id: number; label: AnnouncementLabel | null; mergedInto: number | null } | undefined;
    for (let hops = 0; row && row.mergedInto !== null && hops < 100; hops++) {
      row = this.db.prepare('SELECT id, label, merged_into AS mergedInto FROM announcements WHERE id = ?').get(row.mergedInto) as typeof row;
    }
    return row && { id: row.id, label: row.label };
  }

  /** One announcement, merged ones included; NOT_FOUND when there is none. */
  get(id: number): AnnouncementRow {
    const row = this.db.prepare(`SELECT ${columns} FROM announcements WHERE id = ?`).get(id) as AnnouncementRow | undefined;
    if (!row) throw new HotlineError('NOT_FOUND', `no announcement #${id}`, { key: 'id' });
    return row;
  }

  /** The numbers an announcement was heard on, the most recently heard first, and how many there are. */
  numbers(id: number, limit = numbersShown): { numbers: string[]; numberCount: number } {
    const numbers = this.db.prepare('SELECT number FROM announcement_hearings WHERE announcement_id = ? GROUP BY number ORDER BY MAX(heard_at) DESC, number LIMIT ?').pluck().all(id, limit) as string[];
    const numberCount = this.db.prepare('SELECT COUNT(DISTINCT number) FROM announcement_hearings WHERE announcement_id = ?').pluck().get(id) as number;
    return { numbers, numberCount };
  }

  /** A page of announcements not merged away, the most heard first (the labelling queue's order). */
  list(q: { filter: AnnouncementFilter; offset: number; limit: number }): { items: AnnouncementListItem[]; total: number } {
    const where = `merged_into IS NULL AND ${filterSql[q.filter]}`;
    const rows = this.db.prepare(`SELECT ${columns} FROM announcements WHERE ${where} ORDER BY heard_count DESC, id LIMIT ? OFFSET ?`).all(q.limit, q.offset) as AnnouncementRow[];
    const total = this.db.prepare(`SELECT COUNT(*) FROM announcements WHERE ${where}`).pluck().get() as number;
    return { items: rows.map((r) => ({ ...r, ...this.numbers(r.id) })), total };
  }

  /** The audio as 8 kHz 16-bit PCM samples. */
  audio(id: number): Int16Array {
    const buf = this.db.prepare('SELECT audio FROM announcements WHERE id = ?').pluck().get(id) as Buffer | undefined;
    if (!buf) throw new HotlineError('NOT_FOUND', `no announcement #${id}`, { key: 'id' });
    return pcmOf(buf);
  }

  /** Sets (or clears, with null) the label, with who and when; returns the row before and after. */
  label(id: number, label: AnnouncementLabel | null, by: string, now: number): { before: AnnouncementRow; after: AnnouncementRow } {
    const before = this.get(id);
    if (before.mergedInto !== null) throw new HotlineError('CONFLICT', `announcement #${id} was merged into #${before.mergedInto}: label that one`, { key: 'id', details: { mergedInto: before.mergedInto } });
    this.db.prepare('UPDATE announcements SET label = ?, labelled_at = ?, labelled_by = ? WHERE id = ?').run(label, label === null ? null : now, label === null ? null : by, id);
    this.cache = null;
    return { before, after: this.get(id) };
  }

  /**
   * Merges `from` into `into` in one transaction: its hearings and attempts move, its count adds up, and it stays as
   * merged_into so the merge can be read back. A label on `into` wins; `into` takes `from`'s label when it has none.
   */
  merge(from: number, into: number): AnnouncementRow {
    if (from === into) throw new HotlineError('BAD_REQUEST', 'an announcement cannot be merged into itself', { key: 'into' });
    return this.db.transaction(() => {
      const a = this.get(from);
      const b = this.get(into);
      for (const r of [a, b]) {
        if (r.mergedInto !== null) throw new HotlineError('CONFLICT', `announcement #${r.id} was already merged into #${r.mergedInto}`, { key: r.id === from ? 'id' : 'into', details: { mergedInto: r.mergedInto } });
      }
      this.db.prepare('UPDATE announcement_hearings SET announcement_id = ? WHERE announcement_id = ?').run(into, from);
      this.db.prepare('UPDATE attempts SET announcement_id = ? WHERE announcement_id = ?').run(into, from);
      this.db
        .prepare(
          `UPDATE announcements SET heard_count = heard_count + @count,
             first_heard_at = CASE WHEN first_heard_at IS NULL OR @first < first_heard_at THEN COALESCE(@first, first_heard_at) ELSE first_heard_at END,
             last_heard_at = CASE WHEN last_heard_at IS NULL OR @last > last_heard_at THEN COALESCE(@last, last_heard_at) ELSE last_heard_at END,
             label = COALESCE(label, @label),
             labelled_at = CASE WHEN label IS NULL THEN @labelledAt ELSE labelled_at END,
             labelled_by = CASE WHEN label IS NULL THEN @labelledBy ELSE labelled_by END
           WHERE id = @into`,
        )
        .run({ into, count: a.heardCount, first: a.firstHeardAt, last: a.lastHeardAt, label: a.label, labelledAt: a.labelledAt, labelledBy: a.labelledBy });
      this.db.prepare('UPDATE announcements SET merged_into = ?, heard_count = 0 WHERE id = ?').run(into, from);
      this.cache = null;
      return this.get(into);
    })();
  }

  /** Deletes an announcement, the ones merged into it and their hearings; attempts that heard it keep no link. */
  delete(id: number): AnnouncementRow {
    return this.db.transaction(() => {
      const row = this.get(id);
      const ids = [id, ...(this.db.prepare('WITH RECURSIVE m(id) AS (SELECT id FROM announcements WHERE merged_into = ? UNION SELECT a.id FROM announcements a JOIN m ON a.merged_into = m.id) SELECT id FROM m').pluck().all(id) as number[])];
      // Children first: a merged row refers to the one it was merged into.
      for (const x of ids.reverse()) {
        this.db.prepare('UPDATE attempts SET announcement_id = NULL WHERE announcement_id = ?').run(x);
        this.db.prepare('DELETE FROM announcement_hearings WHERE announcement_id = ?').run(x);
        this.db.prepare('DELETE FROM announcements WHERE id = ?').run(x);
      }
      this.cache = null;
      return row;
    })();
  }

  /** Adds imported (labelled) recordings, all or none; returns their ids in order. */
  importMany(items: readonly ImportedAnnouncement[], by: string, now: number): number[] {
    const insert = this.db.prepare(
      `INSERT INTO announcements (label, fingerprint, audio, duration_ms, heard_count, source, file_name, created_at, labelled_at, labelled_by)
       VALUES (?, ?, ?, ?, 0, 'imported', ?, ?, ?, ?)`,
    );
    const ids = this.db.transaction(() =>
      items.map((i) =>
        Number(
          insert.run(i.label, encodeFingerprint(i.fingerprint), pcmBytes(i.audio), Math.round((i.audio.length * 1000) / sampleRate), i.fileName, now, i.label === null ? null : now, i.label === null ? null : by).lastInsertRowid,
        ),
      ),
    )();
    this.cache = null;
    return ids;
  }

  /** Leads waiting on a retry whose last attempt heard this announcement (the ones a new label may decide again). */
  leadsWaitingOn(id: number): LeadWaitingOnAnnouncement[] {
    return this.db
      .prepare(
        `SELECT l.id AS leadId, l.campaign_id AS campaignId, a.id AS attemptId, l.state
         FROM attempts a JOIN leads l ON l.id = a.lead_id
         WHERE a.announcement_id = ? AND l.state = 'retry-wait'
           AND a.attempt_no = (SELECT MAX(attempt_no) FROM attempts WHERE lead_id = l.id)
         ORDER BY l.id`,
      )
      .all(id) as LeadWaitingOnAnnouncement[];
  }

  /** Closes leads decided again after a label, only those still waiting (a lead dialed meanwhile is left alone). */
  closeLeads(changes: ReadonlyArray<{ leadId: number; state: 'invalid-number' | 'done-failed'; lastOutcome: string }>, now: number): number {
    const stmt = this.db.prepare(
      `UPDATE leads SET state = @state, priority = @priority, due_at = 0, needs_agent = 0, last_outcome = @lastOutcome, updated_at = @now
       WHERE id = @leadId AND state = 'retry-wait'`,
    );
    let n = 0;
    for (const c of changes) n += stmt.run({ ...c, priority: priorityOf[c.state], now }).changes;
    return n;
  }
}
