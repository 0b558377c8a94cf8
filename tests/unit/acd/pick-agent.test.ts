import { describe, expect, it } from 'vitest';
import { newAgent, settle, type Agent, type AgentState } from '../../../src/acd/agent-state.js';
import { nextAssignment, type Queue } from '../../../src/acd/next-assignment.js';
import { level, pickAgent } from '../../../src/acd/pick-agent.js';
import { compareEntries, enqueue, type QueueEntry } from '../../../src/acd/queue-entry.js';

interface Spec {
  id: string;
  state?: AgentState;
  idleSince?: number;
  skills?: Record<string, number>;
  acwUntil?: number;
}

function agent(s: Spec): Agent {
  const base = newAgent({ id: s.id, name: s.id, skills: s.skills ?? { general: 1 } }, 0);
  const state = s.state ?? 'ready';
  return {
    ...base,
    state,
    since: s.idleSince ?? 0,
    ...(state === 'ready' ? { idleSince: s.idleSince ?? 0 } : {}),
    ...(state === 'after-call-work' ? { acwUntil: s.acwUntil ?? 0, callId: 'x' } : {}),
  };
}

const general = { id: 'general', skill: 'general', priority: 0 };
const vip = { id: 'vip', skill: 'vip', priority: 10 };

describe('pickAgent', () => {
  it.each<[string, Spec[], string | undefined, string[]?]>([
    ['the longest idle wins', [{ id: '1001', idleSince: 300 }, { id: '1002', idleSince: 100 }, { id: '1003', idleSince: 200 }], '1002'],
    [
      'equal idle: the higher skill level',
      [
        { id: '1001', idleSince: 100, skills: { general: 2 } },
        { id: '1002', idleSince: 100, skills: { general: 5 } },
      ],
      '1002',
    ],
    ['equal idle and level: the lower id', [{ id: '1002', idleSince: 100 }, { id: '1001', idleSince: 100 }], '1001'],
    [
      'only ready agents',
      [
        { id: '1001', state: 'paused' },
        { id: '1002', state: 'ringing' },
        { id: '1003', state: 'on-call' },
        { id: '1004', state: 'logged-out' },
        { id: '1005', idleSince: 900 },
      ],
      '1005',
    ],
    ['only agents with the skill', [{ id: '1001', skills: { vip: 3 } }, { id: '1002', idleSince: 50, skills: { general: 1, vip: 1 } }], '1002'],
    ['nobody ready', [{ id: '1001', state: 'paused' }], undefined],
    ['excluded agents are skipped', [{ id: '1001', idleSince: 10 }, { id: '1002', idleSince: 20 }], '1002', ['1001']],
    ['nobody left after exclusion', [{ id: '1001' }], undefined, ['1001']],
    [
      'after-call work that has run out counts as ready since it ended',
      [
        { id: '1001', state: 'after-call-work', acwUntil: 400 },
        { id: '1002', idleSince: 500 },
      ],
      '1001',
    ],
    ['after-call work still running does not', [{ id: '1001', state: 'after-call-work', acwUntil: 2000 }], undefined],
  ])('%s', (_name, specs, expected, exclude) => {
    expect(pickAgent(general, specs.map(agent), 1000, exclude)?.id).toBe(expected);
  });

  it('does not depend on the order agents are listed in', () => {
    const agents = [
      agent({ id: '1003', idleSince: 100, skills: { general: 2 } }),
      agent({ id: '1001', idleSince: 100, skills: { general: 2 } }),
      agent({ id: '1002', idleSince: 100, skills: { general: 1 } }),
    ];
    expect(pickAgent(general, agents, 1000)?.id).toBe('1001');
    expect(pickAgent(general, [...agents].reverse(), 1000)?.id).toBe('1001');
  });

  it('returns the agent settled at now, ready to take the offer', () => {
    const picked = pickAgent(general, [agent({ id: '1001', state: 'after-call-work', acwUntil: 400 })], 1000);
    expect(picked).toMatchObject({ state: 'ready', idleSince: 400 });
  });
});

function entry(callId: string, group: { id: string; priority: number }, queuedAt: number, extra: Partial<QueueEntry> = {}): QueueEntry {
  return { ...enqueue(callId, group, queuedAt), ...extra };
}

