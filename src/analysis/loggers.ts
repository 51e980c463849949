/**
 * What a logger looks like by name, in both languages: the names people give logger objects and
 * the functions that return them. Used only where a value's origin cannot be resolved (a parameter,
 * an attribute set elsewhere); resolved origins (an import of a logging library, a factory call)
 * come first in each language's detector.
 *
 * Plain string operations on names cut to 100 characters: no pattern runs over a long identifier.
 */

const MAX_NAME = 100;

/** `_x_`, `#x`, `__x` → `x`, lower-cased. */
function normalize(name: string): string {
  let start = 0;
  let end = Math.min(name.length, MAX_NAME);
  while (start < end && (name[start] === '_' || name[start] === '#' || name[start] === '$')) start++;
  while (end > start && name[end - 1] === '_') end--;
  return name.slice(start, end).toLowerCase();
}

/**
 * Whether a variable or attribute name says it holds a logger: `log`, `logger`, `_LOGGER`,
 * `audit_logger`, `auditLogger`, `this.logger_`, `this.#logger`, `loggerService`, `self._log`.
 */
export function isLoggerName(name: string): boolean {
  if (name.length > MAX_NAME) return false;
  const n = normalize(name);
  if (n === 'log' || n === 'logger') return true;
  if (n.endsWith('logger') || n.endsWith('_log')) return true;
  // `loggerService`, `loggerController`, `logger_instance`: a logger wrapped in a service object.
  return n.startsWith('logger') && n.length > 'logger'.length;
}

/** Prefixes of functions that return a logger: `getLogger`, `get_run_logger`, `createLogger`, `useLogger`, `makeLogger`. */
const FACTORY_PREFIXES = ['get', 'create', 'make', 'build', 'use', 'new', 'child', 'init'];

/** Whether a function or method name says it returns a logger (`getLogger()`, `this.getLogger()`, `get_run_logger(ctx)`). */
export function isLoggerFactoryName(name: string): boolean {
  if (name.length > MAX_NAME) return false;
  const n = normalize(name);
  if (!n.endsWith('logger')) return false;
  if (n === 'logger') return true;
  return FACTORY_PREFIXES.some((prefix) => n.startsWith(prefix));
}

/** A project logger declared in the rule's options: its name and which argument is the message (0-based). */
export interface DeclaredLogger {
  name: string;
  messageArgument?: number;
}

/** The declared logger a receiver stands for: matched on its qualified name or that name's last segment. */
export function declaredLogger(loggers: readonly DeclaredLogger[], qualified: string | undefined, text: string): DeclaredLogger | undefined {
  if (!loggers.length) return undefined;
  const last = qualified === undefined ? undefined : qualified.slice(qualified.lastIndexOf('.') + 1);
  return loggers.find((logger) => logger.name === qualified || logger.name === last || logger.name === text);
}

/** File stems and folders that hold a project's logging set-up: where output is written on purpose. */
const LOGGING_MODULE_NAMES = new Set(['logger', 'loggers', 'logging', 'log', 'logs', 'log_config', 'logging_config', 'log-config']);

/**
 * Whether a file is the project's own logging module (`server/logging/Logger.ts`, `app/utils/logger.ts`,
 * `hc/logs/__init__.py`): a logger implementation or handler writes to the console or stdout by
 * design, and that is the sink of the log pipeline, not a bypass of it.
 */
export function isLoggingModulePath(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/).filter(Boolean).slice(-3);
  const base = parts.pop() ?? '';
  const stem = base.slice(0, base.indexOf('.') < 0 ? undefined : base.indexOf('.')).toLowerCase();
  if (LOGGING_MODULE_NAMES.has(stem)) return true;
  const parent = (parts.pop() ?? '').toLowerCase();
  return LOGGING_MODULE_NAMES.has(parent) && (stem === '__init__' || stem === 'index' || stem.endsWith('logger') || stem.endsWith('handler') || stem.endsWith('handlers'));
}

/**
 * gettext's translation functions and their usual aliases, in both languages: `_("...")`,
 * `gettext(...)`, `ngettext(singular, plural, n)`, Django's `gettext_lazy as _`, Flask-Babel's
 * `lazy_gettext as _l`. A translation call returns its (constant) template translated: a message
 * formatted after it (`_("user {}").format(uid)`, `_("user %s") % uid`) is interpolated all the same.
 */
const GETTEXT_NAMES = new Set([
  '_', '_l', '_n', 'gettext', 'ngettext', 'pgettext', 'npgettext', 'dgettext', 'dngettext', 'ugettext', 'ungettext',
  'gettext_lazy', 'ngettext_lazy', 'pgettext_lazy', 'ugettext_lazy', 'lazy_gettext', 'lazy_ngettext',
]);

/** How many leading arguments of a translation function are message templates (`ngettext(singular, plural, n)`). */
export function gettextTemplateCount(name: string): number {
  if (!GETTEXT_NAMES.has(name)) return 0;
  if (name === '_n' || name.includes('ngettext')) return name.startsWith('np') || name.startsWith('dn') ? 3 : 2;
  return name.startsWith('p') || name.startsWith('d') ? 2 : 1;
}
