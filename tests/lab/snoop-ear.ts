/**
 * A test's ear on what Asterisk sends a channel's phone: an ARI snoop (spy=out) on the channel and an externalMedia
 * channel to a UDP socket of the test, in a bridge of their own. Ids use the early-media hearing prefixes, so the
 * service takes them for helpers, never calls. `share(hz, since, until)` says how much of what arrived then is that tone.
 * `spy: 'in'` hears what the phone sends instead; `heard()` is every chunk with its arrival time on `now` (the bench
 * of issue 13's audio delay passes a sub-millisecond clock).
 * phoneEar hears a SIPp phone's own side instead (the RTP Asterisk sends it).
 */
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { toneShare } from '../../src/announcements/spectrum.js';
import type { Config } from '../../src/config/schema.js';
import type { HeardChunk } from '../../src/lab/tone-onsets.js';
import { openRtpReceiver, parseRtp, rtpToPcm } from '../../src/media/rtp-receiver.js';

export interface Ear {
  /** Mean share of `hz` over 256-sample frames heard since `since` (0 when nothing was heard). */
  share(hz: number, since: number, until?: number): number;
  /** Every chunk heard so far, stamped on arrival. */
  heard(): HeardChunk[];
  close(): Promise<void>;
}

/** Mean share of `hz` over 256-sample frames of what arrived from `since` to `until`. */
function shareOf(chunks: { at: number; pcm: Int16Array }[], hz: number, since: number, until = Infinity): number {
  const pcm = chunks.filter((c) => c.at >= since && c.at < until).flatMap((c) => [...c.pcm]);
  const frames = Math.floor(pcm.length / 256);
  if (frames === 0) return 0;
  const all = Int16Array.from(pcm);
  let sum = 0;
  for (let f = 0; f < frames; f++) sum += toneShare(all, f * 256, 256, hz);
  return sum / frames;
}

/**
 * A phone's own ear: an RTP receiver on the phone's host whose port the phone's SDP names (a SIPp agent phone started
 * with `listenPort`), so it gets what Asterisk sends that phone, after every whisper is mixed in (a snoop cannot).
 */
export async function phoneEar(host: string): Promise<Ear & { port: number }> {
  const chunks: { at: number; pcm: Int16Array }[] = [];
  // Not openRtpReceiver: it keeps only packets from its own address, and Asterisk's RTP to a phone comes from its own.
  const socket = createSocket('udp4');
  socket.on('message', (msg) => {
    const header = parseRtp(msg);
    const pcm = header && rtpToPcm(header);
    if (pcm && pcm.length > 0) chunks.push({ at: Date.now(), pcm });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  return {
    port: socket.address().port,
    heard: () => chunks,
    share: (hz, since, until) => shareOf(chunks, hz, since, until),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

export async function snoopEar(config: Config, channelId: string, tag: string, opts: { spy?: 'in' | 'out'; now?: () => number } = {}): Promise<Ear> {
  const authorization = `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}`;
  const ari = async (method: string, path: string, q: Record<string, string>) => {
    const res = await fetch(`${config.ari.url}/ari${path}?${new URLSearchParams(q).toString()}`, { method, headers: { authorization } });
    if (!res.ok && method !== 'DELETE') throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const chunks: { at: number; pcm: Int16Array }[] = [];
  const receiver = await openRtpReceiver('127.0.0.1', opts.now ?? (() => Date.now()), (pcm, at) => void chunks.push({ at, pcm }));
  const bridgeId = `em-bridge-t-${tag}`;
  const extId = `em-ext-t-${tag}`;
  const snoopId = `em-snoop-t-${tag}`;
  await ari('POST', '/bridges', { type: 'mixing', bridgeId });
  await ari('POST', '/channels/externalMedia', { channelId: extId, app: config.ari.app, data: 'early-media', external_host: `127.0.0.1:${receiver.port}`, format: 'ulaw', encapsulation: 'rtp', transport: 'udp', direction: 'both' });
  await ari('POST', `/channels/${channelId}/snoop`, { spy: opts.spy ?? 'out', whisper: 'none', app: config.ari.app, appArgs: 'early-media', snoopId });
  for (let i = 0; ; i++) {
    try {
      await ari('POST', `/bridges/${bridgeId}/addChannel`, { channel: `${extId},${snoopId}` });
      break;
    } catch (err) {
      if (i > 20) throw err;
      await sleep(20);
    }
  }
  return {
    heard: () => chunks,
    share: (hz, since, until) => shareOf(chunks, hz, since, until),
    async close() {
      await ari('DELETE', `/channels/${snoopId}`, {});
      await ari('DELETE', `/channels/${extId}`, {});
      await ari('DELETE', `/bridges/${bridgeId}`, {});
      await receiver.close();
    },
  };
}
