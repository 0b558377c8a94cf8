import { createSocket, type Socket } from 'node:dgram';
import { decodeAlaw, decodeUlaw } from './g711-decode.js';
import { initialPlacement, placePacket, type PlacementStats } from './rtp-placement.js';

/** The parts of an RTP packet (RFC 3550) the receiver uses. */
export interface RtpHeader {
  payloadType: number;
  seq: number;
  timestamp: number;
  ssrc: number;
  /** The payload, after the header, CSRCs, extension and padding. */
  payload: Uint8Array;
}

/** Parses one RTP packet; null for anything that is not RTP version 2 or is cut short. Pure. */
export function parseRtp(packet: Uint8Array): RtpHeader | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const csrcCount = packet[0]! & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = packet.length;
  if (packet[0]! & 0x20) end -= packet[packet.length - 1]!;
  if (offset > end) return null;
  return {
    payloadType: packet[1]! & 0x7f,
    seq: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: packet.subarray(offset, end),
  };
}

/** G.711 payload as 8 kHz 16-bit PCM (PT 0 µ-law, PT 8 A-law); null for payloads it does not carry (DTMF, CN). */
export function rtpToPcm(h: RtpHeader): Int16Array | null {
  if (h.payloadType === 0) return decodeUlaw(h.payload);
  if (h.payloadType === 8) return decodeAlaw(h.payload);
  return null;
}

/** A bound UDP socket that turns each G.711 RTP packet into PCM. */
export interface RtpReceiver {
  readonly host: string;
  readonly port: number;
  /** What the stream did so far: packets lost (filled with silence), reordered, duplicated or late. */
  stats(): PlacementStats;
  close(): Promise<void>;
}

/**
 * Opens a UDP socket on `host` at an ephemeral port and calls `onAudio` with the G.711 audio in the order it was sent
 * (rtp-placement.ts: lost packets as silence, duplicates dropped, stamped from the RTP clock). Packets from elsewhere
 * than `host` are dropped: the socket exists for Asterisk on the same machine.
 */
export async function openRtpReceiver(host: string, now: () => number, onAudio: (pcm: Int16Array, at: number) => void): Promise<RtpReceiver> {
  const socket: Socket = createSocket('udp4');
  let placement = initialPlacement();
  socket.on('message', (msg, rinfo) => {
    if (rinfo.address !== host) return;
    const header = parseRtp(msg);
    const pcm = header && rtpToPcm(header);
    if (!pcm || pcm.length === 0) return;
    const placed = placePacket(placement, { seq: header.seq, timestamp: header.timestamp, ssrc: header.ssrc, pcm }, now());
    placement = placed.state;
    for (const c of placed.out) onAudio(c.pcm, c.at);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // After binding, a socket error (ICMP unreachable and the like) must not crash the process.
  socket.on('error', () => undefined);
  let closed: Promise<void> | null = null;
  return {
    host,
    port: socket.address().port,
    stats: () => placement.stats,
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
