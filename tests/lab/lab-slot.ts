import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';

/**
 * The lab tier runs in two halves at once (tests/run-tiers.mjs), each on its own Asterisk from the one chroot. Half 0
 * is the default lab; half 1 is the lab instance `t2` with every address moved from 127.0.0.x to 127.0.1.x (all of
 * 127/8 is loopback on Linux) and RTP ports of its own, so the halves' Asterisk, carrier, callers and agents' phones
 * never meet. HOTLINE_LAB_SLOT picks the half; unset is half 0, so one file run by hand uses the default lab.
 */
export function withLabSlot(config: Config, slot = process.env.HOTLINE_LAB_SLOT ?? '0'): Config {
  if (slot === '0') return config;
  if (slot !== '1') throw new Error(`HOTLINE_LAB_SLOT must be 0 or 1, got '${slot}'`);
  const ari = new URL(config.ari.url);
  ari.hostname = '127.0.1.1';
  config.ari.url = ari.toString().replace(/\/$/, '');
  config.lab.instance = 't2';
  config.lab.sip.host = '127.0.1.1';
  config.lab.carrier.host = '127.0.1.1';
  config.lab.callers.host = '127.0.1.2';
  config.lab.agentsHost = '127.0.1.3';
  config.lab.rtp = { start: 20002, end: 30000 };
  const wss = new URL(config.phone.browser.wsUrl);
  wss.hostname = '127.0.1.1';
  config.phone.browser.wsUrl = wss.toString();
  return config;
}

/** The embedded config as this half of the lab tier sees it. */
export function labTierConfig(): Config {
  return withLabSlot(loadConfig(undefined, {}));
}
