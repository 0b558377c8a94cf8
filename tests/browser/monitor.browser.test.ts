/**
 * Issue 13 on the wallboard and the agent console, in headless Chromium against the real HTTP app (telephony stubbed,
 * and the supervision shell replaced by a stand-in that answers like it, since there is no Asterisk): a supervisor
 * picks the phone to monitor on, listens to an agent's call, whispers, barges and stops; each button press is the
 * API's answer and shows the mode, and the agent sees the "monitored" badge pushed on their own live feed while it
 * lasts. A refusal shows its code; other roles get no buttons; the strings come in Chinese too.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorStatus } from '../../src/calls/call-supervision.js';
import type { SupervisorMode } from '../../src/calls/supervision-policy.js';
import { closeAgentConsole, openAs, screenshot, startAgentConsole, type ConsoleService } from './support.js';

describe('supervisor monitor buttons and the monitored badge', () => {
  let s: ConsoleService;
  let browser: Awaited<ReturnType<typeof startAgentConsole>>['browser'];
  const pages: Page[] = [];
  const asked: string[] = [];
  let mode: SupervisorMode | null = null;

  beforeAll(async () => {
    ({ s, browser } = await startAgentConsole({ agents: 2 }));
    const now = Date.now();
    for (const [channelId, agentId] of [['cust-a', '1001'], ['cust-b', '1002']] as const) {
      s.service.repo.insert({ channelId, direction: 'inbound', startedAt: now - 20_000, callerNumber: '13900000031', calledNumber: '4008001234', answeredAt: now - 12_000, agentId, queueGroup: 'general' });
      s.service.acd.agentEvent(agentId, { type: 'offer', callId: channelId });
      s.service.acd.agentEvent(agentId, { type: 'answer', callId: channelId });
    }
    s.service.repo.flush();
    // Agent 1001's call is monitored through a stand-in; 1002's goes to the real shell, which has no bridge for it.
    const real = s.api.supervision;
    const status = (endpoint: string): MonitorStatus => ({ channelId: 'cust-a', agentId: '1001', mode, endpoint, setupMs: 40 });
    s.api.supervision = {
      start: async (channelId, m, endpoint) => {
        if (channelId !== 'cust-a') return real.start(channelId, m, endpoint);
        asked.push(`start ${m} on ${endpoint}`);
        mode = m;
        return status(endpoint);
      },
      switch: async (channelId, m) => {
        if (channelId !== 'cust-a') return real.switch(channelId, m);
        asked.push(`switch ${m}`);
        mode = m;
        return status('2001');
      },
      stop: async (channelId) => {
        if (channelId !== 'cust-a') return real.stop(channelId);
        asked.push('stop');
        mode = null;
        return status('2001');
      },
      monitoredMode: (agentId) => (agentId === '1001' ? mode : real.monitoredMode(agentId)),
    };
  });
  afterAll(() => closeAgentConsole(pages, browser, s));
  // Each open page holds a live feed; Chromium allows six connections to one host, so a test closes its own.
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close();
  });

  const open = async (token: string, lang: 'en' | 'zh', page: string) => {
    const p = await openAs(browser.context, s.url, token, lang, page);
    pages.push(p);
    return p;
  };

  it('listens, whispers, barges and stops from the wallboard; the agent sees the badge while monitored', async () => {
    const wall = await open(s.tokens.supervisor, 'en', 'wallboard');
    const card = wall.locator('[data-agent="1001"] [data-testid=monitor]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-mode')).toBe('none');
    // No phone chosen yet: nothing to ring, so the buttons wait for one.
    expect(await card.locator('[data-action=monitor-listen]').isDisabled()).toBe(true);
    await wall.locator('input[name=monitorEndpoint]').fill('2001');

    const agent = await open(s.tokens.agent, 'en', 'agent');
    await agent.getByTestId('agent-state').waitFor({ timeout: 10_000 });
    expect(await agent.getByTestId('monitored-badge').count()).toBe(0);

    await card.locator('[data-action=monitor-listen]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('listen');
    expect(await card.getByTestId('monitor-mode').textContent()).toBe('Listening');
    const badge = agent.getByTestId('monitored-badge');
    await badge.waitFor({ timeout: 5000 });
    expect(await badge.textContent()).toBe('A supervisor is monitoring this call');
    await screenshot(wall, 'wallboard-monitor-listen');
    await screenshot(agent, 'agent-monitored-badge');

    await card.locator('[data-action=monitor-whisper]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('whisper');
    await card.locator('[data-action=monitor-barge]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('barge');
    expect(await card.locator('[data-action=monitor-barge]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => badge.getAttribute('data-mode'), { timeout: 5000 }).toBe('barge');

    await card.locator('[data-action=monitor-stop]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('none');
    await expect.poll(() => agent.getByTestId('monitored-badge').count(), { timeout: 5000 }).toBe(0);
    expect(asked).toEqual(['start listen on 2001', 'switch whisper', 'switch barge', 'stop']);

    // Every start, change and stop is in the audit log, under the supervisor's name.
    const audit = await fetch(`${s.url}/api/v1/audit?entity=call`, { headers: { authorization: `Bearer ${s.tokens.admin}` } });
    const rows = ((await audit.json()) as { items: { action: string; actor: string }[] }).items.reverse();
    expect(rows.map((r) => `${r.action} ${r.actor}`)).toEqual(['call.monitor.start li-supervisor', 'call.monitor.mode li-supervisor', 'call.monitor.mode li-supervisor', 'call.monitor.stop li-supervisor']);
  });

  it('shows a refusal with its code', async () => {
    const wall = await open(s.tokens.supervisor, 'en', 'wallboard');
    const card = wall.locator('[data-agent="1002"] [data-testid=monitor]');
    await card.waitFor({ timeout: 10_000 });
    // The phone typed in the first test is remembered in this browser.
    expect(await wall.locator('input[name=monitorEndpoint]').inputValue()).toBe('2001');
    await card.locator('[data-action=monitor-listen]').click();
    await expect.poll(() => card.getByRole('alert').textContent(), { timeout: 5000 }).toContain('CALL_NOT_BRIDGED');
    expect(await card.getAttribute('data-mode')).toBe('none');
  });

  it("monitors on the supervisor's own browser phone when they choose it", async () => {
    const wall = await open(s.tokens.supervisor, 'en', 'wallboard');
    await wall.getByTestId('monitor-phone').waitFor({ timeout: 10_000 });
    await wall.locator('select[name=monitorPhone]').selectOption('browser');
    // Their phone card comes up on the wallboard (no desk-phone field, no auto-answer choice: monitor calls answer).
    await wall.getByTestId('phone').waitFor({ timeout: 10_000 });
    expect(await wall.locator('input[name=monitorEndpoint]').count()).toBe(0);
    expect(await wall.locator('input[name=autoAnswer]').count()).toBe(0);
    const card = wall.locator('[data-agent="1001"] [data-testid=monitor]');
    // Enabled once the credential names the endpoint to ring.
    await expect.poll(() => card.locator('[data-action=monitor-listen]').isEnabled(), { timeout: 10_000 }).toBe(true);
    await card.locator('[data-action=monitor-listen]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('listen');
    const started = asked.at(-1)!;
    expect(started).toMatch(/^start listen on websup\d+$/);
    expect(s.service.phones.kindOf(started.replace('start listen on web', ''))).toBe('browser');
    await card.locator('[data-action=monitor-stop]').click();
    await expect.poll(() => card.getAttribute('data-mode'), { timeout: 5000 }).toBe('none');
    // Back to the desk phone for the tests after.
    await wall.locator('select[name=monitorPhone]').selectOption('desk');
  });

  it('speaks Chinese, and gives other roles no monitor buttons', async () => {
    const wall = await open(s.tokens.supervisor, 'zh', 'wallboard');
    const card = wall.locator('[data-agent="1001"] [data-testid=monitor]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('button').allTextContents()).toEqual(['监听', '耳语', '强插']);
    expect(await wall.getByTestId('monitor-phone').textContent()).toContain('监听话机');
    for (const role of ['manager', 'read-only'] as const) {
      const p = await open(s.tokens[role], 'en', 'wallboard');
      await p.locator('[data-agent="1001"]').waitFor({ timeout: 10_000 });
      expect(await p.getByTestId('monitor').count(), role).toBe(0);
      expect(await p.getByTestId('monitor-phone').count(), role).toBe(0);
    }
  });
});
