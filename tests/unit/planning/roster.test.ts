import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { checkSwapAllowed, coverOf, requiredAgents } from '../../../src/planning/roster.js';

describe('requiredAgents', () => {
  it('uses Erlang C at the service-level target per half-hour', () => {
    // 100 calls × 180 s / 1800 s = 10 Erlangs; 13 agents answer 79.6 % in 20 s, 14 answer 88.8 %: 14 for 80 %; none for no calls.
    expect(requiredAgents([100, 0], { ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 })).toEqual([14, 0]);
  });
});

describe('coverOf', () => {
  it('shows an interval with fewer agents than required as short', () => {
    const required = Array.from({ length: 48 }, (_, h) => (h >= 18 && h < 36 ? 2 : 1));
    // 三班倒: night 00:00–08:00 (carried from the day before), day 08:00–16:00 ×2, evening 16:00–24:00 ×1.
    const cover = coverOf(required, [{ agentId: 'a', startSlot: 16, endSlot: 32 }, { agentId: 'b', startSlot: 16, endSlot: 32 }, { agentId: 'c', startSlot: 32, endSlot: 48 }], [{ agentId: 'n', startSlot: 48, endSlot: 64 }]);
    expect(cover.filter((c) => c.short > 0).map((c) => [c.slot, c.required, c.rostered, c.short])).toEqual([
      [32, 2, 1, 1],
      [33, 2, 1, 1],
      [34, 2, 1, 1],
      [35, 2, 1, 1],
    ]);
    expect(cover[0]).toEqual({ slot: 0, required: 1, rostered: 1, short: 0 });
  });
});

describe('checkSwapAllowed', () => {
  it('allows five swaps a month and refuses the sixth with a typed error', () => {
    for (let used = 0; used < 5; used++) expect(() => checkSwapAllowed('1001', '2026-03', used)).not.toThrow();
    try {
      checkSwapAllowed('1001', '2026-03', 5);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HotlineError);
      expect([(e as HotlineError).code, (e as HotlineError).status, (e as HotlineError).details]).toEqual(['SWAP_LIMIT_REACHED', 409, { agentId: '1001', month: '2026-03', used: 5, limit: 5 }]);
    }
  });
});
