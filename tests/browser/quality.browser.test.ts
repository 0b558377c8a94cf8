/**
 * Quality in the console, in Chinese and English (issue 16): two QA users score one recorded call beside its player,
 * the second differing by more than the form's threshold, and the call is shown flagged for calibration; the agent
 * sees both scores and comments and disputes one. The knowledge base finds a Chinese article by a 2-character word
 * of its body, and a question it cannot answer is logged and listed with its count.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('quality in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let qa2: string;
  const pages: Page[] = [];
  const open = async (token: string, lang: 'zh' | 'en', page: string) => {
    const p = await openAs(browser.context, s.url, token, lang, page);
    pages.push(p);
    return p;
  };

  /** A recorded inbound call that agent 1001 talked. */
  const recordedCall = (channelId: string) => {
    const now = Date.now();
    s.service.repo.insert({ channelId, direction: 'inbound', startedAt: now - 120_000, callerNumber: '13800138000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: now - 110_000, endedAt: now - 1000, agentId: '1001', endedIn: 'agent', queueGroup: 'general' });
    s.service.repo.flush();
    s.service.db.prepare(`INSERT INTO recordings (name, channel_id, agent_id, direction, mode, started_at, path) VALUES (?, ?, '1001', 'inbound', 'all', ?, ?)`).run(`rec-${channelId}`, channelId, now - 110_000, `/nowhere/${channelId}.wav`);
  };

  beforeAll(async () => {
    s = await startConsoleService({ agents: 1 });
    browser = await launchChromium();
    qa2 = new TokensRepo(s.service.db).create({ name: 'sun-qa', role: 'qa' }, Date.now()).token;
    s.api.store.qa.insertForm(
      {
        name: '热线质检表',
        scope: { kind: 'any' },
        threshold: 10,
        items: [
          { key: 'greeting', zh: '规范开场', en: 'Greeting', weight: 10 },
          { key: 'accuracy', zh: '信息准确', en: 'Accurate information', weight: 50 },
          { key: 'attitude', zh: '服务态度', en: 'Attitude', weight: 40 },
          { key: 'secrecy', zh: '未泄露客户信息', en: 'Kept customer data secret', weight: 0, fatal: true },
        ],
      },
      Date.now(),
      'setup',
    );
    s.api.store.kb.insert({ lang: 'zh', category: 'repair', keys: [], title: '停电怎么办', body: '请先确认是否欠费，再拨打报修电话。', createdAt: Date.now(), createdBy: 'setup' });
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

  /** Opens the call's scoring panel on the QA page. */
  const panelOf = async (p: Page, channelId: string) => {
    const row = p.locator(`tr[data-call="${channelId}"]`);
    await row.waitFor();
    await row.locator('[data-action=score]').click();
    const panel = p.locator(`tr[data-qa-for="${channelId}"]`);
    await panel.getByTestId('qa-panel').waitFor();
    return panel;
  };

  it.each([
    ['zh', 'qa-zh', { flagged: '评分差异 15 分，超过阈值 10 分，需校准', disputed: '已申诉' }],
    ['en', 'qa-en', { flagged: 'Scores differ by 15, over the threshold of 10: calibrate', disputed: 'Disputed' }],
  ] as const)('in %s, two QA users score one call, it is flagged, and the agent disputes', async (lang, channelId, want) => {
    recordedCall(channelId);
    // First scorer: 10 + 45 + 35 = 90, with a comment.
    const a = await open(s.tokens.qa, lang, 'qa');
    let panel = await panelOf(a, channelId);
    const form = panel.getByTestId('qa-score-form');
    await form.locator('input[name=accuracy]').fill('45');
    await form.locator('input[name=attitude]').fill('35');
    await form.locator('textarea[name=comment]').fill('核实了用户地址');
    await form.locator('[data-action=add-comment]').click();
    await form.locator('[data-action=submit-score]').click();
    await expect.poll(() => panel.getByTestId('qa-scores').locator('li[data-score]').count()).toBe(1);
    expect(await panel.getByTestId('qa-flagged').count()).toBe(0);
    // Second scorer: 5 + 30 + 40 = 75, 15 points apart with a threshold of 10.
    const b = await open(qa2, lang, 'qa');
    panel = await panelOf(b, channelId);
    await panel.locator('input[name=greeting]').fill('5');
    await panel.locator('input[name=accuracy]').fill('30');
    await panel.locator('[data-action=submit-score]').click();
    await expect.poll(() => panel.getByTestId('qa-flagged').textContent()).toBe(want.flagged);
    await screenshot(b, `quality-flagged-${lang}`);
    // The agent sees both scores and the comment, and disputes the first.
    const agent = await open(s.tokens.agent, lang, 'qa');
    panel = await panelOf(agent, channelId);
    await expect.poll(() => panel.getByTestId('qa-scores').locator('li[data-score]').count()).toBe(2);
    expect(await panel.locator('.qa-comment').first().textContent()).toBe('0:00 核实了用户地址');
    expect(await panel.getByTestId('qa-flagged').textContent()).toBe(want.flagged);
    const first = panel.locator('li[data-score]').first();
    await first.locator('input[name=disputeNote]').fill('地址是用户口述的');
    await first.locator('[data-action=dispute]').click();
    await expect.poll(() => first.locator('.badge').last().textContent()).toBe(` ${want.disputed}`);
    await screenshot(agent, `quality-disputed-${lang}`);
    const scores = s.api.store.qa.scoresOfCall(channelId);
    expect(scores.map((x) => [x.scorer, x.total, x.response])).toEqual([['zhao-qa', 90, 'disputed'], ['sun-qa', 75, null]]);
  });

  it.each([
    ['zh', { none: '知识库中没有找到。', logged: '已记录（共被问 1 次）' }],
    ['en', { none: 'Nothing found in the knowledge base.', logged: 'Logged (asked 2 times)' }],
    // The English run asks the same question again: its count grows.
  ] as const)('in %s, finds an article by a 2-character word and logs a question it cannot answer', async (lang, want) => {
    const p = await open(s.tokens.agent, lang, 'kb');
    const search = async (q: string) => {
      await p.locator('input[name=q]').fill(q);
      await p.locator('button[type=submit]').click();
    };
    await search('报修');
    await expect.poll(() => p.getByTestId('kb-results').locator('h3').allTextContents()).toEqual(['停电怎么办']);
    await search('水费');
    await expect.poll(() => p.getByTestId('kb-none').textContent()).toContain(want.none);
    await p.locator('[data-action=log-not-found]').click();
    await expect.poll(() => p.getByTestId('kb-logged').textContent()).toBe(want.logged);
    // The manager sees it listed with its count.
    const m = await open(s.tokens.manager, lang, 'kb');
    await expect.poll(() => m.getByTestId('kb-gaps').locator('tbody tr td').first().textContent()).toBe('水费');
    await screenshot(m, `kb-gaps-${lang}`);
  });

  it.each([
    ['zh', '缺 3 人'],
    ['en', '3 short'],
  ] as const)('in %s, the roster shows the 10:00 peak short against the forecast requirement', async (lang, want) => {
    // Eight weeks of history before the day: 20 calls at 10:00 every day (Erlang C at 80 % in 20 s, 180 s: 4 agents).
    const date = lang === 'zh' ? '2026-03-10' : '2026-03-11';
    const midnight = Date.parse(`${date}T00:00:00+08:00`);
    if (lang === 'zh') {
      for (let d = 1; d <= 57; d++) for (let i = 0; i < 20; i++) s.service.repo.insert({ channelId: `hist-${d}-${i}`, direction: 'inbound', startedAt: midnight - d * 86_400_000 + 36_000_000 + i * 60_000, callerNumber: '13900000000', calledNumber: '4008001234', entryNumber: '4008001234', ivrPath: [] });
      s.service.repo.flush();
    }
    const p = await open(s.tokens.supervisor, lang, 'roster');
    await p.locator('input[name=date]').fill(date);
    const add = p.getByTestId('roster-add');
    await add.locator('input[name=agentId]').fill('1001');
    await add.locator('button[type=submit]').click();
    await expect.poll(() => p.getByTestId('roster-shifts').locator('tr[data-shift]').count()).toBe(1);
    const peak = p.locator('tr[data-time="10:00"]');
    await expect.poll(() => peak.locator('td').allTextContents()).toEqual(['10:00', '20', '4', '1', want]);
    expect(await peak.getAttribute('data-short')).toBe('true');
    expect(await p.locator('tr[data-short]').count()).toBe(1);
    await screenshot(p, `roster-short-${lang}`);
  });
});
