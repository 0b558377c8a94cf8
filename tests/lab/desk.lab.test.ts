/**
 * The service desk on the lab (issue 15): a SIPp caller reports a repair to a SIPp agent, the agent wraps up through
 * the API as 报修 with a new work order (wrap-up required before ready), and the caller keys that order number in the
 * IVR and hears its status; a VIP added through the API reaches the VIP queue, a blocked caller is refused and
 * recorded as harassment.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import type { Service } from '../../src/service/service.js';
import type { CallRow } from '../../src/store/calls-repo.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, waitFor } from './support.js';

const steps = (row: CallRow) => row.ivrPath.map((s) => [s.node, s.key, s.note].filter(Boolean).join(':'));

describe('the service desk on the lab', () => {
  const lab = new ServiceLab();
  let service: Service;
  let config: Config;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    config = await serviceConfig((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      c.desk.wrapUpRequired = true;
      c.dialer.enabled = false;
    });
    service = await lab.start(config);
    const repo = new TokensRepo(service.db);
    tokens.agent = repo.create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    tokens.supervisor = repo.create({ name: 'li', role: 'supervisor' }, Date.now()).token;
  });
  afterAll(() => lab.stop());

  const api = (token: string, method: string, path: string, body?: unknown) => lab.api(token, method, path, body);
  const lastInboundFrom = (from: string, after = 0) => service.repo.recent(50).find((r) => r.direction === 'inbound' && r.callerNumber === from && r.id > after);

  it('a repair report: wrapped up as 报修 with a new work order, whose number the caller then keys in to hear its status', async () => {
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 3000 } }, { ids: ['1001'] });
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '2', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    const first = await closedRecord(service, lastInboundFrom('13800138000')!.channelId);
    expect(first).toMatchObject({ endedIn: 'agent', agentId: '1001', queueGroup: 'repair' });
    // Wrap-up required: the agent stays in after-call work, owing this call's wrap-up, and cannot go ready.
    await waitFor(() => service.acd.agentList()[0]!.wrapUpOwed === first.channelId || undefined, 5000, 'the agent to owe the wrap-up');
    expect((await api(tokens.agent!, 'POST', '/agents/1001/ready')).json.code).toBe('WRAP_UP_REQUIRED');

    const w = await api(tokens.agent!, 'POST', `/calls/${first.channelId}/wrap-up`, { category: 'repair', result: 'resolved', notes: '厨房水管漏水', newWorkOrder: { description: '厨房水管漏水' } });
    expect(w.status).toBe(201);
    const orderNo = w.json.workOrderNo as string;
    expect(orderNo).toMatch(/^\d{8,}$/);
    expect(service.acd.agentList()[0]!.state).toBe('ready');
    // The daily report counts the call under 报修.
    const today = DateTime.now().setZone(config.api.reports.timeZone).toISODate()!;
    const kpis = await api(tokens.supervisor!, 'GET', `/reports/kpis?from=${today}&to=${today}`);
    expect((kpis.json.inbound as { categories: unknown[] }).categories).toContainEqual({ category: 'repair', calls: 1, resolved: 1 });

    // The caller calls again and keys the number at option 4.
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: `4,,,${orderNo}#`, firstKeyAfterMs: 1500, hangup: { kind: 'after-answer', afterMs: 24_000 } });
    const second = await closedRecord(service, lastInboundFrom('13800138000', first.id)!.channelId, 15_000);
    expect(second.digits).toBe(`4${orderNo}#`);
    expect(steps(second)).toEqual(expect.arrayContaining(['order_lookup', 'status_received']));
  }, 120_000);

  it('a VIP added through the API reaches the VIP queue; a blocked caller is refused and recorded as harassment', async () => {
    expect((await api(tokens.supervisor!, 'POST', '/caller-lists/vip', { number: '13700137000' })).status).toBe(201);
    expect((await api(tokens.supervisor!, 'POST', '/caller-lists/blocked', { number: '13600136000' })).status).toBe(201);
    await Promise.all([
      // 10 s: long enough to hear the VIP welcome and reach the queue even when the prompts run slow.
      placeCall({ ...callerTarget(config), number: '4008001234', from: '13700137000', keys: '', hangup: { kind: 'after-answer', afterMs: 10_000 } }),
      placeCall({ ...callerTarget(config), number: '4008001234', from: '13600136000', keys: '', hangup: { kind: 'far-end', maxMs: 20_000 } }),
    ]);
    const vip = await closedRecord(service, lastInboundFrom('13700137000')!.channelId);
    expect(steps(vip)).toEqual(expect.arrayContaining(['vip_welcome', 'vip_queue']));
    // The record says where the call waited: the VIP queue, not the general one the flow would otherwise reach.
    expect(vip.queueGroup).toBe('vip');
    const blocked = await closedRecord(service, lastInboundFrom('13600136000')!.channelId);
    expect(steps(blocked)).toContain('blocked');
    expect(blocked).toMatchObject({ endedIn: 'blocked', nonRegular: 'harassment' });
  }, 90_000);
});
