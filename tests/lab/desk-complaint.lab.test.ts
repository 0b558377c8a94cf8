/**
 * A complaint from a call to the callback, on the lab (issue 15, must show): a SIPp caller reaches a SIPp agent, the
 * agent opens a complaint from the call through the API, the floor supervisor escalates and resolves it, the dialer
 * calls the caller's number back through the lab carrier to the agent, and the complaint statistics count it. The
 * agent then sees it all in the caller's history.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCallPath } from '../../src/cli/call-path.js';
import type { Config } from '../../src/config/schema.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { carrierNumbers, carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { inBusinessHours, ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, waitFor } from './support.js';

// The caller's number is one the lab carrier answers as a person when it is dialed back.
const caller = carrierNumbers.human;

describe('a complaint from a call to its callback, on the lab', () => {
  const lab = new ServiceLab();
  let service: Service;
  let config: Config;
  let carrier: Carrier;
  // The time the dialer's calling windows see: moved to 10:00 tomorrow (Shanghai) before the callback is owed.
  let shift = 0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    config = await serviceConfig((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      for (const g of c.acd.groups) g.wrapUpS = 0;
      c.dialer.tickMs = 100;
    });
    carrier = await startCarrier(carrierOptions(config));
    service = await lab.start(config, { flowNow: inBusinessHours, dialerNow: () => Date.now() + shift });
    const repo = new TokensRepo(service.db);
    tokens.agent = repo.create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    tokens.supervisor = repo.create({ name: 'li', role: 'supervisor' }, Date.now()).token;
  });
  afterAll(async () => {
    await lab.stop();
    await carrier?.stop();
  });

  const api = (token: string, method: string, path: string, body?: unknown) => lab.api(token, method, path, body);

  it('is opened from the call, escalated, resolved; the callback is dialed to the caller and the statistics count it', async () => {
    const t0 = Date.now();
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 500 }, talk: { kind: 'hangup-after', ms: 2500 } }, { ids: ['1001'] });
    await placeCall({ ...callerTarget(config), number: '4008001234', from: caller, keys: '2', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    const inbound = service.repo.recent(50).find((r) => r.direction === 'inbound' && r.callerNumber === caller);
    const call = await closedRecord(service, inbound!.channelId);
    expect(call).toMatchObject({ endedIn: 'agent', agentId: '1001' });
    // What `hotline call` prints of this call's record: the menu choice on the path, and the agent it ended with.
    const said = formatCallPath(call, 'h.db');
    expect(said.find((l) => l.startsWith('path:'))).toMatch(/main_menu \[2: chosen\]/);
    expect(said.at(-1)).toMatch(/^ended in: {2}agent \(agent 1001, queue \w+, waited \d+\.\d s\)$/);

    const opened = await api(tokens.agent!, 'POST', '/complaints', { channelId: call.channelId, category: 'repair-delay', department: 'engineering', description: '报修三天无人上门' });
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ callerNumber: caller, state: 'registered', channelId: call.channelId });
    const id = opened.json.id as number;
    const escalated = await api(tokens.supervisor!, 'POST', `/complaints/${id}/actions`, { action: 'escalate' });
    expect(escalated.json).toMatchObject({ state: 'escalated', escalation: 'supervisor' });

    // The callbacks campaign keeps calling hours: from here on the dialer's clock reads 10:00 tomorrow.
    shift = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toMillis() - Date.now();
    const invitesBefore = carrier.calls().filter((c) => c.dialed?.endsWith(caller)).length;
    const resolved = await api(tokens.supervisor!, 'POST', `/complaints/${id}/actions`, { action: 'resolve', resolution: '已派工程部上门维修' });
    expect(resolved.json).toMatchObject({ state: 'resolved' });
    expect(resolved.json.callbackId).toEqual(expect.any(Number));

    // The dialer calls the caller's number back through the carrier, and the call reaches the agent.
    const lead = await waitFor(() => {
      const c = service.campaigns.find(config.dialer.callbacks.campaign);
      const l = c && service.leads.byPhone(c.id, `+86${caller}`);
      return l?.state === 'done-success' ? l : null;
    }, 40_000, 'the complaint callback to be made');
    expect(service.attempts.ofLead(lead.id)).toEqual([expect.objectContaining({ reason: 'callback', outcome: 'human', agentId: '1001' })]);
    expect(carrier.calls().filter((c) => c.dialed?.endsWith(caller)).length).toBe(invitesBefore + 1);

    // The complaint statistics (顾客投诉分类统计表) count it, resolved.
    const stats = await api(tokens.supervisor!, 'GET', `/complaints/stats?from=${new Date(t0 - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(stats.json.byCategory).toContainEqual(expect.objectContaining({ key: 'repair-delay', total: 1, resolved: 1 }));
    expect(stats.json.byDepartment).toContainEqual(expect.objectContaining({ key: 'engineering', total: 1, resolved: 1 }));

    // The next time the caller calls, the agent's caller history shows the call under its complaint, and the callback.
    const history = await api(tokens.supervisor!, 'GET', `/callers/${caller}/history`);
    expect((history.json.calls as Array<{ channelId: string }>).map((c) => c.channelId)).toContain(call.channelId);
    expect(history.json.callbacks).toEqual([expect.objectContaining({ reason: 'complaint-resolved', state: 'dialing' })]);
  }, 120_000);
});
