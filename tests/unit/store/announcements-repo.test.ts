import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/announcements/fingerprint.js';
import { deleteAnnouncement, importAnnouncements, labelAnnouncement, mergeAnnouncements } from '../../../src/announcement-library/library-commands.js';
import { HotlineError } from '../../../src/errors.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { storeOf, type Store } from '../../../src/store/store.js';
import { voice, wav } from '../announcement-library/audio-fixtures.js';
import { useTempStore } from '../support/temp-store.js';

const t0 = Date.parse('2026-11-24T02:00:00Z');
const who = { name: 'li-supervisor' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof HotlineError) return err.code;
    throw err;
  }
  return 'none';
}

describe('the announcement library in SQLite', () => {
  let dir: string;
  let db: Db;
  let s: Store;
  useTempStore('hotline-ann-', (t) => ({ dir, db, s } = t));

  const heard = (seed: number, knownId: number | null, number: string, at: number, extra: { attemptId?: number; campaignId?: number } = {}) => {
    const audio = voice(seed);
    return s.announcements.recordHeard({ fingerprint: fingerprintOf(audio), audio, knownId, score: knownId === null ? null : 0.9, channelId: `ch-${at}`, number, campaignId: extra.campaignId ?? null, attemptId: extra.attemptId ?? null, at });
  };

  /** A campaign lead dialed once, its attempt ended and the lead left waiting on a retry. */
  const waitingLead = (phone: string, campaignId: number) => {
    const leadId = s.leads.insert({ campaignId, phone, now: t0 });
    const lead = s.leads.due(campaignId, t0, 100).find((l) => l.id === leadId)!;
    const attempt = s.attempts.claim(lead, `dial-${phone}`, '2026-11-24', t0)!;
    s.attempts.update(attempt.id, { endedAt: t0 + 5000 });
    s.leads.update(leadId, { state: 'retry-wait', dueAt: t0 + 3_600_000 }, t0 + 5000);
    return { leadId, attemptId: attempt.id };
  };

  it('keeps an announcement never heard before, then counts the next hearings of it', () => {
    const first = heard(1, null, '+8613800000001', t0);
    expect(first).toEqual({ id: expect.any(Number), label: null });
    expect(s.announcements.known().map((k) => k.id)).toEqual([first.id]);
    expect(heard(1, first.id, '+8613800000002', t0 + 1000)).toEqual({ id: first.id, label: null });
    heard(1, first.id, '+8613800000001', t0 + 2000);
    const { items, total } = s.announcements.list({ filter: 'unknown', offset: 0, limit: 10 });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ id: first.id, heardCount: 3, source: 'heard', firstHeardAt: t0, lastHeardAt: t0 + 2000, durationMs: 2000, numbers: ['+8613800000001', '+8613800000002'], numberCount: 2 });
    expect(s.announcements.audio(first.id)).toEqual(voice(1));
    expect(s.announcements.list({ filter: 'labelled', offset: 0, limit: 10 }).total).toBe(0);
  });

  it('labels with who and when, audited, and the matcher sees the new label at once', () => {
    const a = heard(1, null, '+8613800000001', t0);
    expect(s.announcements.known()[0]!.label).toBeNull();
    const r = labelAnnouncement(s, who, a.id, 'powered-off', t0 + 10);
    expect(r.announcement).toMatchObject({ label: 'powered-off', labelledAt: t0 + 10, labelledBy: 'li-supervisor' });
    expect(s.announcements.known()[0]!.label).toBe('powered-off');
    expect(heard(1, a.id, '+8613800000009', t0 + 20)).toEqual({ id: a.id, label: 'powered-off' });
    expect(s.audit.list({ entity: 'announcement', limit: 5 })[0]).toMatchObject({ actor: 'li-supervisor', action: 'announcement.label', entityId: String(a.id), after: { label: 'powered-off' } });
    expect(s.announcements.list({ filter: 'unknown', offset: 0, limit: 10 }).total).toBe(0);
  });

  it('closes the leads waiting on a retry because of an announcement labelled vacant, and only those', () => {
    const c = s.campaigns.create('回访', {}, t0).id;
    const waiting = waitingLead('+8613800000001', c);
    const dialing = waitingLead('+8613800000002', c);
    const other = waitingLead('+8613800000003', c);
    const a = heard(1, null, '+8613800000001', t0 + 1000, { attemptId: waiting.attemptId, campaignId: c });
    heard(1, a.id, '+8613800000002', t0 + 1000, { attemptId: dialing.attemptId, campaignId: c });
    heard(2, null, '+8613800000003', t0 + 1000, { attemptId: other.attemptId, campaignId: c });
    // The second lead is being dialed again right now: its new attempt decides it, not the label.
    s.leads.update(dialing.leadId, { state: 'dialing', dueAt: null }, t0 + 2000);
    expect(s.attempts.get(waiting.attemptId)).toBeDefined();
    const r = labelAnnouncement(s, who, a.id, 'vacant', t0 + 3000);
    expect(r.leadsClosed).toBe(1);
    expect(s.leads.get(waiting.leadId)).toMatchObject({ state: 'invalid-number', lastOutcome: 'vacant' });
    expect(s.leads.get(dialing.leadId)!.state).toBe('dialing');
    expect(s.leads.get(other.leadId)!.state).toBe('retry-wait');
    // busy leaves waiting leads to their retry
    const b = s.announcements.list({ filter: 'unknown', offset: 0, limit: 10 }).items[0]!.id;
    expect(labelAnnouncement(s, who, b, 'busy', t0 + 4000).leadsClosed).toBe(0);
    expect(s.leads.get(other.leadId)!.state).toBe('retry-wait');
  });

  it('merges two: hearings, attempts and counts move, the merged one stays as merged_into and leaves the matcher', () => {
    const c = s.campaigns.create('x', {}, t0).id;
    const lead = waitingLead('+8613800000005', c);
    const a = heard(1, null, '+8613800000001', t0);
    const b = heard(2, null, '+8613800000005', t0 + 500, { attemptId: lead.attemptId, campaignId: c });
    heard(2, b.id, '+8613800000006', t0 + 900);
    labelAnnouncement(s, who, a.id, 'suspended', t0 + 1000);
    const merged = mergeAnnouncements(s, who, b.id, a.id, t0 + 2000);
    expect(merged.announcement).toMatchObject({ id: a.id, heardCount: 3, label: 'suspended', firstHeardAt: t0, lastHeardAt: t0 + 900 });
    expect(merged.leadsClosed).toBe(1);
    expect(s.leads.get(lead.leadId)!.state).toBe('invalid-number');
    expect(s.announcements.get(b.id)).toMatchObject({ mergedInto: a.id });
    expect(s.announcements.known().map((k) => k.id)).toEqual([a.id]);
    expect(s.announcements.numbers(a.id).numberCount).toBe(3);
    // A hearing the matcher still reports under the merged id lands on the one it was merged into.
    expect(heard(2, b.id, '+8613800000007', t0 + 3000)).toEqual({ id: a.id, label: 'suspended' });
    expect(codeOf(() => mergeAnnouncements(s, who, b.id, a.id, t0))).toBe('CONFLICT');
    expect(codeOf(() => mergeAnnouncements(s, who, a.id, a.id, t0))).toBe('BAD_REQUEST');
    expect(codeOf(() => labelAnnouncement(s, who, b.id, 'vacant', t0))).toBe('CONFLICT');
  });

  it('deletes one with its hearings and the ones merged into it; attempts keep no link', () => {
    const c = s.campaigns.create('x', {}, t0).id;
    const lead = waitingLead('+8613800000005', c);
    const a = heard(1, null, '+8613800000001', t0, { attemptId: lead.attemptId });
    const b = heard(2, null, '+8613800000002', t0);
    const keep = heard(3, null, '+8613800000003', t0);
    mergeAnnouncements(s, who, b.id, a.id, t0);
    deleteAnnouncement(s, who, a.id, t0 + 1);
    expect(codeOf(() => s.announcements.get(a.id))).toBe('NOT_FOUND');
    expect(codeOf(() => s.announcements.get(b.id))).toBe('NOT_FOUND');
    expect(s.announcements.known().map((k) => k.id)).toEqual([keep.id]);
    expect(db.prepare('SELECT COUNT(*) FROM announcement_hearings').pluck().get()).toBe(1);
    expect(db.prepare('SELECT announcement_id FROM attempts WHERE id = ?').pluck().get(lead.attemptId)).toBeNull();
    expect(s.audit.list({ entity: 'announcement', limit: 1 })[0]).toMatchObject({ action: 'announcement.delete' });
  });

  it('imports labelled files all or none', () => {
    const ok = { name: 'vacant/cm-01.wav', bytes: wav(voice(5)) };
    expect(codeOf(() => importAnnouncements(s, who, [ok, { name: 'broken.wav', bytes: Buffer.from('not audio at all') }], t0))).toBe('ANNOUNCEMENT_NOT_WAV');
    expect(s.announcements.list({ filter: 'all', offset: 0, limit: 10 }).total).toBe(0);
    expect(s.audit.list({ entity: 'announcement', limit: 5 })).toEqual([]);
    const out = importAnnouncements(s, who, [ok, { name: '停机-电信.wav', bytes: wav(voice(6), { format: 'alaw' }) }, { name: 'mystery.wav', bytes: wav(voice(7), { format: 'ulaw' }) }], t0);
    expect(out.map((o) => [o.fileName, o.label, o.durationMs])).toEqual([
      ['vacant/cm-01.wav', 'vacant', 2000],
      ['停机-电信.wav', 'suspended', 2000],
      ['mystery.wav', null, 2000],
    ]);
    expect(s.announcements.get(out[0]!.id)).toMatchObject({ source: 'imported', heardCount: 0, labelledBy: 'li-supervisor', fileName: 'vacant/cm-01.wav' });
    expect(s.announcements.known().map((k) => k.label)).toEqual(['vacant', 'suspended', null]);
  });

  it('sees an import another connection (the CLI) committed', () => {
    expect(s.announcements.known()).toEqual([]);
    const other = openDb(join(dir, 'h.db'));
    importAnnouncements(storeOf(other), who, [{ name: 'vacant.wav', bytes: wav(voice(5)) }], t0);
    other.close();
    expect(s.announcements.known().map((k) => k.label)).toEqual(['vacant']);
  });
});
