/**
 * Calls that only read a fact about the process, its build or its configuration (version, build
 * info, uptime, hostname, settings values): answering with them checks nothing. Kept here, once,
 * for every rule that must tell a fact from work done against a dependency.
 */

/** Qualified names of calls that read a fact. */
const FACT_CALLS = new Set([
  'time.time', 'time.monotonic', 'time.perf_counter', 'time.strftime', 'time.gmtime', 'time.localtime',
  'datetime.datetime.now', 'datetime.datetime.utcnow', 'datetime.datetime.today', 'datetime.date.today', 'datetime.now', 'datetime.utcnow',
  'socket.gethostname', 'socket.getfqdn', 'os.getpid', 'os.uname', 'os.cpu_count', 'os.getenv', 'os.environ.get',
  'importlib.metadata.version', 'importlib.metadata.metadata', 'importlib_metadata.version', 'importlib_metadata.metadata',
  'pkg_resources.get_distribution', 'sys.getsizeof', 'json.dumps', 'getattr', 'hasattr', 'isinstance',
]);

/** Modules every function of which reads a fact (`platform.python_version()`, `platform.node()`). */
const FACT_MODULES = ['platform.'];

/** Configuration objects whose methods only read a value (`current_app.config.get("VERSION")`). */
const CONFIG_OBJECTS = ['flask.current_app.config.', 'quart.current_app.config.', 'django.conf.settings.'];

/** Bases of settings classes: constructing one reads configuration (pydantic-settings reads the environment once). */
export const SETTINGS_CLASS_BASES = new Set(['pydantic_settings.BaseSettings', 'pydantic.BaseSettings', 'pydantic.v1.BaseSettings']);

/** Whether a call, by its qualified callee name, only reads a fact. */
export function isFactCall(qualified: string): boolean {
  return FACT_CALLS.has(qualified) || FACT_MODULES.some((prefix) => qualified.startsWith(prefix)) || CONFIG_OBJECTS.some((prefix) => qualified.startsWith(prefix));
}
