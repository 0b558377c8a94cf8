import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { ariBind } from './render.js';

/** Undefined when the port can be bound, else the bind error's code (EADDRINUSE, EADDRNOTAVAIL, ...). */
function tcpBindError(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

function udpBindError(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code ?? error.message);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(undefined)));
  });
}

function describe(code: string): string {
  if (code === 'EADDRINUSE') return 'in use by another process';
  if (code === 'EADDRNOTAVAIL') return 'not an address of this machine';
  return code;
}

/**
 * Fails with LAB_START_FAILED when Asterisk could not bind the ARI or SIP address. Without this check a second
 * Asterisk (or anything else) on the port would answer the readiness probe in place of ours.
 */
export async function assertLabPortsFree(config: Config): Promise<void> {
  const ari = ariBind(config.ari.url);
  const sip = config.lab.sip;
  const problems: string[] = [];
  const ariError = await tcpBindError(ari.host, ari.port);
  if (ariError !== undefined) problems.push(`tcp ${ari.host}:${ari.port} (ARI, from ari.url): ${describe(ariError)}`);
  const sipError = await udpBindError(sip.host, sip.port);
  if (sipError !== undefined) problems.push(`udp ${sip.host}:${sip.port} (SIP, lab.sip): ${describe(sipError)}`);
  if (problems.length > 0) {
    throw new HotlineError('LAB_START_FAILED', `cannot start the lab Asterisk: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}
