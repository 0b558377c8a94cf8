import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { ariBind } from './render.js';

/**
 * One Asterisk instance of the lab: its addresses and the directories it keeps apart from the other instances of the
 * same chroot. Pure data, derived from config by {@link labNodes}.
 */
export interface LabNode {
  /** `n1`, `n2`, …; the single-node lab's only node is `n1` too. */
  name: string;
  sipHost: string;
  sipPort: number;
  ariUrl: string;
  /** Asterisk's systemname: it prefixes every channel's uniqueid, so two nodes never make the same channel id. */
  systemName: string;
  /** Directories as Asterisk sees them, inside the chroot. */
  etcDir: string;
  runDir: string;
  logDir: string;
  dbDir: string;
  rtpStart: number;
  rtpEnd: number;
  /** `-C` file for a node of a multi-node lab; undefined for the single-node lab (Asterisk's default file). */
  confFile?: string;
  weight: number;
  /** A node of the multi-node lab: agents and callers reach it through the SIP edge (Kamailio). */
  behindEdge?: boolean;
}

/** At most this many nodes: each takes a loopback address after the edge's and a slice of the RTP range. */
export const maxLabNodes = 8;

const rtpFirst = 10000;
const rtpLast = 20000;

function nextAddress(host: string, step: number, key: string): string {
  const parts = host.split('.').map(Number);
  const last = (parts[3] ?? 0) + step;
  if (last > 254) throw new HotlineError('CONFIG_INVALID', `${key}: no room for ${step} node addresses after ${host}`, { key });
  return [...parts.slice(0, 3), last].join('.');
}

/**
 * The lab's Asterisk nodes. One node is today's lab exactly (lab.sip, ari.url, Debian's directories). N nodes sit on
 * the N loopback addresses after the SIP edge's (lab.edge), each with its own config, run, log and astdb directories
 * and its own slice of the RTP ports; the spool (recordings) and the sounds are shared.
 */
export function labNodes(config: Config, count: number): LabNode[] {
  if (!Number.isInteger(count) || count < 1 || count > maxLabNodes) {
    throw new HotlineError('CONFIG_INVALID', `--nodes must be 1 to ${maxLabNodes}, got ${count}`, { key: 'nodes' });
  }
  if (count === 1) {
    return [
      {
        name: 'n1',
        sipHost: config.lab.sip.host,
        sipPort: config.lab.sip.port,
        ariUrl: config.ari.url,
        systemName: 'hotline-lab',
        etcDir: '/etc/asterisk',
        runDir: '/var/run/asterisk',
        logDir: '/var/log/asterisk',
        dbDir: '/var/lib/asterisk',
        rtpStart: config.lab.rtp.start,
        rtpEnd: config.lab.rtp.end,
        weight: 1,
      },
    ];
  }
  const ari = ariBind(config.ari.url);
  const slice = Math.floor((rtpLast - rtpFirst) / count);
  return Array.from({ length: count }, (_, i) => {
    const name = `n${i + 1}`;
    const host = nextAddress(config.lab.edge.host, i + 1, 'lab.edge.host');
    const url = new URL(config.ari.url);
    url.hostname = host;
    url.port = String(ari.port);
    return {
      name,
      sipHost: host,
      sipPort: config.lab.sip.port,
      ariUrl: url.toString().replace(/\/$/, ''),
      systemName: `hotline-${name}`,
      etcDir: `/etc/asterisk-${name}`,
      runDir: `/var/run/asterisk-${name}`,
      logDir: `/var/log/asterisk-${name}`,
      dbDir: `/var/lib/asterisk-${name}`,
      rtpStart: rtpFirst + i * slice,
      // RTP takes even ports in pairs with RTCP: keep each slice's last port clear of the next slice's first.
      rtpEnd: rtpFirst + (i + 1) * slice - 2,
      confFile: `/etc/asterisk-${name}/asterisk.conf`,
      weight: 1,
      behindEdge: true,
    };
  });
}

/**
 * The lab Asterisk that `lab.instance` names: a standalone lab (no edge) on lab.sip and ari.url, with directories of its
 * own so it runs beside the default one from the same chroot. Undefined for the default lab.
 */
export function instanceNode(config: Config): LabNode | undefined {
  const name = config.lab.instance;
  if (name === undefined) return undefined;
  return {
    name,
    sipHost: config.lab.sip.host,
    sipPort: config.lab.sip.port,
    ariUrl: config.ari.url,
    systemName: `hotline-${name}`,
    etcDir: `/etc/asterisk-${name}`,
    runDir: `/var/run/asterisk-${name}`,
    logDir: `/var/log/asterisk-${name}`,
    dbDir: `/var/lib/asterisk-${name}`,
    rtpStart: config.lab.rtp.start,
    rtpEnd: config.lab.rtp.end,
    confFile: `/etc/asterisk-${name}/asterisk.conf`,
    weight: 1,
  };
}
