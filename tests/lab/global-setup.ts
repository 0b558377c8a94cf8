import { labTierConfig } from './lab-slot.js';
import { labDown, labUp } from '../../src/lab/lab.js';

/**
 * The lab tier owns its Asterisk: a lab left running is stopped first so every run starts from
 * the project's config, and the tier stops Asterisk by PID when it ends.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = labTierConfig();
  await labDown(config);
  await labUp(config);
  return async () => {
    await labDown(config);
  };
}
