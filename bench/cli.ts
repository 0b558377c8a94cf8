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
