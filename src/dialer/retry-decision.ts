/**
 * What becomes of a lead after one dial attempt: a final state, a retry at a time the campaign may dial, or a
 * callback at the time agreed with the customer. The table is the policy (docs/domain.md §Outbound flow: busy and
 * no answer are retried, wrong information is not); the code only applies the campaign's retry limits and calling
 * window to it. Pure: `now` is an argument.
 */
import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import { deadlineMs, localDay, nextDialMoment, startOfNextDay, type CallingWindowSettings } from './calling-window.js';
import { retryableOutcomes, type CampaignSettings, type RetryableOutcome } from './campaign-settings.js';
import { finalLeadStates, type AttemptOutcome, type LeadState } from './lead-state.js';

export type FinalLeadState = Extract<LeadState, 'done-success' | 'done-failed' | 'invalid-number' | 'wrong-party' | 'dnc' | 'expired'>;

/** The lead is closed by the outcome. */
export interface FinalRule {
  readonly kind: 'final';
  readonly state: FinalLeadState;
  readonly why: string;
}

/** The lead is dialed again under the campaign's retry rule for the outcome. */
export interface RetryRuleRef {
  readonly kind: 'retry';
  readonly why: string;
  /** Closes the lead instead when the campaign leaves a message on machines (onMachine: leave-message). */
  readonly whenMessageLeft?: { readonly state: FinalLeadState; readonly why: string };
}

/** The lead is dialed at the time agreed with the customer (opts.callbackAt). */
export interface CallbackRule {
  readonly kind: 'callback';
  readonly why: string;
}

export type Rule = FinalRule | RetryRuleRef | CallbackRule;

/** Only outcomes a campaign can give a retry rule may retry, so a dead number can never be scheduled again. */
export type OutcomeRules = {
  readonly [O in AttemptOutcome]: O extends RetryableOutcome ? RetryRuleRef : FinalRule | CallbackRule;
};

/** Every outcome's fate. Wrong information (错误的电话资料) is recorded and never redialed as-is; not connected is retried. */
export const outcomeRules: OutcomeRules = {
  unallocated: { kind: 'final', state: 'invalid-number', why: 'unallocated number (空号)' },
  'invalid-format': { kind: 'final', state: 'invalid-number', why: 'invalid number format' },
  'number-changed': { kind: 'final', state: 'invalid-number', why: 'number changed (号码已改变)' },
  fax: { kind: 'final', state: 'invalid-number', why: 'fax number (传真)' },
  busy: { kind: 'retry', why: 'busy (忙音)' },
  'no-answer': { kind: 'retry', why: 'no answer (无人接听)' },
  rejected: { kind: 'retry', why: 'rejected' },
  'network-failure': { kind: 'retry', why: 'network failure' },
  failed: { kind: 'retry', why: 'dial failed' },
  machine: { kind: 'retry', why: 'answering machine', whenMessageLeft: { state: 'done-failed', why: 'message left' } },
  'short-call': { kind: 'retry', why: 'short call' },
  cut: { kind: 'retry', why: 'cut mid-call by a service or media-server loss' },
  abandoned: { kind: 'retry', why: 'abandoned: no agent was free' },
  // Carrier announcements (issue 11). An unlabelled one may still be anything, so it is retried under its own rule.
  announcement: { kind: 'retry', why: 'carrier announcement, not yet labelled' },
  vacant: { kind: 'final', state: 'invalid-number', why: 'announced vacant number (空号)' },
  // A suspended line (停机) rarely comes back within a campaign's life, and list hygiene wants it cleaned like a vacant one.
  suspended: { kind: 'final', state: 'invalid-number', why: 'announced suspended number (停机)' },
  'powered-off': { kind: 'retry', why: 'announced powered off (关机)' },
  unreachable: { kind: 'retry', why: 'announced unreachable (暂时无法接通)' },
  restricted: { kind: 'final', state: 'done-failed', why: 'announced incoming calls restricted (呼入限制)' },
  // A human answer that reaches this point had no agent disposition: the agentless flow ran to its end.
  human: { kind: 'final', state: 'done-success', why: 'connected' },
  success: { kind: 'final', state: 'done-success', why: 'success (成功联系)' },
  // A refusal ends commercial calls (domain: China rules), so it is never retried.
  'not-interested': { kind: 'final', state: 'done-failed', why: 'not interested' },
  'wrong-party': { kind: 'final', state: 'wrong-party', why: 'wrong contact person (错误的联系人)' },
  'callback-at': { kind: 'callback', why: 'callback agreed (预约)' },
  'callback-later': { kind: 'retry', why: 'callback later, no time agreed' },
  dnc: { kind: 'final', state: 'dnc', why: 'do not call' },
};

/** A lead's dial counters. */
export interface LeadAttempts {
  /** Dials so far, including the attempt being decided. */
  readonly attempts: number;
  /** Dials on the local day attemptsDay, including the attempt being decided when it was dialed that day. */
  readonly attemptsToday: number;
  /** localDay() of the dials counted in attemptsToday; null before the first dial. */
  readonly attemptsDay: string | null;
}

export interface Decision {
  readonly state: LeadState;
  /** When to dial next: always an allowed moment; null for final states. */
  readonly dueAt: number | null;
  /** For a supervisor's eyes (a retry rule with flag, e.g. network failures: the trunk may be at fault). */
  readonly flagged: boolean;
  readonly why: string;
  /** The retry goes ahead of other retries and only with an agent kept free for it (after an abandoned call). */
  readonly needsAgent?: boolean;
}

