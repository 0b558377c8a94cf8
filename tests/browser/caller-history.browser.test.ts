/**
 * The caller history on the agent's screen, in Chinese and English (issue 15 item 4): as an inbound call is offered,
 * the agent sees the caller's earlier calls with their categories (another agent's notes withheld), the open
 * complaint with its deadline marked overdue, the work order and the callback owed. A first-time caller is said to be one.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openComplaint } from '../../src/desk/complaint-commands.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { closeAgentConsole, openAs, screenshot, startAgentConsole, type ConsoleService } from './support.js';

describe('caller history in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];
  const agentToken: Record<string, string> = {};

  const call = (channelId: string, from: string, agent: string | null, ago: number) => {
    const now = Date.now();
    s.service.repo.insert({ channelId, direction: 'inbound', startedAt: now - ago, callerNumber: from, calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: agent ? now - ago + 5000 : null, endedAt: ago > 0 ? now - ago + 60_000 : null, agentId: agent, endedIn: agent ? 'agent' : null, queueGroup: 'general' });
    s.service.repo.flush();
  };

  beforeAll(async () => {
    const started = await startAgentConsole({ agents: 3 });
    ({ s, browser } = started);
    Object.assign(agentToken, started.agentToken);
  });
  afterAll(() => closeAgentConsole(pages, browser, s));

  it.each([
    ['zh', '1001', '13800138001', { title: '来电历史', repair: '报修', consult: '咨询', hidden: '（他人小结）', noWrap: '无小结', complaint: '维修不及时', overdue: '已超时', order: '已受理', callback: '投诉回访' }],
    ['en', '1002', '13800138002', { title: 'Caller history', repair: 'Repair report', consult: 'Enquiry', hidden: "(another agent's wrap-up)", noWrap: 'no wrap-up', complaint: 'Repair delay', overdue: 'Overdue', order: 'Received', callback: 'complaint follow-up' }],
  ] as const)('in %s, agent %s sees the history of the caller whose call is offered', async (lang, agent, from, want) => {
    const store = s.api.store;
    const now = Date.now();
    const other = agent === '1001' ? '1003' : '1001';
    // Two days ago this agent took a repair call and opened a work order; yesterday another agent took a question;
    // an hour ago the caller hung up in the IVR.
    call(`${lang}-repair`, from, agent, 2 * 86_400_000);
    const sys = { name: 'test', role: 'admin' as const, tokenId: 0, agentId: null };
    const orderNo = store.transaction(() =>
      store.workOrders.create({ channelId: `${lang}-repair`, callerNumber: from, category: 'repair', description: '厨房水管漏水', respondBy: now + 3_600_000, completeBy: now + 86_400_000, createdAt: now - 2 * 86_400_000, createdBy: 'test' }, new Date(now).getFullYear()),
    );
    store.wrapUps.insert({ channelId: `${lang}-repair`, agentId: agent, category: 'repair', notes: '我的备注：水管漏水', result: 'resolved', callbackAt: null, callbackId: null, workOrderNo: orderNo, complaintId: null, createdAt: now, createdBy: 'test' });
    call(`${lang}-consult`, from, other, 86_400_000);
    store.wrapUps.insert({ channelId: `${lang}-consult`, agentId: other, category: 'consult', notes: '别人的备注', result: 'resolved', callbackAt: null, callbackId: null, workOrderNo: null, complaintId: null, createdAt: now, createdBy: 'test' });
    call(`${lang}-ivr`, from, null, 3_600_000);
    // A complaint registered 30 h ago (its 24 h deadline passed) and the follow-up callback of an earlier one.
    const late = openComplaint(store, s.config.desk, sys, { callerNumber: from, category: 'repair-delay', department: 'engineering', description: '报修三天无人上门' }, undefined, now - 30 * 3_600_000);
    store.callbacks.create({ number: from, reason: 'complaint-resolved', dueAt: now + 600_000, now });

    // The call arrives and is offered to the agent.
    call(`${lang}-now`, from, null, 0);
    expect(s.service.acd.agentEvent(agent, { type: 'offer', callId: `${lang}-now` })).not.toBeInstanceOf(Error);
    const p = await openAs(browser.context, s.url, agentToken[agent]!, lang, 'agent');
    pages.push(p);
    const panel = p.getByTestId('caller-history');
    await panel.getByTestId('history-calls').waitFor();
    expect(await panel.locator('h2').textContent()).toContain(want.title);
    expect(await panel.locator('h2').textContent()).toContain(from);
    const row = (id: string) => panel.locator(`tr[data-call="${lang}-${id}"]`);
    // Newest first: the IVR hang-up, the other agent's question, this agent's repair call.
    expect(await panel.locator('tr[data-call]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-call')))).toEqual([`${lang}-ivr`, `${lang}-consult`, `${lang}-repair`]);
    expect(await row('repair').getByTestId('history-category').textContent()).toBe(want.repair);
    expect(await row('repair').textContent()).toContain('我的备注：水管漏水');
    expect(await row('repair').textContent()).toContain(orderNo);
    expect(await row('consult').getByTestId('history-category').textContent()).toBe(want.consult);
    expect(await row('consult').textContent()).toContain(want.hidden);
    expect(await row('consult').textContent()).not.toContain('别人的备注');
    expect(await row('ivr').textContent()).toContain(want.noWrap);
    const complaint = panel.locator(`li[data-complaint="${late.id}"]`);
    await expect.poll(() => complaint.textContent()).toContain(want.complaint);
    expect(await complaint.textContent()).toContain(want.overdue);
    expect(await panel.locator(`li[data-order="${orderNo}"]`).textContent()).toContain(want.order);
    expect(await panel.getByTestId('history-callbacks').textContent()).toContain(want.callback);
    await screenshot(p, `caller-history-${lang}`);
  });

  it('says so for a first-time caller', async () => {
    call('first-now', '13700137009', null, 0);
    expect(s.service.acd.agentEvent('1003', { type: 'offer', callId: 'first-now' })).not.toBeInstanceOf(Error);
    const token = new TokensRepo(s.service.db).create({ name: 'agent-1003', role: 'agent', agentId: '1003' }, Date.now()).token;
    const p = await openAs(browser.context, s.url, token, 'zh', 'agent');
    pages.push(p);
    await expect.poll(() => p.getByTestId('history-first').textContent().catch(() => null)).toBe('该号码此前没有来电记录。');
  });
});
