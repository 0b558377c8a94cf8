import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/dialer/campaign-commands.js';
import { attemptEvents, CampaignPacing } from '../../../src/dialer/campaign-pacing.js';
import { windowCounts } from '../../../src/dialer/pacing/abandon-window.js';
import { AttemptsRepo, type AttemptRow } from '../../../src/store/attempts-repo.js';
import { openDb } from '../../../src/store/db.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';
import { PacingRepo } from '../../../src/store/pacing-repo.js';
import { storeOf } from '../../../src/store/store.js';

const t0 = Date.parse('2026-11-24T02:00:00Z');
const row = (over: Partial<AttemptRow>): AttemptRow => ({ dialedAt: t0, answeredAt: null, connectedAt: null, amdStatus: null, ...over }) as AttemptRow;

describe('attemptEvents', () => {
  it('turns a settled attempt into what pacing learns', () => {
    const talked = row({ answeredAt: t0 + 8_000, connectedAt: t0 + 8_500, amdStatus: 'HUMAN' });
    expect(attemptEvents(talked, t0 + 128_500, 'human', 10, 15)).toEqual([
      { type: 'dial', result: 'live', seconds: 8, hour: 10 },
      { type: 'amd', verdict: 'human' },
      { type: 'talk', seconds: 120 },
      { type: 'wrap', seconds: 15 },
    ]);
    expect(attemptEvents(row({ answeredAt: t0 + 6_000 }), t0 + 12_000, 'abandoned', 10, 15)).toEqual([
      { type: 'dial', result: 'live', seconds: 6, hour: 10 },
      { type: 'abandon' },
    ]);
    expect(attemptEvents(row({}), t0 + 25_000, 'no-answer', 9, 15)).toEqual([{ type: 'dial', result: 'no-answer', seconds: 25, hour: 9 }]);
    // A disposition is not a network result: nothing to learn about dialing.
    expect(attemptEvents(row({}), t0 + 1_000, 'success', 9, 15)).toEqual([]);
  });
});

describe('CampaignPacing', () => {
  it('keeps statistics across a restart and rebuilds the abandon window from the attempts', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-pacing-')), 'db.sqlite'));
    const c = createCampaign(storeOf(db), 'p', { mode: 'predictive', pacing: { complianceWindow: '24h' } }, t0);
    const leads = new LeadsRepo(db);
    const attempts = new AttemptsRepo(db);
    // Three live answers in the last day, one abandoned; one two days ago that the 24 h window no longer counts.
    const answered = [
      { at: t0 - 48 * 3_600_000, abandoned: true },
      { at: t0 - 3_600_000, abandoned: false },
      { at: t0 - 1_800_000, abandoned: true },
      { at: t0 - 600_000, abandoned: false },
    ];
    answered.forEach((a, i) => {
      const leadId = leads.insert({ campaignId: c.id, phone: `+861390000000${i}`, now: t0 - 49 * 3_600_000 });
      const claimed = attempts.claim(leads.due(c.id, t0, 10).find((l) => l.id === leadId)!, `ch-${i}`, '2026-11-24', a.at - 5_000)!;
      attempts.update(claimed.id, { answeredAt: a.at, endedAt: a.at + 60_000, outcome: a.abandoned ? 'abandoned' : 'human', ...(a.abandoned ? {} : { connectedAt: a.at + 500 }) });
    });
    const settings = { ...c.settings };
    const first = new CampaignPacing(new PacingRepo(db), pino({ level: 'silent' }));
    const before = first.of(c.id, settings, t0);
    expect(windowCounts(before.window, t0)).toMatchObject({ lives: 3, abandons: 1 });
    const livesBefore = before.stats.lives;
    const a = attempts.ofCampaign(c.id).at(-1)!;
    first.settled(c.id, settings, { ...a, answeredAt: t0 + 7_000, connectedAt: t0 + 7_200 }, t0 + 127_200, 'human', 10, 15, t0 + 127_200);
    const learned = first.of(c.id, settings, t0 + 127_200).stats;
    expect(learned.lives).toBe(livesBefore + 1);
    expect(windowCounts(first.of(c.id, settings, t0 + 127_200).window, t0 + 127_200)).toMatchObject({ lives: 4, abandons: 1 });

    // A second attempt within 10 s is learned but stored only by flush (as the engine does at stop).
    first.settled(c.id, settings, { ...a, answeredAt: t0 + 9_000, connectedAt: null }, t0 + 20_000, 'abandoned', 10, 15, t0 + 128_000);
    const latest = first.of(c.id, settings, t0 + 128_000).stats;
    expect(new CampaignPacing(new PacingRepo(db), pino({ level: 'silent' })).of(c.id, settings, t0 + 128_000).stats).toEqual(learned);
    first.flush(t0 + 129_000);
    const second = new CampaignPacing(new PacingRepo(db), pino({ level: 'silent' }));
    expect(second.of(c.id, settings, t0 + 130_000).stats).toEqual(latest);
  });

  it('learns nothing from an attempt whose statistics could not be stored (its end transaction rolls back)', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-pacing-')), 'db.sqlite'));
    const c = createCampaign(storeOf(db), 'p', { mode: 'predictive' }, t0);
    const failing = Object.assign(new PacingRepo(db), {
      saveStats: () => {
        throw new Error('disk full');
      },
    });
    const pacing = new CampaignPacing(failing, pino({ level: 'silent' }));
    const before = structuredClone(pacing.of(c.id, c.settings, t0).stats);
    const answered = row({ answeredAt: t0 + 5_000, connectedAt: t0 + 5_500 });
    expect(() => pacing.settled(c.id, c.settings, answered, t0 + 65_500, 'human', 10, 15, t0 + 65_500)).toThrow('disk full');
    const after = pacing.of(c.id, c.settings, t0 + 65_500);
    expect([after.stats, windowCounts(after.window, t0 + 65_500).lives]).toEqual([before, 0]);
  });
});
