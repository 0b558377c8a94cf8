import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { decodeAlaw, decodeUlaw } from '../../../src/media/g711-decode.js';
import { openRtpReceiver, parseRtp, rtpToPcm } from '../../../src/media/rtp-receiver.js';

function rtp(opts: { pt: number; payload: number[]; csrc?: number; ext?: number; pad?: number }): Buffer {
  const csrc = opts.csrc ?? 0;
  const head = Buffer.alloc(12 + csrc * 4);
  head[0] = 0x80 | csrc | (opts.ext !== undefined ? 0x10 : 0) | (opts.pad ? 0x20 : 0);
  head[1] = opts.pt;
  head.writeUInt16BE(7, 2);
  head.writeUInt32BE(1600, 4);
  head.writeUInt32BE(0xabcdef01, 8);
  const ext = opts.ext !== undefined ? Buffer.concat([Buffer.from([0xbe, 0xde, 0, opts.ext]), Buffer.alloc(opts.ext * 4, 0x11)]) : Buffer.alloc(0);
  const pad = opts.pad ? Buffer.concat([Buffer.alloc(opts.pad - 1), Buffer.from([opts.pad])]) : Buffer.alloc(0);
  return Buffer.concat([head, ext, Buffer.from(opts.payload), pad]);
}

describe('G.711 decode', () => {
  it.each([
    ['µ-law silence', decodeUlaw, 0xff, 0],
    ['µ-law most negative', decodeUlaw, 0x00, -32124],
    ['µ-law most positive', decodeUlaw, 0x80, 32124],
    ['A-law smallest positive', decodeAlaw, 0xd5, 8],
    ['A-law smallest negative', decodeAlaw, 0x55, -8],
    ['A-law most positive', decodeAlaw, 0xaa, 32256],
  ])('%s', (_name, decode, code, sample) => {
    expect(decode(Uint8Array.of(code))[0]).toBe(sample);
  });
});

describe('parseRtp', () => {
  it.each([
    ['plain', { pt: 0, payload: [1, 2, 3] }, [1, 2, 3]],
    ['with CSRCs', { pt: 0, payload: [4, 5], csrc: 2 }, [4, 5]],
    ['with a header extension', { pt: 8, payload: [6], ext: 2 }, [6]],
    ['with padding', { pt: 0, payload: [7, 8], pad: 4 }, [7, 8]],
  ])('%s: finds the payload', (_name, packet, payload) => {
    const h = parseRtp(rtp(packet));
    expect(h).toMatchObject({ payloadType: packet.pt, seq: 7, timestamp: 1600, ssrc: 0xabcdef01 });
    expect([...h!.payload]).toEqual(payload);
  });

  it('refuses what is not RTP v2 or is cut short', () => {
    expect(parseRtp(Buffer.alloc(8))).toBeNull();
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(parseRtp(rtp({ pt: 0, payload: [], csrc: 3 }).subarray(0, 16))).toBeNull();
  });

  it('decodes PT 0 and PT 8 and ignores telephone-event', () => {
    expect([...rtpToPcm(parseRtp(rtp({ pt: 0, payload: [0xff, 0x80] }))!)!]).toEqual([0, 32124]);
    expect([...rtpToPcm(parseRtp(rtp({ pt: 8, payload: [0xd5] }))!)!]).toEqual([8]);
    expect(rtpToPcm(parseRtp(rtp({ pt: 101, payload: [1, 0, 0, 160] }))!)).toBeNull();
  });
});

describe('openRtpReceiver', () => {
  it('hands each G.711 packet from the host to the listener as PCM, and closes', async () => {
    const got: Array<[number[], number]> = [];
    const r = await openRtpReceiver('127.0.0.1', () => 42, (pcm, at) => got.push([[...pcm], at]));
    expect(r.port).toBeGreaterThan(0);
    const tx = createSocket('udp4');
    await new Promise<void>((resolve) => tx.send(rtp({ pt: 0, payload: [0xff, 0x00] }), r.port, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => tx.send(Buffer.from('not rtp'), r.port, '127.0.0.1', () => resolve()));
    for (let i = 0; i < 50 && got.length === 0; i += 1) await new Promise((res) => setTimeout(res, 10));
    tx.close();
    await r.close();
    await r.close();
    expect(got).toEqual([[[0, -32124], 42]]);
  });
});
