import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { writeActivity } from '../reports/random-activity.js';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');

describe('hotline reports rebuild', () => {
  it('recomputes the roll-ups of the configured database and says how many rows they hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-reports-'));
    const config = join(dir, 'config.yaml');
    const dbPath = join(dir, 'hotline.db');
    writeFileSync(config, `ari: { password: x }\nstore: { path: ${dbPath} }\n`);
    const db = openDb(dbPath);
    writeActivity(db, 5, 300);
    db.exec('UPDATE calls SET ended_at = started_at + 60000');
    const before = db.prepare('SELECT * FROM attempt_hours WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all();
    const callsBefore = db.prepare('SELECT * FROM inbound_call_hours WHERE calls <> 0 ORDER BY 1, 2').all();
    expect(callsBefore.length).toBeGreaterThan(10);
    db.exec('DELETE FROM attempt_hours; DELETE FROM inbound_call_hours');
    db.close();
    const r = spawnSync(process.execPath, [bin, '--config', config, 'reports', 'rebuild'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`roll-ups rebuilt in \\d+ ms: ${before.length} attempt-hour rows, \\d+ agent-hour rows, \\d+ lead-hour rows; ${callsBefore.length} call-hour rows, \\d+ call agent-hour rows`));
    const after = openDb(dbPath);
    expect(after.prepare('SELECT * FROM attempt_hours WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all()).toEqual(before);
    expect(after.prepare('SELECT * FROM inbound_call_hours ORDER BY 1, 2').all()).toEqual(callsBefore);
    after.close();
  }, 60_000);
});
