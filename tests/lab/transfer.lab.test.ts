/**
 * Issue 13: transfers through ARI bridges, from the API. A SIPp caller to the 400 hotline talks to SIPp agent 1001;
 * an outside number on the DNC list is refused; a consult to agent 1002 is cancelled (the caller back with 1001),
 * a second one completed (1001 leaves, the caller's audio reaches 1002); a second caller is blind-transferred from
 * 1001 to 1002. The call_transfers rows keep the chain.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { ulawTone } from '../../src/lab/tone.js';
import { GLOBAL_DNC } from '../../src/store/dnc-repo.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { TransfersRepo } from '../../src/store/transfers-repo.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, rtpStats, waitFor } from './support.js';

describe('transfers through ARI bridges', () => {
  const lab = new ServiceLab();
  afterEach(() => lab.stop());

  it('refuses a DNC number; consults cancelled and completed; a blind transfer to a second agent', async () => {
    const config = await serviceConfig((c) => {
      c.dialer.enabled = false;
      c.acd.groups = c.acd.groups.map((g) => ({ ...g, wrapUpS: 0 }));
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
    });
    const s = await lab.start(config);
    const agent = new TokensRepo(s.db).create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    const post = async (path: string, body?: unknown) => {
      const r = await lab.api(agent, 'POST', path, body);
      return { status: r.status, body: r.json };
    };
    const transfers = new TransfersRepo(s.db);
    s.dnc.add('+8613900000009', GLOBAL_DNC, 'asked', Date.now());
    // 1002 is kept out of the queue (paused) so the callers reach 1001; ready again as the transfer target.
    expect(s.acd.agentEvent('1002', { type: 'pause', reason: 'lab' })).not.toBeInstanceOf(Error);
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'far-end' } }, { ids: ['1001', '1002'] });
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 30_000) }]);
    const bridged = async () => {
      const live = () => s.repo.recent(10).filter((r) => r.endedAt === null);
      const leg = await waitFor(() => live().find((r) => r.direction === 'outbound' && r.calledNumber === '1001' && r.answeredAt !== null), 20_000, "1001's answer");
      const caller = live().find((r) => r.direction === 'inbound')!;
      await waitFor(() => s.recordings.conversation(caller.channelId), 5000, 'the bridge');
      return { leg: leg.channelId, caller: caller.channelId };
    };

    const call1 = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'after-answer', afterMs: 13_000 } });
    const c1 = await bridged();
    expect(s.acd.agentEvent('1002', { type: 'ready' })).not.toBeInstanceOf(Error);

    const dnc = await post(`/calls/${c1.leg}/transfer`, { target: { kind: 'number', number: '13900000009' } });
    expect(dnc.status).toBe(422);
    expect(dnc.body).toMatchObject({ code: 'TRANSFER_REFUSED', details: { reason: 'dnc' } });

    const consult = await post(`/calls/${c1.leg}/transfer`, { target: { kind: 'agent', agentId: '1002' }, mode: 'consult' });
    expect(consult).toMatchObject({ status: 200, body: { state: 'consulting' } });
    await sleep(800);
    expect(await post(`/calls/${c1.caller}/transfer/cancel`)).toMatchObject({ status: 200, body: { state: 'talking' } });
    await closedRecord(s, consult.body['legId'] as string, 5000);
    expect(s.repo.get(c1.leg)?.endedAt).toBeNull();

    const again = await post(`/calls/${c1.leg}/transfer`, { target: { kind: 'agent', agentId: '1002' }, mode: 'consult' });
    expect(again).toMatchObject({ status: 200, body: { state: 'consulting' } });
    await sleep(800);
    expect(await post(`/calls/${c1.caller}/transfer/complete`)).toMatchObject({ status: 200, body: { state: 'transferred' } });
    await closedRecord(s, c1.leg, 5000);
    const target = again.body['legId'] as string;
    const t0 = (await rtpStats(config, target)).txcount;
    await sleep(1500);
    expect(((await rtpStats(config, target)).txcount) - t0, "the caller's tone reaches 1002 after 1001 left").toBeGreaterThan(40);
    await call1;
    expect(transfers.ofCall(c1.caller).map((t) => [t.kind, t.target, t.outcome])).toEqual([
      ['attended', '1002', 'cancelled'],
      ['attended', '1002', 'completed'],
    ]);
    expect(transfers.ofCall(c1.caller).every((t) => t.holdMs > 500)).toBe(true);

    await sleep(500);
    expect(s.acd.agentEvent('1002', { type: 'pause', reason: 'lab' })).not.toBeInstanceOf(Error);
    const call2 = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138001', mediaPcap: media, hangup: { kind: 'after-answer', afterMs: 9000 } });
    const c2 = await bridged();
    expect(s.acd.agentEvent('1002', { type: 'ready' })).not.toBeInstanceOf(Error);
    const blind = await post(`/calls/${c2.leg}/transfer`, { target: { kind: 'agent', agentId: '1002' } });
    expect(blind).toMatchObject({ status: 200, body: { state: 'transferred' } });
    await closedRecord(s, c2.leg, 5000);
    expect(s.repo.get(c2.caller)?.endedAt).toBeNull();
    await call2;
    expect(transfers.ofCall(c2.caller)).toMatchObject([{ kind: 'blind', targetKind: 'agent', target: '1002', fromAgent: '1001', outcome: 'completed' }]);
  });
});
