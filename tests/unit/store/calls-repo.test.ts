import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { migrate, openDb } from '../../../src/store/db.js';
import { migrations } from '../../../src/store/migrations.js';

describe('CallsRepo on a SQLite file', () => {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-db-')), 'h.db'));
  const repo = new CallsRepo(db, systemClock, 1000);

  it('uses WAL and is migrated once', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db)).toBe(migrations.at(-1)!.version);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
  });

  it('queues writes and reads its own writes', () => {
    repo.insert({ channelId: 'c1', direction: 'inbound', startedAt: 100, callerNumber: '13800138000' });
    repo.update('c1', { answeredAt: 200, ivrPath: [{ node: 'welcome', at: 200 }] });
    const row = repo.get('c1');
    expect(row).toMatchObject({ channelId: 'c1', startedAt: 100, answeredAt: 200, endedAt: null, callerNumber: '13800138000' });
    expect(row?.ivrPath).toEqual([{ node: 'welcome', at: 200 }]);
    expect(repo.openCalls().map((r) => r.channelId)).toEqual(['c1']);
    repo.update('c1', { endedAt: 300, outcome: 'answered', causeCode: 16 });
    expect(repo.openCalls()).toEqual([]);
    expect(repo.outcomeCounts()).toEqual([{ direction: 'inbound', outcome: 'answered', n: 1 }]);
  });
});
