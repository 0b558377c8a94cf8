/**
 * The service desk in the console, in Chinese and English (issue 15): the agent's wrap-up form after an inbound call
 * with wrap-up required before ready (a refusal names the field; saving makes the agent ready and keeps the record),
 * and the supervisor's complaint list with deadlines, overdue ones marked, escalation and resolution.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openComplaint } from '../../src/desk/complaint-commands.js';
import { closeAgentConsole, openAs, screenshot, startAgentConsole, type ConsoleService } from './support.js';

describe('service desk in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];
  const agentToken: Record<string, string> = {};

  /** An inbound call from 13800138000 that `agent` talked and hung up, owing its wrap-up. */
  const endedCall = (agent: string, channelId: string) => {
    const now = Date.now();
    s.service.repo.insert({ channelId, direction: 'inbound', startedAt: now - 120_000, callerNumber: '13800138000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: now - 110_000, endedAt: now - 1000, agentId: agent, endedIn: 'agent', queueGroup: 'general' });
    s.service.repo.flush();
    const acd = s.service.acd;
    acd.agentEvent(agent, { type: 'offer', callId: channelId });
    acd.agentEvent(agent, { type: 'answer', callId: channelId });
    acd.agentEvent(agent, { type: 'hangup', callId: channelId, wrapUpS: 5, wrapUpRequired: true });
  };

  beforeAll(async () => {
    const started = await startAgentConsole({ agents: 2, tune: (c) => void (c.desk.wrapUpRequired = true) });
    ({ s, browser } = started);
    Object.assign(agentToken, started.agentToken);
  });
  afterAll(() => closeAgentConsole(pages, browser, s));

  it.each([
    ['zh', '1001', { owed: '保存本次来电的小结后才能就绪。', category: '报修', bad: '请检查：回电时间', saved: '小结已保存：报修 · 当场解决', state: '就绪' }],
    ['en', '1002', { owed: 'Save the wrap-up of this call before going ready.', category: 'Repair report', bad: 'Please check: Callback time', saved: 'Wrap-up saved: Repair report · Resolved on the call', state: 'Ready' }],
  ] as const)('in %s, agent %s wraps up an inbound call and only then is ready', async (lang, agent, want) => {
    const channelId = `desk-${agent}`;
    endedCall(agent, channelId);
    const p = await openAs(browser.context, s.url, agentToken[agent]!, lang, 'agent');
    pages.push(p);
    const form = p.getByTestId('wrap-up');
    await form.waitFor();
    expect(await p.getByTestId('wrap-up-owed').textContent()).toBe(want.owed);
    // The tree from the config (a blank choice, six categories, new business's five product lines).
    await expect.poll(() => form.locator('select[name=category] option').count()).toBe(12);
    await form.locator('select[name=category]').selectOption({ label: want.category });
    // A callback with no time: the API refuses it and the form names the field.
    await form.locator('select[name=result]').selectOption('callback');
    await form.locator('[data-action=save-wrap-up]').click();
    await expect.poll(() => p.getByTestId('wrap-up-field').textContent()).toBe(want.bad);
    expect(s.api.store.wrapUps.byCall(channelId)).toBeUndefined();
    expect(s.service.acd.agentList().find((a) => a.id === agent)!.state).toBe('after-call-work');
    await screenshot(p, `wrap-up-refused-${lang}`);

    await form.locator('select[name=result]').selectOption('resolved');
    // In Chinese the call is linked to an existing work order; in English a new one is opened from the notes.
    if (lang === 'zh') await form.locator('input[name=workOrderNo]').fill('20260002');
    else await form.locator('input[name=newWorkOrder]').check();
    await form.locator('textarea[name=wrapNotes]').fill('厨房水管漏水');
    await form.locator('[data-action=save-wrap-up]').click();
    await expect.poll(() => p.getByTestId('wrap-up-saved').textContent().catch(() => null)).toContain(want.saved);
    const saved = s.api.store.wrapUps.byCall(channelId)!;
    expect(saved).toMatchObject({ category: 'repair', result: 'resolved', notes: '厨房水管漏水', agentId: agent });
    if (lang === 'zh') expect(saved.workOrderNo).toBe('20260002');
    else {
      expect(s.api.store.workOrders.get(saved.workOrderNo!)).toMatchObject({ status: 'received', category: 'repair', description: '厨房水管漏水', channelId });
      expect(await p.getByTestId('wrap-up-order').textContent()).toContain(`work order ${saved.workOrderNo}`);
    }
    await expect.poll(() => p.getByTestId('agent-state').locator('.badge').textContent()).toBe(want.state);
    await screenshot(p, `wrap-up-saved-${lang}`);
  });

  it.each([
    ['zh', { title: '投诉管理', overdue: '已超时', escalate: '升级', escalated: '已升级', level: '班长', resolve: '解决', resolved: '已解决', category: '维修不及时', department: '工程部' }],
    ['en', { title: 'Complaints', overdue: 'Overdue', escalate: 'Escalate', escalated: 'Escalated', level: 'floor supervisor', resolve: 'Resolve', resolved: 'Resolved', category: 'Repair delay', department: 'Engineering' }],
  ] as const)("in %s, a supervisor's complaint list shows deadlines, marks the overdue, escalates and resolves", async (lang, want) => {
    const store = s.api.store;
    const sup = { name: 'li-supervisor', role: 'supervisor' as const, tokenId: 0, agentId: null };
    const now = Date.now();
    // Registered 30 h ago: its 24 h deadline has passed. The other is fresh.
    const late = openComplaint(store, s.config.desk, sup, { callerNumber: '13800138000', category: 'repair-delay', department: 'engineering', description: `${lang}: 报修三天无人上门` }, undefined, now - 30 * 3_600_000);
    const fresh = openComplaint(store, s.config.desk, sup, { callerNumber: '13900139000', category: 'billing', department: 'finance', description: `${lang}: 多收了物业费` }, undefined, now);
    const p = await openAs(browser.context, s.url, s.tokens.supervisor, lang, 'complaints');
    pages.push(p);
    await p.getByRole('heading', { name: want.title, exact: true }).waitFor();
    const lateRow = p.locator(`tr[data-complaint="${late.id}"]`);
    await lateRow.waitFor();
    expect(await lateRow.textContent()).toContain(want.category);
    expect(await lateRow.textContent()).toContain(want.department);
    expect(await lateRow.getByTestId('deadline').textContent()).toContain(want.overdue);
    expect(await p.locator(`tr[data-complaint="${fresh.id}"]`).getByTestId('deadline').textContent()).not.toContain(want.overdue);
    // Supervisors see the number masked.
    expect(await lateRow.textContent()).not.toContain('13800138000');
    await p.locator('input[name=overdue]').check();
    await expect.poll(() => p.locator(`tr[data-complaint="${fresh.id}"]`).count()).toBe(0);
    await expect.poll(() => lateRow.count()).toBe(1);
    await screenshot(p, `complaints-overdue-${lang}`);

    await lateRow.getByRole('button', { name: want.escalate, exact: true }).click();
    await expect.poll(() => lateRow.textContent()).toContain(want.level);
    expect(await lateRow.textContent()).toContain(want.escalated);
    // Resolved, it is no longer overdue: the whole list keeps it in view.
    await p.locator('input[name=overdue]').uncheck();
    await expect.poll(() => p.locator(`tr[data-complaint="${fresh.id}"]`).count()).toBe(1);
    await lateRow.locator('input[name=resolution]').fill('已派工程部上门维修');
    await lateRow.getByRole('button', { name: want.resolve, exact: true }).click();
    await expect.poll(() => lateRow.textContent()).toContain(want.resolved);
    const resolved = store.complaints.get(late.id)!;
    expect(resolved).toMatchObject({ state: 'resolved', escalation: 1, resolution: '已派工程部上门维修' });
    expect(store.callbacks.pending().find((c) => c.id === resolved.callbackId)).toMatchObject({ number: '13800138000', reason: 'complaint-resolved' });
    await screenshot(p, `complaints-resolved-${lang}`);
  });

  it.each([
    ['zh', { calls: '总呼入量', offered: '转人工量', sl: '接起率', ofOffered: '转人工10秒接起率' }],
    ['en', { calls: 'Total inbound calls', offered: 'Offered to agents', sl: 'Answer rate (10 s)', ofOffered: 'of offered' }],
  ] as const)('in %s, the reports page counts every inbound call in 总呼入量, the after-hours one too', async (lang, want) => {
    const now = Date.now();
    // The only kind of call in this file that never reached a queue: it ended in the after-hours branch.
    s.service.repo.insert({ channelId: `after-hours-${lang}`, direction: 'inbound', startedAt: now - 60_000, callerNumber: '13700137000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: now - 59_000, endedAt: now - 50_000, endedIn: 'caller-hangup', ivrPath: [{ node: 'after_hours', at: now - 59_000 }] });
    s.service.repo.flush();
    const p = await openAs(browser.context, s.url, s.tokens.supervisor, lang, 'reports');
    pages.push(p);
    const tile = (id: string) => p.getByTestId(id).locator('.tile-value');
    await tile('kpi-calls').waitFor();
    expect(await p.getByTestId('kpi-calls').locator('.tile-label').textContent()).toBe(want.calls);
    expect(await p.getByTestId('kpi-offered').locator('.tile-label').textContent()).toBe(want.offered);
    expect(await p.getByTestId('kpi-sl').locator('.tile-label').textContent()).toBe(want.sl);
    expect(await p.getByTestId('kpi-sl').locator('.tile-sub').textContent()).toContain(want.ofOffered);
    const calls = Number(await tile('kpi-calls').textContent());
    const offered = Number(await tile('kpi-offered').textContent());
    const afterHours = lang === 'zh' ? 1 : 2;
    expect(calls - offered).toBe(afterHours);
    expect(calls).toBeGreaterThan(0);
    await screenshot(p, `reports-inbound-${lang}`);
  });
});
