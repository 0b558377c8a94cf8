import { loadConfig } from '../../src/config/load.js';
import { labDown } from '../../src/lab/lab.js';
import { labDownNodes, labUpNodes } from '../../src/lab/multi-lab.js';

/**
 * The multi-node lab tier: two Asterisk nodes behind Kamailio (`hotline lab up --nodes 2`). It runs after the
 * single-node tier (tests/run-tiers.mjs), never beside it: both use the callers' and agents' addresses.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadConfig(undefined, {});
  await labDownNodes(config);
  await labDown(config);
  await labUpNodes(config, 2);
  return async () => {
    await labDownNodes(config);
  };
}
