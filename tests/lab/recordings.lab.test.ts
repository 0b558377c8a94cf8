/**
 * Recordings on the lab: a SIPp caller reaches a SIPp agent through the hotline queue on a line set to record all;
 * Asterisk records the bridge into its spool inside the chroot, the row is finished, the file is an 8 kHz WAV about as
 * long as the conversation, and the API streams it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { buildHttp } from '../../src/http/app.js';
import { labPaths } from '../../src/lab/paths.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import type { Service } from '../../src/service/service.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { callerTarget, closedRecord, freePort, labConfig, startLabService, waitFor } from './support.js';
import { storeOf } from '../../src/store/store.js';

const tuesday10 = Date.parse('2026-11-24T02:00:00Z');
const TALK_MS = 6000;

/** Sample rate, channels, bits and seconds of a RIFF/WAVE file (the chunks Asterisk's wav format writes). */
function wavInfo(b: Buffer): { rate: number; channels: number; bits: number; seconds: number } {
  expect(b.subarray(0, 4).toString()).toBe('RIFF');
  expect(b.subarray(8, 12).toString()).toBe('WAVE');
  let at = 12;
  let fmt: { rate: number; channels: number; bits: number } | undefined;
  let dataBytes = 0;
  while (at + 8 <= b.length) {
    const id = b.subarray(at, at + 4).toString();
    const len = b.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(at + 10), rate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    if (id === 'data') dataBytes = Math.min(len, b.length - at - 8);
    at += 8 + len + (len % 2);
  }
  expect(fmt).toBeDefined();
  return { ...fmt!, seconds: dataBytes / (fmt!.rate * fmt!.channels * (fmt!.bits / 8)) };
}

/** The lab config for these tests: the sample flows, the shared TTS cache and one agent, 1001; `more` adds the rest. */
async function oneAgentLab(more: (c: Config) => void): Promise<{ port: number; config: Config }> {
  const port = await freePort();
  const config = labConfig((c) => {
    c.service.port = port;
    c.ivr.dir = join(projectRoot, 'config/ivr');
    c.prompts.dir = join(c.lab.dir, 'prompts');
    c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    more(c);
  });
  return { port, config };
}

describe('recordings on the lab', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let phones: AgentPhone[] = [];
  let carrier: Carrier | undefined;

  afterEach(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await http?.close();
    await service?.stop();
    await carrier?.stop();
    carrier = undefined;
  });

  it('an inbound line set to all: the queue call with an agent is recorded, listed and streamed', async () => {
    const { port, config } = await oneAgentLab((c) => {
      c.dialer.enabled = false;
      c.recordings.inbound = 'all';
    });
    ({ service } = await startLabService(config, { flowNow: () => tuesday10 + (Date.now() % 60_000) }));
    await service.promptsReady();
    http = buildHttp(service);
    await http.listen({ host: '127.0.0.1', port });
    // Asterisk writes into its spool inside the chroot; this service reads the same directory from the host.
    expect(service.recordingsDir).toBe(join(labPaths(config).root, 'var/spool/asterisk/recording'));

    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: TALK_MS } }, { ids: ['1001'] });
    const report = await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    expect(report.hungUpBy).toBe('far-end');
    const caller = await closedRecord(service, service.repo.recent(5).find((r) => r.direction === 'inbound')!.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: '1001' });
    const leg = service.repo.recent(5).find((r) => r.direction === 'outbound')!;
    const talkS = (leg.endedAt! - leg.answeredAt!) / 1000;

    // The row is finished at hang-up and its size read once Asterisk has closed the file (a few seconds later).
    const rec = await waitFor(() => {
      const r = service!.recordingsRepo.search({ channelId: caller.channelId, limit: 5 })[0];
      return r && r.endedAt !== null && (r.size ?? 0) > 44 ? r : undefined;
    }, 15_000, 'a finished recording row with its size');
    expect(rec).toMatchObject({ agentId: '1001', legChannelId: leg.channelId, direction: 'inbound', mode: 'all', deletedAt: null });
    expect(rec.path).toBe(join(service.recordingsDir, `${rec.name}.wav`));
    expect(existsSync(rec.path)).toBe(true);

    const file = readFileSync(rec.path);
    expect(file.length).toBe(rec.size);
    const info = wavInfo(file);
    expect(info).toMatchObject({ rate: 8000, channels: 1 });
    // Asterisk writes the audio the bridge carries; the lab's SIPp phones are silent after the caller's key, so the
    // file holds that stretch (about 1.5 s), never more than the talk time.
    expect(info.seconds).toBeGreaterThan(0.5);
    expect(info.seconds).toBeLessThan(talkS + 1.5);

    const token = new TokensRepo(service.db).create({ name: 'lab-qa', role: 'supervisor' }, Date.now()).token;
    const auth = { authorization: `Bearer ${token}` };
    const base = `http://127.0.0.1:${port}/api/v1`;
    const list = (await (await fetch(`${base}/recordings?channelId=${encodeURIComponent(caller.channelId)}`, { headers: auth })).json()) as { items: Array<{ id: number; audio: string; customerNumber: string }> };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.customerNumber).toBe('138****8000');
    const call = (await (await fetch(`${base}/calls/${encodeURIComponent(caller.channelId)}`, { headers: auth })).json()) as { recording: string };
    expect(call.recording).toBe(list.items[0]!.audio);

    const audio = await fetch(`http://127.0.0.1:${port}${list.items[0]!.audio}`, { headers: auth });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).equals(file)).toBe(true);
    const part = await fetch(`http://127.0.0.1:${port}${list.items[0]!.audio}`, { headers: { ...auth, range: 'bytes=0-43' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(0, 44))).toBe(true);
  });

  it("a campaign set to record all: the dialed customer's conversation with the agent is recorded with its attempt", async () => {
    const { port, config } = await oneAgentLab((c) => {
      c.dialer.tickMs = 100;
    });
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
    const s = service;
    await s.promptsReady();
    http = buildHttp(s);
    await http.listen({ host: '127.0.0.1', port });
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'hangup-after', ms: 3000 } }, { ids: ['1001'] });
    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
    const campaign = createCampaign(
      storeOf(s.db),
      'recorded',
      { mode: 'progressive', skillGroup: 'general', amd: false, windows: allDay, quietHours: [], ringTimeoutS: 15, recording: 'all' },
      Date.now(),
    );
    // 00 on the carrier: a person answers and stays until hung up.
    const lead = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    await waitFor(() => s.leads.get(lead)!.state === 'done-success', 30_000, 'the lead to be reached');
    const [attempt] = s.attempts.ofLead(lead);
    expect(attempt).toMatchObject({ outcome: 'human', agentId: '1001' });

    const rec = await waitFor(() => {
      const r = s.recordingsRepo.search({ channelId: attempt!.channelId!, limit: 5 })[0];
      return r && r.endedAt !== null && (r.size ?? 0) > 44 ? r : undefined;
    }, 15_000, 'a finished recording row for the campaign call');
    expect(rec).toMatchObject({ direction: 'outbound', mode: 'all', campaignId: campaign.id, attemptId: attempt!.id, agentId: '1001' });
    const info = wavInfo(readFileSync(rec.path));
    expect(info).toMatchObject({ rate: 8000, channels: 1 });
    expect(info.seconds).toBeGreaterThan(0.5);
    const talkS = (phones[0]!.calls()[0]!.endedAt! - phones[0]!.calls()[0]!.answeredAt!) / 1000;
    expect(info.seconds).toBeLessThan(talkS + 1.5);
  });
});
