import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';
import { callerScenario, type CallerHangup } from './caller-scenario.js';
import { dtmfKeyPcaps } from './pcap.js';
import { readIfExists, SIPP_EXIT_BIND_FAILED, sippProblem, startSipp, type SippExit } from './sipp.js';
import { planKeys } from './sipp-keys.js';
import { controlPortRange, findFreeUdpPort, mediaPortRange } from './sipp-ports.js';
import { callerFacts, parseScenarioLog, parseShortMessages, type CallFacts } from './sipp-trace.js';

/** One test call. */
export interface PlaceCallOptions {
  /** The number dialed (Request-URI user). */
  number: string;
  /** The caller's number (From user). */
  from: string;
  /** Keys to press after answer, e.g. "4,123456#" (see planKeys). */
  keys?: string;
  /** When the first key goes, in ms after answer. */
  firstKeyAfterMs?: number;
  hangup: CallerHangup;
  /** Give up ringing after this long even when `hangup` does not say so. */
  maxRingMs?: number;
  /** Where to send the INVITE: the lab Asterisk. */
  target: { host: string; port: number };
  /** The callers' own address (an address Asterisk's `callers` endpoint identifies). */
  callerHost: string;
  /**
   * An RTP stream (a pcap, e.g. audio with keys in it from ulawWithKeysPcap) to send from the answer on, in place of
   * `keys`: what a caller says as well as presses. Logged as key `media`.
   */
  mediaPcap?: Buffer;
  /** Keep SIPp's traces here instead of a temporary directory that is removed afterwards. */
  traceDir?: string;
}

/** What happened, as the caller saw it. */
export interface CallReport extends CallFacts {
  number: string;
  from: string;
  /** The keys that were planned, with ms after answer; `keys` holds the ones actually sent. */
  plannedKeys: Array<{ key: string; atMs: number }>;
  sippExit: number | null;
  /** Set when the traces were kept. */
  traceDir?: string;
}

// Losing a port race to a caller starting at the same moment is retried with other ports.
const bindAttempts = 3;

/** The longest the call can take, so SIPp's own -timeout ends it even if its parent is gone. */
function callBudgetMs(hangup: CallerHangup, maxRingMs: number): number {
  const talk = hangup.kind === 'after-answer' ? hangup.afterMs : hangup.kind === 'far-end' ? hangup.maxMs : 0;
  return maxRingMs + talk + 30_000;
}

/**
 * Places one call with a SIPp UAC and reports what happened: final response, answer time, keys sent, who hung up.
 * Fails with LAB_SIPP_FAILED when SIPp could not run or never sent the INVITE.
 */
export async function placeCall(opts: PlaceCallOptions): Promise<CallReport> {
  if (!/^\+?[0-9]{1,32}$/.test(opts.number)) {
    throw new HotlineError('BAD_REQUEST', `not a dialable number: ${JSON.stringify(opts.number)}`, { key: 'number' });
  }
  if (!/^\+?[0-9]{1,20}$/.test(opts.from)) {
    throw new HotlineError('BAD_REQUEST', `the caller number must be digits: ${JSON.stringify(opts.from)}`, { key: 'from' });
  }
  const maxRingMs = opts.maxRingMs ?? 60_000;
  const planned = planKeys(opts.keys ?? '', opts.firstKeyAfterMs ?? 1000);
  const work = opts.traceDir ?? mkdtempSync(join(tmpdir(), 'hotline-call-'));
  mkdirSync(work, { recursive: true });
  try {
    // A random start for SSRC, sequence and timestamp, as RFC 3550 asks of every new stream.
    const pcaps = dtmfKeyPcaps(planned, { ssrc: randomInt(1, 2 ** 31), firstSeq: randomInt(1, 30_000), firstTimestamp: randomInt(1, 2 ** 30) });
    const keys = planned.map((k, i) => {
      const pcap = join(work, `key-${i}.pcap`);
      writeFileSync(pcap, pcaps[i]!);
      return { ...k, pcap };
    });
    if (opts.mediaPcap !== undefined) {
      const pcap = join(work, 'media.pcap');
      writeFileSync(pcap, opts.mediaPcap);
      keys.push({ key: 'media', atMs: 0, pcap });
    }
    const scenario = join(work, 'caller.xml');
    writeFileSync(scenario, callerScenario({ from: opts.from, keys, hangup: opts.hangup, maxRingMs }));

    let exit: SippExit | undefined;
    let files;
    for (let attempt = 1; attempt <= bindAttempts; attempt += 1) {
      const media = await findFreeUdpPort(opts.callerHost, mediaPortRange);
      const control = await findFreeUdpPort(opts.callerHost, controlPortRange);
      const proc = startSipp({
        scenario,
        local: { ip: opts.callerHost },
        media: { ip: opts.callerHost, port: media },
        control: { ip: opts.callerHost, port: control },
        remote: `${opts.target.host}:${opts.target.port}`,
        extra: ['-m', '1', '-s', opts.number, '-aa'],
        traceDir: work,
        timeoutS: callBudgetMs(opts.hangup, maxRingMs) / 1000,
      });
      files = proc.files;
      exit = await proc.done;
      if (exit.code !== SIPP_EXIT_BIND_FAILED) break;
    }
    const trace = parseShortMessages(readIfExists(files!.messages));
    if (trace.length === 0) {
      throw new HotlineError('LAB_SIPP_FAILED', `the caller sent no INVITE to ${opts.number}, ${sippProblem(files!, exit)}`, {
        details: { number: opts.number },
      });
    }
    const facts = callerFacts(trace, parseScenarioLog(readIfExists(files!.log)));
    const report: CallReport = { ...facts, number: opts.number, from: opts.from, plannedKeys: planned, sippExit: exit?.code ?? null };
    if (opts.traceDir !== undefined) report.traceDir = opts.traceDir;
    return report;
  } finally {
    if (opts.traceDir === undefined) rmSync(work, { recursive: true, force: true });
  }
}
