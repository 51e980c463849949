/**
 * Calls that only read a fact about the process, its build or its configuration (version, build
 * info, uptime, hostname, config values): answering with them checks nothing. Kept here, once, for
 * every rule that must tell a fact from work done against a dependency.
 */

/** Resolved names of calls that read a fact. */
const FACT_CALLS = new Set([
  'process.uptime', 'process.hrtime', 'process.hrtime.bigint', 'process.memoryUsage', 'process.cpuUsage', 'Date.now',
  'performance.now', 'perf_hooks.performance.now', 'os.hostname', 'os.uptime', 'os.loadavg', 'os.freemem', 'os.totalmem',
  'os.platform', 'os.release', 'os.type', 'os.arch', 'os.default.hostname', 'os.default.uptime',
  // `require('../package.json').version`: loading a module reads code, not a dependency
  'require',
  // node-config and nconf read configuration
  'config.default.get', 'config.default.has', 'config.get', 'nconf.get', 'nconf.default.get',
]);

/** Methods of `@nestjs/config`'s ConfigService that read a value. */
export const CONFIG_SERVICE = '@nestjs/config.ConfigService';
export const CONFIG_SERVICE_METHODS = new Set(['get', 'getOrThrow']);

/** Whether a call, by its resolved callee name, only reads a fact. */
export function isFactCall(qualified: string): boolean {
  return FACT_CALLS.has(qualified) || qualified.startsWith('Math.');
}
