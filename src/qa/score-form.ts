/**
 * Score forms as data (issue 16 item 1, seed 004): items with weights, and fatal items (致命项) which, when failed,
 * make the whole score 0 whatever the rest earned. Pure.
 */
import { HotlineError } from '../errors.js';

export interface QaItem {
  key: string;
  zh: string;
  en: string;
  /** Points the item is worth; a fatal item may be worth 0 and still zero the score when failed. */
  weight: number;
  fatal?: boolean;
}

/** Which calls a form is for: every call, one outbound campaign, or one inbound line (the number dialled). */
export type QaScope = { kind: 'any' } | { kind: 'campaign'; campaignId: number } | { kind: 'line'; number: string };

export interface QaFormSpec {
  name: string;
  scope: QaScope;
  items: QaItem[];
  /** Two scores of one call differing by more than this many points (of 100) are flagged for calibration. */
  threshold: number;
}

export interface ScoreResult {
  /** 0 to 100, one decimal. */
  total: number;
  /** Keys of the fatal items failed (then total is 0). */
  fatalFailed: string[];
}

/**
 * The score of a call: each non-fatal item earns 0..weight points; total = earned / sum of weights × 100. A fatal item
 * is answered 1 (passed) or 0 (failed). Every item must be answered and nothing else.
 */
export function scoreAnswers(items: readonly QaItem[], answers: Readonly<Record<string, number>>): ScoreResult {
  for (const key of Object.keys(answers)) {
    if (!items.some((i) => i.key === key)) throw new HotlineError('QA_BAD_ANSWERS', `the form has no item ${key}`, { key: `answers.${key}` });
  }
  let earned = 0;
  let possible = 0;
  const fatalFailed: string[] = [];
  for (const item of items) {
    const a = answers[item.key];
    if (a === undefined) throw new HotlineError('QA_BAD_ANSWERS', `item ${item.key} is not answered`, { key: `answers.${item.key}` });
    const max = item.fatal ? Math.max(1, item.weight) : item.weight;
    if (!Number.isFinite(a) || a < 0 || a > max || (item.fatal && a !== 0 && a !== max)) {
      throw new HotlineError('QA_BAD_ANSWERS', `item ${item.key} takes ${item.fatal ? `0 or ${max}` : `0 to ${max}`} points, not ${a}`, { key: `answers.${item.key}` });
    }
    if (item.fatal && a === 0) fatalFailed.push(item.key);
    earned += item.fatal && item.weight === 0 ? 0 : a;
    possible += item.weight;
  }
  if (fatalFailed.length > 0) return { total: 0, fatalFailed };
  return { total: possible === 0 ? 100 : Math.round((earned / possible) * 1000) / 10, fatalFailed };
}

/** True when the form may score this call (its campaign, or the line it came in on). */
export function formFitsCall(scope: QaScope, call: { campaignId: number | null; entryNumber: string | null; calledNumber: string | null }): boolean {
  if (scope.kind === 'any') return true;
  if (scope.kind === 'campaign') return call.campaignId === scope.campaignId;
  return call.entryNumber === scope.number || call.calledNumber === scope.number;
}
