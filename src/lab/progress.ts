/** Receives one human-readable progress line at a time. */
export type Progress = (line: string) => void;

/** Progress on stderr, so a user sees what takes time while stdout stays clean for `--json`. */
export const stderrProgress: Progress = (line) => {
  process.stderr.write(`[lab] ${line}\n`);
};

/** Milliseconds since `start` (from performance.now()), rounded. */
export function elapsedMs(start: number): number {
  return Math.round(performance.now() - start);
}

/** A duration for people: `850 ms`, `12.3 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
