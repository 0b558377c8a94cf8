import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { algorithmKinds, runExperiment, type AlgorithmKind } from '../sim/experiment.js';
import type { AlgorithmMetrics } from '../sim/sim-metrics.js';
import type { SimParams } from '../sim/sim-params.js';
import { addSimFlags, simParamsFrom } from './sim-flags.js';
import { defined } from '../defined.js';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The per-algorithm table `hotline simulate` prints. */
export function metricsTable(rows: readonly AlgorithmMetrics[]): string {
  const head = ['algorithm', 'occupancy', 'talk min/agent-h', 'abandon', 'worst hour', 'window breaches', 'P(wait>2s)', 'idle p50 s', 'idle p90 s', 'dials/h'];
  const body = rows.map((r) => [
    r.name,
    pct(r.occupancy),
    r.talkMinutesPerAgentHour.toFixed(1),
    pct(r.abandonRate),
    pct(r.worstHourAbandonRate),
    String(r.windowBreaches),
    pct(r.pWaitOver2s),
    r.agentIdleP50.toFixed(1),
    r.agentIdleP90.toFixed(1),
    r.dialsPerHour.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

function algorithmsFrom(raw: string | undefined): AlgorithmKind[] {
  if (raw === undefined) return [...algorithmKinds];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(algorithmKinds as readonly string[]).includes(n)) throw new HotlineError('SIM_INVALID', `--algorithms: unknown algorithm "${n}" (known: ${algorithmKinds.join(', ')})`, { key: '--algorithms' });
  }
  if (names.length === 0) throw new HotlineError('SIM_INVALID', '--algorithms names none', { key: '--algorithms' });
  return names as AlgorithmKind[];
}

const describe = (p: SimParams) =>
  `${p.agents} agents, answer rate ${p.answerRate}, talk ${p.talkMeanS} s (cv ${p.talkCv}), wrap ${p.wrapS} s, answers after ${p.answerMinS}–${p.answerMaxS} s; ` +
  `${p.replications} × ${p.hours} h, seed ${p.seed}; abandon target ${pct(p.pacing.abandonTarget)}, limit ${pct(p.pacing.abandonLimit)} per ${p.pacing.complianceWindow}`;

/** `hotline simulate`: every pacing algorithm against the same simulated agents and customers. */
export function registerSimulateCommand(program: Command): void {
  const cmd = program
    .command('simulate')
    .description('discrete-event simulation of the dialer: hotline predictive against progressive, the best fixed ratio, VICIdial ADAPT_HARD_LIMIT and an open-loop Erlang dialer');
  addSimFlags(cmd)
    .option('--algorithms <list>', `which to run, comma-separated (default all: ${algorithmKinds.join(',')})`)
    .option('--ratio <r>', 'run this fixed ratio instead of searching for the best one')
    .option('--json', 'print {"algorithms":[…]} as JSON')
    .action((o: Record<string, unknown>) => {
      const params = simParamsFrom(o);
      const algorithms = algorithmsFrom(o.algorithms as string | undefined);
      let ratio: number | undefined;
      if (o.ratio !== undefined) {
        ratio = Number(o.ratio);
        if (!/^\d+(\.\d+)?$/.test(String(o.ratio)) || ratio < 1 || ratio > 20) throw new HotlineError('SIM_INVALID', `--ratio must be a number from 1 to 20, got "${String(o.ratio)}"`, { key: '--ratio' });
      }
      const t0 = performance.now();
      const result = runExperiment(params, { algorithms, ...defined({ ratio }) });
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ algorithms: result.algorithms }, null, 2)}\n`);
        return;
      }
      const ratioNote = result.ratio !== null && ratio === undefined ? `\nratio: the highest fixed ratio (0.05 steps) with no replication over the limit in its window` : '';
      process.stdout.write(`${describe(params)}\n\n${metricsTable(result.algorithms)}\n${ratioNote}\n(${s} s)\n`);
    });
}
