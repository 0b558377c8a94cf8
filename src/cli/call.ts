import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { HotlineError } from '../errors.js';
import type { CallerHangup } from '../lab/caller-scenario.js';
import { placeCall, type CallReport } from '../lab/sipp-caller.js';
import { COMMA_PAUSE_MS, KEY_SPACING_MS } from '../lab/sipp-keys.js';
import { udpPortFree } from '../lab/sipp-ports.js';
import { openDb } from '../store/db.js';
import { CallsRepo, type CallRow } from '../store/calls-repo.js';
import { systemClock } from '../clock.js';
import { formatCallPath } from './call-path.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return n;
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a whole number of milliseconds, more than 0');
  return n;
}

interface CallOptions {
  keys: string;
  wait: number;
  hangupAfter?: number;
  hangupBeforeAnswer?: number;
  from: string;
  maxRing: number;
  maxDuration: number;
  trace?: string;
  json?: boolean;
}

/** The hang-up the options ask for; none means waiting for the far end. */
export function hangupOf(opts: Pick<CallOptions, 'hangupAfter' | 'hangupBeforeAnswer' | 'maxDuration'>): CallerHangup {
  if (opts.hangupAfter !== undefined && opts.hangupBeforeAnswer !== undefined) {
    throw new HotlineError('BAD_REQUEST', 'give --hangup-after or --hangup-before-answer, not both', { key: 'hangup' });
  }
  if (opts.hangupBeforeAnswer !== undefined) return { kind: 'before-answer', afterMs: opts.hangupBeforeAnswer };
  if (opts.hangupAfter !== undefined) return { kind: 'after-answer', afterMs: Math.round(opts.hangupAfter * 1000) };
  return { kind: 'far-end', maxMs: Math.round(opts.maxDuration * 1000) };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** The report as the lines `hotline call` prints. */
export function formatCallReport(r: CallReport): string[] {
  const lines = [`call ${r.number} from ${r.from}`];
  const status = r.status === undefined ? 'no final response' : `${r.status} ${r.reason ?? ''}`.trim();
  if (r.outcome === 'answered') {
    const after = r.answeredAt !== undefined && r.invitedAt !== undefined ? ` after ${s(r.answeredAt - r.invitedAt)}` : '';
    lines.push(`answered${after}${r.rang ? ' (rang first)' : ''}`);
    lines.push(`keys:      ${r.keys.length === 0 ? 'none sent' : r.keys.map((k) => `${k.key}@${s(k.atMs)}`).join(' ')}`);
    const unsent = r.plannedKeys.length - r.keys.length;
    if (unsent > 0) lines.push(`           (${unsent} planned key(s) not sent: the call ended first)`);
    if (r.hungUpBy === undefined) lines.push('hung up:   unknown (no BYE in the trace)');
    else lines.push(`hung up:   by ${r.hungUpBy === 'caller' ? 'the caller' : 'the far end'} after ${s(r.durationMs ?? 0)}`);
  } else if (r.outcome === 'cancelled') {
    const rang = r.endedAt !== undefined && r.invitedAt !== undefined ? ` after ${s(r.endedAt - r.invitedAt)}` : '';
    lines.push(`not answered: the caller hung up while it rang${rang} (${status})`);
  } else if (r.outcome === 'rejected') {
    lines.push(`rejected:  ${status}${r.rang ? ' (after ringing)' : ''}`);
  } else {
    lines.push(`no answer: ${status}${r.status === undefined ? ' (nothing came back to the INVITE)' : ''}`);
  }
  if (r.traceDir !== undefined) lines.push(`traces:    ${r.traceDir}`);
  return lines;
}

/**
 * The service's record of the inbound call from `from` that started at or after `since`, once it has ended (the
 * service writes the end a moment after the BYE): polled for up to `waitMs`. Undefined when the database has none.
 */
async function callRecord(dbPath: string, from: string, since: number, waitMs = 3000): Promise<CallRow | undefined> {
  // Never make a database the service does not have.
  if (dbPath !== ':memory:' && !existsSync(dbPath)) return undefined;
  const db = openDb(dbPath);
  try {
    const repo = new CallsRepo(db, systemClock);
    let row: CallRow | undefined;
    for (const until = Date.now() + waitMs; ; await new Promise((r) => setTimeout(r, 100))) {
      row = repo.search({ direction: 'inbound', number: from, from: since, limit: 1 })[0];
      if ((row && row.endedAt !== null) || Date.now() >= until) return row;
    }
  } finally {
    db.close();
  }
}

/** Adds `hotline call <number>`: one test call from the lab's callers address to the lab Asterisk. */
export function registerCallCommand(program: Command): void {
  program
    .command('call')
    .description('place one test call (SIPp) from lab.callers.host to the lab Asterisk and say what happened')
    .argument('<number>', 'the number to dial, e.g. 4008001234')
    .option(
      '--keys <keys>',
      `DTMF keys after answer: 0-9 * # A-D, ${KEY_SPACING_MS} ms apart; "," adds a ${COMMA_PAUSE_MS / 1000} s pause (e.g. "4,123456#")`,
      '',
    )
    .option('--wait <seconds>', 'seconds after answer before the first key', seconds, 1)
    .option('--hangup-after <seconds>', 'hang up this many seconds after answer (keys not yet sent are dropped)', seconds)
    .option('--hangup-before-answer <ms>', 'hang up (CANCEL) after ringing this many ms without an answer', milliseconds)
    .option('--from <number>', "the caller's number (From user)", '13800138000')
    .option('--max-ring <seconds>', 'give up ringing after this long', seconds, 60)
    .option('--max-duration <seconds>', 'without --hangup-after: hang up if the far end has not after this long', seconds, 120)
    .option('--trace <dir>', "keep SIPp's scenario and traces in this directory")
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nWithout --hangup-after or --hangup-before-answer the caller waits for the far end to hang up.\n' +
        'Example: hotline call 4008001234 --keys "4,123456#" --hangup-after 20',
    )
    .action(async (number: string, opts: CallOptions, cmd: Command) => {
      const config = loadConfig(cmd.optsWithGlobals<{ config?: string }>().config);
      const sip = config.lab.sip;
      // Without this, a call to a stopped lab waits out SIP's 32 s transaction timeout before saying anything.
      if (await udpPortFree(sip.host, sip.port)) {
        throw new HotlineError('LAB_NOT_RUNNING', `nothing listens on udp ${sip.host}:${sip.port} (lab.sip): run \`hotline lab up\``, {
          key: 'lab.sip',
        });
      }
      const since = Date.now() - 1000;
      const report = await placeCall({
        number,
        from: opts.from,
        keys: opts.keys,
        firstKeyAfterMs: Math.round(opts.wait * 1000),
        hangup: hangupOf(opts),
        maxRingMs: Math.round(opts.maxRing * 1000),
        target: sip,
        callerHost: config.lab.callers.host,
        ...(opts.trace === undefined ? {} : { traceDir: resolve(opts.trace) }),
      });
      // Where the call went in the flow is the service's to say: its call record, read from its database.
      // (A call refused before any answer, a blocked caller's, has a record too; one nothing answered has none.)
      const asked = report.status !== undefined;
      const record = asked ? await callRecord(config.store.path, opts.from, since) : undefined;
      if (opts.json === true) {
        const call = record && { flowName: record.flowName, flowVersion: record.flowVersion, ivrPath: record.ivrPath, endedIn: record.endedIn, queueGroup: record.queueGroup, queueWaitMs: record.queueWaitMs, agentId: record.agentId, nonRegular: record.nonRegular };
        process.stdout.write(`${JSON.stringify({ ...report, call: call ?? null })}\n`);
      } else {
        const path = asked ? formatCallPath(record, config.store.path) : [];
        process.stdout.write(`${[...formatCallReport(report), ...path].join('\n')}\n`);
      }
    });
}
