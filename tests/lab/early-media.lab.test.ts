import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/ari/port.js';
import type { CallEnded } from '../../src/calls/call-recorder.js';
import { earlyMediaNumber, type EarlyMediaScene } from '../../src/lab/early-media-plan.js';
import { readIfExists } from '../../src/lab/sipp.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { parseShortMessages } from '../../src/lab/sipp-trace.js';
import type { Service } from '../../src/service/service.js';
import { ariBridges, labConfig, startLabService, waitFor } from './support.js';

/** Energy in the speech band (300-3400 Hz): RMS after a band-pass biquad (RBJ, centre 1 kHz, Q 0.35). */
function speechBandRms(pcm: Int16Array): number {
  const w0 = (2 * Math.PI * 1000) / 8000;
  const alpha = Math.sin(w0) / (2 * 0.35);
  const a0 = 1 + alpha;
  const [b0, b2, a1, a2] = [alpha / a0, -alpha / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0];
  let [x1, x2, y1, y2, sum] = [0, 0, 0, 0, 0];
  for (const x of pcm) {
    const y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
    [x2, x1, y2, y1] = [x1, x, y1, y];
    sum += y * y;
  }
  return pcm.length ? Math.sqrt(sum / pcm.length) : 0;
}

function joined(chunks: ReadonlyArray<{ pcm: Int16Array }>): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.pcm.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c.pcm, (at += c.pcm.length) - c.pcm.length);
  return out;
}

interface Leg {
  name: string;
  scene: EarlyMediaScene;
  channelId: string;
  number: string;
  chunks: Array<{ pcm: Int16Array; at: number }>;
  events: TelephonyEvent[];
  ended?: CallEnded;
  /** Hang up ourselves this long after the answer (answered scenes), or let the originate time out (timeoutS). */
  hangUpAfterAnswerMs?: number;
  timeoutS: number;
}

const ann = (cls: 'vacant' | 'suspended' | 'powered-off' | 'unreachable' | 'busy' | 'restricted', delivery: 'then-480' | 'until-cancelled' | 'answered', variant: 'clean' | 'minus-12db' | 'noise' | 'ring-back-lead-in' | 'alaw' | 'mid-sentence' = 'clean'): EarlyMediaScene => ({ kind: 'announcement', cls, delivery, variant });

