/**
 * Everything that decides, at the moment of a dial, whether one number may be called: the campaign's calling
 * window (weekday windows, quiet hours, holidays, deadline), the do-not-call lists and the centre-wide dial policy
 * (China's caps). Pure; the dialer reads the facts and acts on the answer. The compliance properties
 * (tests/unit/dialer/compliance-properties.ts) check it against an independent reading of every rule.
 */
import { isDialAllowed, type CallingWindowSettings } from './calling-window.js';
import { decideDial, type DialFacts, type DialVerdict } from './dial-policy.js';
import type { DialPolicy } from './dial-policy-settings.js';

export interface DialGateInput {
  settings: CallingWindowSettings;
  /** The number is on the global or the campaign's do-not-call list. */
  onDnc: boolean;
  /** None: no centre-wide policy. */
  policy: DialPolicy | undefined;
  facts: DialFacts;
}

export type DialGateVerdict = { ok: true } | { ok: false; reason: 'window' } | { ok: false; reason: 'dnc' } | Extract<DialVerdict, { ok: false }>;

/** May the number be dialed at `now`? The campaign's window first, then DNC, then the dial policy. */
export function dialGate(g: DialGateInput, now: number): DialGateVerdict {
  if (!isDialAllowed(now, g.settings)) return { ok: false, reason: 'window' };
  if (g.onDnc) return { ok: false, reason: 'dnc' };
  return g.policy ? decideDial(g.policy, g.facts, now) : { ok: true };
}
