/**
 * Environment variables that are not service configuration, for both languages.
 *
 * A test runner sets its own variables in the process it runs (`PYTEST_CURRENT_TEST`,
 * `JEST_WORKER_ID`, `VITEST`), and projects gate test-only behaviour on their own flags
 * (`INTEGRATION_TEST`, `E2E_TESTING`). Reading one asks "am I under test?", which a deployment never
 * configures: there is nothing to validate at startup.
 */
import { nameWords } from './name-shapes.js';

/** Words that make a variable a test-environment probe. */
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'pytest', 'jest', 'vitest']);

/** `PYTEST_CURRENT_TEST`, `JEST_WORKER_ID`, `VITEST`, `INTEGRATION_TEST`, `E2E_TESTING`: a test-environment probe (a browser-automation service URL such as `PLAYWRIGHT_DRIVER_URL` is configuration). */
export function isTestEnvironmentProbe(name: string): boolean {
  return nameWords(name).some((word) => TEST_WORDS.has(word));
}