describe('nextAssignment', () => {
  it('serves the highest priority first, across groups', () => {
    const agents = [agent({ id: '1001', skills: { general: 1, vip: 1 } })];
    const queues: Queue[] = [
      { group: general, entries: [entry('ordinary', general, 0)] },
      { group: vip, entries: [entry('vip-caller', vip, 500)] },
    ];
    expect(nextAssignment(queues, agents, 1000)).toEqual([{ callId: 'vip-caller', groupId: 'vip', agentId: '1001' }]);
  });

  it('a call priority raises the group priority', () => {
    const agents = [agent({ id: '1001' })];
    const queues: Queue[] = [{ group: general, entries: [entry('a', general, 0), enqueue('b', general, 500, 20)] }];
    expect(nextAssignment(queues, agents, 1000).map((a) => a.callId)).toEqual(['b']);
  });

  it('then the longest waiting', () => {
    const agents = [agent({ id: '1001' })];
    const queues: Queue[] = [{ group: general, entries: [entry('late', general, 300), entry('early', general, 100)] }];
    expect(nextAssignment(queues, agents, 1000)).toEqual([{ callId: 'early', groupId: 'general', agentId: '1001' }]);
  });

  it('gives each agent one call, each call one agent, the longest idle to the most urgent', () => {
    const agents = [agent({ id: '1001', idleSince: 200 }), agent({ id: '1002', idleSince: 100 })];
    const queues: Queue[] = [{ group: general, entries: [entry('c1', general, 10), entry('c2', general, 20), entry('c3', general, 30)] }];
    expect(nextAssignment(queues, agents, 1000)).toEqual([
      { callId: 'c1', groupId: 'general', agentId: '1002' },
      { callId: 'c2', groupId: 'general', agentId: '1001' },
    ]);
  });

  it('leaves calls being rung alone', () => {
    const agents = [agent({ id: '1001' })];
    const queues: Queue[] = [{ group: general, entries: [entry('c1', general, 10, { ringing: '1002' }), entry('c2', general, 20)] }];
    expect(nextAssignment(queues, agents, 1000).map((a) => a.callId)).toEqual(['c2']);
  });

  it('tries agents who missed the call last, but does not leave the caller next to an idle agent', () => {
    const both = [agent({ id: '1001', idleSince: 10 }), agent({ id: '1002', idleSince: 20 })];
    const tried = entry('c1', general, 0, { tried: ['1001'] });
    expect(nextAssignment([{ group: general, entries: [tried] }], both, 1000)[0]?.agentId).toBe('1002');
    expect(nextAssignment([{ group: general, entries: [tried] }], [both[0]!], 1000)[0]?.agentId).toBe('1001');
  });

  it('a skilled agent taken by an urgent call is not given to a later one', () => {
    const agents = [agent({ id: '1001', idleSince: 10, skills: { vip: 1, general: 1 } }), agent({ id: '1002', idleSince: 20, skills: { general: 1 } })];
    const queues: Queue[] = [
      { group: general, entries: [entry('g1', general, 0)] },
      { group: vip, entries: [entry('v1', vip, 50)] },
    ];
    expect(nextAssignment(queues, agents, 1000)).toEqual([
      { callId: 'v1', groupId: 'vip', agentId: '1001' },
      { callId: 'g1', groupId: 'general', agentId: '1002' },
    ]);
  });

  it('holds its invariants on random floors', () => {
    const rand = mulberry32(7);
    const states: AgentState[] = ['ready', 'ready', 'ready', 'paused', 'on-call', 'ringing', 'after-call-work', 'logged-out'];
    const skills = ['general', 'vip', 'repair'];
    const groups = skills.map((s, i) => ({ id: s, skill: s, priority: i === 1 ? 10 : 0 }));
    for (let round = 0; round < 300; round++) {
      const now = 100_000;
      const agents = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, i) => {
        const own: Record<string, number> = {};
        for (const s of skills) if (rand() < 0.5) own[s] = 1 + Math.floor(rand() * 5);
        if (Object.keys(own).length === 0) own.general = 1;
        return agent({
          id: String(1001 + i),
          state: states[Math.floor(rand() * states.length)]!,
          idleSince: Math.floor(rand() * 5) * 1000,
          acwUntil: Math.floor(rand() * 200_000),
          skills: own,
        });
      });
      const queues: Queue[] = groups.map((g) => ({
        group: g,
        entries: Array.from({ length: Math.floor(rand() * 4) }, (_, i) =>
          entry(`${g.id}-${i}`, g, Math.floor(rand() * 10) * 1000, rand() < 0.2 ? { ringing: '9999' } : {}),
        ),
      }));
      const out = nextAssignment(queues, agents, now);

      expect(new Set(out.map((a) => a.agentId)).size).toBe(out.length);
      expect(new Set(out.map((a) => a.callId)).size).toBe(out.length);
      const byId = new Map(agents.map((a) => [a.id, settle(a, now)]));
      const entries = new Map(queues.flatMap((q) => q.entries.map((e) => [e.callId, { e, q }] as const)));
      for (const a of out) {
        const ag = byId.get(a.agentId)!;
        const { e, q } = entries.get(a.callId)!;
        expect(ag.state).toBe('ready');
        expect(level(ag, q.group.skill)).toBeGreaterThan(0);
        expect(e.ringing).toBeUndefined();
      }
      // A waiting call left without an agent: every agent who could take it went to a more urgent call.
      const assignedTo = new Map(out.map((a) => [a.agentId, a.callId]));
      for (const { e, q } of entries.values()) {
        if (e.ringing !== undefined || out.some((a) => a.callId === e.callId)) continue;
        for (const ag of byId.values()) {
          if (ag.state !== 'ready' || level(ag, q.group.skill) < 1) continue;
          const other = assignedTo.get(ag.id);
          expect(other).toBeDefined();
          expect(compareEntries(entries.get(other!)!.e, e)).toBeLessThan(0);
        }
      }
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
