import type { Db } from './db.js';

/** One normalized row of a call list, waiting in the staging table. */
export interface StagedLead {
  row: number;
  phone: string;
  altPhone: string | null;
  name: string | null;
  fields: string;
}

/** What the one write transaction of an import did. */
export interface ImportCommit {
  importId: number;
  imported: number;
  /** Staged numbers the campaign has already (within-file repeats are counted by the caller). */
  duplicates: number;
  dnc: number;
}

let stagingSeq = 0;

/** Rows per INSERT statement while staging: one call into SQLite for many rows instead of one each. */
const rowsPerInsert = 100;

/**
 * A call list on its way in: a connection-local TEMP table (file-backed, so memory stays flat and the main database
 * is not locked while a big file is parsed), then one short write transaction that checks the DNC lists and the
 * campaign's leads and copies the rest, with the `imports` record. The caller stages each number once (repeats
 * within the file are dropped before they get here, import-leads.ts).
 */
export class LeadStage {
  private readonly name = `import_stage_${process.pid}_${++stagingSeq}`;
  private readonly insertMany;
  private readonly insertOne;
  private readonly flush;

  constructor(private readonly db: Db) {
    db.exec(`CREATE TEMP TABLE ${this.name} (row INTEGER PRIMARY KEY, phone TEXT NOT NULL, alt_phone TEXT, name TEXT, fields TEXT NOT NULL)`);
    // Staging only appends (rows come in rowid order), so a small page cache does; the default 16 MB showed in RSS.
    db.pragma('temp.cache_size = -2048');
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ');
    const insert = (n: number) => db.prepare(`INSERT INTO temp.${this.name} (row, phone, alt_phone, name, fields) VALUES ${values(n)}`);
    this.insertMany = insert(rowsPerInsert);
    this.insertOne = insert(1);
    // A transaction per batch: one fsync-free commit on the temp file instead of one per row.
    this.flush = db.transaction((leads: readonly StagedLead[]) => {
      const params: Array<string | number | null> = new Array(rowsPerInsert * 5);
      let i = 0;
      for (; i + rowsPerInsert <= leads.length; i += rowsPerInsert) {
        for (let j = 0; j < rowsPerInsert; j++) {
          const l = leads[i + j]!;
          params[j * 5] = l.row;
          params[j * 5 + 1] = l.phone;
          params[j * 5 + 2] = l.altPhone;
          params[j * 5 + 3] = l.name;
          params[j * 5 + 4] = l.fields;
        }
        this.insertMany.run(params);
      }
      for (; i < leads.length; i++) {
        const l = leads[i]!;
        this.insertOne.run(l.row, l.phone, l.altPhone, l.name, l.fields);
      }
    });
  }

  /** Stages a batch of leads, each number once. */
  add(leads: readonly StagedLead[]): void {
    this.flush(leads);
  }

  /** The one write transaction: DNC and existing-lead checks, the copy into leads and the imports record. */
  commit(campaignId: number, fileName: string, now: number, rows: number, invalid: number): ImportCommit {
    const { db, name: stage } = this;
    const onDnc = (col: string) => `EXISTS (SELECT 1 FROM main.dnc d WHERE d.phone = ${col} AND d.campaign_id IN (0, @campaignId))`;
    const countStaged = db.prepare(`SELECT COUNT(*) FROM temp.${stage}`).pluck();
    const countDnc = db.prepare(`SELECT COUNT(*) FROM temp.${stage} s WHERE ${onDnc('s.phone')}`).pluck();
    // An alternate number on a DNC list is dropped rather than dialed later.
    const copy = db.prepare(
      `INSERT INTO main.leads (campaign_id, phone, alt_phone, name, fields, source_row, state, priority, due_at, created_at, updated_at)
       SELECT @campaignId, s.phone, CASE WHEN s.alt_phone IS NOT NULL AND ${onDnc('s.alt_phone')} THEN NULL ELSE s.alt_phone END,
              s.name, s.fields, s.row, 'new', 2, 0, @now, @now
       FROM temp.${stage} s
       WHERE NOT ${onDnc('s.phone')}
         AND NOT EXISTS (SELECT 1 FROM main.leads l WHERE l.campaign_id = @campaignId AND l.phone = s.phone)
       ORDER BY s.row`,
    );
    const record = db.prepare(
      `INSERT INTO main.imports (campaign_id, file_name, rows, imported, duplicates, invalid, dnc, at)
       VALUES (@campaignId, @fileName, @rows, @imported, @duplicates, @invalid, @dnc, @now)`,
    );
    return db
      .transaction(() => {
        const staged = countStaged.get() as number;
        const dnc = countDnc.get({ campaignId }) as number;
        const imported = copy.run({ campaignId, now }).changes;
        const duplicatesHere = staged - dnc - imported;
        const duplicates = rows - invalid - dnc - imported;
        const importId = Number(record.run({ campaignId, fileName, rows, imported, duplicates, invalid, dnc, now }).lastInsertRowid);
        return { importId, imported, duplicates: duplicatesHere, dnc };
      })
      .immediate();
  }

  /** Drops the staging table. */
  drop(): void {
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.name}`);
  }
}

/** Where call lists come in: a fresh stage per import. */
export class LeadImportsRepo {
  constructor(private readonly db: Db) {}

  /** Opens a staging table for one import; the caller drops it when done. */
  stage(): LeadStage {
    return new LeadStage(this.db);
  }
}
