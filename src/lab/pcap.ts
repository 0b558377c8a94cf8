// Builds the pcap files SIPp's play_pcap_audio replays. SIPp reads only the UDP header and payload of each packet
// and keeps their spacing in time; it rewrites the ports and addresses, never the RTP header, so sequence numbers
// and timestamps must already be right here.

/** G.711 u-law silence: the code for a zero sample. */
export const ULAW_SILENCE = 0xff;

/** Samples in one 20 ms G.711 frame at 8 kHz, the frame every G.711 phone sends. */
export const SAMPLES_PER_FRAME = 160;
/** The packet interval of that frame. */
export const FRAME_MS = 20;

/** One RTP packet to put in a capture. */
export interface RtpPacket {
  /** When the packet leaves, in ms from the first packet of the file. */
  atMs: number;
  payloadType: number;
  marker: boolean;
  seq: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** Where the capture says the packets went; SIPp replaces both ends, so any values do. */
export interface UdpEnds {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
}

const defaultEnds: UdpEnds = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 40000, dstPort: 40000 };

// Link type 1 (Ethernet): SIPp 3.6 accepts only Ethernet and Linux cooked captures.
const LINKTYPE_ETHERNET = 1;

function ipv4Bytes(ip: string): number[] {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`not an IPv4 address: ${ip}`);
  }
  return parts;
}

