import { basename } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import { HotlineError, isHotlineError } from '../../errors.js';
import type { CampaignsRepo } from '../../store/campaigns-repo.js';
import type { LeadImportsRepo, LeadStage, StagedLead } from '../../store/lead-imports-repo.js';
import { hasPhoneColumn, mapHeader, type HeaderMap } from './header-map.js';
import { normalizePhone } from './normalize-phone.js';
import { NumberSet } from './number-set.js';
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

/** The repositories an import reads and writes. */
export interface ImportStore {
  campaigns: Pick<CampaignsRepo, 'exists' | 'idByName'>;
  leadImports: Pick<LeadImportsRepo, 'stage'>;
}

/** The campaign's id for an id or a name, or CAMPAIGN_NOT_FOUND. */
export function resolveCampaignId(store: ImportStore, ref: number | string): number {
  const asId = typeof ref === 'number' ? ref : /^\d+$/.test(ref.trim()) ? Number(ref.trim()) : undefined;
  const id = (asId !== undefined && store.campaigns.exists(asId) ? asId : undefined) ?? (typeof ref === 'string' ? store.campaigns.idByName(ref) : undefined);
  if (id === undefined) throw new HotlineError('CAMPAIGN_NOT_FOUND', `no campaign with id or name "${ref}"`, { key: 'campaign' });
  return id;
}

/**
 * Imports a call list (CSV or XLSX) into a campaign as new leads, all or nothing.
 * Rows are normalized while streaming into a staging table (lead-imports-repo.ts); within-file duplicates fall out
 * against the numbers seen so far (number-set.ts). One short write transaction then checks the DNC lists and the
 * campaign's leads and copies the rest over, together with the `imports` record. A failure at any point (unreadable row, database error) leaves the
 * database unchanged.
 */
export async function importLeads(store: ImportStore, opts: ImportOptions): Promise<ImportReport> {
  const campaignId = resolveCampaignId(store, opts.campaign);
  const region = opts.region ?? 'CN';
  const batchSize = opts.batchSize ?? defaultBatch;
  const maxListed = opts.maxInvalidListed ?? defaultInvalidListed;
  const source = await openRows(opts.file, { isHeader: hasPhoneColumn });
  let stage: LeadStage | undefined;
  try {
    const map = mapHeader(source.header);
    const staging = (stage = store.leadImports.stage());
    const seen = new NumberSet();
    let batch: StagedLead[] = [];
    let rows = 0;
    let repeated = 0;
    let invalidCount = 0;
    const invalid: InvalidRow[] = [];
    for await (const block of source.blocks) {
      for (const r of block) {
        rows++;
        const lead = toLead(r, map, region);
        if ('reason' in lead) {
          invalidCount++;
          if (invalid.length < maxListed) invalid.push(lead);
          continue;
        }
        // A number's first valid row decides it; later rows with it are duplicates.
        if (!seen.add(lead.phone)) {
          repeated++;
          continue;
        }
        batch.push(lead);
        if (batch.length >= batchSize) {
          staging.add(batch);
          batch = [];
          opts.onProgress?.(rows);
        }
      }
    }
    staging.add(batch);
    opts.onProgress?.(rows);
    const counts = staging.commit(campaignId, basename(opts.file), opts.now, rows, invalidCount);
    return { campaignId, file: basename(opts.file), rows, ...counts, duplicates: counts.duplicates + repeated, invalid, invalidCount };
  } catch (error) {
    if (isHotlineError(error)) throw error;
    throw new HotlineError('STORE_FAILED', `import of ${basename(opts.file)} rolled back: ${(error as Error).message}`, { error });
  } finally {
    await source.close();
    stage?.drop();
  }
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
