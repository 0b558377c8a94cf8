/** The staffing calculator through the API: the same numbers as `hotline staffing`, and bad input named. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAgents } from '../../../src/staffing/erlang-c.js';
import { harness, type Harness } from './harness.js';

describe('staffing calculator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());
  const post = (url: string, payload: object, who: Parameters<Harness['as']>[0] = 'manager') => h.as(who, { method: 'POST', url: `/api/v1/staffing/${url}`, payload });

  it('inbound: Erlang C per interval, as the CLI computes it (100 calls per 30 min at 180 s, 80/20: 14 agents)', async () => {
    const res = await post('inbound', { calls: [100, 140, 0] });
    expect(res.statusCode).toBe(200);
    const rows = res.json().intervals;
    expect(rows.map((r: { agents: number }) => r.agents)[0]).toBe(14);
    expect(rows[1]).toEqual({ interval: 1, calls: 140, ...inboundAgents({ calls: 140, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 }) });
    expect(rows[2]).toMatchObject({ agents: 0, occupancy: 0 });
    const capped = (await post('inbound', { calls: [100], maxOccupancy: 0.6, intervalMinutes: 30, ahtS: 180, serviceLevel: 0.9, targetAnswerS: 15 })).json().intervals[0];
    expect(capped.occupancy).toBeLessThanOrEqual(0.6);
  });

  it.each([
    [{}, 'calls'],
    [{ calls: [] }, 'calls'],
    [{ calls: [-1] }, 'calls.0'],
    [{ calls: ['ten'] }, 'calls.0'],
    [{ calls: [10], serviceLevel: 1 }, 'serviceLevel'],
    [{ calls: [10], ahtS: 0 }, 'ahtS'],
    [{ calls: [10], intervalMinutes: 0 }, 'intervalMinutes'],
    [{ calls: [10], maxOccupancy: 1.5 }, 'maxOccupancy'],
    [{ calls: [10], extra: 1 }, 'extra'],
  ])('inbound refuses %j naming %s', async (body, field) => {
    const res = await post('inbound', body);
    expect([res.statusCode, res.json().code, res.json().details.field]).toEqual([400, 'BAD_REQUEST', field]);
  });

  it('outbound: the simulator in a child process finds a head count for the target', async () => {
    const res = await post('outbound', { contactsPerHour: 3, sim: { replications: 1, hours: 0.5, agents: 1 } });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.agents).toBeGreaterThanOrEqual(1);
    expect(r.contactsPerHour).toBeGreaterThanOrEqual(3);
    expect(r.windowBreaches).toBe(0);
    expect(r).toMatchObject({ replications: 1, hours: 0.5 });
    expect(r.tried.at(-1).agents).toBeGreaterThanOrEqual(r.agents);
  });

  it.each([
    [{ sim: {} }, 'talkHoursPerHour'],
    [{ talkHoursPerHour: 1, contactsPerHour: 2 }, 'talkHoursPerHour'],
    [{ contactsPerHour: 0 }, 'contactsPerHour'],
    [{ contactsPerHour: 5, sim: { answerRate: 2 } }, 'sim.answerRate'],
    [{ contactsPerHour: 5, sim: { pacing: { abandonLimit: 'x' } } }, 'sim.pacing.abandonLimit'],
    [{ contactsPerHour: 5, sim: { wobble: 1 } }, 'sim.wobble'],
    [{ contactsPerHour: 5, sim: { replications: 20, hours: 8 } }, 'sim.replications'],
  ])('outbound refuses %j naming %s', async (body, field) => {
    const res = await post('outbound', body);
    expect([res.statusCode, res.json().code, res.json().details.field]).toEqual([400, 'BAD_REQUEST', field]);
  });
});