/** The IPv4 header checksum (RFC 791): ones' complement of the ones' complement sum of 16-bit words. */
export function ipv4Checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i]! << 8) | (header[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The RTP header and payload of one packet (RFC 3550, version 2, no CSRC, no extension). */
export function rtpBytes(p: RtpPacket): Buffer {
  const b = Buffer.alloc(12 + p.payload.length);
  b[0] = 0x80;
  b[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  b.writeUInt16BE(p.seq & 0xffff, 2);
  b.writeUInt32BE(p.timestamp >>> 0, 4);
  b.writeUInt32BE(p.ssrc >>> 0, 8);
  b.set(p.payload, 12);
  return b;
}

/** One Ethernet + IPv4 + UDP frame around an RTP packet; the UDP checksum is 0 (none), which SIPp recomputes. */
export function udpFrame(rtp: Uint8Array, ends: UdpEnds, ipId: number): Buffer {
  const udpLen = 8 + rtp.length;
  const ipLen = 20 + udpLen;
  const frame = Buffer.alloc(14 + ipLen);
  // Locally administered MAC addresses; nothing reads them.
  frame.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1], 0);
  frame.writeUInt16BE(0x0800, 12);
  const ip = frame.subarray(14, 34);
  ip[0] = 0x45;
  ip.writeUInt16BE(ipLen, 2);
  ip.writeUInt16BE(ipId & 0xffff, 4);
  ip[8] = 64;
  ip[9] = 17;
  ip.set(ipv4Bytes(ends.srcIp), 12);
  ip.set(ipv4Bytes(ends.dstIp), 16);
  ip.writeUInt16BE(ipv4Checksum(ip), 10);
  frame.writeUInt16BE(ends.srcPort, 34);
  frame.writeUInt16BE(ends.dstPort, 36);
  frame.writeUInt16BE(udpLen, 38);
  frame.set(rtp, 42);
  return frame;
}

/** A complete pcap file (microsecond, little-endian, Ethernet) holding the packets in the order given. */
export function pcapFile(packets: readonly RtpPacket[], ends: UdpEnds = defaultEnds): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const chunks: Buffer[] = [header];
  packets.forEach((p, i) => {
    const frame = udpFrame(rtpBytes(p), ends, i);
    const rec = Buffer.alloc(16);
    const us = Math.round(p.atMs * 1000);
    rec.writeUInt32LE(Math.floor(us / 1_000_000), 0);
    rec.writeUInt32LE(us % 1_000_000, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    chunks.push(rec, frame);
  });
  return Buffer.concat(chunks);
}

/** Options for {@link ulawRtpPackets}. */
export interface UlawStreamOptions {
  ssrc?: number;
  firstSeq?: number;
  firstTimestamp?: number;
}

/**
 * Cuts 8 kHz u-law samples into 20 ms PT 0 packets, 20 ms apart; the last frame is padded with silence.
 * The first packet carries the marker bit, as a talk spurt's start does.
 */
export function ulawRtpPackets(ulaw: Uint8Array, opts: UlawStreamOptions = {}): RtpPacket[] {
  const ssrc = opts.ssrc ?? 0x484c4e31;
  const firstSeq = opts.firstSeq ?? 1;
  const firstTs = opts.firstTimestamp ?? 0;
  const packets: RtpPacket[] = [];
  for (let i = 0, offset = 0; offset < ulaw.length; i += 1, offset += SAMPLES_PER_FRAME) {
    const payload = new Uint8Array(SAMPLES_PER_FRAME).fill(ULAW_SILENCE);
    payload.set(ulaw.subarray(offset, offset + SAMPLES_PER_FRAME));
    packets.push({
      atMs: i * FRAME_MS,
      payloadType: 0,
      marker: i === 0,
      seq: (firstSeq + i) & 0xffff,
      timestamp: (firstTs + i * SAMPLES_PER_FRAME) >>> 0,
      ssrc,
      payload,
    });
  }
  return packets;
}

/** A pcap of 8 kHz u-law audio as RTP (PT 0, 160-byte frames, 20 ms apart). */
export function ulawPcap(ulaw: Uint8Array, opts: UlawStreamOptions = {}): Buffer {
  return pcapFile(ulawRtpPackets(ulaw, opts));
}

/** `ms` of u-law silence, rounded up to whole samples. */
export function ulawSilence(ms: number): Uint8Array {
  return new Uint8Array(Math.ceil((ms * 8000) / 1000)).fill(ULAW_SILENCE);
}

/** The keys of a phone pad in RFC 4733 event-code order (0-9 are 0-9, * is 10, # is 11, A-D are 12-15). */
export const DTMF_KEYS = '0123456789*#ABCD';

/** Options for {@link dtmfKeyPackets}. */
export interface DtmfOptions {
  /** The telephone-event payload type both ends agreed on; 101 by custom. */
  payloadType?: number;
  ssrc?: number;
  /** How long the key is held; Asterisk reports it as the DTMF duration. */
  toneMs?: number;
  /** Power level in -dBm0 (0-63), as RFC 4733 encodes it. */
  volume?: number;
}

/**
 * One key press as RFC 4733 telephone-event packets: every 20 ms a packet with the growing duration (the first
 * with the marker bit), then three copies of the end packet. All share the event's timestamp; sequence numbers
 * go on from `seq`, the end copies repeating one.
 */
export function dtmfKeyPackets(key: string, seq: number, timestamp: number, opts: DtmfOptions = {}): RtpPacket[] {
  const event = DTMF_KEYS.indexOf(key);
  if (key.length !== 1 || event < 0) throw new RangeError(`not a DTMF key: ${JSON.stringify(key)}`);
  const payloadType = opts.payloadType ?? 101;
  const ssrc = opts.ssrc ?? 0x484c4e32;
  const volume = opts.volume ?? 10;
  const frames = Math.max(1, Math.round((opts.toneMs ?? 100) / FRAME_MS));
  const body = (end: boolean, duration: number): Uint8Array =>
    Uint8Array.of(event, (end ? 0x80 : 0) | (volume & 0x3f), (duration >> 8) & 0xff, duration & 0xff);
  const packets: RtpPacket[] = [];
  for (let i = 0; i < frames; i += 1) {
    packets.push({
      atMs: i * FRAME_MS,
      payloadType,
      marker: i === 0,
      seq: (seq + i) & 0xffff,
      timestamp: timestamp >>> 0,
      ssrc,
      payload: body(false, (i + 1) * SAMPLES_PER_FRAME),
    });
  }
  const end = { payloadType, marker: false, seq: (seq + frames) & 0xffff, timestamp: timestamp >>> 0, ssrc };
  for (let i = 0; i < 3; i += 1) packets.push({ ...end, atMs: frames * FRAME_MS, payload: body(true, frames * SAMPLES_PER_FRAME) });
  return packets;
}

/** A key and when it is pressed, in ms on the call's own clock. */
export interface TimedKey {
  key: string;
  atMs: number;
}

/**
 * One pcap per key press of a call. Asterisk drops a key whose RTP timestamp is not above the previous key's, so
 * timestamps follow the keys' times (8 samples per ms) and sequence numbers run on from file to file.
 */
export function dtmfKeyPcaps(keys: readonly TimedKey[], opts: DtmfOptions & { firstSeq?: number; firstTimestamp?: number } = {}): Buffer[] {
  let seq = opts.firstSeq ?? 1;
  const firstTs = opts.firstTimestamp ?? 0;
  return keys.map(({ key, atMs }) => {
    const packets = dtmfKeyPackets(key, seq, firstTs + Math.round(atMs * 8), opts);
    seq = (packets[packets.length - 1]!.seq + 1) & 0xffff;
    return pcapFile(packets);
  });
}

/** A piece of what a far end sends: u-law audio, or a key press (RFC 4733) at that point of the stream. */
export type StreamSegment = { ulaw: Uint8Array } | { key: string };

/**
 * Audio with key presses in one RTP stream (one SSRC, sequence numbers and timestamps running on), as a phone sends
 * it: the audio stops while a key is held and goes on after it.
 */
export function ulawWithKeysPcap(segments: readonly StreamSegment[], ssrc = 0x484c4e33): Buffer {
  const out: RtpPacket[] = [];
  let atMs = 0;
  let seq = 1;
  let ts = 0;
  for (const seg of segments) {
    const packets = 'ulaw' in seg ? ulawRtpPackets(seg.ulaw, { ssrc, firstSeq: seq, firstTimestamp: ts }) : dtmfKeyPackets(seg.key, seq, ts, { ssrc });
    for (const p of packets) out.push({ ...p, atMs: atMs + p.atMs });
    const last = packets[packets.length - 1]!;
    seq = (last.seq + 1) & 0xffff;
    const spanMs = last.atMs + FRAME_MS;
    atMs += spanMs;
    ts = (ts + (spanMs / FRAME_MS) * SAMPLES_PER_FRAME) >>> 0;
  }
  return pcapFile(out);
}
