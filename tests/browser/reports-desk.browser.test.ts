/**
 * The service desk's figures on the reports page, in Chinese and English (issue 15 item 6): from a seeded store of
 * today's wrap-ups, work orders and complaints, the page shows first-call resolution, work-order 响应及时率 and
 * 完成及时率, hot issues by category and by category × first IVR choice, and the complaint statistics by category and
 * by department — each figure the one the seeds give, each key under its configured name.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnComplaint, openComplaint } from '../../src/desk/complaint-commands.js';
import type { IvrStep } from '../../src/store/calls-repo.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('desk figures on the reports page in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];

  beforeAll(async () => {
    s = await startConsoleService({ agents: 1 });
    browser = await launchChromium();
    const store = s.api.store;
    // Everything within the last 30 s, so it falls in today's daily report.
    const now = Date.now();
    const at = now - 30_000;
    const menu = (key: string): IvrStep[] => [
      { node: 'welcome', at },
      { node: 'main_menu', key, note: 'chosen', at },
    ];
    // Four wrapped-up inbound calls: two repair reports (one resolved) after key 2, an enquiry resolved after key 1,
    // and a complaint transferred from a caller who chose nothing.
    const calls: Array<[string, string, 'resolved' | 'escalated' | 'transferred', IvrStep[]]> = [
      ['r1', 'repair', 'resolved', menu('2')],
      ['r2', 'repair', 'escalated', menu('2')],
      ['c1', 'consult', 'resolved', menu('1')],
      ['k1', 'complaint', 'transferred', []],
    ];
    for (const [id, category, result, ivrPath] of calls) {
      s.service.repo.insert({ channelId: id, direction: 'inbound', startedAt: at, callerNumber: '13800138000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: at + 1000, endedAt: at + 20_000, agentId: '1001', endedIn: 'agent', queueGroup: 'general', ivrPath });
    }
    s.service.repo.flush();
    for (const [id, category, result] of calls) {
      store.wrapUps.insert({ channelId: id, agentId: '1001', category, notes: '', result, callbackAt: null, callbackId: null, workOrderNo: null, complaintId: null, createdAt: at + 21_000, createdBy: 'test' });
    }
    // Three work orders: answered in time, still open; unanswered and not completed past both deadlines; completed in
    // time. Response 2 on time, 1 late: 66.7 %. Completion 1 on time, 1 late, 1 not yet due: 50.0 %.
    const year = new Date(now).getFullYear();
    const order = (respondBy: number, completeBy: number) =>
      store.transaction(() => store.workOrders.create({ channelId: null, callerNumber: '13800138000', category: 'repair', description: '水管漏水', respondBy, completeBy, createdAt: at, createdBy: 'test' }, year));
    const answered = order(now + 3_600_000, now + 86_400_000);
    order(now - 10_000, now - 5_000);
    const done = order(now + 3_600_000, now + 3_600_000);
    store.workOrders.setStatus(answered, 'in-progress', { note: '已派工', at: at + 5000, actor: 'test' });
    store.workOrders.setStatus(done, 'completed', { note: '已修好', at: at + 6000, actor: 'test' });
    // Three complaints: two about repair delays (engineering), one resolved and confirmed; one about billing (finance).
    const sup = { name: 'li-supervisor', role: 'supervisor' as const, tokenId: 0, agentId: null };
    const k = (category: string, department: string) => openComplaint(store, s.config.desk, sup, { callerNumber: '13800138000', category, department, description: '投诉' }, undefined, at);
    const closed = k('repair-delay', 'engineering');
    k('repair-delay', 'engineering');
    k('billing', 'finance');
    actOnComplaint(store, sup, closed.id, 'resolve', '已上门维修', at + 1000);
    actOnComplaint(store, sup, closed.id, 'call-back', undefined, at + 2000);
    actOnComplaint(store, sup, closed.id, 'confirm', undefined, at + 3000);
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

  const cells = async (p: Page, section: string, key: string) => {
    const row = p.getByTestId(section).locator(`tr[data-key="${key}"]`);
    await row.waitFor();
    return (await row.locator('td').allTextContents()).map((x) => x.trim());
  };

  it.each([
    [
      'zh',
      {
        title: '服务台', fcr: '首次解决率', response: '响应及时率', completion: '完成及时率',
        fcrSub: '当场解决 2', responseSub: '及时 2 · 超时 1 · 未到期 0', completionSub: '及时 1 · 超时 1 · 未到期 1',
        repair: '报修', consult: '咨询', complaint: '投诉', none: '未选择菜单', delay: '维修不及时', billing: '收费问题', engineering: '工程部', finance: '财务部',
      },
    ],
    [
      'en',
      {
        title: 'Service desk', fcr: 'First-call resolution', response: 'Response on time', completion: 'Completion on time',
        fcrSub: 'resolved on the call 2', responseSub: 'on time 2 · late 1 · not yet due 0', completionSub: 'on time 1 · late 1 · not yet due 1',
        repair: 'Repair report', consult: 'Enquiry', complaint: 'Complaint', none: 'no menu choice', delay: 'Repair delay', billing: 'Billing', engineering: 'Engineering', finance: 'Finance',
      },
    ],
  ] as const)('in %s, the reports page shows the desk figures of the seeded store', async (lang, want) => {
    const p = await openAs(browser.context, s.url, s.tokens.supervisor, lang, 'reports');
    pages.push(p);
    const desk = p.getByTestId('desk-report');
    await desk.waitFor();
    expect(await desk.getByRole('heading', { level: 2 }).textContent()).toBe(want.title);
    const tile = async (id: string) => {
      const t = p.getByTestId(id);
      return { label: await t.locator('.tile-label').textContent(), value: await t.locator('.tile-value').textContent(), sub: (await t.locator('.tile-sub').count()) ? await t.locator('.tile-sub').textContent() : null };
    };
    expect((await tile('desk-wrapped')).value).toBe('4');
    expect(await tile('desk-fcr')).toEqual({ label: want.fcr, value: '50.0%', sub: want.fcrSub });
    expect((await tile('desk-orders')).value).toBe('3');
    expect(await tile('desk-response')).toEqual({ label: want.response, value: '66.7%', sub: want.responseSub });
    expect(await tile('desk-completion')).toEqual({ label: want.completion, value: '50.0%', sub: want.completionSub });

    // Hot issues (热点问题): category, calls, share, resolved on the call, first-call resolution; the labels come from
    // the category tree once it has loaded.
    await expect.poll(() => cells(p, 'desk-hot-issues', 'repair')).toEqual([want.repair, '2', '50.0%', '1', '50.0%']);
    expect(await cells(p, 'desk-hot-issues', 'consult')).toEqual([want.consult, '1', '25.0%', '1', '100.0%']);
    expect(await cells(p, 'desk-hot-issues', 'complaint')).toEqual([want.complaint, '1', '25.0%', '0', '0.0%']);
    expect(await p.getByTestId('desk-hot-issues').locator('tbody tr').count()).toBe(3);
    // By category and the first menu key the caller chose.
    expect(await cells(p, 'desk-by-choice', 'repair|main_menu:2')).toEqual([want.repair, 'main_menu:2', '2']);
    expect(await cells(p, 'desk-by-choice', 'consult|main_menu:1')).toEqual([want.consult, 'main_menu:1', '1']);
    expect(await cells(p, 'desk-by-choice', 'complaint|none')).toEqual([want.complaint, want.none, '1']);

    // 顾客投诉分类统计表: total, open, resolved, confirmed, overdue.
    await expect.poll(() => cells(p, 'desk-complaints-category', 'repair-delay')).toEqual([want.delay, '2', '1', '1', '1', '0']);
    expect(await cells(p, 'desk-complaints-category', 'billing')).toEqual([want.billing, '1', '1', '0', '0', '0']);
    await expect.poll(() => cells(p, 'desk-complaints-department', 'engineering')).toEqual([want.engineering, '2', '1', '1', '1', '0']);
    expect(await cells(p, 'desk-complaints-department', 'finance')).toEqual([want.finance, '1', '1', '0', '0', '0']);
    await screenshot(p, `reports-desk-${lang}`);
  });
});
