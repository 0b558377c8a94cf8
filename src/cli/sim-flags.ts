import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { simParamsSchema, type SimParams } from '../sim/sim-params.js';

/**
 * The simulator's flags, shared by `hotline simulate` and `hotline staffing outbound`: each maps to one simulation
 * parameter, and a bad value is refused with the flag named (SIM_INVALID, key = the flag).
 */
interface Flag {
  readonly flag: string;
  readonly param: string;
  readonly help: string;
  /** Where the value goes: a simulation parameter or a pacing setting. */
  readonly into?: 'pacing';
}

const numeric: readonly Flag[] = [
  { flag: '--agents', param: 'agents', help: 'agents logged in (default 20)' },
  { flag: '--answer-rate', param: 'answerRate', help: 'share of dials a live person answers, 0–1 (default 0.3)' },
  { flag: '--machine-share', param: 'machineShare', help: 'weight of answering machines among the other dials (default 0.15)' },
  { flag: '--busy-share', param: 'busyShare', help: 'weight of busy numbers among the other dials (default 0.15)' },
  { flag: '--no-answer-share', param: 'noAnswerShare', help: 'weight of unanswered dials (ring to the time-out) (default 0.55)' },
  { flag: '--invalid-share', param: 'invalidShare', help: 'weight of invalid numbers among the other dials (default 0.15)' },
  { flag: '--answer-min', param: 'answerMinS', help: 'earliest answer after the dial, s (default 5)' },
  { flag: '--answer-max', param: 'answerMaxS', help: 'latest answer after the dial, s (default 25)' },
  { flag: '--ring-timeout', param: 'ringTimeoutS', help: 'an unanswered dial rings this long, s (default 25)' },
  { flag: '--talk-mean', param: 'talkMeanS', help: 'mean talk time (log-normal), s (default 120)' },
  { flag: '--talk-cv', param: 'talkCv', help: 'talk time coefficient of variation (default 1)' },
  { flag: '--wrap', param: 'wrapS', help: 'after-call work, s (default 15)' },
  { flag: '--patience', param: 'patienceS', help: 'a live answer waits this long for an agent, s, at most 2 (default 2)' },
  { flag: '--hours', param: 'hours', help: 'length of each replication, hours (default 8)' },
  { flag: '--replications', param: 'replications', help: 'replications (default 10)' },
  { flag: '--seed', param: 'seed', help: 'random seed (default 1)' },
  { flag: '--lines', param: 'lines', help: 'most lines at once (default 1000)' },
  { flag: '--cps', param: 'cps', help: 'most new calls per second (default 100)' },
  { flag: '--tick', param: 'tickS', help: 'the dialer decides every this many seconds (default 1)' },
  { flag: '--start-hour', param: 'startHour', help: 'local hour the run starts at (default 9)' },
  { flag: '--abandon-target', param: 'abandonTarget', help: 'abandon rate the model aims at, 0–1 (default 0.02)', into: 'pacing' },
  { flag: '--abandon-limit', param: 'abandonLimit', help: 'legal abandon limit over the window, 0–1 (default 0.03)', into: 'pacing' },
];

/** Adds the simulator's flags to a command. */
export function addSimFlags(cmd: Command): Command {
  for (const f of numeric) cmd.option(`${f.flag} <n>`, f.help);
  cmd.option('--window <w>', 'compliance window: 24h | 30d | since-start (default 30d)');
  cmd.option('--answer-rate-steps <list>', 'step changes in the answer rate, "hour:rate,…", e.g. "4:0.15"');
  cmd.option('--pauses <list>', 'agents pausing mid-run, "hour:agents:minutes,…", e.g. "2:3:30"');
  return cmd;
}

const bad = (flag: string, why: string) => new HotlineError('SIM_INVALID', `${flag}${why.startsWith(':') ? '' : ' '}${why}`, { key: flag });

function number(flag: string, raw: string): number {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw.trim())) throw bad(flag, `must be a number, got "${raw}"`);
  return Number(raw);
}

function list(flag: string, raw: string, names: readonly string[]): Record<string, number>[] {
  if (raw.trim() === '') return [];
  return raw.split(',').map((item) => {
    const parts = item.split(':');
    if (parts.length !== names.length) throw bad(flag, `takes "${names.join(':')}" items separated by commas, got "${item}"`);
    return Object.fromEntries(names.map((n, i) => [n, number(flag, parts[i]!)]));
  });
}

const flagOf = (path: readonly PropertyKey[]): string => {
  const [head, sub] = path;
  if (head === 'pacing') return numeric.find((f) => f.into === 'pacing' && f.param === sub)?.flag ?? (sub === 'complianceWindow' ? '--window' : `--${String(sub)}`);
  if (head === 'answerRateSteps') return '--answer-rate-steps';
  if (head === 'pauses') return '--pauses';
  return numeric.find((f) => f.param === head && f.into === undefined)?.flag ?? `--${String(head)}`;
};

/** Simulation parameters from parsed options (commander's camelCase keys), with `base` under the flags. */
export function simParamsFrom(opts: Record<string, unknown>, base: Record<string, unknown> = {}): SimParams {
  const params: Record<string, unknown> = { ...base };
  const pacing: Record<string, unknown> = { ...((base.pacing as Record<string, unknown> | undefined) ?? {}) };
  for (const f of numeric) {
    const key = f.flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const raw = opts[key];
    if (raw === undefined) continue;
    const v = number(f.flag, String(raw));
    if (f.into === 'pacing') pacing[f.param] = v;
    else params[f.param] = v;
  }
  if (opts.window !== undefined) pacing.complianceWindow = opts.window;
  if (opts.answerRateSteps !== undefined) params.answerRateSteps = list('--answer-rate-steps', String(opts.answerRateSteps), ['atHour', 'answerRate']);
  if (opts.pauses !== undefined) params.pauses = list('--pauses', String(opts.pauses), ['atHour', 'agents', 'minutes']);
  params.pacing = pacing;
  const r = simParamsSchema.safeParse(params);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const flag = flagOf(issue.path);
    throw bad(flag, `: ${issue.message}`);
  }
  return r.data;
}
