/**
 * Dials per vacant number over a campaign's life (issue 11): the lead's retry decisions (src/dialer/retry-decision.ts,
 * the default campaign settings) played forward dial after dial, each dial at the moment the decision allows, until
 * the lead is final. Before issue 11 a vacant number announced in early media ended as `no-answer` on every dial; with
 * hearing it is `announcement` until its recording is labelled, then `vacant`. Pure and deterministic.
 * Run: npx tsx bench/announcement-dials.ts [--write]
 */
import { campaignSettingsSchema } from '../src/dialer/campaign-settings.js';
import type { AttemptOutcome } from '../src/dialer/lead-state.js';
import { countDial, decideAfterAttempt, type LeadAttempts } from '../src/dialer/retry-decision.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, out, lines } = benchCli();
const settings = campaignSettingsSchema.parse({});
const start = Date.parse('2026-12-07T10:00:00+08:00');

/** Dials until the lead is final (or 60 days pass), each ending in `outcomeOf(dial number)`. */
function life(outcomeOf: (dial: number) => AttemptOutcome): { dials: number; days: number; state: string } {
  let lead: LeadAttempts = { attempts: 0, attemptsToday: 0, attemptsDay: null };
  let at = start;
  for (let dial = 1; dial <= 100; dial++) {
    lead = countDial(lead, at, settings.timeZone);
    const d = decideAfterAttempt(lead, outcomeOf(dial), at, settings);
    if (d.dueAt === null || d.dueAt - start > 60 * 86_400_000) return { dials: dial, days: Math.ceil((at - start) / 86_400_000), state: d.state };
    at = d.dueAt;
  }
  return { dials: 100, days: Math.ceil((at - start) / 86_400_000), state: 'still retrying' };
}

const rows: Array<[string, (n: number) => AttemptOutcome]> = [
  ['before issue 11: every dial heard as `no-answer` (cause 19)', () => 'no-answer'],
  ['hearing on, recording never labelled: `announcement` each dial', () => 'announcement'],
  ['hearing on, recording labelled `vacant` (library, or an import)', () => 'vacant'],
];
out('## Dials per vacant number over a campaign\'s life (issue 11)');
out('');
out('The retry decisions of the default campaign settings played forward (bench/announcement-dials.ts; pure, the same on any machine): each dial at the moment the previous decision allows, until the lead is final.');
out('');
out('| a vacant number announced in early media | dials | last dial after (days, rounded up) | lead ends |');
out('|---|---:|---:|---|');
for (const [name, f] of rows) {
  const r = life(f);
  out(`| ${name} | ${r.dials} | ${r.days} | ${r.state} |`);
}
out('');
out('Labelling an announcement also closes, at once, a lead waiting on a retry because of it (tests/lab/announcements.lab.test.ts: `leadsClosed` 1 for vacant and for suspended), so once a centre has labelled a recording its vacant numbers cost one dial each, and before that at most the `announcement` rule\'s dials.');
if (flag('--write')) writeDocSection('## Dials per vacant number over a campaign\'s life (issue 11)', lines);
