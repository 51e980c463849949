import { defineConfig } from 'vitest/config';

// Tests import the compiled plugin from dist/ (`npm test` builds first), the same code users run.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['dist/test/**/*.test.js'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
