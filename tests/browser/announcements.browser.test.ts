/**
 * The announcements page in headless Chromium: a supervisor finds the labelling queue, plays an announcement (the
 * audio element gets the WAV), labels one vacant (closing the lead that waited on it), merges one into another and
 * deletes one; a read-only viewer sees the queue without the actions. Screenshots go to test-artifacts/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/announcements/fingerprint.js';
import { storeOf, type Store } from '../../src/store/store.js';
import { voice } from '../unit/announcement-library/audio-fixtures.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('announcements page in Chromium', () => {
  let s: ConsoleService;
  let store: Store;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];
  const ids = { often: 0, twin: 0, noise: 0 };
  let leadId = 0;

  beforeAll(async () => {
    s = await startConsoleService();
    store = storeOf(s.service.db);
    browser = await launchChromium();
    const now = Date.now();
    const campaign = store.campaigns.create('回访', {}, now).id;
    leadId = store.leads.insert({ campaignId: campaign, phone: '+8613800000001', now });
    const due = store.leads.due(campaign, now, 10).find((l) => l.id === leadId)!;
    const attempt = store.attempts.claim(due, 'dial-1', '2026-12-07', now)!;
    store.leads.update(leadId, { state: 'retry-wait', dueAt: now + 3_600_000 }, now);
    const heard = (seed: number, knownId: number | null, number: string, attemptId: number | null = null) => {
      const audio = voice(seed);
      return store.announcements.recordHeard({ fingerprint: fingerprintOf(audio), audio, knownId, score: null, channelId: `c-${number}-${seed}`, number, campaignId: campaign, attemptId, at: now }).id;
    };
    ids.often = heard(1, null, '+8613800000001', attempt.id);
    heard(1, ids.often, '+8613800000002');
    heard(1, ids.often, '+8613800000003');
    ids.twin = heard(2, null, '+8613900000004');
    heard(2, ids.twin, '+8613900000005');
    ids.noise = heard(3, null, '+8613700000006');
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

  const open = async (role: keyof ConsoleService['tokens'], lang: 'zh' | 'en') => {
    const p = await openAs(browser.context, s.url, s.tokens[role], lang, 'announcements');
    pages.push(p);
    return p;
  };
  const row = (p: Page, id: number) => p.locator(`tr[data-announcement="${id}"]`);

  it('lets a supervisor play, label, merge and delete from the labelling queue', async () => {
    const p = await open('supervisor', 'zh');
    await p.getByRole('heading', { name: '运营商提示音', exact: true }).waitFor();
    await row(p, ids.often).waitFor();
    // The most heard first; numbers masked for a supervisor.
    expect(await p.locator('tr[data-announcement]').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-announcement'))))).toEqual([ids.often, ids.twin, ids.noise]);
    expect(await row(p, ids.often).getByTestId('numbers').textContent()).not.toContain('13800000001');
    await screenshot(p, 'announcements-zh');

    await row(p, ids.often).locator('[data-action=play]').click();
    const player = row(p, ids.often).getByTestId('announcement-player');
    await player.waitFor();
    await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.duration), { timeout: 10_000 }).toBeCloseTo(2, 1);

    await row(p, ids.often).locator('select[name=label]').selectOption('vacant');
    await row(p, ids.often).locator('[data-action=label]').click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain(`#${ids.often} 已标注为 空号，1 条等待重拨的名单已结案`);
    expect(store.leads.get(leadId)!.state).toBe('invalid-number');
    // Labelled, it leaves the queue.
    await expect.poll(() => row(p, ids.often).count()).toBe(0);

    await row(p, ids.noise).locator('input[name=into]').fill(String(ids.twin));
    await row(p, ids.noise).locator('[data-action=merge]').click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain(`#${ids.noise} 已合并到 #${ids.twin}`);
    await expect.poll(() => row(p, ids.noise).count()).toBe(0);
    expect(store.announcements.get(ids.noise).mergedInto).toBe(ids.twin);

    p.once('dialog', (d) => void d.accept());
    await row(p, ids.twin).locator('[data-action=delete]').click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain(`#${ids.twin} 已删除`);
    await p.getByTestId('empty').waitFor();
    expect(await p.getByTestId('empty').textContent()).toBe('没有待标注的提示音。');

    await p.locator('select[name=status]').selectOption('labelled');
    await row(p, ids.often).waitFor();
    expect(await row(p, ids.often).getByTestId('label').textContent()).toBe('空号');
    await screenshot(p, 'announcements-labelled-zh');
  });

  it('shows a read-only viewer the library without the actions, in English', async () => {
    const p = await open('read-only', 'en');
    await p.getByRole('heading', { name: 'Announcements', exact: true }).waitFor();
    await p.locator('select[name=status]').selectOption('all');
    await row(p, ids.often).waitFor();
    expect(await row(p, ids.often).getByTestId('label').textContent()).toBe('Vacant');
    expect(await p.locator('[data-action=label], [data-action=delete], [data-action=merge]').count()).toBe(0);
    expect(await p.locator('[data-action=play]').count()).toBe(1);
    await screenshot(p, 'announcements-en');
  });

  it('is not in an agent\'s menu', async () => {
    const p = await openAs(browser.context, s.url, s.tokens.agent, 'en', 'announcements');
    pages.push(p);
    await p.locator('header nav a').first().waitFor();
    expect(await p.locator('header nav a[data-page=announcements]').count()).toBe(0);
  });
});
