/**
 * Seeded random attempts and inbound calls over about six weeks, written straight into a database: the input of the
 * tests that compare two ways of computing the same report (the report thread, the roll-ups).
 */
import type { Db } from '../../../src/store/db.js';
import { mulberry32 } from '../../../src/sim/prng.js';

export const START = Date.parse('2026-03-01T00:00:00+08:00');
const H = 3_600_000;

/** mulberry32 (src/sim/prng.ts): a small seeded generator, so a failure can be replayed from its seed. */
export const seeded = mulberry32;

/** `n` report ranges around START drawn from `rnd`: every other one on whole hours (local midnights are), half anywhere; some shorter than an hour. */
export function randomRanges(rnd: () => number, n = 40): Array<[from: number, to: number]> {
  const D = 24 * H;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const aligned = i % 2 === 0;
    const a = START - 5 * D + Math.floor(rnd() * 50 * D);
    const len = Math.floor(rnd() * (rnd() < 0.3 ? 3 * H : 20 * D));
    const from = aligned ? Math.floor(a / H) * H : a;
    ranges.push([from, aligned ? from + Math.ceil(len / H) * H : from + len]);
  }
  return ranges;
}

const outcomes = ['busy', 'no-answer', 'human', 'machine', 'unallocated', 'abandoned', null];
const dispositions = ['success', 'not-interested', 'wrong-party', 'callback-later', null];
const agents = ['1001', '1002', '1003', null];

export interface Activity {
  attemptIds: number[];
}

/** Writes `n` attempts over three campaigns and `n / 5` inbound calls; attempts may repeat a lead. */
export function writeActivity(db: Db, seed: number, n: number): Activity {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // Times on any minute of ~6 weeks, some exactly on the hour (the edges of the roll-up's buckets).
  const time = () => START - 3 * 24 * H + Math.floor(rnd() * 45 * 24) * H + (rnd() < 0.2 ? 0 : Math.floor(rnd() * H));
  const campaign = db.prepare("INSERT INTO campaigns (name, state, settings, created_at, updated_at) VALUES (?, 'draft', '{}', 0, 0)");
  const lead = db.prepare("INSERT INTO leads (campaign_id, phone, state, created_at, updated_at) VALUES (?, ?, 'new', 0, 0)");
  const attempt = db.prepare(
    `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, agent_id, disposition)
     VALUES (?, ?, 'x', ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const call = db.prepare(
    `INSERT INTO calls (channel_id, direction, caller_number, started_at, ended_in, queue_group, queue_wait_ms, agent_id, talk_ms, hold_ms, acw_ms, non_regular, ivr_path, updated_at)
     VALUES (?, 'inbound', '13800138000', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const attemptIds: number[] = [];
  db.transaction(() => {
    const campaigns = [1, 2, 3].map((i) => Number(campaign.run(`c${seed}-${i}`).lastInsertRowid));
    const leads = Array.from({ length: Math.max(1, Math.floor(n / 3)) }, (_, i) => {
      const c = pick(campaigns);
      return { c, id: Number(lead.run(c, `+86138${String(i).padStart(8, '0')}`).lastInsertRowid), tries: 0 };
    });
    for (let i = 0; i < n; i++) {
      const l = pick(leads);
      const at = time();
      const outcome = pick(outcomes);
      const answered = outcome === 'human' || outcome === 'machine' || outcome === 'abandoned' || (outcome === null && rnd() < 0.3);
      const connected = outcome === 'human' && rnd() < 0.9;
      const agent = connected ? pick(agents) : null;
      const id = attempt.run(l.c, l.id, ++l.tries, at, rnd() < 0.05 ? null : at, answered ? at + 5000 : null, connected ? at + 6000 : null, outcome === null ? null : at + 60_000, outcome, agent, connected ? pick(dispositions) : null);
      attemptIds.push(Number(id.lastInsertRowid));
    }
    for (let i = 0; i < n / 5; i++) {
      const ended = pick(['agent', 'queue-abandon', 'caller-hangup', 'ivr-end', null]);
      const byAgent = ended === 'agent';
      const key = String(1 + Math.floor(rnd() * 3));
      const path = rnd() < 0.3 ? [] : [{ node: 'main', at: 0 }, { node: 'main', key, note: 'chosen', at: 1 }, { node: `q${key}`, at: 2 }];
      call.run(
        `in-${seed}-${i}`,
        time(),
        ended,
        byAgent || ended === 'queue-abandon' ? 'general' : null,
        byAgent || ended === 'queue-abandon' ? Math.floor(rnd() * 30_000) : null,
        byAgent ? pick(['1001', '1002']) : null,
        byAgent && rnd() < 0.9 ? Math.floor(rnd() * 300_000) : null,
        byAgent ? Math.floor(rnd() * 20_000) : null,
        byAgent ? Math.floor(rnd() * 30_000) : null,
        rnd() < 0.05 ? 'blacklist' : null,
        JSON.stringify(path),
      );
    }
  })();
  return { attemptIds };
}
