import { defineConfig } from 'vitest/config';

/** Prints one plain closing line, `tests: N passed, N failed, N skipped`, that any CI log reader understands. */
const summaryReporter = {
  onTestRunEnd(testModules: ReadonlyArray<{ children: { allTests(): Iterable<{ result(): { state: string } }> } }>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  },
};

// Tests import the compiled plugin from dist/ (`npm test` builds first), the same code users run.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['dist/test/**/*.test.js'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', summaryReporter],
  },
});
