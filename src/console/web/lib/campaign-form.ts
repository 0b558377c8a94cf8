/**
 * The campaign form's values and the settings document they stand for: calling windows and quiet hours typed as
 * "09:00-12:00, 13:30-21:00", the retry policy as a table (a default row and one row per outcome). Pure; the server
 * validates the settings again and names any key it refuses.
 */
import type { CampaignSettings, RetryableOutcome, Weekday } from '../../../dialer/campaign-settings.js';

export const weekdayIds: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const retryOutcomes: readonly RetryableOutcome[] = ['busy', 'no-answer', 'rejected', 'network-failure', 'machine', 'abandoned', 'short-call', 'cut', 'failed', 'callback-later', 'announcement', 'powered-off', 'unreachable'];
export const modes = ['preview', 'progressive', 'predictive', 'agentless'] as const;
export const kinds = ['sales', 'follow-up', 'survey', 'notification'] as const;

export interface RetryRow {
  outcome: 'default' | RetryableOutcome;
  delayMin: string;
  maxPerDay: string;
  maxTotal: string;
  flag: boolean;
}

export interface CampaignForm {
  name: string;
  kind: (typeof kinds)[number];
  mode: (typeof modes)[number];
  skillGroup: string;
  flow: string;
  maxLines: string;
  maxCallsPerSecond: string;
  ringTimeoutS: string;
  windows: Record<Weekday, string>;
  quietHours: string;
  holidays: string;
  retry: RetryRow[];
  abandonLimitPct: string;
  amd: boolean;
  recording: 'all' | 'none' | 'on-demand';
  script: string;
}

type Range = { from: string; to: string };
const rangesText = (rs: readonly Range[] | undefined) => (rs ?? []).map((r) => `${r.from}-${r.to}`).join(', ');
const rowOf = (outcome: RetryRow['outcome'], r: { delayS: number; maxPerDay: number; maxTotal: number; flag?: boolean }): RetryRow => ({
  outcome,
  delayMin: String(r.delayS / 60),
  maxPerDay: String(r.maxPerDay),
  maxTotal: String(r.maxTotal),
  flag: r.flag ?? false,
});

/** The form for a campaign's name and (validated, defaulted) settings. */
export function formFromSettings(name: string, s: CampaignSettings): CampaignForm {
  return {
    name,
    kind: s.kind,
    mode: s.mode,
    skillGroup: s.skillGroup,
    flow: s.flow,
    maxLines: String(s.maxLines),
    maxCallsPerSecond: String(s.maxCallsPerSecond),
    ringTimeoutS: String(s.ringTimeoutS),
    windows: Object.fromEntries(weekdayIds.map((d) => [d, rangesText(s.windows[d])])) as Record<Weekday, string>,
    quietHours: rangesText(s.quietHours),
    holidays: s.holidays.join(', '),
    retry: [rowOf('default', s.retry.default), ...Object.entries(s.retry.byOutcome).map(([o, r]) => rowOf(o as RetryableOutcome, r!))],
    abandonLimitPct: String(Math.round(s.pacing.abandonLimit * 10000) / 100),
    amd: s.amd,
    recording: s.recording,
    script: s.script ?? '',
  };
}

const rangeRe = /^(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})$/;
const pad = (t: string) => (t.length === 4 ? `0${t}` : t);

/** "09:00-12:00, 13:30-21:00" as ranges, or the text that is not a range. */
export function parseRanges(text: string): { ok: true; ranges: Range[] } | { ok: false; bad: string } {
  const ranges: Range[] = [];
  for (const part of text.split(/[,，;；\s]+/).filter(Boolean)) {
    const m = rangeRe.exec(part);
    if (!m) return { ok: false, bad: part };
    ranges.push({ from: pad(m[1]!), to: pad(m[2]!) });
  }
  return { ok: true, ranges };
}

/**
 * The settings a form stands for, laid over `base` (keys the form does not show, such as pacing's other fields, are
 * kept), or the form fields that cannot be read, each with the text at fault.
 */
export function settingsFromForm(f: CampaignForm, base: Partial<CampaignSettings> = {}): { ok: true; name: string; settings: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: string, v: string) => {
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n)) errors[field] = v;
    return n;
  };
  const ranges = (field: string, text: string) => {
    const r = parseRanges(text);
    if (!r.ok) errors[field] = r.bad;
    return r.ok ? r.ranges : [];
  };
  const windows = Object.fromEntries(weekdayIds.map((d) => [d, ranges(`windows.${d}`, f.windows[d])]));
  const quietHours = ranges('quietHours', f.quietHours);
  const holidays = f.holidays.split(/[,，;；\s]+/).filter(Boolean);
  for (const h of holidays) if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) errors.holidays = h;
  const rules = f.retry.map((r, i) => ({
    outcome: r.outcome,
    rule: { delayS: Math.round(num(`retry.${i}.delayMin`, r.delayMin) * 60), maxPerDay: num(`retry.${i}.maxPerDay`, r.maxPerDay), maxTotal: num(`retry.${i}.maxTotal`, r.maxTotal), flag: r.flag },
  }));
  const def = rules.find((r) => r.outcome === 'default');
  if (!def) errors['retry.default'] = '';
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.outcome)) errors[`retry.${r.outcome}`] = r.outcome;
    seen.add(r.outcome);
  }
  const limit = num('abandonLimitPct', f.abandonLimitPct) / 100;
  if (!f.name.trim()) errors.name = '';
  const settings: Record<string, unknown> = {
    kind: f.kind,
    mode: f.mode,
    skillGroup: f.skillGroup.trim(),
    flow: f.flow.trim(),
    maxLines: num('maxLines', f.maxLines),
    maxCallsPerSecond: num('maxCallsPerSecond', f.maxCallsPerSecond),
    ringTimeoutS: num('ringTimeoutS', f.ringTimeoutS),
    windows,
    quietHours,
    holidays,
    retry: { default: def?.rule, byOutcome: Object.fromEntries(rules.filter((r) => r.outcome !== 'default').map((r) => [r.outcome, r.rule])) },
    // The target stays under the limit it serves.
    pacing: { ...base.pacing, abandonLimit: limit, abandonTarget: Math.min(base.pacing?.abandonTarget ?? 0.02, limit) },
    amd: f.amd,
    recording: f.recording,
    ...(f.script.trim() ? { script: f.script } : {}),
  };
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, name: f.name.trim(), settings };
}
