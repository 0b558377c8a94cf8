import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { HotlineError } from '../../../src/errors.js';
import { openDb } from '../../../src/store/db.js';
import { GLOBAL_DNC } from '../../../src/store/dnc-repo.js';
import { Store, storeOf } from '../../../src/store/store.js';

const t0 = Date.parse('2026-11-24T02:00:00Z');
const admin = { name: 'root' };

function fresh(): Store {
  return storeOf(openDb(':memory:'));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof HotlineError) return err.code;
    throw err;
  }
  return 'none';
}

describe('the store', () => {
  it('is one per database', () => {
    const db = openDb(':memory:');
    expect(storeOf(db)).toBe(storeOf(db));
    expect(storeOf(openDb(':memory:'))).not.toBe(storeOf(db));
  });

  it('writes a change and its audit entry together, or neither', () => {
    const s = fresh();
    const made = s.audit.change(admin as Principal, t0, () => s.campaigns.create('a', {}, t0), (c) => ({ action: 'campaign.create', entity: 'campaign', entityId: c.id, summary: 'made' }));
    expect(s.audit.list({ limit: 10 }).map((e) => [e.action, e.entityId])).toEqual([['campaign.create', String(made.id)]]);
    // The change fails after writing: the write is rolled back and nothing is audited.
    expect(
      codeOf(() =>
        s.audit.change(
          admin,
          t0,
          () => {
            s.campaigns.create('b', {}, t0);
            throw new HotlineError('CONFLICT', 'no');
          },
          () => ({ action: 'campaign.create', entity: 'campaign', summary: 'never' }),
        ),
      ),
    ).toBe('CONFLICT');
    expect(s.campaigns.find('b')).toBeUndefined();
    // A change that describes no entry is written without one.
    s.audit.change(admin, t0, () => s.campaigns.create('c', {}, t0), () => null);
    expect(s.campaigns.find('c')).toBeDefined();
    expect(s.audit.list({ limit: 10 })).toHaveLength(1);
  });

  it('pages a DNC list, tells which lists block a number, and adds and removes in bulk', () => {
    const s = fresh();
    const c = s.campaigns.create('a', {}, t0);
    expect(s.dnc.add('+8613900000001', GLOBAL_DNC, 'complained', t0)).toBe(true);
    expect(s.dnc.add('+8613900000001', GLOBAL_DNC, 'again', t0 + 1)).toBe(false);
    expect(s.dnc.entry('+8613900000001', GLOBAL_DNC)).toEqual({ phone: '+8613900000001', campaignId: 0, reason: 'complained', addedAt: t0 });
    s.dnc.add('+8613900000001', c.id, 'asked', t0);
    expect(s.dnc.listsFor('+8613900000001', c.id)).toEqual([0, c.id]);
    expect(s.dnc.listsFor('+8613900000002', c.id)).toEqual([]);

    const bulk = s.dnc.bulk(c.id, ['+8613900000001', '+8613900000002', '+8613900000003'], ['+8613900000009'], 'bulk', t0 + 5);
    expect(bulk).toEqual({ added: 2, removed: 0 });
    const page = s.dnc.page(c.id, 1, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((e) => e.phone)).toEqual(['+8613900000002', '+8613900000003']);
    expect(s.dnc.bulk(c.id, [], ['+8613900000002', '+8613900000009'], 'bulk', t0 + 6)).toEqual({ added: 0, removed: 1 });
  });

  it('counts leads by state per campaign and attempts per campaign, the same way for one campaign or all', () => {
    const s = fresh();
    const a = s.campaigns.create('a', {}, t0);
    const b = s.campaigns.create('b', {}, t0);
    s.leads.insert({ campaignId: a.id, phone: '+8613900000001', now: t0 });
    s.leads.insert({ campaignId: a.id, phone: '+8613900000002', now: t0 });
    const cb = s.leads.insert({ campaignId: b.id, phone: '+8613900000001', state: 'callback-scheduled', callbackAt: t0, now: t0 });
    expect(s.leads.countsByState(a.id)).toEqual({ new: 2 });
    expect(s.leads.countsByState(99)).toEqual({});
    expect(s.leads.countsByCampaign()).toEqual(new Map([[a.id, { new: 2 }], [b.id, { 'callback-scheduled': 1 }]]));

    const due = s.leads.due(b.id, t0, 10)[0]!;
    expect(due.id).toBe(cb);
    s.attempts.claim(due, 'ch-1', '2026-11-24', t0);
    expect(s.attempts.countOf(b.id)).toBe(1);
    expect(s.attempts.countOf(a.id)).toBe(0);
    expect(s.reportQueries.campaignLeadStates().map((c) => [c.name, c.byState])).toEqual([
      ['a', { new: 2 }],
      ['b', { dialing: 1 }],
    ]);
  });

  it('renames a campaign unless another has the name; a name of digits is a name', () => {
    const s = fresh();
    const a = s.campaigns.create('a', {}, t0);
    const year = s.campaigns.create('2024', {}, t0);
    expect(codeOf(() => s.campaigns.rename(a.id, '2024', t0 + 1))).toBe('CAMPAIGN_EXISTS');
    expect(codeOf(() => s.campaigns.rename(a.id, '  ', t0 + 1))).toBe('CAMPAIGN_INVALID');
    s.campaigns.rename(a.id, 'spring', t0 + 1);
    expect(s.campaigns.get(a.id)).toMatchObject({ name: 'spring', updatedAt: t0 + 1 });
    expect(s.campaigns.idByName('2024')).toBe(year.id);
    expect(s.campaigns.idByName(String(a.id))).toBeUndefined();
    expect(s.campaigns.exists(a.id)).toBe(true);
    expect(s.campaigns.exists(999)).toBe(false);
  });

  it('stages a list (each number once, many rows a statement) and copies it in one transaction past the DNC lists and existing leads', () => {
    const s = fresh();
    const c = s.campaigns.create('a', {}, t0);
    s.leads.insert({ campaignId: c.id, phone: '+8613900000003', now: t0 });
    s.dnc.add('+8613900000004', GLOBAL_DNC, 'complained', t0);
    const stage = s.leadImports.stage();
    const row = (n: number) => ({ row: n, phone: `+86139${String(n - 1).padStart(8, '0')}`, altPhone: null, name: `n${n}`, fields: '{}' });
    // 250 rows: two full statements of 100 and 50 one by one; rows 4 and 5 are the existing lead and the DNC number.
    const rows = Array.from({ length: 250 }, (_, i) => row(i + 2));
    stage.add(rows.slice(0, 120));
    stage.add(rows.slice(120));
    const done = stage.commit(c.id, 'list.csv', t0 + 1, 252, 2);
    stage.drop();
    expect(done).toMatchObject({ imported: 248, duplicates: 1, dnc: 1 });
    const leads = s.leads.ofCampaign(c.id);
    expect(leads.map((l) => l.sourceRow)).toEqual([null, 2, 3, ...Array.from({ length: 246 }, (_, i) => i + 6)]);
    expect(leads.at(-1)).toMatchObject({ phone: '+8613900000250', name: 'n251', sourceRow: 251 });
  });

  it('finds a demo work order by number', () => {
    const s = fresh();
    expect(s.workOrders.find('20260002')).toEqual({ orderNo: '20260002', status: 'in-progress' });
    expect(s.workOrders.find('99999999')).toBeUndefined();
  });
});
