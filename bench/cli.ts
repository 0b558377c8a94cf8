import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config/load.js';

/** What every benchmark script reads from its command line and how it prints: flags, numbers, and kept lines. */
export function benchCli(argv: readonly string[] = process.argv.slice(2)) {
  const lines: string[] = [];
  return {
    /** True when the flag is present. */
    flag: (name: string) => argv.includes(name),
    /** The number after `name`, or the fallback. */
    num: (name: string, fallback: number) => {
      const i = argv.indexOf(name);
      return i >= 0 ? Number(argv[i + 1]) : fallback;
    },
    /** Prints a line and keeps it for docs/benchmarks.md. */
    out: (line: string) => {
      lines.push(line);
      process.stdout.write(line + '\n');
    },
    lines,
  };
}

/** Replaces the section that starts with `heading` in docs/benchmarks.md (up to the next `## `), or appends it. */
export function writeDocSection(heading: string, lines: readonly string[]): void {
  const file = join(projectRoot, 'docs/benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(heading);
  const rest = start >= 0 ? text.slice(start).indexOf('\n## ', 1) : -1;
  const before = start >= 0 ? text.slice(0, start) : `${text.trimEnd()}\n\n`;
  const after = start >= 0 && rest >= 0 ? text.slice(start + rest + 1) : '';
  writeFileSync(file, `${before}${lines.join('\n')}\n${after ? `\n${after}` : ''}`);
}