/** The settings a decision reads (a whole CampaignSettings will do). */
export type RetrySettings = CallingWindowSettings & Pick<CampaignSettings, 'retry' | 'onMachine'> & Partial<Pick<CampaignSettings, 'abandonNoRepeatH'>>;

const isRetryable = (o: AttemptOutcome): o is RetryableOutcome => (retryableOutcomes as readonly string[]).includes(o);

/** The counters after one more dial at `at`: the daily count starts again on a new local day. */
export function countDial(lead: LeadAttempts, at: number, timeZone: string): LeadAttempts {
  const day = localDay(at, timeZone);
  return { attempts: lead.attempts + 1, attemptsToday: lead.attemptsDay === day ? lead.attemptsToday + 1 : 1, attemptsDay: day };
}

/** The lead's next state and due time after an attempt that ended in `outcome` at `now`; throws DISPOSITION_INVALID for a callback-at without a usable time. */
export function decideAfterAttempt(
  lead: LeadAttempts,
  outcome: AttemptOutcome,
  now: number,
  settings: RetrySettings,
  opts: { callbackAt?: number } = {},
): Decision {
  if (isRetryable(outcome)) {
    const rule = outcomeRules[outcome];
    if (rule.whenMessageLeft && settings.onMachine === 'leave-message') return final(rule.whenMessageLeft);
    return retry(lead, outcome, rule, now, settings);
  }
  const rule = outcomeRules[outcome];
  return rule.kind === 'final' ? final(rule) : callback(rule, now, settings, opts.callbackAt);
}

const final = (r: { state: FinalLeadState; why: string }): Decision => ({ state: r.state, dueAt: null, flagged: false, why: r.why });

function retry(lead: LeadAttempts, outcome: RetryableOutcome, rule: RetryRuleRef, now: number, s: RetrySettings): Decision {
  const limits = s.retry.byOutcome[outcome] ?? s.retry.default;
  const flagged = limits.flag;
  if (lead.attempts >= limits.maxTotal) {
    return { state: 'done-failed', dueAt: null, flagged, why: `${rule.why}; all ${limits.maxTotal} attempts used` };
  }
  const today = localDay(now, s.timeZone);
  const dialsToday = lead.attemptsDay === today ? lead.attemptsToday : 0;
  const dayFull = dialsToday >= limits.maxPerDay;
  // After an abandoned call the number may have to rest (Ofcom: 72 h) before the guaranteed-agent retry.
  const rest = outcome === 'abandoned' ? (s.abandonNoRepeatH ?? 0) * 3_600_000 : 0;
  const afterDelay = now + Math.max(limits.delayS * 1000, rest);
  // A day's quota used up rolls the lead into the next day's list (docs/domain.md §Outbound flow); a delay longer
  // than that still holds.
  const from = dayFull ? Math.max(afterDelay, startOfNextDay(now, s.timeZone)) : afterDelay;
  const dueAt = nextDialMoment(from, s);
  if (dueAt === undefined) return { state: 'expired', dueAt: null, flagged, why: `${rule.why}; no calling time left${horizonNote(s)}` };
  const why = dayFull ? `${rule.why}; ${limits.maxPerDay} attempts today, next day's list` : `${rule.why}; retry ${(afterDelay - now) / 1000} s later`;
  const needsAgent = outcome === 'abandoned' ? { needsAgent: true } : {};
  return { state: 'retry-wait', dueAt, flagged, why: dueAt > from ? `${why}, moved to the next allowed calling time` : why, ...needsAgent };
}

function callback(rule: CallbackRule, now: number, s: RetrySettings, callbackAt: number | undefined): Decision {
  if (callbackAt === undefined || !Number.isFinite(callbackAt)) {
    throw new HotlineError('DISPOSITION_INVALID', 'callback-at needs the agreed time', { key: 'callbackAt' });
  }
  if (callbackAt < now) {
    throw new HotlineError('DISPOSITION_INVALID', 'the agreed callback time is in the past', { key: 'callbackAt', details: { callbackAt, now } });
  }
  const dueAt = nextDialMoment(callbackAt, s);
  if (dueAt === undefined) return { state: 'expired', dueAt: null, flagged: false, why: `${rule.why}; no calling time left${horizonNote(s)}` };
  if (dueAt === callbackAt) return { state: 'callback-scheduled', dueAt, flagged: false, why: rule.why };
  // Rest hours bind even an agreed time: the call moves, and the reason stays on the lead for the agent to see.
  const agreed = DateTime.fromMillis(callbackAt, { zone: s.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  return { state: 'callback-scheduled', dueAt, flagged: false, why: `${rule.why}; ${agreed} is outside calling time, moved to the next allowed time` };
}

const horizonNote = (s: Pick<CampaignSettings, 'deadline'>): string => (s.deadline === undefined ? ' within 400 days' : ' before the deadline');

/** 'expired' for an open lead once the deadline has passed; a lead being dialed keeps its state until its attempt is decided. */
export function expireAtDeadline(state: LeadState, now: number, settings: Pick<CampaignSettings, 'deadline'>): LeadState {
  const deadline = deadlineMs(settings);
  if (deadline === undefined || now < deadline) return state;
  // The call in flight still gets its own decision (which expires the lead unless it closed it for good).
  if (finalLeadStates.has(state) || state === 'dialing') return state;
  return 'expired';
}
