/**
 * The shipped credentials are the lab's: config/default.yaml's ARI password and the lab agents' SIP passwords
 * (lab-agent-<id>) are in the public repository. On loopback they only open the lab to the machine itself; bound to
 * any other address they open ARI (full control of every call) or the agents' phones to anyone who reads the repo.
 * So a config that listens off loopback with one of them is refused at boot, naming the key. Pure.
 */
import type { Config } from './schema.js';

export const shippedAriPassword = 'hotline-lab-ari';
const shippedAgentPassword = (id: string): string => `lab-agent-${id}`;

/** 127.0.0.0/8, localhost and ::1; anything else (0.0.0.0 included) reaches beyond the machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The first shipped credential a config would expose off loopback: its key and why, or undefined. */
export function exposedShippedSecret(c: Pick<Config, 'service' | 'ari' | 'lab'>): { key: string; message: string } | undefined {
  const ariHost = hostOf(c.ari.url);
  const ariExposed = [c.service.host, ariHost, c.lab.sip.host].find((h) => !isLoopback(h));
  if (ariExposed !== undefined && c.ari.password === shippedAriPassword) {
    return { key: 'ari.password', message: `the shipped lab password must not be used with ${ariExposed}, which is not loopback: set HOTLINE_ARI_PASSWORD` };
  }
  if (!isLoopback(c.lab.sip.host)) {
    const i = c.lab.agents.findIndex((a) => a.password === shippedAgentPassword(a.id));
    if (i >= 0) return { key: `lab.agents.${i}.password`, message: `the shipped lab SIP password must not be used with SIP on ${c.lab.sip.host}, which is not loopback` };
  }
  return undefined;
}
