import { createSocket } from 'node:dgram';
import { HotlineError } from '../errors.js';

/** True when UDP host:port can be bound now (nothing else holds it). */
export function udpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/** A range of ports to search and the ports next to the base that must be free too. */
export interface PortSearch {
  from: number;
  to: number;
  /** Candidates are from, from + step, ...; 2 keeps RTP ports even. */
  step?: number;
  /** Offsets from the base that must all be free: SIPp's media port needs base and base + 2 (audio and video). */
  offsets?: readonly number[];
}

/**
 * A base port whose offsets are all free on `host`. The search starts at a random candidate so that processes
 * starting at the same moment seldom pick the same port; a process that still loses the race fails to bind and
 * is started again by its caller.
 */
export async function findFreeUdpPort(host: string, search: PortSearch, random: () => number = Math.random): Promise<number> {
  const step = search.step ?? 1;
  const offsets = search.offsets ?? [0];
  const count = Math.floor((search.to - search.from) / step) + 1;
  const start = Math.floor(random() * count);
  for (let i = 0; i < count; i += 1) {
    const base = search.from + ((start + i) % count) * step;
    let free = true;
    for (const offset of offsets) {
      if (!(await udpPortFree(host, base + offset))) {
        free = false;
        break;
      }
    }
    if (free) return base;
  }
  throw new HotlineError('LAB_SIPP_FAILED', `no free UDP port on ${host} in ${search.from}-${search.to}`, { key: host });
}

/** Ports SIPp media may use on the lab's loopback addresses: outside Asterisk's RTP range (10000-20000) and the kernel's ephemeral range. */
export const mediaPortRange: PortSearch = { from: 21000, to: 27998, step: 4, offsets: [0, 2] };

/** Ports for SIPp's remote-control socket, which it would otherwise open on 0.0.0.0:8888. */
export const controlPortRange: PortSearch = { from: 28000, to: 29999 };
