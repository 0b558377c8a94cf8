/** The dial policy's refusals in the reports: counted by reason and campaign, never the numbers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

describe('GET /reports/dial-refusals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    const r = h.api.store.dialRefusals;
    r.add({ at: T0, campaignId: 1, leadId: 1, phone: '+8613800138000', reason: 'cap', why: 'at most 3 calls to one number within 300 s', retryAt: T0 + 60_000 });
    r.add({ at: T0 + 1000, campaignId: 1, leadId: 2, phone: '+8613800138001', reason: 'cap', why: 'at most 5 calls to one number within 86400 s', retryAt: T0 + 3_600_000 });
    r.add({ at: T0 + 2000, campaignId: 2, leadId: 3, phone: '+85291234567', reason: 'region', why: 'numbers starting +852 (Hong Kong) may not be called', retryAt: null });
  });
  afterAll(async () => h.close());

  it('counts the refusals of the dates by reason and campaign for a read-only user, with no number in the answer', async () => {
    const day = new Date(T0 + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await h.as('read-only', { method: 'GET', url: `/api/v1/reports/dial-refusals?from=${day}&to=${day}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 3,
      byReason: { region: 1, hours: 0, concurrent: 0, cap: 2 },
      byCampaign: [
        { campaignId: 1, reason: 'cap', n: 2 },
        { campaignId: 2, reason: 'region', n: 1 },
      ],
    });
    expect(res.body).not.toMatch(/138001380|91234567/);
  });

  it('refuses a reversed range naming to', async () => {
    const res = await h.as('admin', { method: 'GET', url: '/api/v1/reports/dial-refusals?from=2026-03-10&to=2026-03-09' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'to' } });
  });
});
