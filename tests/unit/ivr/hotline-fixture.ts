/** The sample hotline (config/ivr/hotline.yaml) loaded once, the moments its tests call at, and a call at its menu. */
import { join } from 'node:path';
import { loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { shanghai, TestCall } from '../ivr-harness.js';

export const flow = loadFlowFileOrThrow(join(import.meta.dirname, '../../../config/ivr/hotline.yaml'));
export const open = shanghai('2026-11-25T10:00:00'); // a Wednesday
export const evening = shanghai('2026-11-25T21:30:00');
export const nationalDay = shanghai('2026-10-02T10:00:00');

/** A call at the main menu, its prompt played, waiting for a key. */
export function atMenu(now = open, caller = '13800138000'): TestCall {
  const call = new TestCall(flow, now);
  call.start(caller);
  call.played();
  return call;
}
