/**
 * The service desk in the console, in Chinese and English (issue 15): the agent's wrap-up form after an inbound call
 * with wrap-up required before ready (a refusal names the field; saving makes the agent ready and keeps the record).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

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
    s = await startConsoleService({ agents: 2, tune: (c) => void (c.desk.wrapUpRequired = true) });
    browser = await launchChromium();
    const tokens = new TokensRepo(s.service.db);
    agentToken['1002'] = tokens.create({ name: 'agent-1002', role: 'agent', agentId: '1002' }, Date.now()).token;
    agentToken['1001'] = s.tokens.agent;
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

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
    await form.locator('input[name=workOrderNo]').fill('20260002');
    await form.locator('textarea[name=wrapNotes]').fill('厨房水管漏水');
    await form.locator('[data-action=save-wrap-up]').click();
    await expect.poll(() => p.getByTestId('wrap-up-saved').textContent().catch(() => null)).toBe(want.saved);
    expect(s.api.store.wrapUps.byCall(channelId)).toMatchObject({ category: 'repair', result: 'resolved', workOrderNo: '20260002', notes: '厨房水管漏水', agentId: agent });
    await expect.poll(() => p.getByTestId('agent-state').locator('.badge').textContent()).toBe(want.state);
    await screenshot(p, `wrap-up-saved-${lang}`);
  });
});
