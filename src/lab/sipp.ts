import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HotlineError } from '../errors.js';
import { tailLines } from '../process/run.js';

/** A UDP address SIPp binds; port 0 (or none) lets SIPp choose. */
export interface SippAddress {
  ip: string;
  port?: number;
}

/** How to run one SIPp process. */
export interface SippOptions {
  /** The scenario file (-sf). */
  scenario: string;
  /** The scenario for requests that belong to no call yet (-oocsf): how a registered UAC takes incoming calls. */
  oocScenario?: string;
  /** SIP address (-i, -p). */
  local: SippAddress;
  /** RTP address (-mi, -mp); SIPp binds port and port + 2. */
  media: Required<SippAddress>;
  /** SIPp's remote-control socket (-ci, -cp); without them it listens on 0.0.0.0:8888. */
  control: Required<SippAddress>;
  /** host:port to send to; a UAS has none. */
  remote?: string;
  /** Other SIPp options, e.g. ['-m', '1', '-s', '4008001234']. */
  extra?: readonly string[];
  /** Where the traces go; made if missing, old traces removed. */
  traceDir: string;
  /** Working directory: where relative pcap paths in the scenario are found. */
  cwd?: string;
  /** SIPp's own global timeout (-timeout), so a process its parent forgot still ends. */
  timeoutS?: number;
  /**
   * The seed of SIPp's random draws (<sample>, distributed pauses), read by GSL from GSL_RNG_SEED. Unset, GSL seeds
   * every process alike, so processes started for the same part (agent phones) draw the same numbers in the same order.
   */
  rngSeed?: number;
}

/** The trace files of a SIPp run. */
export interface SippFiles {
  /** One line per SIP message (-trace_shortmsg); see sipp-trace.ts. */
  messages: string;
  /** The scenario's <log> lines (-trace_logs). */
  log: string;
  /** Unexpected messages and SIPp's own complaints (-trace_err). */
  errors: string;
}

/** How SIPp ended: 0 all calls succeeded, 1 some failed, 97/99 ended by command or with no call, 255 fatal, 254 cannot bind. */
export interface SippExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of its stdout and stderr (the statistics screen and start-up complaints). */
  output: string;
}

/** SIPp's exit code when it cannot bind one of its sockets. */
export const SIPP_EXIT_BIND_FAILED = 254;

