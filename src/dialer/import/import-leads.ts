import { basename } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import { HotlineError, isHotlineError } from '../../errors.js';
import type { Db } from '../../store/db.js';
import { hasPhoneColumn, mapHeader, type HeaderMap } from './header-map.js';
import { normalizePhone } from './normalize-phone.js';
import { openRows, type Row } from './read-rows.js';

export interface ImportOptions {
  /** Campaign id, or its name (digits are tried as an id first, as everywhere else). */
  campaign: number | string;
  file: string;
  /** Epoch ms stamped on the leads and the import record. */
  now: number;
  /** Numbers without a country code are read as this country's. */
  region?: CountryCode;
  /** Valid rows written to the staging table per transaction. */
  batchSize?: number;
  /** How many invalid rows the report lists; all of them are counted in invalidCount. */
  maxInvalidListed?: number;
  /** Called after each batch with the data rows read so far (a progress line for big files). */
  onProgress?: (rows: number) => void;
}

export interface InvalidRow {
  /** Row number as a spreadsheet shows it. */
  row: number;
  /** The phone cell as written (cut at 64 characters). */
  value: string;
  reason: string;
}

/**
 * What an import did. Every data row (blank rows are not counted) is in exactly one bucket:
 * rows = imported + duplicates + dnc + invalidCount. A number's first valid row in the file decides it; later rows
 * with the same number are duplicates, as is a first row whose number the campaign already has.
 */
export interface ImportReport {
  importId: number;
  campaignId: number;
  file: string;
  rows: number;
  imported: number;
  duplicates: number;
  /** Rows held back because the number is on the global or the campaign's do-not-call list. */
  dnc: number;
  /** The first maxInvalidListed (default 1000) invalid rows, in file order. */
  invalid: InvalidRow[];
  invalidCount: number;
}

const defaultBatch = 5000;
const defaultInvalidListed = 1000;
let stagingSeq = 0;

/** The campaign's id for an id or a name, or CAMPAIGN_NOT_FOUND. */
export function resolveCampaignId(db: Db, ref: number | string): number {
  const byId = db.prepare('SELECT id FROM campaigns WHERE id = ?').pluck();
  const byName = db.prepare('SELECT id FROM campaigns WHERE name = ?').pluck();
  const asId = typeof ref === 'number' ? ref : /^\d+$/.test(ref.trim()) ? Number(ref.trim()) : undefined;
  const id = ((asId === undefined ? undefined : byId.get(asId)) ?? (typeof ref === 'string' ? byName.get(ref) : undefined)) as number | undefined;
  if (id === undefined) throw new HotlineError('CAMPAIGN_NOT_FOUND', `no campaign with id or name "${ref}"`, { key: 'campaign' });
  return id;
}

/**
 * Imports a call list (CSV or XLSX) into a campaign as new leads, all or nothing.
 * Rows are normalized while streaming into a connection-local TEMP table (file-backed, so memory stays flat and the
 * main database is not locked while a big file is parsed); within-file duplicates fall out on its unique index.
 * One short write transaction then checks the DNC lists and the campaign's leads and copies the rest over, together
 * with the `imports` record. A failure at any point (unreadable row, database error) leaves the database unchanged.
 */
export async function importLeads(db: Db, opts: ImportOptions): Promise<ImportReport> {
  const campaignId = resolveCampaignId(db, opts.campaign);
  const region = opts.region ?? 'CN';
  const batchSize = opts.batchSize ?? defaultBatch;
  const maxListed = opts.maxInvalidListed ?? defaultInvalidListed;
  const source = await openRows(opts.file, { isHeader: hasPhoneColumn });
  const stage = `import_stage_${process.pid}_${++stagingSeq}`;
  let staged = false;
  try {
    const map = mapHeader(source.header);
    db.exec(`CREATE TEMP TABLE ${stage} (row INTEGER PRIMARY KEY, phone TEXT NOT NULL UNIQUE, alt_phone TEXT, name TEXT, fields TEXT NOT NULL)`);
    staged = true;
    const insert = db.prepare(`INSERT OR IGNORE INTO temp.${stage} (row, phone, alt_phone, name, fields) VALUES (?, ?, ?, ?, ?)`);
    let batch: StagedLead[] = [];
    let rows = 0;
    let repeated = 0;
    let invalidCount = 0;
    const invalid: InvalidRow[] = [];
    // A transaction per batch: one fsync-free commit on the temp file instead of one per row.
    const flush = db.transaction((leads: StagedLead[]) => {
      for (const l of leads) if (insert.run(l.row, l.phone, l.altPhone, l.name, l.fields).changes === 0) repeated++;
    });
    for await (const r of source.rows) {
      rows++;
      const lead = toLead(r, map, region);
      if ('reason' in lead) {
        invalidCount++;
        if (invalid.length < maxListed) invalid.push(lead);
        continue;
      }
      batch.push(lead);
      if (batch.length >= batchSize) {
        flush(batch);
        batch = [];
        opts.onProgress?.(rows);
      }
    }
    flush(batch);
    opts.onProgress?.(rows);
    const counts = commit(db, stage, campaignId, basename(opts.file), opts.now, rows, invalidCount);
    return { campaignId, file: basename(opts.file), rows, ...counts, duplicates: counts.duplicates + repeated, invalid, invalidCount };
  } catch (error) {
    if (isHotlineError(error)) throw error;
    throw new HotlineError('STORE_FAILED', `import of ${basename(opts.file)} rolled back: ${(error as Error).message}`, { error });
  } finally {
    await source.close();
    if (staged) db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
  }
}

interface StagedLead {
  row: number;
  phone: string;
  altPhone: string | null;
  name: string | null;
  fields: string;
}

/** One row as a lead to stage, or why it is invalid. */
function toLead(r: Row, map: HeaderMap, region: CountryCode): StagedLead | InvalidRow {
  const raw = r.cells[map.phone] ?? '';
  const phone = normalizePhone(raw, region);
  if (!phone.ok) return { row: r.row, value: raw.length > 64 ? `${raw.slice(0, 63)}…` : raw, reason: phone.reason };
  // A bad alternate number costs the row nothing: it is dropped and the lead keeps its main number.
  let altPhone: string | null = null;
  if (map.altPhone !== undefined) {
    const alt = normalizePhone(r.cells[map.altPhone] ?? '', region);
    if (alt.ok && alt.e164 !== phone.e164) altPhone = alt.e164;
  }
  const name = map.name === undefined ? '' : (r.cells[map.name] ?? '').trim();
  const fields: Record<string, string> = {};
  for (const c of map.custom) {
    const v = (r.cells[c.index] ?? '').trim();
    if (v !== '') fields[c.key] = v;
  }
  return { row: r.row, phone: phone.e164, altPhone, name: name === '' ? null : name, fields: JSON.stringify(fields) };
}

/** The one write transaction: DNC and existing-lead checks, the copy into leads and the imports record. */
function commit(
  db: Db,
  stage: string,
  campaignId: number,
  fileName: string,
  now: number,
  rows: number,
  invalid: number,
): { importId: number; imported: number; duplicates: number; dnc: number } {
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
