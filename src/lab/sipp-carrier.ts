import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { projectRoot } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { labAudioDir, prepareLabAudio } from './audio.js';
import { prepareEarlyMediaAudio } from './early-media-audio.js';
import { withEarlyMedia } from './early-media-scenario.js';
import { readIfExists, startSipp, waitForSipp, type SippExit, type SippFiles } from './sipp.js';
import { controlPortRange, findFreeUdpPort, udpPortFree } from './sipp-ports.js';
import { parseScenarioLog, parseShortMessages, phoneCalls, type PhoneCall } from './sipp-trace.js';

/** The carrier's scenario, answering by the test numbering plan (see the file's header). */
export const carrierScenario = join(projectRoot, 'asterisk/sipp/carrier.xml');

/** The test numbering plan: national number for NN (139000000NN), by what the far end does. */
export const carrierNumbers = {
  human: '13900000000',
  machine: '13900000001',
  fax: '13900000002',
  busy: '13900000003',
  noAnswer: '13900000004',
  unallocated: '13900000005',
  numberChanged: '13900000006',
  invalidFormat: '13900000007',
  congestion: '13900000008',
  rejected: '13900000009',
  shortCall: '13900000010',
  surveySatisfied: '13900000011',
  surveyUnsatisfied: '13900000012',
} as const;

/** Where and how to run the carrier. */
export interface CarrierOptions {
  host: string;
  port: number;
  /** RTP port on `host` (and port + 2); outside Asterisk's RTP range. */
  mediaPort?: number;
  /** The lab directory: audio is made in `${labDir}/audio`, traces go to `${labDir}/sipp/carrier`. */
  labDir: string;
  traceDir?: string;
  /**
   * Answered numbers (a person, a machine) ring for a time drawn uniformly from this range, ms, instead of 0.3 s
   * (a SIPp pause: keep the top below the campaign's ring time-out, as a CANCEL during it is not expected).
   */
  answerDelayMs?: { min: number; max: number };
}

/** The carrier's wait before it answers, as carrier.xml has it. */
const SHORT_RING = '<recv request="CANCEL" timeout="300" ontimeout="answer" next="cancelled"/>';

/** carrier.xml with answered numbers ringing for a uniformly drawn time. */
export function withAnswerDelay(xml: string, delay: { min: number; max: number }): string {
  if (!xml.includes(SHORT_RING)) throw new Error('carrier.xml no longer has the short ring this rewrites');
  if (!(delay.min >= 0 && delay.max >= delay.min)) throw new RangeError(`answer delay must be 0 <= min <= max, got ${delay.min}-${delay.max}`);
  return xml.replace(SHORT_RING, `<pause distribution="uniform" min="${Math.round(delay.min)}" max="${Math.round(delay.max)}"/>`);
}

/** A running carrier. */
export interface Carrier {
  pid: number;
  files: SippFiles;
  done: Promise<SippExit>;
  stop(graceMs?: number): Promise<SippExit>;
  /** Every call the carrier received so far, with the number dialed. */
  calls(): PhoneCall[];
}

/**
 * carrier.xml with the early-media scenes, written under `${labDir}/sipp` by content hash: worktrees sharing one lab
 * directory with different carriers do not overwrite each other's.
 */
function carrierScenarioWithEarlyMedia(labDir: string, manifest: Record<string, number>, delay?: { min: number; max: number }): string {
  const plain = withEarlyMedia(readFileSync(carrierScenario, 'utf8'), manifest);
  const xml = delay ? withAnswerDelay(plain, delay) : plain;
  const dir = join(labDir, 'sipp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `carrier-${createHash('sha256').update(xml).digest('hex').slice(0, 16)}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** Carrier options from the lab config. */
export function carrierOptions(config: Config): CarrierOptions {
  const opts: CarrierOptions = { host: config.lab.carrier.host, port: config.lab.carrier.port, labDir: config.lab.dir };
  // A second lab instance's carrier keeps its own trace: calls() reads it, and must see this carrier's calls only.
  if (config.lab.instance !== undefined) opts.traceDir = join(config.lab.dir, 'sipp', `carrier-${config.lab.instance}`);
  return opts;
}

/**
 * Starts the carrier UAS (one SIPp for all calls) and resolves once its SIP port is bound. Makes the test audio
 * first if needed. Fails with LAB_SIPP_FAILED when SIPp cannot start, e.g. because the port is taken.
 */
export async function startCarrier(opts: CarrierOptions): Promise<Carrier> {
  await prepareLabAudio(opts.labDir);
  const scenario = carrierScenarioWithEarlyMedia(opts.labDir, await prepareEarlyMediaAudio(opts.labDir), opts.answerDelayMs);
  const traceDir = opts.traceDir ?? join(opts.labDir, 'sipp', 'carrier');
  // Checked first: with the port taken, the readiness check below would see the other process, not ours.
  if (!(await udpPortFree(opts.host, opts.port))) {
    throw new HotlineError('LAB_SIPP_FAILED', `carrier address ${opts.host}:${opts.port} is in use (a carrier left running?)`, {
      key: 'lab.carrier',
    });
  }
  const control = await findFreeUdpPort(opts.host, controlPortRange);
  const proc = startSipp({
    scenario,
    local: { ip: opts.host, port: opts.port },
    media: { ip: opts.host, port: opts.mediaPort ?? 6000 },
    control: { ip: opts.host, port: control },
    // -aa answers OPTIONS, INFO and in-dialog UPDATE (connected-line updates) with 200.
    extra: ['-aa'],
    traceDir,
    // The scenario names its recordings without a directory.
    cwd: labAudioDir(opts.labDir),
  });
  await waitForSipp(proc, async () => !(await udpPortFree(opts.host, opts.port)), 5000, `carrier on ${opts.host}:${opts.port}`);
  return {
    pid: proc.pid,
    files: proc.files,
    done: proc.done,
    stop: (graceMs) => proc.stop(graceMs),
    calls: () => phoneCalls(parseShortMessages(readIfExists(proc.files.messages)), parseScenarioLog(readIfExists(proc.files.log))),
  };
}
