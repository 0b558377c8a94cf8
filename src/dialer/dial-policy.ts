/**
 * The dial-time decision of the centre-wide dial policy (dial-policy-settings.ts): may this number be called now,
 * given the calls already placed to it and the ones still on the line? Pure; the dialer reads the facts from the
 * store and records a refusal with its reason (dial_refusals), as it does for DNC.
 */
import { isDialAllowed, nextDialMoment, type CallingWindowSettings } from './calling-window.js';
import { weekdays } from './campaign-settings.js';
import type { DialPolicy } from './dial-policy-settings.js';

/** Why the policy refused a dial; the reports count refusals by it. */
export const dialRefusalReasons = ['region', 'hours', 'concurrent', 'cap'] as const;
export type DialRefusalReason = (typeof dialRefusalReasons)[number];

export interface DialFacts {
  /** E.164 with its +. */
  phone: string;
  /** Calls to the number not ended yet, in any campaign. */
  live: number;
  /** When each call to the number within the longest cap window was placed (epoch ms), any order. */
  recent: readonly number[];
}

export type DialVerdict =
  | { ok: true }
  /** retryAt: the first moment the reason no longer holds (null: never, the region is blocked). */
  | { ok: false; reason: DialRefusalReason; why: string; retryAt: number | null };

/** A refused concurrent call is looked at again this much later (the call on the line usually ends first). */
export const concurrentRetryMs = 60_000;

/** The longest cap window in ms: how far back the dialer must read a number's calls. */
export function lookbackMs(p: DialPolicy): number {
  return Math.max(0, ...p.caps.map((c) => c.withinS * 1000));
}

/** The policy's hours as a calling window (the same arithmetic the campaigns use, DST and all). */
export function policyWindow(p: DialPolicy): CallingWindowSettings {
  const day = [{ from: p.hours.from, to: p.hours.to }];
  return { windows: Object.fromEntries(weekdays.map((d) => [d, day])), quietHours: [], holidays: [], timeZone: p.timeZone };
}

/** The region whose prefix the number starts with (the longest one), or undefined. */
export function blockedRegion(p: DialPolicy, phone: string): { prefix: string; region: string } | undefined {
  let best: { prefix: string; region: string } | undefined;
  for (const b of p.blockedPrefixes) {
    if (phone.startsWith(b.prefix) && (!best || b.prefix.length > best.prefix.length)) best = b;
  }
  return best;
}

/** When the first cap that is full frees up again, or undefined when every cap has room. */
function capRetryAt(p: DialPolicy, recent: readonly number[], now: number): { at: number; max: number; withinS: number } | undefined {
  const times = [...recent].sort((a, b) => a - b);
  let worst: { at: number; max: number; withinS: number } | undefined;
  for (const c of p.caps) {
    const windowMs = c.withinS * 1000;
    // Calls inside (now - window, now]; the cap is full when there are max of them.
    const inside = times.filter((t) => t > now - windowMs && t <= now);
    if (inside.length < c.max) continue;
    // The call that must age out for one more to fit: the (n - max + 1)-th oldest inside the window.
    const at = inside[inside.length - c.max]! + windowMs;
    if (!worst || at > worst.at) worst = { at, max: c.max, withinS: c.withinS };
  }
  return worst;
}

/** May the number be dialed at `now`? The first reason that holds refuses it, in the order region, hours, concurrent, cap. */
export function decideDial(p: DialPolicy, f: DialFacts, now: number): DialVerdict {
  if (!p.enabled) return { ok: true };
  const region = blockedRegion(p, f.phone);
  if (region) return { ok: false, reason: 'region', why: `numbers starting ${region.prefix} (${region.region}) may not be called`, retryAt: null };
  const window = policyWindow(p);
  if (!isDialAllowed(now, window)) {
    const open = nextDialMoment(now, window) ?? null;
    // If the caps are still full at the opening, the lead waits for them too (they only empty as time passes).
    const full = open === null ? undefined : capRetryAt(p, f.recent, open);
    const retryAt = full ? (nextDialMoment(full.at, window) ?? full.at) : open;
    return { ok: false, reason: 'hours', why: `calls only ${p.hours.from}–${p.hours.to} ${p.timeZone}`, retryAt };
  }
  if (f.live >= p.concurrentPerNumber) {
    return { ok: false, reason: 'concurrent', why: `the number is already on ${f.live} call(s) (at most ${p.concurrentPerNumber})`, retryAt: now + concurrentRetryMs };
  }
  const full = capRetryAt(p, f.recent, now);
  if (full) {
    // A cap that frees up at night is as good as one that frees up at the next opening.
    const at = nextDialMoment(full.at, window) ?? full.at;
    return { ok: false, reason: 'cap', why: `at most ${full.max} calls to one number within ${full.withinS} s`, retryAt: at };
  }
  return { ok: true };
}