describe('early media from the lab carrier, heard through ARI', () => {
  let carrier: Carrier;
  let service: Service;
  const config = labConfig();

  beforeAll(async () => {
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
  });

  afterAll(async () => {
    await service?.stop();
    await carrier?.stop();
  });

  it('hears every behaviour from the first packet, before the answer or the final response, records the SIP code and frees everything', async () => {
    const legs: Leg[] = [
      ...(['vacant', 'suspended', 'powered-off', 'unreachable', 'busy', 'restricted'] as const).map((cls) => ({ name: `${cls} then 480`, scene: ann(cls, 'then-480'), timeoutS: 30 })),
      { name: 'suspended -12 dB', scene: ann('suspended', 'then-480', 'minus-12db'), timeoutS: 30 },
      { name: 'suspended A-law', scene: ann('suspended', 'then-480', 'alaw'), timeoutS: 30 },
      { name: 'powered-off until cancelled', scene: ann('powered-off', 'until-cancelled'), timeoutS: 6 },
      { name: 'powered-off answered', scene: ann('powered-off', 'answered'), timeoutS: 30 },
      { name: 'ring-back then a person', scene: { kind: 'ring-back-then-person' } as const, timeoutS: 30, hangUpAfterAnswerMs: 3000 },
      { name: 'music then a person', scene: { kind: 'music-then-person' } as const, timeoutS: 30, hangUpAfterAnswerMs: 3000 },
    ].map((l, i) => ({ ...l, channelId: `em-lab-${i}-${Date.now()}`, number: earlyMediaNumber(l.scene), chunks: [], events: [] }));

    const stopEnded = service.recorder.onEnded((e) => {
      const leg = legs.find((l) => l.channelId === e.channelId);
      if (leg) leg.ended = e;
    });
    const bridgesBefore = await ariBridges(config);
    await Promise.all(
      legs.map(async (leg) => {
        service.recorder.beginOutbound(leg.channelId, leg.number, { amd: false, callerId: config.telephony.callerId });
        const unwatch = service.port.watchChannel(leg.channelId, (e) => {
          leg.events.push(e);
          if (e.type === 'answered' && leg.hangUpAfterAnswerMs !== undefined) {
            setTimeout(() => {
              service.recorder.markHangupByUs(leg.channelId);
              void service.port.hangup(leg.channelId).catch(() => undefined);
            }, leg.hangUpAfterAnswerMs);
          }
        });
        void unwatch;
        await service.port.hearEarlyMedia(leg.channelId, (pcm, at) => leg.chunks.push({ pcm, at }));
        await service.port.originate({ channelId: leg.channelId, endpoint: `PJSIP/${leg.number}@${config.telephony.trunk}`, callerId: config.telephony.callerId, timeoutS: leg.timeoutS, amd: false });
      }),
    );
    await waitFor(() => legs.every((l) => l.ended), 45_000, () => `every leg to end: ${legs.filter((l) => !l.ended).map((l) => l.name).join(', ')}`);
    stopEnded();

    // What the carrier sent and when: the 183 (or 200) that opened the media, per number.
    const trace = parseShortMessages(readIfExists(carrier.files.messages));
    const invites = new Map(trace.filter((t) => t.dir === 'R' && t.request === 'INVITE').map((t) => [t.callId, /^INVITE sips?:([^@;>]+)@/.exec(t.firstLine)?.[1] ?? '']));
    const mediaStart = (number: string) => trace.find((t) => t.dir === 'S' && (t.status === 183 || t.status === 200) && invites.get(t.callId)?.endsWith(number))?.at;

    const report: string[] = [];
    const latencies: number[] = [];
    const facts = legs.map((leg) => {
      const answeredAt = leg.events.find((e) => e.type === 'answered')?.at ?? null;
      const endedAt = leg.ended!.endedAt;
      const early = leg.chunks.filter((c) => c.at < (answeredAt ?? endedAt));
      // The snoop sends digital silence from the start; the carrier's audio is the first chunk that is not.
      const first = leg.chunks.find((c) => c.pcm.some((x) => x !== 0))?.at;
      const opened = mediaStart(leg.number);
      const latency = first !== undefined && opened !== undefined ? first - opened : NaN;
      const answeredScene = leg.scene.kind !== 'announcement' || leg.scene.delivery === 'answered';
      const opensWith200 = leg.scene.kind === 'announcement' && leg.scene.delivery === 'answered';
      if (!opensWith200) latencies.push(latency);
      const heard = answeredScene ? leg.chunks.filter((c) => answeredAt !== null && c.at >= answeredAt) : early;
      const carrierStatus = trace.filter((t) => t.dir === 'S' && t.method === 'INVITE' && (t.status ?? 0) >= 300 && invites.get(t.callId)?.endsWith(leg.number)).map((t) => t.status);
      report.push(
        `${leg.name.padEnd(30)} first audio ${String(latency).padStart(4)} ms after ${opensWith200 ? '200' : '183'}, early ${((early.length * 20) / 1000).toFixed(1)} s, speech-band rms ${speechBandRms(joined(heard)).toFixed(0)}, carrier sent ${carrierStatus.join(',') || '-'}, sip_code ${leg.ended!.sipCode ?? '-'}, cause ${leg.ended!.cause}`,
      );
      return { leg, answeredAt, endedAt, early, heard };
    });
    console.log(report.join('\n'));
    for (const { leg, answeredAt, endedAt, early, heard } of facts) {
      const scene = leg.scene;
      expect(leg.chunks.length, leg.name).toBeGreaterThan(0);
      if (scene.kind === 'announcement' && scene.delivery !== 'answered') {
        expect(answeredAt, leg.name).toBeNull();
        // The announcement is heard before the final response: seconds of it, loud enough to be speech.
        expect(early.length * 20, leg.name).toBeGreaterThan(4000);
        expect(speechBandRms(joined(early)), leg.name).toBeGreaterThan(scene.variant === 'minus-12db' ? 100 : 400);
        expect(leg.ended!.sipCode, leg.name).toBe(scene.delivery === 'then-480' ? 480 : 487);
        expect(service.repo.get(leg.channelId)?.endedAt, leg.name).toBeTruthy();
      } else {
        expect(answeredAt, leg.name).not.toBeNull();
        expect(speechBandRms(joined(heard)), leg.name).toBeGreaterThan(400);
      }
      if (scene.kind !== 'announcement') {
        // Ring-back or music before the answer; the person is not cut short: the call lasts until we hang up.
        expect(early.length * 20, leg.name).toBeGreaterThan(3000);
        expect(leg.ended!.hungUpBy, leg.name).toBe('hotline');
        expect(endedAt - answeredAt!, leg.name).toBeGreaterThanOrEqual(2900);
      }
    }
    latencies.sort((a, b) => a - b);
    console.log(`first audio after 183, ms: min ${latencies[0]} median ${latencies[Math.floor(latencies.length / 2)]} max ${latencies[latencies.length - 1]}`);
    // Snoop (20 ms frames) + mixing bridge (20 ms) + RTP out: tens of ms, against the seconds a decision takes.
    expect(latencies[latencies.length - 1]).toBeLessThan(300);

    // Nothing left behind: no snoop, external channel, bridge, socket or listener.
    await waitFor(async () => (await ariBridges(config)) === bridgesBefore, 5000, 'the hearing bridges to go');
    await waitFor(async () => (await service.port.appChannels()).length === 0, 5000, 'every channel to leave the app');
    expect(service.port.watchedChannels()).toBe(0);
    expect((service.port as unknown as { earlyMediaSessions(): number }).earlyMediaSessions()).toBe(0);
  });
});
