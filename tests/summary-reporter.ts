import { relative } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** One failure as the closing lines name it: where, what, and the first line of its error. */
export interface FailureLine {
  file: string;
  name: string;
  error: string;
}

const firstLine = (e: { message?: string } | undefined) => (e?.message ?? 'no error message').split('\n')[0]!.slice(0, 300);

/**
 * Prints one plain closing line, "N passed, N failed, N skipped", that CI tooling reads in any language, and names each
 * failure just above it: a CI run keeps only the tail of the output, which the other tier's block may fill.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: FailureLine[] = [];
    // Per file as well: tests/run-tiers.mjs swaps a file's counts for those of its second run (tests/lab/asterisk-watch.ts).
    const files: Record<string, { passed: number; failed: number; skipped: number }> = {};
    for (const m of modules) {
      const file = relative(process.cwd(), m.moduleId);
      const before = { passed, failed, skipped };
      for (const t of m.children.allTests()) {
        const result = t.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          failed++;
          failures.push({ file, name: t.fullName, error: firstLine(result.errors?.[0]) });
        } else skipped++;
      }
      // A hook that failed (beforeAll, afterAll) or a file that did not load: its tests show as skipped or not at all.
      for (const e of m.errors()) failures.push({ file, name: '(file)', error: firstLine(e) });
      for (const suite of m.children.allSuites()) {
        // A failed hook leaves its tests "skipped": the hook itself counts as the failure.
        for (const e of suite.errors()) {
          failed++;
          failures.push({ file, name: `${suite.fullName} (hook)`, error: firstLine(e) });
        }
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
      files[file] = { passed: passed - before.passed, failed: failed - before.failed, skipped: skipped - before.skipped };
    }
    // tests/run-tiers.mjs runs several vitest processes and prints one closing line for all: it asks for a file.
    const file = process.env.HOTLINE_SUMMARY_FILE;
    if (file) {
      writeFileSync(file, JSON.stringify({ passed, failed, skipped, failures, files }));
      return;
    }
    // At exit, so it is the very last line, after vitest's own summary.
    const named = failures.map((f) => `FAILED ${f.file} > ${f.name}: ${f.error}\n`).join('');
    process.once('exit', () => process.stdout.write(`\n${named}${passed} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}
