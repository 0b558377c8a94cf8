import { describe, expect, it } from 'vitest';
import {
  dtmfKeyPackets,
  dtmfKeyPcaps,
  ipv4Checksum,
  pcapFile,
  ulawPcap,
  ulawRtpPackets,
  ulawSilence,
  ULAW_SILENCE,
} from '../../../src/lab/pcap.js';

/** A minimal reader for what pcapFile writes: record times, IPv4/UDP fields, RTP header and payload. */
function readPcap(buf: Buffer) {
  expect(buf.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(buf.readUInt16LE(4)).toBe(2);
  expect(buf.readUInt16LE(6)).toBe(4);
  expect(buf.readUInt32LE(20)).toBe(1);
  const records = [];
  let off = 24;
  while (off < buf.length) {
    const sec = buf.readUInt32LE(off);
    const usec = buf.readUInt32LE(off + 4);
    const incl = buf.readUInt32LE(off + 8);
    expect(buf.readUInt32LE(off + 12)).toBe(incl);
    const frame = buf.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    const ip = frame.subarray(14, 34);
    const udp = frame.subarray(34, 42);
    const rtp = frame.subarray(42);
    records.push({
      atUs: sec * 1_000_000 + usec,
      etherType: frame.readUInt16BE(12),
      ip,
      ipLength: ip.readUInt16BE(2),
      protocol: ip[9],
      udpLength: udp.readUInt16BE(4),
      frameLength: incl,
      version: rtp[0]! >> 6,
      marker: (rtp[1]! & 0x80) !== 0,
      pt: rtp[1]! & 0x7f,
      seq: rtp.readUInt16BE(2),
      ts: rtp.readUInt32BE(4),
      ssrc: rtp.readUInt32BE(8),
      payload: rtp.subarray(12),
    });
  }
  return records;
}

describe('u-law RTP pcaps', () => {
  it('cuts audio into 20 ms PT 0 frames of 160 bytes with rising sequence and timestamp', () => {
    const audio = new Uint8Array(400).map((_v, i) => i % 256);
    const recs = readPcap(ulawPcap(audio, { firstSeq: 65535, firstTimestamp: 1000, ssrc: 0x11223344 }));
    expect(recs).toHaveLength(3);
    expect(recs.map((r) => r.atUs)).toEqual([0, 20_000, 40_000]);
    expect(recs.map((r) => r.seq)).toEqual([65535, 0, 1]);
    expect(recs.map((r) => r.ts)).toEqual([1000, 1160, 1320]);
    expect(recs.map((r) => r.marker)).toEqual([true, false, false]);
    for (const r of recs) {
      expect(r).toMatchObject({ version: 2, pt: 0, ssrc: 0x11223344, etherType: 0x0800, protocol: 17 });
      expect(r.payload).toHaveLength(160);
      expect(r.udpLength).toBe(8 + 12 + 160);
      expect(r.ipLength).toBe(20 + 8 + 12 + 160);
      expect(r.frameLength).toBe(14 + r.ipLength);
    }
    expect([...recs[1]!.payload.subarray(0, 3)]).toEqual([160, 161, 162]);
  });

  it('pads the last frame with silence', () => {
    const recs = readPcap(ulawPcap(new Uint8Array(170).fill(0x10)));
    expect(recs).toHaveLength(2);
    expect(recs[1]!.payload[9]).toBe(0x10);
    expect(recs[1]!.payload[10]).toBe(ULAW_SILENCE);
    expect(recs[1]!.payload[159]).toBe(ULAW_SILENCE);
  });

  it('writes a valid IPv4 header checksum', () => {
    const [rec] = readPcap(pcapFile(ulawRtpPackets(ulawSilence(20)), { srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 1, dstPort: 2 }));
    // Summing a header that includes its checksum gives 0 after complementing.
    expect(ipv4Checksum(rec!.ip)).toBe(0);
    expect([...rec!.ip.subarray(12, 20)]).toEqual([127, 0, 0, 2, 127, 0, 0, 1]);
  });

  it('makes silence at 8 samples per ms', () => {
    expect(ulawSilence(20)).toHaveLength(160);
    expect(ulawSilence(6000).every((b) => b === ULAW_SILENCE)).toBe(true);
    expect(ulawRtpPackets(ulawSilence(6000))).toHaveLength(300);
  });

  it('rejects an address that is not IPv4', () => {
    expect(() => pcapFile(ulawRtpPackets(ulawSilence(20)), { srcIp: 'x', dstIp: '1.2.3.4', srcPort: 1, dstPort: 2 })).toThrow(RangeError);
  });
});

describe('RFC 4733 key presses', () => {
  it('sends growing durations, then three end packets, all on the event timestamp', () => {
    const packets = dtmfKeyPackets('#', 100, 5000, { toneMs: 60, ssrc: 7 });
    expect(packets).toHaveLength(6);
    expect(packets.map((p) => p.seq)).toEqual([100, 101, 102, 103, 103, 103]);
    expect(packets.every((p) => p.timestamp === 5000 && p.payloadType === 101 && p.ssrc === 7)).toBe(true);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false]);
    expect(packets.map((p) => p.atMs)).toEqual([0, 20, 40, 60, 60, 60]);
    const body = packets.map((p) => [...p.payload]);
    expect(body[0]).toEqual([11, 10, 0, 160]);
    expect(body[2]).toEqual([11, 10, 1, 224]);
    expect(body[5]).toEqual([11, 0x80 | 10, 1, 224]);
  });

  it('codes keys as RFC 4733 events', () => {
    expect(dtmfKeyPackets('0', 1, 0)[0]!.payload[0]).toBe(0);
    expect(dtmfKeyPackets('9', 1, 0)[0]!.payload[0]).toBe(9);
    expect(dtmfKeyPackets('*', 1, 0)[0]!.payload[0]).toBe(10);
    expect(dtmfKeyPackets('D', 1, 0)[0]!.payload[0]).toBe(15);
    expect(() => dtmfKeyPackets('x', 1, 0)).toThrow(RangeError);
    expect(() => dtmfKeyPackets('12', 1, 0)).toThrow(RangeError);
  });

  it('gives each key of a call a later timestamp and carries sequence numbers on, so repeated keys count', () => {
    const files = dtmfKeyPcaps(
      [
        { key: '1', atMs: 1000 },
        { key: '1', atMs: 1300 },
        { key: '4', atMs: 2600 },
      ],
      { firstSeq: 65534, firstTimestamp: 4_294_967_000, toneMs: 40 },
    );
    const recs = files.map(readPcap);
    expect(recs.map((r) => r[0]!.ts)).toEqual([(4_294_967_000 + 8000) >>> 0, (4_294_967_000 + 10_400) >>> 0, (4_294_967_000 + 20_800) >>> 0]);
    expect(recs.map((r) => r.map((p) => p.seq))).toEqual([
      [65534, 65535, 0, 0, 0],
      [1, 2, 3, 3, 3],
      [4, 5, 6, 6, 6],
    ]);
    // Each file starts at its own time 0: SIPp plays it when the scenario gets there.
    expect(recs.map((r) => r[0]!.atUs)).toEqual([0, 0, 0]);
  });
});
