import { describe, expect, it } from 'vitest';
import { searchAttempts } from '../../../src/store/attempt-search.js';
import { searchCalls } from '../../../src/store/call-search.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { openDb } from '../../../src/store/db.js';
import { FakeClock } from '../support/shell-stubs.js';

/** A store with one campaign, one lead and its attempt on channel `out-1`, the leg's call row not written yet. */
function store() {
  const db = openDb(':memory:');
  db.prepare(`INSERT INTO campaigns (id, name, settings, created_at, updated_at) VALUES (1, 'c', '{}', 0, 0)`).run();
  db.prepare(`INSERT INTO leads (id, campaign_id, phone, created_at, updated_at) VALUES (1, 1, '+8613900000001', 0, 0)`).run();
  db.prepare(`INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, channel_id, queued_at) VALUES (1, 1, '+8613900000001', 1, 'new', 'out-1', 0)`).run();
  const repo = new CallsRepo(db, new FakeClock(1000), 1000);
  return { db, repo };
}

describe('each call record and attempt names its node', () => {
  it('keeps the node on the call row, and the search filters by it', () => {
    const { db, repo } = store();
    repo.insert({ channelId: 'in-1', direction: 'inbound', startedAt: 1, node: 'n1' });
    repo.insert({ channelId: 'in-2', direction: 'inbound', startedAt: 2, node: 'n2' });
    repo.insert({ channelId: 'in-3', direction: 'inbound', startedAt: 3 });
    expect(repo.get('in-1')?.node).toBe('n1');
    expect(repo.get('in-3')?.node).toBeNull();
    repo.flush();
    expect(searchCalls(db, { node: 'n2', limit: 10 }).map((c) => [c.channelId, c.node])).toEqual([['in-2', 'n2']]);
  });

  it("gives an attempt its leg's node once the call row learns it (the node is chosen at originate, after the row)", () => {
    const { db, repo } = store();
    repo.insert({ channelId: 'out-1', direction: 'outbound', startedAt: 1 });
    repo.flush();
    expect(searchAttempts(db, { limit: 10 })[0]?.node).toBeNull();
    repo.update('out-1', { node: 'n2' });
    repo.flush();
    expect(searchAttempts(db, { limit: 10 }).map((a) => [a.channelId, a.node])).toEqual([['out-1', 'n2']]);
  });

  it('gives an attempt the node when its call row is written with it', () => {
    const { db, repo } = store();
    repo.insert({ channelId: 'out-1', direction: 'outbound', startedAt: 1, node: 'n1' });
    repo.flush();
    expect(searchAttempts(db, { limit: 10 })[0]?.node).toBe('n1');
  });
});
