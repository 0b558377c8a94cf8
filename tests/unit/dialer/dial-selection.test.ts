import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpsTokens, selectDials, type CpsTokens, type DialCandidate, type DialSelectionInput } from '../../../src/dialer/dial-selection.js';

const NOW = Date.parse('2024-06-03T02:00:00Z');
const GRACE = 300_000;

const cand = (leadId: string, phone: string, dueAt = NOW - 1000, callbackAgent?: string | null): DialCandidate => ({
  leadId,
  phone,
  priority: 0,
  dueAt,
  ...(callbackAgent === undefined ? {} : { callbackAgent }),
});

const input = (over: Partial<DialSelectionInput>): DialSelectionInput => ({
  now: NOW,
  freeLines: 10,
  cpsBudget: 10,
  liveNumbers: new Set(),
  candidates: [],
  callbackGraceMs: GRACE,
  isAllowed: true,
  ...over,
});

const ids = (i: DialSelectionInput): string[] => selectDials(i).map((p) => p.leadId);

describe('selectDials', () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((x, i) => cand(x, `+861380000000${i}`));

  it('dials nothing when the campaign may not dial now', () => {
    expect(selectDials(input({ candidates: five, isAllowed: false }))).toEqual([]);
  });

  it('picks due candidates in order with no agent reserved', () => {
    expect(selectDials(input({ candidates: five.slice(0, 2) }))).toEqual([
      { leadId: 'a', phone: '+8613800000000', agentFor: null },
      { leadId: 'b', phone: '+8613800000001', agentFor: null },
    ]);
  });

  it.each([
    [10, 10, 5],
    [2, 10, 2],
    [10, 3, 3],
    [10, 3.99, 3],
    [4, 4.5, 4],
    [0, 10, 0],
    [10, 0.99, 0],
    [10, 0, 0],
    [-1, 10, 0],
    [10, -2, 0],
    [2.7, 10, 2],
  ])('freeLines %d, cpsBudget %d → at most %d dials', (freeLines, cpsBudget, n) => {
    expect(ids(input({ candidates: five, freeLines, cpsBudget }))).toEqual(['a', 'b', 'c', 'd', 'e'].slice(0, n));
  });

  it('skips numbers already on a call and later candidates with the same phone', () => {
    const c = [cand('a', '+1'), cand('b', '+2'), cand('c', '+1'), cand('d', '+3'), cand('e', '+2'), cand('f', '+4')];
    expect(ids(input({ candidates: c, liveNumbers: new Set(['+3']) }))).toEqual(['a', 'b', 'f']);
  });

  it('skipped candidates do not use up the cap', () => {
    const c = [cand('a', '+1'), cand('b', '+1'), cand('c', '+9'), cand('d', '+2')];
    expect(ids(input({ candidates: c, liveNumbers: new Set(['+9']), freeLines: 2 }))).toEqual(['a', 'd']);
  });

  it('skips candidates not yet due (dueAt = now is due)', () => {
    const c = [cand('a', '+1', NOW + 1), cand('b', '+2', NOW), cand('c', '+3', NOW + 60_000)];
    expect(ids(input({ candidates: c }))).toEqual(['b']);
  });

  it('keeps the candidates order: callbacks first as given', () => {
    const c = [cand('cb2', '+5', NOW - 10), cand('cb1', '+4', NOW - 5000), cand('r1', '+3', NOW - 9_999_999), cand('n1', '+1', 0)];
    expect(ids(input({ candidates: c }))).toEqual(['cb2', 'cb1', 'r1', 'n1']);
  });

  describe('agent-owned callbacks', () => {
    it('a callback whose agent is ready is dialed for that agent', () => {
      const picks = selectDials(input({ candidates: [cand('cb', '+1', NOW - 1000, 'agent-7')], readyAgents: new Set(['agent-7']) }));
      expect(picks).toEqual([{ leadId: 'cb', phone: '+1', agentFor: 'agent-7' }]);
    });

    it('a null or absent callbackAgent goes to anyone', () => {
      const picks = selectDials(input({ candidates: [cand('a', '+1', NOW, null), cand('b', '+2')], readyAgents: new Set(['x']) }));
      expect(picks.map((p) => p.agentFor)).toEqual([null, null]);
    });

    it('waits for its agent within the grace, without holding up the others', () => {
      const c = [cand('cb', '+1', NOW - GRACE + 1, 'agent-7'), cand('r', '+2')];
      expect(ids(input({ candidates: c, readyAgents: new Set(['agent-9']) }))).toEqual(['r']);
      // No ready agents at all: the same.
      expect(ids(input({ candidates: c }))).toEqual(['r']);
    });

    it('goes to anyone once the grace is over', () => {
      const c = [cand('cb', '+1', NOW - GRACE, 'agent-7')];
      expect(selectDials(input({ candidates: c, readyAgents: new Set(['agent-9']) }))).toEqual([{ leadId: 'cb', phone: '+1', agentFor: null }]);
      expect(selectDials(input({ candidates: [cand('cb', '+1', NOW - GRACE - 60_000, 'agent-7')] }))).toEqual([
        { leadId: 'cb', phone: '+1', agentFor: null },
      ]);
    });

    it('a zero grace never waits', () => {
      const c = [cand('cb', '+1', NOW, 'agent-7')];
      expect(selectDials(input({ candidates: c, callbackGraceMs: 0 }))).toEqual([{ leadId: 'cb', phone: '+1', agentFor: null }]);
    });

    it('one agent is not given two callbacks in one batch', () => {
      const c = [cand('cb1', '+1', NOW - 1000, 'agent-7'), cand('cb2', '+2', NOW - 1000, 'agent-7'), cand('cb3', '+3', NOW - 1000, 'agent-8')];
      expect(selectDials(input({ candidates: c, readyAgents: new Set(['agent-7', 'agent-8']) }))).toEqual([
        { leadId: 'cb1', phone: '+1', agentFor: 'agent-7' },
        { leadId: 'cb3', phone: '+3', agentFor: 'agent-8' },
      ]);
    });

    it("the agent's second callback past the grace goes to anyone", () => {
      const c = [cand('cb1', '+1', NOW - 1000, 'agent-7'), cand('cb2', '+2', NOW - GRACE - 1, 'agent-7')];
      expect(selectDials(input({ candidates: c, readyAgents: new Set(['agent-7']) }))).toEqual([
        { leadId: 'cb1', phone: '+1', agentFor: 'agent-7' },
        { leadId: 'cb2', phone: '+2', agentFor: null },
      ]);
    });

    it('a callback to a live number does not reserve its agent', () => {
      const c = [cand('cb1', '+1', NOW - 1000, 'agent-7'), cand('cb2', '+2', NOW - 1000, 'agent-7')];
      expect(selectDials(input({ candidates: c, readyAgents: new Set(['agent-7']), liveNumbers: new Set(['+1']) }))).toEqual([
        { leadId: 'cb2', phone: '+2', agentFor: 'agent-7' },
      ]);
    });
  });

  it('a retry after an abandoned call goes only with a ready agent kept for it, one agent per call', () => {
    const needing = (id: string, phone: string): DialCandidate => ({ ...cand(id, phone), needsAgent: true });
    const candidates = [needing('x', '+8613900000001'), needing('y', '+8613900000002'), cand('z', '+8613900000003')];
    expect(selectDials(input({ candidates, readyAgents: new Set(['1001']) }))).toEqual([
      { leadId: 'x', phone: '+8613900000001', agentFor: '1001' },
      { leadId: 'z', phone: '+8613900000003', agentFor: null },
    ]);
    // No agent ready: the guaranteed retry waits, the rest goes on.
    expect(ids(input({ candidates, readyAgents: new Set() }))).toEqual(['z']);
  });

  it('property: never a live number, never a phone twice, never over the caps, only due candidates, in order', () => {
    const phone = fc.constantFrom('+1', '+2', '+3', '+4', '+5', '+6');
    const agent = fc.constantFrom('a1', 'a2', 'a3');
    const candidate = fc.record({
      phone,
      priority: fc.integer({ min: 0, max: 9 }),
      dueAt: fc.integer({ min: NOW - 2 * GRACE, max: NOW + GRACE }),
      callbackAgent: fc.option(agent, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 15 }),
        fc.uniqueArray(phone, { maxLength: 4 }),
        fc.uniqueArray(agent, { maxLength: 3 }),
        fc.integer({ min: -1, max: 12 }),
        fc.double({ min: -1, max: 12, noNaN: true }),
        fc.boolean(),
        (raw, live, ready, freeLines, cpsBudget, isAllowed) => {
          const candidates = raw.map((c, i) => ({ ...c, leadId: `L${i}` }));
          const inp = input({ candidates, liveNumbers: new Set(live), readyAgents: new Set(ready), freeLines, cpsBudget, isAllowed });
          const picks = selectDials(inp);
          const byId = new Map(candidates.map((c) => [c.leadId, c]));
          if (!isAllowed) expect(picks).toEqual([]);
          expect(picks.length).toBeLessThanOrEqual(Math.max(0, Math.min(freeLines, Math.floor(cpsBudget))));
          expect(new Set(picks.map((p) => p.phone)).size).toBe(picks.length);
          const agents = picks.map((p) => p.agentFor).filter((a) => a !== null);
          expect(new Set(agents).size).toBe(agents.length);
          let last = -1;
          for (const p of picks) {
            const c = byId.get(p.leadId)!;
            expect(live).not.toContain(p.phone);
            expect(p.phone).toBe(c.phone);
            expect(c.dueAt).toBeLessThanOrEqual(NOW);
            const index = candidates.indexOf(c);
            expect(index).toBeGreaterThan(last);
            last = index;
            if (p.agentFor !== null) {
              expect(p.agentFor).toBe(c.callbackAgent);
              expect(ready).toContain(p.agentFor);
            } else if (c.callbackAgent !== undefined && c.dueAt + GRACE > NOW) {
              throw new Error(`callback ${c.leadId} taken from its agent within the grace`);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('cpsTokens', () => {
  it('starts full, never negative', () => {
    expect(cpsTokens.full(NOW, 5)).toEqual({ tokens: 5, at: NOW });
    expect(cpsTokens.full(NOW, -1)).toEqual({ tokens: 0, at: NOW });
  });

  it('refills at the rate, up to the burst', () => {
    const empty: CpsTokens = { tokens: 0, at: NOW };
    expect(cpsTokens.refill(empty, NOW + 500, 4, 10)).toEqual({ tokens: 2, at: NOW + 500 });
    expect(cpsTokens.refill(empty, NOW + 10_000, 4, 10)).toEqual({ tokens: 10, at: NOW + 10_000 });
    expect(cpsTokens.refill({ tokens: 9, at: NOW }, NOW + 1000, 4, 10).tokens).toBe(10);
  });

  it('ignores a clock going back', () => {
    const s: CpsTokens = { tokens: 1.5, at: NOW };
    expect(cpsTokens.refill(s, NOW - 60_000, 4, 10)).toEqual(s);
    // And the next step counts from the latest time seen, not the earlier one.
    const back = cpsTokens.refill(s, NOW - 60_000, 4, 10);
    expect(cpsTokens.refill(back, NOW + 250, 4, 10)).toEqual({ tokens: 2.5, at: NOW + 250 });
  });

  it('a negative rate adds nothing', () => {
    expect(cpsTokens.refill({ tokens: 1, at: NOW }, NOW + 1000, -5, 10).tokens).toBe(1);
  });

  it('spends, never below zero, keeping the time', () => {
    expect(cpsTokens.spend({ tokens: 3.5, at: NOW }, 2)).toEqual({ tokens: 1.5, at: NOW });
    expect(cpsTokens.spend({ tokens: 1, at: NOW }, 4)).toEqual({ tokens: 0, at: NOW });
  });

  it('property: tokens stay within [0, burst], time never goes back, a clock going back adds nothing', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('refill' as const), dt: fc.integer({ min: -5000, max: 5000 }) }),
      fc.record({ kind: fc.constant('spend' as const), n: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.array(step, { maxLength: 40 }),
        (rate, burst, steps) => {
          let s = cpsTokens.full(NOW, burst);
          let clock = NOW;
          for (const st of steps) {
            const before = s;
            if (st.kind === 'refill') {
              clock += st.dt;
              s = cpsTokens.refill(s, clock, rate, burst);
              expect(s.at).toBe(Math.max(before.at, clock));
              if (clock <= before.at) expect(s.tokens).toBe(before.tokens);
              else expect(s.tokens).toBeGreaterThanOrEqual(before.tokens);
            } else {
              s = cpsTokens.spend(s, st.n);
              expect(s.at).toBe(before.at);
              expect(s.tokens).toBeLessThanOrEqual(before.tokens);
            }
            expect(s.tokens).toBeGreaterThanOrEqual(0);
            expect(s.tokens).toBeLessThanOrEqual(burst);
            expect(s.at).toBeGreaterThanOrEqual(before.at);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
