import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

describe('do-not-call lists', () => {
  let h: Harness;
  let campaign: number;
  beforeAll(async () => {
    h = await harness();
    campaign = h.service.campaigns.create('sales', {}, Date.now()).id;
  });
  afterAll(async () => h.close());
  const audit = async () => (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=dnc' })).json().items;

  it('adds a number in any common format, checks it, lists it, removes it, with each change audited', async () => {
    const add = await h.as('supervisor', { method: 'POST', url: '/api/v1/dnc', payload: { phone: '0086 138-0013-8000', reason: '客户拒绝' } });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ phone: '+86138****8000', campaignId: 0, reason: '客户拒绝', added: true });
    const again = await h.as('manager', { method: 'POST', url: '/api/v1/dnc', payload: { phone: '13800138000', reason: 'second' } });
    expect(again.json()).toMatchObject({ phone: '+8613800138000', reason: '客户拒绝', added: false });
    expect((await h.as('agent', { method: 'GET', url: `/api/v1/dnc/check?phone=13800138000&campaignId=${campaign}` })).json()).toEqual({ phone: '+8613800138000', blocked: true, lists: [0] });
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/dnc/check?phone=13800138001' })).json().blocked).toBe(false);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/dnc' })).json()).toMatchObject({ total: 1, items: [{ phone: '+8613800138000' }] });
    expect((await h.as('supervisor', { method: 'GET', url: '/api/v1/dnc' })).json().items[0].phone).toBe('+86138****8000');
    const removed = await h.as('manager', { method: 'DELETE', url: '/api/v1/dnc/13800138000' });
    expect(removed.json()).toEqual({ removed: true });
    expect((await h.as('manager', { method: 'DELETE', url: '/api/v1/dnc/13800138000' })).statusCode).toBe(404);
    const log = await audit();
    expect(log.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['dnc.remove', 'wang-manager'],
      ['dnc.add', 'li-supervisor'],
    ]);
    expect(log[0].before).toMatchObject({ phone: '+8613800138000', reason: '客户拒绝' });
  });

  it('keeps a campaign list apart from the global one', async () => {
    await h.as('manager', { method: 'POST', url: '/api/v1/dnc', payload: { phone: '13900000001', campaignId: campaign, reason: 'campaign only' } });
    expect((await h.as('manager', { method: 'GET', url: `/api/v1/dnc/check?phone=13900000001&campaignId=${campaign}` })).json().lists).toEqual([campaign]);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/dnc/check?phone=13900000001' })).json().blocked).toBe(false);
    const unknown = await h.as('manager', { method: 'POST', url: '/api/v1/dnc', payload: { phone: '13900000001', campaignId: 99, reason: 'x' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
  });

  it('bulk: all numbers or none', async () => {
    const bad = await h.as('admin', { method: 'POST', url: '/api/v1/dnc/bulk', payload: { add: ['13700000001', 'not a number', '13700000002'] } });
    expect([bad.statusCode, bad.json().details.field, bad.json().details.invalidCount]).toEqual([400, 'add.1', 1]);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/dnc' })).json().total).toBe(0);
    const ok = await h.as('admin', { method: 'POST', url: '/api/v1/dnc/bulk', payload: { add: ['13700000001', '+86 137 0000 0002', '13700000001'], reason: '投诉名单' } });
    expect(ok.json()).toEqual({ added: 2, alreadyListed: 0, removed: 0, notListed: 0 });
    const mixed = await h.as('admin', { method: 'POST', url: '/api/v1/dnc/bulk', payload: { add: ['13700000002', '13700000003'], remove: ['13700000001', '13700000009'] } });
    expect(mixed.json()).toEqual({ added: 1, alreadyListed: 1, removed: 1, notListed: 1 });
    expect((await audit())[0]).toMatchObject({ action: 'dnc.bulk', summary: 'list 0: +1 −1 (bulk)' });
    expect((await h.as('admin', { method: 'POST', url: '/api/v1/dnc', payload: { phone: 'abc', reason: 'x' } })).json().details.field).toBe('phone');
    expect((await h.as('admin', { method: 'POST', url: '/api/v1/dnc', payload: { phone: '13700000005' } })).json().details.field).toBe('reason');
  });
});
