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
 * - The operating system's and the platform's own variables: the user and their folders (`HOME`,
 *   `USERPROFILE`, `APPDATA`, `XDG_CONFIG_HOME`, `TMPDIR`), the terminal and locale (`TERM`,
 *   `COLUMNS`, `LANG`, `LC_ALL`, `NO_COLOR`), the host (`HOSTNAME`, `PWD`), the proxy convention every
 *   HTTP client reads on each request (`http_proxy`, `NO_PROXY`), and what a packaging or container
 *   runtime sets to say the program runs under it (`container`, `APPIMAGE`, `SNAP_NAME`,
 *   `FLATPAK_ID`). The system or the runtime sets them; reading one late is how `expanduser`,
 *   `tempfile` and `requests` use them, not configuration a startup check could validate. Windows
 *   names are case-insensitive, so these are compared in upper case.
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

/** The operating system's and the platform's own variables, in upper case (see above). */
const PLATFORM_NAMES = new Set([
  // the user and their folders
  'HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'USER', 'USERNAME', 'LOGNAME', 'SHELL',
  'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES', 'PROGRAMFILES(X86)', 'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC',
  'TMPDIR', 'TMP', 'TEMP',
  // the terminal, the display and the locale
  'TERM', 'COLORTERM', 'COLUMNS', 'LINES', 'LANG', 'LANGUAGE', 'NO_COLOR', 'FORCE_COLOR', 'DISPLAY', 'WAYLAND_DISPLAY',
  // the host and the working folder
  'HOSTNAME', 'PWD', 'OLDPWD',
  // the proxy convention of HTTP clients
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY',
  // packaging and container runtimes saying the program runs under them
  'CONTAINER', 'APPIMAGE', 'APPDIR', 'SNAP', 'FLATPAK_ID',
]);

/** Prefixes of platform variable families, in upper case: `XDG_CONFIG_HOME`, `LC_ALL`, `SNAP_NAME`. */
const PLATFORM_PREFIXES = ['XDG_', 'LC_', 'SNAP_'];

/** `HOME`, `APPDATA`, `XDG_CONFIG_HOME`, `http_proxy`, `container`: set by the system or a runtime, not the service's configuration. */
export function isPlatformVariable(name: string): boolean {
  if (name.length > 40) return false;
  const upper = name.toUpperCase();
  return PLATFORM_NAMES.has(upper) || PLATFORM_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** `PYTEST_CURRENT_TEST`, `JEST_WORKER_ID`, `VITEST`, `INTEGRATION_TEST`, `E2E_TESTING`: a test-environment probe (a browser-automation service URL such as `PLAYWRIGHT_DRIVER_URL` is configuration). */
export function isTestEnvironmentProbe(name: string): boolean {
  return nameWords(name).some((word) => TEST_WORDS.has(word));
}

/** Whether a variable is one of the shapes above that are never service configuration. */
export function isNonConfigurationVariable(name: string): boolean {
  if (SEARCH_PATH_NAMES.has(name)) return true;
  if (NPM_PREFIXES.some((prefix) => name.startsWith(prefix)) || name === 'npm_execpath' || name === 'npm_node_execpath') return true;
  if (isPlatformVariable(name)) return true;
  return isTestEnvironmentProbe(name);
}
