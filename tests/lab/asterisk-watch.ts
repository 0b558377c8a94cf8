import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { labStatus, labUp } from '../../src/lab/lab.js';
import { labTierConfig } from './lab-slot.js';

/**
 * The lab's Asterisk can die under a file: Asterisk 22.10 segfaulted twice in the lab tier under load (a NULL topic in
 * main/stasis.c publish_msg, read off the kernel's segfault line and the binary; docs/hardening.md). Without this, every
 * later file of the half failed for want of ARI (a CI run: 9 failed, 7 skipped). After each file, and before it in
 * case it died in between: a dead Asterisk is reported, noted for tests/run-tiers.mjs (which runs the file it died
 * under once more on a fresh Asterisk, and says so), and started again.
 */
async function revive(moment: 'before' | 'after'): Promise<void> {
  const config = labTierConfig();
  if ((await labStatus(config)).running) return;
  const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
  console.warn(`[lab] Asterisk is not running ${moment} ${file}: it died (see .lab/asterisk*.out and the kernel log); starting it again`);
  const events = process.env.HOTLINE_LAB_EVENTS;
  if (events) appendFileSync(events, `${JSON.stringify({ file, moment })}\n`);
  await labUp(config);
}

beforeAll(() => revive('before'));
afterAll(() => revive('after'));
