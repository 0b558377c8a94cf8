/**
 * The wallboard's 10-second figure (issue 15 item 7), in Chinese and English: 接起率 is the calls answered within 10 s
 * over every inbound call of the day (总呼入量), the one that ended after hours too; the rate over the calls offered
 * to agents is shown beside it under its own name.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('wallboard answer rate in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];

  beforeAll(async () => {
    s = await startConsoleService({ agents: 1 });
    browser = await launchChromium();
    const now = Date.now();
    // The wallboard asks for today in Asia/Shanghai (the reports' zone); keep every call inside that day.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now));
    const at = Math.max(now - 5000, Date.parse(`${today}T00:00:00+08:00`));
    const base = { direction: 'inbound' as const, calledNumber: '4008001234', entryNumber: '4008001234', startedAt: at, endedAt: at + 1 };
    // Three inbound calls: one after hours (no queue), one answered 4 s after queueing, one after 30 s.
    s.service.repo.insert({ ...base, channelId: 'wb-after-hours', callerNumber: '13700000001', endedIn: 'caller-hangup', ivrPath: [{ node: 'after_hours', at }] });
    s.service.repo.insert({ ...base, channelId: 'wb-fast', callerNumber: '13700000002', answeredAt: at, endedIn: 'agent', queueGroup: 'general', queueWaitMs: 4000, agentId: '1001' });
    s.service.repo.insert({ ...base, channelId: 'wb-slow', callerNumber: '13700000003', answeredAt: at, endedIn: 'agent', queueGroup: 'general', queueWaitMs: 30_000, agentId: '1001' });
    s.service.repo.flush();
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

  it.each([
    ['zh', '1/3 总呼入量 · 转人工10秒接起率 50.0%'],
    ['en', '1 of 3 inbound calls · of offered: 50.0%'],
  ] as const)('in %s, shows 1 of 3 calls (33.3%%), not 1 of the 2 offered', async (lang, detail) => {
    const p = await openAs(browser.context, s.url, s.tokens.supervisor, lang, 'wallboard');
    pages.push(p);
    const tile = p.getByTestId('tile-sl');
    // The KPIs come from the report worker, slow to start on a loaded machine.
    await expect.poll(() => tile.locator('.tile-value').textContent(), { timeout: 20_000 }).toBe('33.3%');
    expect(await tile.locator('.tile-sub').textContent()).toBe(detail);
    await screenshot(p, `wallboard-answer-rate-${lang}`);
  });
});
