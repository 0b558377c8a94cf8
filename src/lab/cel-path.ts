import type { Config } from '../config/schema.js';
import { instanceNode, type LabNode } from './lab-nodes.js';

/**
 * Where an Asterisk of the lab writes its channel record (cel_custom), inside the chroot. A second lab instance writes
 * in its own log directory; the multi-node lab's nodes share the default file, which hotline reads for all of them
 * (docs/scale.md: the lab's one chroot stands in for a shared log).
 */
export function celPathOf(node?: LabNode): string {
  return node !== undefined && node.confFile !== undefined && node.behindEdge !== true ? `${node.logDir}/hotline-cel.json` : '/var/log/asterisk/hotline-cel.json';
}

/** The channel record of the lab Asterisk this config drives (the default lab's, or `lab.instance`'s). */
export function labCelPath(config: Config): string {
  return celPathOf(instanceNode(config));
}
