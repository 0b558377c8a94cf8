import type { Config } from './schema.js';

/** Where Asterisk writes its channel record (cel_custom, asterisk/etc/cel_custom.conf), inside the lab chroot. */
export const DEFAULT_CEL_PATH = '/var/log/asterisk/hotline-cel.json';

/**
 * The channel record of the lab Asterisk this config drives. A second lab instance (`lab.instance`, its log directory
 * `/var/log/asterisk-<name>` as src/lab/lab-nodes.ts gives it) writes its own, so two labs from one chroot never read
 * each other's channels on a restart. The multi-node lab's nodes share the default file, which hotline reads for all
 * of them (the one chroot stands in for a shared log; docs/scale.md). Here, not in src/lab, because the service
 * reads it and production code does not import the lab.
 */
export function labCelPath(config: Pick<Config, 'lab'>): string {
  return config.lab.instance === undefined ? DEFAULT_CEL_PATH : `/var/log/asterisk-${config.lab.instance}/hotline-cel.json`;
}
