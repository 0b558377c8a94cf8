import { describe, expect, it } from 'vitest';
import { acdGroupSchema, type AcdGroup } from '../../../src/acd/acd-config.js';
import { enqueue, moveToGroup, queuePosition, type QueueEntry } from '../../../src/acd/queue-entry.js';
import { noteQueueActions, queueDecision, type QueueAction, type QueueStats } from '../../../src/acd/queue-policy.js';

const stats: QueueStats = { position: 2, staffedAgents: 2, recentHandleMs: [180_000] };

function group(over: Record<string, unknown> = {}): AcdGroup {
  return acdGroupSchema.parse({ id: 'general', skill: 'general', maxWaitS: 120, callbackOfferAfterS: 60, comfortEveryS: 30, ...over });
}

/** What the caller gets, at which second, when the runner follows every `wait.until`. */
function timeline(g: AcdGroup, entry: QueueEntry = enqueue('c1', g, 0)): Array<[number, string[]]> {
  const heard: Array<[number, string[]]> = [];
  let e = entry;
  let now = e.groupSince;
  for (let guard = 0; guard < 100; guard++) {
    const actions = queueDecision(e, g, stats, now);
    const kinds = actions.filter((a) => a.kind !== 'wait').map((a) => a.kind);
    if (kinds.length > 0) heard.push([(now - e.groupSince) / 1000, kinds]);
    const wait = actions.find((a): a is Extract<QueueAction, { kind: 'wait' }> => a.kind === 'wait');
    if (!wait) return heard;
    e = noteQueueActions(e, actions, now);
    expect(wait.until).toBeGreaterThan(now);
    now = wait.until!;
  }
  throw new Error('the policy never ended');
}

describe('queueDecision over a whole wait', () => {
  it.each<[string, Record<string, unknown>, Array<[number, string[]]>]>([
    [
      'music, comfort every 30 s, callback offer at 60 s, callback at max wait',
      {},
      [
        [0, ['music', 'announce']],
        [30, ['announce']],
        [60, ['announce', 'offer-callback']],
        [90, ['announce']],
        [120, ['to-callback']],
      ],
    ],
    [
      'overflow to another group at max wait',
      { overflow: { group: 'backup' } },
      [
        [0, ['music', 'announce']],
        [30, ['announce']],
        [60, ['announce', 'offer-callback']],
        [90, ['announce']],
        [120, ['overflow']],
      ],
    ],
    [
      'no comfort prompts',
      { comfortEveryS: 0 },
      [
        [0, ['music']],
        [60, ['offer-callback']],
        [120, ['to-callback']],
      ],
    ],
    [
      'no callback offer',
      { callbackOfferAfterS: undefined, comfortEveryS: 50 },
      [
        [0, ['music', 'announce']],
        [50, ['announce']],
        [100, ['announce']],
        [120, ['to-callback']],
      ],
    ],
    [
      'offer not on a comfort beat',
      { callbackOfferAfterS: 45, comfortEveryS: 40 },
      [
        [0, ['music', 'announce']],
        [40, ['announce']],
        [45, ['offer-callback']],
        [80, ['announce']],
        [120, ['to-callback']],
      ],
    ],
  ])('%s', (_name, over, expected) => {
    expect(timeline(group(over))).toEqual(expected);
  });

  it('names the overflow group', () => {
    const e = noteQueueActions(enqueue('c1', group(), 0), [{ kind: 'music', mohClass: 'default' }], 0);
    expect(queueDecision(e, group({ overflow: { group: 'backup' } }), stats, 120_000)).toEqual([{ kind: 'overflow', group: 'backup' }]);
  });
});

describe('queueDecision details', () => {
  it('announces the position and the estimated wait', () => {
    const actions = queueDecision(enqueue('c1', group(), 0), group({ musicOnHold: 'calm' }), stats, 0);
    expect(actions).toEqual([
      { kind: 'music', mohClass: 'calm' },
      { kind: 'announce', position: 2, wait: { kind: 'minutes', minutes: 3 } }, // 2 × 180 s / 2
      { kind: 'wait', until: 30_000 },
    ]);
  });

  it('says "unknown" with no agent staffed', () => {
    const actions = queueDecision(enqueue('c1', group(), 0), group(), { position: 1, staffedAgents: 0, recentHandleMs: [180_000] }, 0);
    expect(actions).toContainEqual({ kind: 'announce', position: 1, wait: { kind: 'unknown' } });
  });

  it('waits for the ring while an agent is being rung, even past max wait', () => {
    const e: QueueEntry = { ...enqueue('c1', group(), 0), ringing: '1001' };
    expect(queueDecision(e, group(), stats, 500_000)).toEqual([{ kind: 'wait' }]);
  });

  it('a late decision plays a missed prompt once and counts the next from now', () => {
    let e = noteQueueActions(enqueue('c1', group(), 0), queueDecision(enqueue('c1', group(), 0), group({ callbackOfferAfterS: undefined }), stats, 0), 0);
    const late = queueDecision(e, group({ callbackOfferAfterS: undefined }), stats, 75_000);
    expect(late).toEqual([
      { kind: 'announce', position: 2, wait: { kind: 'minutes', minutes: 3 } },
      { kind: 'wait', until: 105_000 },
    ]);
    e = noteQueueActions(e, late, 75_000);
    expect(e.announcedAt).toBe(75_000);
  });

  it('offers the callback once only', () => {
    const g = group({ comfortEveryS: 0 });
    let e = noteQueueActions(enqueue('c1', g, 0), [{ kind: 'music', mohClass: 'default' }], 0);
    e = noteQueueActions(e, queueDecision(e, g, stats, 60_000), 60_000);
    expect(queueDecision(e, g, stats, 61_000)).toEqual([{ kind: 'wait', until: 120_000 }]);
  });

  it('restarts the timers in the overflow group but keeps the wait and the music', () => {
    const g = group();
    const backup = group({ id: 'backup', priority: 5, maxWaitS: 60, callbackOfferAfterS: undefined });
    let e = enqueue('c1', g, 0);
    e = noteQueueActions(e, queueDecision(e, g, stats, 0), 0);
    const moved = moveToGroup(e, backup, 120_000);
    expect(moved).toMatchObject({ groupId: 'backup', queuedAt: 0, groupSince: 120_000, priority: 5, musicOn: true });
    expect(timeline(backup, moved)).toEqual([
      [0, ['announce']],
      [30, ['announce']],
      [60, ['to-callback']],
    ]);
  });
});

describe('queuePosition', () => {
  it('counts the entries of the same group served before this one', () => {
    const g = { id: 'general', priority: 0 };
    const entries = [
      enqueue('a', g, 100),
      enqueue('b', g, 200),
      enqueue('vip', g, 300, 10),
      enqueue('other-group', { id: 'repair', priority: 0 }, 0),
      { ...enqueue('ringing', g, 50), ringing: '1001' },
    ];
    expect(entries.map((e) => queuePosition(e, entries))).toEqual([3, 4, 1, 1, 2]);
  });
});
