/**
 * The library's changes as the API and the CLI make them: each in one transaction with its audit entry and, for a
 * label that closes numbers, the leads it decides again. Nothing here speaks HTTP or reads files.
 */
import { fingerprintOf } from '../announcements/fingerprint.js';
import type { AnnouncementLabel } from '../announcements/labels.js';
import type { Principal } from '../auth/principal.js';
import type { AnnouncementRow } from '../store/announcements-repo.js';
import type { Store } from '../store/store.js';
import { labelFromPath } from './label-from-path.js';
import { reDecide } from './re-decide.js';
import { parseWav } from './wav.js';

type Who = Principal | { name: string };

export interface LabelResult {
  announcement: AnnouncementRow;
  /** Leads that waited on a retry because of this announcement and are now closed. */
  leadsClosed: number;
}

/** Closes the leads waiting on `id` when its label closes numbers; inside the caller's transaction. */
function closeWaiting(store: Store, id: number, label: AnnouncementLabel | null, now: number): number {
  return store.announcements.closeLeads(reDecide(label, store.announcements.leadsWaitingOn(id)), now);
}

/** Labels (or unlabels, with null) an announcement and decides again the leads waiting on it. */
export function labelAnnouncement(store: Store, who: Who, id: number, label: AnnouncementLabel | null, now: number): LabelResult {
  return store.audit.change(
    who,
    now,
    () => {
      const { before, after } = store.announcements.label(id, label, who.name, now);
      return { before, announcement: after, leadsClosed: closeWaiting(store, id, label, now) };
    },
    (r) => ({
      action: 'announcement.label',
      entity: 'announcement',
      entityId: id,
      summary: `#${id} labelled ${label ?? '(none)'}${r.before.label ? ` (was ${r.before.label})` : ''}${r.leadsClosed ? `; ${r.leadsClosed} waiting leads closed` : ''}`,
      before: { label: r.before.label },
      after: { label, leadsClosed: r.leadsClosed },
    }),
  );
}

/** Merges `from` into `into`; the moved attempts' leads are decided again under `into`'s label. */
export function mergeAnnouncements(store: Store, who: Who, from: number, into: number, now: number): LabelResult {
  return store.audit.change(
    who,
    now,
    () => {
      const announcement = store.announcements.merge(from, into);
      return { announcement, leadsClosed: closeWaiting(store, into, announcement.label, now) };
    },
    (r) => ({ action: 'announcement.merge', entity: 'announcement', entityId: into, summary: `#${from} merged into #${into}${r.leadsClosed ? `; ${r.leadsClosed} waiting leads closed` : ''}`, after: { from, into, leadsClosed: r.leadsClosed } }),
  );
}

/** Deletes an announcement with its hearings (and the ones merged into it). */
export function deleteAnnouncement(store: Store, who: Who, id: number, now: number): AnnouncementRow {
  return store.audit.change(
    who,
    now,
    () => store.announcements.delete(id),
    (row) => ({ action: 'announcement.delete', entity: 'announcement', entityId: id, summary: `#${id} deleted (${row.label ?? 'unlabelled'}, heard ${row.heardCount} times)`, before: row }),
  );
}

export interface WavFile {
  /** The path relative to the import's root (its folder may name the label), or the uploaded name. */
  name: string;
  bytes: Buffer;
}

export interface ImportedItem {
  id: number;
  fileName: string;
  label: AnnouncementLabel | null;
  durationMs: number;
}

/**
 * Imports WAV files all or none: every file is read and checked before anything is stored, and the rows and the
 * audit entry are one transaction. `label`, when given, labels every file; otherwise each file's path gives it.
 */
export function importAnnouncements(store: Store, who: Who, files: readonly WavFile[], now: number, label?: AnnouncementLabel): ImportedItem[] {
  const items = files.map((f) => {
    const audio = parseWav(f.bytes, f.name);
    return { fileName: f.name, label: label ?? labelFromPath(f.name), audio, fingerprint: fingerprintOf(audio) };
  });
  return store.audit.change(
    who,
    now,
    () => {
      const ids = store.announcements.importMany(items, who.name, now);
      return items.map((i, n) => ({ id: ids[n]!, fileName: i.fileName, label: i.label, durationMs: Math.round(i.audio.length / 8) }));
    },
    (out) => ({
      action: 'announcement.import',
      entity: 'announcement',
      entityId: out.map((o) => o.id).join(','),
      summary: `${out.length} recordings imported (${out.filter((o) => o.label !== null).length} labelled)`,
      after: out.map((o) => ({ id: o.id, file: o.fileName, label: o.label })),
    }),
  );
}
