import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

// Issue 17 item 6: a lead name =HYPERLINK(…) from an uploaded list ran as a formula when the export was opened.
describe('GET /leads/export', () => {
  let h: Harness;
  let campaign: number;
  beforeAll(async () => {
    h = await harness();
    campaign = h.service.campaigns.create('csv', {}, T0).id;
    h.service.leads.insert({ campaignId: campaign, phone: '+8613800138000', name: '=HYPERLINK("http://evil.example","点我")', now: T0 });
    h.service.leads.insert({ campaignId: campaign, phone: '+8613800138001', name: '@SUM(1+1)', now: T0 });
  });
  afterAll(async () => h.close());

  it('defuses formula cells and keeps numbers as they are', async () => {
    const r = await h.as('manager', { method: 'GET', url: `/api/v1/leads/export?campaignId=${campaign}` });
    const rows = parse(r.body.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => [x.phone, x.name])).toEqual([
      ['+8613800138000', `'=HYPERLINK("http://evil.example","点我")`],
      ['+8613800138001', "'@SUM(1+1)"],
    ]);
  });
});
