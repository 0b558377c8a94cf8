/**
 * Issue 13: the agent console's transfer panel on the current call, in headless Chromium against the real HTTP app
 * (telephony stubbed, so no bridge): the panel is there next to hold, sends the transfer, and shows the API's refusal
 * with its code.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAs, startConsoleService, type ConsoleService } from './support.js';

describe('transfer panel in the agent console', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    s = await startConsoleService({ agents: 2 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('offers blind and consult transfers on the current call and shows a refusal with its code', async () => {
    const now = Date.now();
    s.service.repo.insert({ channelId: 'cust-x', direction: 'inbound', startedAt: now - 20_000, callerNumber: '13900000031', calledNumber: '4008001234', answeredAt: now - 12_000, agentId: '1001', queueGroup: 'general' });
    s.service.repo.flush();
    s.service.acd.agentEvent('1001', { type: 'offer', callId: 'cust-x' });
    s.service.acd.agentEvent('1001', { type: 'answer', callId: 'cust-x' });
    const p = await openAs(browser.context, s.url, s.tokens.agent, 'en', 'agent');
    const panel = p.getByTestId('call-transfer');
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-state')).toBe('talking');
    await panel.locator('select').selectOption('number');
    await panel.locator('input').fill('13900000009');
    await panel.locator('[data-action=transfer-consult]').click();
    // The stubbed telephony has no bridge for this call: the API's refusal and its code are shown in the panel.
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('CALL_NOT_BRIDGED');
    // A skill group is transferred blind only.
    await panel.locator('select').selectOption('group');
    expect(await panel.locator('[data-action=transfer-consult]').count()).toBe(0);
    expect(await panel.locator('[data-action=transfer-blind]').count()).toBe(1);
    await p.close();
  });
});
