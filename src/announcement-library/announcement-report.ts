/**
 * Outcomes by announcement class per campaign per local day: how many dials a campaign made, and how many of them
 * heard each kind of carrier announcement (unknown = heard, not yet labelled). Pure: the store's quarter-hour
 * buckets and the zone are the input, so a test can place dials either side of a Shanghai midnight.
 */
import { DateTime } from 'luxon';
import type { DialBucket } from '../store/announcement-report-queries.js';

export interface AnnouncementDay {
  campaignId: number;
  /** Local date YYYY-MM-DD. */
  day: string;
  dials: number;
  /** Dials that heard an announcement, by its label ('unknown' when it has none yet). */
  announcements: Record<string, number>;
  /** Share of the day's dials that heard any announcement, 0..1. */
  announcementRate: number;
}

/** One row per campaign and local day with any dial, in campaign then day order. */
export function announcementDays(buckets: readonly DialBucket[], timeZone: string): AnnouncementDay[] {
  const rows = new Map<string, AnnouncementDay & { heard: number }>();
  for (const b of buckets) {
    const day = DateTime.fromMillis(b.at, { zone: timeZone }).toISODate()!;
    const key = `${b.campaignId}\u0000${day}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { campaignId: b.campaignId, day, dials: 0, announcements: {}, announcementRate: 0, heard: 0 }));
    row.dials += b.dials;
    if (b.label !== null) {
      row.heard += b.dials;
      row.announcements[b.label] = (row.announcements[b.label] ?? 0) + b.dials;
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.campaignId - b.campaignId || a.day.localeCompare(b.day))
    .map(({ heard, ...r }) => ({ ...r, announcementRate: r.dials ? Math.round((heard / r.dials) * 10_000) / 10_000 : 0 }));
}
