/**
 * Environment variables that are not service configuration, for both languages. Reading one needs
 * no startup validation, so no-lazy-env-read does not report it (its rule page lists the same
 * shapes, "Variables that are not configuration"):
 *
 * - Test-environment probes. A test runner sets its own variables in the process it runs
 *   (`PYTEST_CURRENT_TEST`, `JEST_WORKER_ID`, `VITEST`), and projects gate test-only behaviour on
 *   their own flags (`INTEGRATION_TEST`, `E2E_TESTING`). Reading one asks "am I under test?", which
 *   a deployment never configures.
 * - The operating system's search path (`PATH`, Windows' `PATHEXT`): a `which()` helper walks it
 *   when it looks for a program, as `shutil.which` does; it is not the service's setting.
 * - npm's own metadata (`npm_package_version`, `npm_config_*`, `npm_lifecycle_event`): npm writes
 *   them into the environment of the scripts it runs; no operator sets them.
 *
 * Two more shapes depend on the code around the read and live in the rule: a variable the program
 * itself writes at run time (`process.env.TZ = tz` in a function that runs after startup, then
 * read back: mutable state, not configuration) and a membership test that only guards removing the
 * variable before the program writes its own value (`if key in os.environ: os.environ.pop(key)`).
 */
import { nameWords } from './name-shapes.js';

/** Words that make a variable a test-environment probe. */
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'pytest', 'jest', 'vitest']);

/** The operating system's program search path. */
const SEARCH_PATH_NAMES = new Set(['PATH', 'Path', 'PATHEXT']);

/** Prefixes of the variables npm writes for the scripts it runs (always lower case). */
const NPM_PREFIXES = ['npm_package_', 'npm_config_', 'npm_lifecycle_'];

/** `PYTEST_CURRENT_TEST`, `JEST_WORKER_ID`, `VITEST`, `INTEGRATION_TEST`, `E2E_TESTING`: a test-environment probe (a browser-automation service URL such as `PLAYWRIGHT_DRIVER_URL` is configuration). */
export function isTestEnvironmentProbe(name: string): boolean {
  return nameWords(name).some((word) => TEST_WORDS.has(word));
}

/** Whether a variable is one of the shapes above that are never service configuration. */
export function isNonConfigurationVariable(name: string): boolean {
  if (SEARCH_PATH_NAMES.has(name)) return true;
  if (NPM_PREFIXES.some((prefix) => name.startsWith(prefix)) || name === 'npm_execpath' || name === 'npm_node_execpath') return true;
  return isTestEnvironmentProbe(name);
}
