/**
 * The knowledge base through the API (issue 16 item 3): a Chinese article found by a 2-character word of its body,
 * suggestions from a call's IVR choice and wrap-up category, "not found" questions counted and listed, roles, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';
import { seed } from './seed.js';

let h: Harness;
const post = (who: Parameters<Harness['as']>[0], payload: object) => h.as(who, { method: 'POST', url: '/api/v1/kb/articles', payload });
const search = async (q: string, extra = '') => {
  const r = await h.as('agent', { method: 'GET', url: `/api/v1/kb/articles?q=${encodeURIComponent(q)}${extra}` });
  expect(r.statusCode).toBe(200);
  return (r.json().items as Array<{ title: string }>).map((a) => a.title);
};

beforeAll(async () => {
  h = await harness();
  seed(h);
  const articles = [
    { lang: 'zh', category: 'repair', keys: ['main_menu'], title: '停电怎么办', body: '请先确认是否欠费，再拨打报修电话，工作人员将在两小时内上门。' },
    { lang: 'zh', category: 'billing', keys: [], title: '电费缴纳方式', body: '可以通过网上营业厅、银行代扣或者营业网点缴费。' },
    { lang: 'en', category: 'billing', keys: [], title: 'Paying your bill', body: 'Pay online, by direct debit or at a service hall. A 5% late fee applies.' },
    { lang: 'zh', category: 'consult', keys: ['general'], title: '营业时间', body: '营业厅周一至周六开放。' },
  ];
  for (const a of articles) expect((await post('manager', a)).statusCode).toBe(201);
});
afterAll(async () => h.close());

describe('knowledge base search', () => {
  it('finds a Chinese article by a 2-character word from its body, and by longer phrases', async () => {
    expect(await search('报修')).toEqual(['停电怎么办']);
    expect(await search('欠费')).toEqual(['停电怎么办']);
    expect(await search('两小时内')).toEqual(['停电怎么办']);
    expect((await search('营业')).sort()).toEqual(['电费缴纳方式', '营业时间']);
    expect(await search('营业 银行')).toEqual(['电费缴纳方式']);
    expect(await search('缴')).toEqual(['电费缴纳方式']);
  });

  it('finds English words in any case, filters by language and category, and finds nothing for an absent word', async () => {
    expect(await search('DEBIT')).toEqual(['Paying your bill']);
    expect(await search('5%')).toEqual(['Paying your bill']);
    expect((await search('营业', '&lang=en'))).toEqual([]);
    expect(await search('营业', '&category=consult')).toEqual(['营业时间']);
    expect(await search('水费')).toEqual([]);
  });

  it('finds an article by its new text after an edit, and not after removal', async () => {
    const id = (await post('admin', { lang: 'zh', category: 'consult', title: '临时公告', body: '台风期间暂停上门。' })).json().id as number;
    expect(await search('台风')).toEqual(['临时公告']);
    const put = await h.as('manager', { method: 'PUT', url: `/api/v1/kb/articles/${id}`, payload: { lang: 'zh', category: 'consult', title: '临时公告', body: '暴雨期间暂停上门。' } });
    expect(put.statusCode).toBe(200);
    expect(await search('台风')).toEqual([]);
    expect(await search('暴雨')).toEqual(['临时公告']);
    expect((await h.as('manager', { method: 'DELETE', url: `/api/v1/kb/articles/${id}` })).statusCode).toBe(200);
    expect(await search('暴雨')).toEqual([]);
    const audit = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=kb-article' })).json().items as Array<{ action: string; actor: string }>;
    expect(audit.slice(0, 3).map((a) => [a.action, a.actor])).toEqual([['kb.delete', 'wang-manager'], ['kb.update', 'wang-manager'], ['kb.create', 'root']]);
  });
});

describe('suggestions for a call', () => {
  it("suggests the articles of the call's IVR choice and queue group, then of its wrap-up category", async () => {
    const r = await h.as('agent', { method: 'GET', url: '/api/v1/kb/suggestions?channelId=in-1001' });
    expect(r.json()).toMatchObject({ keys: ['main_menu', 'general'], category: null });
    expect(r.json().items.map((a: { title: string }) => a.title).sort()).toEqual(['停电怎么办', '营业时间']);
    const byCategory = await h.as('agent', { method: 'GET', url: '/api/v1/kb/suggestions?channelId=in-1001&category=billing&lang=zh' });
    expect(byCategory.json().items.map((a: { title: string }) => a.title).sort()).toEqual(['停电怎么办', '电费缴纳方式', '营业时间']);
    // The article matching both the IVR choice and the category comes first.
    const both = await h.as('agent', { method: 'GET', url: '/api/v1/kb/suggestions?channelId=in-1001&category=repair' });
    expect(both.json().items[0].title).toBe('停电怎么办');
    // Another agent's call is not theirs to read.
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/kb/suggestions?channelId=in-1002' })).statusCode).toBe(404);
  });
});

describe('not found questions', () => {
  it('counts a question the base cannot answer each time it is logged and lists the most asked first for staff only', async () => {
    for (const q of ['水费怎么交', '水费怎么交 ', '光纤报装']) expect((await h.as('agent', { method: 'POST', url: '/api/v1/kb/not-found', payload: { question: q } })).statusCode).toBe(201);
    const list = await h.as('manager', { method: 'GET', url: '/api/v1/kb/not-found' });
    expect(list.json().items.map((q: { question: string; asked: number; lastBy: string }) => [q.question, q.asked, q.lastBy])).toEqual([
      ['水费怎么交', 2, 'agent-1001'],
      ['光纤报装', 1, 'agent-1001'],
    ]);
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/kb/not-found' })).statusCode).toBe(403);
  });

  it('lets only managers and admins write articles, naming the bad field', async () => {
    expect((await post('agent', { lang: 'zh', category: 'x', title: 't', body: 'b' })).statusCode).toBe(403);
    expect((await post('supervisor', { lang: 'zh', category: 'x', title: 't', body: 'b' })).statusCode).toBe(403);
    const bad = await post('manager', { lang: 'fr', category: 'x', title: 't', body: 'b' });
    expect([bad.statusCode, bad.json().details.field]).toEqual([400, 'lang']);
  });
});
