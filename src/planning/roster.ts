/**
 * Requirement and cover per half-hour (issue 16 item 4), and the seed's limit on shift swaps. Pure.
 * Required agents come from the existing Erlang C (staffing/erlang-c.ts) at the service-level target; cover is the
 * number of rostered agents whose shift spans the half-hour; an interval with fewer than required is short.
 */
import { HotlineError } from '../errors.js';
import { inboundAgents } from '../staffing/erlang-c.js';
import { slotsPerDay } from './forecast.js';

export interface ServiceTarget {
  ahtS: number;
  serviceLevel: number;
  targetAnswerS: number;
  maxOccupancy?: number;
}

/** Agents needed in each half-hour for the forecast calls. */
export function requiredAgents(forecast: readonly number[], t: ServiceTarget): number[] {
  return forecast.map((calls) => (calls <= 0 ? 0 : inboundAgents({ calls, intervalS: 1800, ...t }).agents));
}

/** A shift on one day: half-hour slots [startSlot, endSlot); a night shift past midnight ends on slot 48 + n. */
export interface Shift {
  agentId: string;
  startSlot: number;
  endSlot: number;
}

export interface Cover {
  slot: number;
  required: number;
  rostered: number;
  /** Agents missing (0 when covered). */
  short: number;
}

/** The cover of a day's 48 half-hours by its shifts (and the night shifts of the day before running past midnight). */
export function coverOf(required: readonly number[], shifts: readonly Shift[], overnight: readonly Shift[] = []): Cover[] {
  const rostered = Array.from({ length: slotsPerDay }, () => 0);
  for (const s of shifts) for (let h = Math.max(0, s.startSlot); h < Math.min(slotsPerDay, s.endSlot); h++) rostered[h]!++;
  for (const s of overnight) for (let h = 0; h < s.endSlot - slotsPerDay; h++) rostered[h]!++;
  return required.map((r, slot) => ({ slot, required: r, rostered: rostered[slot]!, short: Math.max(0, r - rostered[slot]!) }));
}

/** Seed 001 (换班制度): 每人每月换班不得超过5次. */
export const swapLimitPerMonth = 5;

/**
 * Refuses a swap that would be a person's sixth in the month: `used` counts the swaps already approved or pending
 * for that person in that month (as requester or as the colleague who takes the shift).
 */
export function checkSwapAllowed(person: string, month: string, used: number, limit = swapLimitPerMonth): void {
  if (used >= limit) {
    throw new HotlineError('SWAP_LIMIT_REACHED', `${person} has swapped ${used} shifts in ${month}; at most ${limit} a month`, { key: 'agentId', details: { agentId: person, month, used, limit } });
  }
}
