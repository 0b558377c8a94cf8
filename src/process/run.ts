/**
 * Running a command as a child process, for the service (TTS through espeak-ng and sox) and the lab (provisioning,
 * Asterisk, SIPp) alike: no shell, bounded output, an optional log file.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** How a finished command ended, with its output. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for {@link run}. */
export interface RunOptions {
  /** Append the command line and its output to this file, so a failure can be read in full later. */
  logFile?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Written to the command's stdin, which is then closed (otherwise stdin is not connected). */
  input?: string;
}

// Keeps memory bounded for chatty commands such as apt-get; the tail is what explains a failure.
const keepChars = 64_000;

/** Runs a command without a shell and resolves when it exits, whatever its exit code. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const log = opts.logFile === undefined ? undefined : createWriteStream(opts.logFile, { flags: 'a' });
    log?.write(`\n$ ${[cmd, ...args].join(' ')}\n`);
    const child = spawn(cmd, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      timeout: opts.timeoutMs,
      killSignal: 'SIGKILL',
    });
    if (opts.input !== undefined) {
      // A command that exits before reading all of it closes the pipe: that is its answer, not an error of ours.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(opts.input);
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-keepChars);
      log?.write(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-keepChars);
      log?.write(chunk);
    });
    child.on('error', (error) => {
      log?.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      const done = (): void => resolvePromise({ code, signal, stdout, stderr });
      if (log === undefined) done();
      else log.end(done);
    });
  });
}

/** The last `lines` lines of a text, for error messages. */
export function tailLines(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
