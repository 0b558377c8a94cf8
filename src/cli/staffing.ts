import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { inboundAgents, type InboundStaffing } from '../staffing/erlang-c.js';
import { outboundAgents } from '../staffing/outbound-staffing.js';
import { addSimFlags, simParamsFrom } from './sim-flags.js';
import { defined } from '../defined.js';

const bad = (flag: string, why: string) => new HotlineError('SIM_INVALID', `${flag} ${why}`, { key: flag });

function num(flag: string, raw: unknown, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw bad(flag, 'is required');
    return fallback;
  }
  const s = String(raw).trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw bad(flag, `must be a number 0 or more, got "${s}"`);
  return Number(s);
}

/** A share given as 0.8 or 80%. */
function share(flag: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const s = String(raw).trim();
  const v = s.endsWith('%') ? num(flag, s.slice(0, -1)) / 100 : num(flag, s);
  if (!(v > 0 && v <= 1)) throw bad(flag, `must be a share between 0 and 1 (or a percentage), got "${s}"`);
  return v;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `hotline staffing inbound|outbound`: agents needed from call volume and handle time (docs/domain.md §KPIs and reports). */
export function registerStaffingCommands(program: Command): void {
  const staffing = program.command('staffing').description('agents needed: Erlang C for inbound, the simulator for outbound');
  staffing
    .command('inbound')
    .description('Erlang C: agents for a service level, per interval (e.g. --calls 100,120,90 for three half-hours)')
    .requiredOption('--calls <list>', 'calls offered per interval, comma-separated for several intervals')
    .option('--interval <minutes>', 'interval length, minutes (default 30)')
    .option('--aht <seconds>', 'average handle time: talk + hold + after-call work, s (default 180)')
    .option('--service-level <share>', 'share of calls answered within --answer-within, e.g. 0.8 or 80% (default 0.8)')
    .option('--answer-within <seconds>', 'the service level\'s answer time, s (default 20)')
    .option('--max-occupancy <share>', 'add agents until occupancy is at most this, e.g. 0.85')
    .option('--json', 'print JSON')
    .action((o: Record<string, unknown>) => {
      const calls = String(o.calls)
        .split(',')
        .map((c) => num('--calls', c));
      const intervalS = num('--interval', o.interval, 30) * 60;
      if (intervalS <= 0) throw bad('--interval', 'must be more than 0 minutes');
      const ahtS = num('--aht', o.aht, 180);
      if (ahtS <= 0) throw bad('--aht', 'must be more than 0 seconds');
      const sl = share('--service-level', o.serviceLevel, 0.8);
      if (sl >= 1) throw bad('--service-level', 'must be below 1: no number of agents answers every call at once');
      const within = num('--answer-within', o.answerWithin, 20);
      const maxOcc = o.maxOccupancy === undefined ? undefined : share('--max-occupancy', o.maxOccupancy, 1);
      const rows: InboundStaffing[] = calls.map((c) =>
        inboundAgents({ calls: c, intervalS, ahtS, serviceLevel: sl, targetAnswerS: within, ...defined({ maxOccupancy: maxOcc }) }),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ intervals: rows.map((r, i) => ({ interval: i, calls: calls[i], ...r })) }, null, 2)}\n`);
        return;
      }
      const lines = rows.map(
        (r, i) => `${String(i).padStart(8)}  ${String(calls[i]).padStart(5)}  ${r.traffic.toFixed(2).padStart(8)}  ${String(r.agents).padStart(6)}  ${pct(r.serviceLevel).padStart(7)}  ${r.asaS.toFixed(1).padStart(6)}  ${pct(r.occupancy).padStart(9)}`,
      );
      process.stdout.write(
        `target ${pct(sl)} answered within ${within} s, AHT ${ahtS} s, ${intervalS / 60}-minute intervals\n\ninterval  calls  Erlangs  agents      SL  ASA s  occupancy\n${lines.join('\n')}\n`,
      );
    });

  const outbound = staffing
    .command('outbound')
    .description('agents for a target of talk hours or contacts per hour under the abandon limit, from the simulator (hotline predictive)');
  addSimFlags(outbound)
    .option('--talk-hours <n>', 'agent talk hours per clock hour to deliver')
    .option('--contacts <n>', 'live answers connected to an agent per hour to deliver')
    .option('--json', 'print JSON')
    .action((o: Record<string, unknown>) => {
      if ((o.talkHours === undefined) === (o.contacts === undefined)) throw bad('--talk-hours', 'or --contacts: give exactly one target');
      // Staffing needs many candidates: fewer, shorter replications than `simulate` unless asked.
      const params = simParamsFrom(o, { replications: 5, hours: 4, agents: 10 });
      const target = o.talkHours !== undefined ? { talkHoursPerHour: num('--talk-hours', o.talkHours) } : { contactsPerHour: num('--contacts', o.contacts) };
      const r = outboundAgents(params, target);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const tried = r.tried
        .map((t) => `${String(t.agents).padStart(6)}  ${t.talkHoursPerHour.toFixed(2).padStart(9)}  ${t.contactsPerHour.toFixed(1).padStart(10)}  ${pct(t.occupancy).padStart(9)}  ${pct(t.abandonRate).padStart(7)}  ${t.windowBreaches}`)
        .join('\n');
      process.stdout.write(
        `${r.agents} agents: ${r.talkHoursPerHour.toFixed(2)} talk hours and ${r.contactsPerHour.toFixed(1)} contacts per hour, occupancy ${pct(r.occupancy)}, abandon ${pct(r.abandonRate)}\n` +
          `(answer rate ${params.answerRate}, talk ${params.talkMeanS} s, wrap ${params.wrapS} s; ${params.replications} × ${params.hours} h per candidate)\n\n` +
          `agents  talk h/h  contacts/h  occupancy  abandon  breaches\n${tried}\n`,
      );
    });
}
