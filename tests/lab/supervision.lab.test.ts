/**
 * Issue 13: supervisors listen, whisper and barge through ARI, from the API. A SIPp caller to the 400 hotline talks
 * (a tone) to SIPp agent 1001; a supervisor's desk phone (SIPp phone 1002, not an ACD agent) is rung by the monitor:
 * listening it receives the audio of one snoop on the agent's leg (whispering out to the agent, the supervisor's leg
 * muted) while the conversation's bridge holds only the caller and the agent; whispering unmutes the leg, the same
 * snoop kept (never more than one snoop during listen ↔ whisper switching); barging hangs it up and puts the
 * supervisor's leg in the conversation's bridge with both. The supervisor's phone sends a 625 Hz tone, the caller a
 * 1000 Hz one. The agent's phone names the test's RTP receiver in its SDP, so the test hears what Asterisk sends that
 * phone, whispers mixed in (phoneEar); a snoop of the test (spy=out) hears what Asterisk sends the caller. So: listening,
 * neither hears the supervisor; whispering, only the agent's phone does; barging, both. No snoop is left after the stop
 * (the one hung up for the barge may linger there, out of every bridge). An agent token is refused. Also times the snoop set-up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { ulawTone } from '../../src/lab/tone.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ulawPcap } from '../../src/lab/pcap.js';
import { phoneEar, snoopEar, type Ear } from './snoop-ear.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, waitFor } from './support.js';

function ari(config: Config) {
  const authorization = `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}`;
  return async <T>(path: string): Promise<T> => {
    const res = await fetch(`${config.ari.url}/ari${path}`, { headers: { authorization } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe('supervisors listen, whisper and barge through ARI', () => {
  const lab = new ServiceLab();
  let ears: Ear[] = [];

  afterEach(async () => {
    await Promise.all(ears.map((e) => e.close()));
    ears = [];
    await lab.stop();
  });

  it("rings the supervisor's phone, listens, whispers, barges and stops; an agent token is refused", async () => {
    const config = await serviceConfig((c) => {
      c.dialer.enabled = false;
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    const s = await lab.start(config);
    const tokens = new TokensRepo(s.db);
    const supervisor = tokens.create({ name: 'li-supervisor', role: 'supervisor' }, Date.now()).token;
    const agent = tokens.create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const r = await lab.api(token, method, path, body);
      return { status: r.status, json: async () => r.json };
    };
    const get = ari(config);
    const rtp = async (id: string) => (await get<{ txcount: number }>(`/channels/${id}/rtp_statistics`)).txcount;
    const inBridge = async (id: string) => (await get<{ channels: string[] }>(`/bridges/${id}`)).channels.sort();

    const toAgent = await phoneEar(config.lab.agentsHost);
    ears = [toAgent];
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' }, listenPort: toAgent.port }, { ids: ['1001'] });
    const voice = join(config.lab.dir, 'sipp', 'supervisor-voice.pcap');
    mkdirSync(dirname(voice), { recursive: true });
    writeFileSync(voice, ulawPcap(ulawTone(625, 30_000)));
    lab.phones.push(...(await startAgentPhones(config, { answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' }, sendPcap: voice }, { ids: ['1002'] })));
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 30_000) }]);
    const placed = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'after-answer', afterMs: 26_000 } });
    const leg = await waitFor(() => s.repo.recent(5).find((r) => r.direction === 'outbound' && r.answeredAt !== null), 30_000, "the agent's answer");
    const caller = s.repo.recent(5).find((r) => r.direction === 'inbound')!;
    const conv = await waitFor(() => s.recordings.conversation(caller.channelId), 5000, 'the bridge');
    const path = `/calls/${caller.channelId}/monitor`;
    const toCaller = await snoopEar(config, caller.channelId, `caller-${config.lab.instance ?? 0}`);
    ears.push(toCaller);
    const supervisorHeard = (ear: Ear, since: number, until?: number) => ear.share(625, since, until);

    const refused = await call('POST', path, agent, { mode: 'listen', endpoint: '1002' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN');

    // Listen: the supervisor's phone receives the conversation; the conversation's bridge is still the two of them.
    const started = await call('POST', path, supervisor, { mode: 'listen', endpoint: '1002' });
    expect(started.status).toBe(200);
    const start = (await started.json()) as { mode: string; setupMs: number; agentId: string };
    expect(start).toMatchObject({ mode: 'listen', agentId: '1001' });
    const svLeg = (await get<{ id: string }[]>('/channels')).map((c) => c.id).find((id) => id.startsWith('sv-leg-'))!;
    expect(svLeg).toBeDefined();
    expect(await inBridge(conv.bridgeId)).toEqual([caller.channelId, leg.channelId].sort());
    const t0 = await rtp(svLeg);
    const m0 = Date.now();
    await sleep(2000);
    expect((await rtp(svLeg)) - t0, 'RTP to the listening supervisor').toBeGreaterThan(50);
    expect(toAgent.share(1000, m0), "the caller's tone at the agent's phone (the ear works)").toBeGreaterThan(0.3);
    expect(supervisorHeard(toAgent, m0), "the supervisor at the agent's phone while listening").toBeLessThan(0.05);
    expect(supervisorHeard(toCaller, m0), 'the supervisor heard by the caller while listening').toBeLessThan(0.05);

    // Whisper: the supervisor's leg is unmuted; the same snoop whispers them out toward the agent's phone.
    const snoops = async () => (await get<{ id: string }[]>('/channels')).map((c) => c.id).filter((id) => id.startsWith('sv-snoop-'));
    const theSnoop = [`sv-snoop-${caller.channelId}-1`];
    expect(await snoops()).toEqual(theSnoop);
    const whisper = await call('PATCH', path, supervisor, { mode: 'whisper' });
    expect(((await whisper.json()) as { mode: string }).mode).toBe('whisper');
    expect(await snoops()).toEqual(theSnoop);
    expect(await inBridge(conv.bridgeId)).toEqual([caller.channelId, leg.channelId].sort());
    const e0 = Date.now();
    const t1 = await rtp(svLeg);
    await sleep(300);
    const m1 = Date.now();
    await sleep(1500);
    expect((await rtp(svLeg)) - t1, 'RTP to the whispering supervisor').toBeGreaterThan(35);
    // Only the agent's phone receives the supervisor: the RTP to it carries the 625 Hz tone, the caller's none.
    expect(supervisorHeard(toAgent, m1), "the supervisor at the agent's phone while whispering").toBeGreaterThan(0.2);
    expect(toAgent.share(1000, m1), "the caller still at the agent's phone while whispering").toBeGreaterThan(0.1);
    expect(supervisorHeard(toCaller, m1), 'the supervisor heard by the caller while whispering').toBeLessThan(0.05);

    // Switch time: whisper ↔ listen (a mute or unmute of the supervisor's leg), same run. The snoops are counted
    // all along: never more than the one.
    const w1 = Date.now();
    const switchMs: number[] = [];
    const seen = new Set<string>();
    let most = 0;
    let switching = true;
    const watching = (async () => {
      while (switching) {
        const ids = await snoops();
        most = Math.max(most, ids.length);
        ids.forEach((id) => seen.add(id));
        await sleep(10);
      }
    })();
    for (let i = 0; i < 11; i++) {
      const r = await call('PATCH', path, supervisor, { mode: i % 2 === 0 ? 'listen' : 'whisper' });
      switchMs.push(((await r.json()) as { setupMs: number }).setupMs);
    }
    switching = false;
    await watching;
    expect(most, 'snoops up at once during listen ↔ whisper switching').toBe(1);
    expect([...seen], 'snoops seen during listen ↔ whisper switching').toEqual(theSnoop);
    // Back to listening (the last switch): muted again, the agent's phone no longer receives the supervisor.
    await sleep(300);
    const m3 = Date.now();
    await sleep(1000);
    expect(supervisorHeard(toAgent, m3), "the supervisor at the agent's phone listening again").toBeLessThan(0.05);
    expect(toAgent.share(1000, m3), "the caller at the agent's phone listening again").toBeGreaterThan(0.3);

    // Barge (from listen: the leg unmuted once the snoop is hung up): the supervisor's leg joins the conversation's bridge, no snoop left.
    const e1 = Date.now();
    const barge = await call('PATCH', path, supervisor, { mode: 'barge' });
    expect(((await barge.json()) as { mode: string }).mode).toBe('barge');
    expect(await inBridge(conv.bridgeId)).toEqual([caller.channelId, leg.channelId, svLeg].sort());
    // The snoop hung up for the barge leaves the app at once, but Asterisk may destroy it only once the agent's channel
    // passes audio through its audiohooks again: it may linger, alone and out of every bridge; none after the stop.
    let left: string[] = [];
    await waitFor(async () => (left = await snoops()).length === 0 || undefined, 2000, 'no snoop left').catch(() => undefined);
    expect(left.filter((id) => !theSnoop.includes(id)), 'snoops during the barge other than the one hung up').toEqual([]);
    const bridged = (await get<{ channels: string[] }[]>('/bridges')).flatMap((b) => b.channels);
    expect(left.filter((id) => bridged.includes(id)), 'a replaced snoop still in a bridge').toEqual([]);
    if (left.length > 0) console.warn(`snoops still up during the barge: ${left.join(' ')}`);
    const t2 = await rtp(svLeg);
    await sleep(300);
    const m2 = Date.now();
    await sleep(1500);
    expect((await rtp(svLeg)) - t2, 'RTP to the barging supervisor').toBeGreaterThan(35);
    // The caller hears the supervisor (the agent's phone is silent, so the supervisor is all they hear); so does the agent.
    expect(supervisorHeard(toCaller, m2), 'the supervisor heard by the caller while barging').toBeGreaterThan(0.5);
    expect(supervisorHeard(toAgent, m2), "the supervisor at the agent's phone while barging").toBeGreaterThan(0.2);
    console.log(`625 Hz share heard: listen agent ${supervisorHeard(toAgent, m0, e0).toFixed(3)} caller ${supervisorHeard(toCaller, m0, e0).toFixed(3)}; whisper agent ${supervisorHeard(toAgent, m1, w1).toFixed(3)} caller ${supervisorHeard(toCaller, m1, w1).toFixed(3)}; listen again agent ${supervisorHeard(toAgent, m3, e1).toFixed(3)}; barge agent ${supervisorHeard(toAgent, m2).toFixed(3)} caller ${supervisorHeard(toCaller, m2).toFixed(3)}`);

    const stopped = await call('DELETE', path, supervisor);
    expect(((await stopped.json()) as { mode: string | null }).mode).toBeNull();
    await waitFor(async () => !(await get<{ id: string }[]>('/channels')).some((c) => c.id.startsWith('sv-')) || undefined, 5000, 'the supervisor leg and every snoop gone');
    expect(await inBridge(conv.bridgeId)).toEqual([caller.channelId, leg.channelId].sort());
    const audit = await call('GET', '/audit?entity=call', tokens.create({ name: 'root', role: 'admin' }, Date.now()).token);
    const actions = ((await audit.json()) as { items: { action: string }[] }).items.map((a) => a.action);
    expect(actions.filter((a) => a === 'call.monitor.mode')).toHaveLength(13);
    expect(actions).toContain('call.monitor.start');
    expect(actions).toContain('call.monitor.stop');
    // eslint-disable-next-line no-console
    console.log(`monitor start (ring + answer + mute + snoop) ${start.setupMs} ms; listen ↔ whisper switch p50 ${pct(switchMs, 50)} ms p95 ${pct(switchMs, 95)} ms (n=${switchMs.length}: ${switchMs.join(' ')})`);
    await placed;
  }, 40_000);
});
