/** The dial policy reads a number's calls at every dial: the queries must use the (phone, queued_at) index, not scan attempts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';

describe('dial policy queries', () => {
  it.each([
    // The index this migration adds.
    ['calls placed to a number since', 'SELECT queued_at FROM attempts WHERE phone = ? AND queued_at > 0 ORDER BY queued_at', /USING (COVERING )?INDEX attempts_phone/],
    // Either that index or the partial one over open attempts (no more rows than lines in flight) will do.
    ['calls to a number still open', 'SELECT COUNT(*) FROM attempts WHERE phone = ? AND ended_at IS NULL', /USING (COVERING )?INDEX (attempts_phone|attempts_open)/],
  ])('%s: searched by an index, not a scan of attempts', (_what, sql, index) => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-plan-')), 'db.sqlite'));
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('+8613800138000') as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    expect(plan).toMatch(index);
    db.close();
  });
});
