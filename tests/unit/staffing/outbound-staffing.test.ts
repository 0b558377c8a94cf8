import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { simParamsSchema } from '../../../src/sim/sim-params.js';
import { outboundAgents, outboundWith } from '../../../src/staffing/outbound-staffing.js';

const p = simParamsSchema.parse({ agents: 4, hours: 1, replications: 1, answerRate: 0.3, seed: 11 });

describe('outbound staffing from the simulator', () => {
  it('finds the fewest agents who deliver the talk hours, within the abandon limit', () => {
    const r = outboundAgents(p, { talkHoursPerHour: 4 });
    expect(r.talkHoursPerHour).toBeGreaterThanOrEqual(4);
    expect(r.windowBreaches).toBe(0);
    const fewer = outboundWith(p, r.agents - 1);
    expect(fewer.talkHoursPerHour < 4 || fewer.windowBreaches > 0).toBe(true);
    expect(r.tried.map((t) => t.agents)).toContain(r.agents);
  }, 60_000);

  it('contacts per hour as the target', () => {
    const r = outboundAgents(p, { contactsPerHour: 60 });
    expect(r.contactsPerHour).toBeGreaterThanOrEqual(60);
    expect(outboundWith(p, r.agents - 1).contactsPerHour).toBeLessThan(60);
  }, 60_000);

  it('wants exactly one positive target', () => {
    for (const t of [{}, { talkHoursPerHour: 0 }, { talkHoursPerHour: 2, contactsPerHour: 10 }]) {
      expect(() => outboundAgents(p, t)).toThrow();
      try {
        outboundAgents(p, t);
      } catch (err) {
        expect(isHotlineError(err, 'SIM_INVALID')).toBe(true);
      }
    }
  });
});