/** A running SIPp. */
export interface SippProcess {
  pid: number;
  files: SippFiles;
  /** Resolves when SIPp exits, whatever its exit code. */
  done: Promise<SippExit>;
  /** Ends SIPp by its PID: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<SippExit>;
}

/** Trace file names in a trace directory. */
export function sippFiles(traceDir: string): SippFiles {
  return { messages: join(traceDir, 'messages.tsv'), log: join(traceDir, 'scenario.log'), errors: join(traceDir, 'errors.log') };
}

/** The SIPp command line for `opts` (without the program name). */
export function sippArgs(opts: SippOptions): string[] {
  const files = sippFiles(opts.traceDir);
  const args = ['-sf', opts.scenario];
  if (opts.oocScenario !== undefined) args.push('-oocsf', opts.oocScenario);
  args.push('-i', opts.local.ip);
  if (opts.local.port !== undefined && opts.local.port !== 0) args.push('-p', String(opts.local.port));
  args.push('-mi', opts.media.ip, '-mp', String(opts.media.port));
  args.push('-ci', opts.control.ip, '-cp', String(opts.control.port));
  // No terminal: SIPp must not read keys from stdin.
  args.push('-nostdin');
  args.push('-trace_shortmsg', '-shortmessage_file', files.messages);
  args.push('-trace_logs', '-log_file', files.log);
  args.push('-trace_err', '-error_file', files.errors);
  if (opts.timeoutS !== undefined) args.push('-timeout', `${Math.ceil(opts.timeoutS)}s`);
  args.push(...(opts.extra ?? []));
  if (opts.remote !== undefined) args.push(opts.remote);
  return args;
}

/** The environment SIPp runs in: `base` with the seed of its random draws when one is given. */
export function sippEnv(opts: Pick<SippOptions, 'rngSeed'>, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (opts.rngSeed === undefined) return base;
  if (!Number.isSafeInteger(opts.rngSeed) || opts.rngSeed < 0) throw new RangeError(`a SIPp seed is a whole number of 0 or more, got ${opts.rngSeed}`);
  return { ...base, GSL_RNG_SEED: String(opts.rngSeed) };
}

// The statistics screen repeats every second; only its end says anything.
const keepChars = 16_000;

/** Starts SIPp without a shell or a terminal. Fails with LAB_SIPP_FAILED when the sipp program cannot be run. */
export function startSipp(opts: SippOptions): SippProcess {
  mkdirSync(opts.traceDir, { recursive: true });
  const files = sippFiles(opts.traceDir);
  for (const f of Object.values(files)) rmSync(f, { force: true });
  const child = spawn('sipp', sippArgs(opts), { cwd: opts.cwd, env: sippEnv(opts, process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-keepChars);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise<SippExit>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new HotlineError('LAB_SIPP_FAILED', `cannot run sipp: ${error.message} (install sip-tester)`, { error })),
    );
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  // A spawn failure rejects `done`; the caller sees it when it awaits, never as an unhandled rejection.
  done.catch(() => undefined);
  const pid = child.pid ?? -1;
  let exited = false;
  void done.then(() => (exited = true), () => (exited = true));
  return {
    pid,
    files,
    done,
    async stop(graceMs = 2000) {
      if (!exited && pid > 0) {
        signalPid(pid, 'SIGTERM');
        const ended = await Promise.race([done.then(() => true, () => true), sleep(graceMs).then(() => false)]);
        if (!ended) signalPid(pid, 'SIGKILL');
      }
      return done;
    },
  };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // Already gone between the check and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** A file's text, or '' when it does not exist yet. */
export function readIfExists(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Why a SIPp run went wrong, for error messages: its error file's end, else its output's end. */
export function sippProblem(files: SippFiles, exit: SippExit | undefined): string {
  const errors = tailLines(readIfExists(files.errors), 8);
  const how = exit === undefined ? 'still running' : `exit ${exit.code ?? exit.signal}`;
  return `${how}: ${errors || tailLines(exit?.output ?? '', 8) || 'no output'}`;
}

/**
 * What SIPp said about the calls that failed, from its error file: entries begin with a date and a tab, and a message
 * quoted in one spans lines. The scenario's timed waits log "receive timeout … jumping to label" for every call, which
 * is not a failure, so those are left out; the first 4 others are kept.
 */
export function failedCalls(errorFile: string): string {
  return errorFile
    .split(/(?=\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\.\d+\t)/)
    .map((e) => e.trim())
    .filter((e) => e !== '' && !/receive timeout on message .* jumping to label/.test(e))
    .slice(0, 4)
    .join('\n---\n');
}

/**
 * Waits until `ready()` says yes. Fails with LAB_SIPP_FAILED when SIPp exits first or `timeoutMs` passes,
 * quoting SIPp's own complaint.
 */
export async function waitForSipp(proc: SippProcess, ready: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  let exit: SippExit | undefined;
  let failed: unknown;
  proc.done.then((e) => (exit = e), (e: unknown) => (failed = e));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failed !== undefined) throw failed;
    if (await ready()) return;
    if (exit !== undefined) {
      // SIPp may have logged what ready() looks for (a refusal) just before it ended, after the check above read the log.
      if (await ready()) return;
      throw new HotlineError('LAB_SIPP_FAILED', `SIPp (${what}) ended before it was ready, ${sippProblem(proc.files, exit)}`, {
        details: { exitCode: exit.code, traceDir: proc.files.messages },
      });
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new HotlineError('LAB_SIPP_FAILED', `SIPp (${what}) not ready after ${timeoutMs} ms, ${sippProblem(proc.files, exit)}`);
    }
    await sleep(25);
  }
}
