/**
 * Names that say "this starts the program", shared by both languages' startup analysis.
 *
 * App factories are framework knowledge rather than a naming preference, so they are recognised
 * whatever a rule's own list of startup names says: Flask's `create_app`, Fastify's `buildServer`,
 * Express's `createApp`, `make_app` in aiohttp/Tornado code.
 */
import { nameWords } from './name-shapes.js';

const FACTORY_VERBS = new Set(['create', 'make', 'build', 'setup', 'init', 'bootstrap', 'configure']);
const FACTORY_NOUNS = new Set(['app', 'application', 'server', 'api']);

/** `loadAppConfig`, `load_app_config`, `_LoadAppConfig`, `LOAD_APP_CONFIG` → `load app config`: one linear scanner for every rule. */
export { nameWords };

/** `create_app`, `createApp`, `buildServer`, `make_application`, `create_http_app`: an app factory, run once at startup. */
export function isAppFactoryName(name: string): boolean {
  const words = nameWords(name);
  return words.length >= 2 && words.length <= 4 && FACTORY_VERBS.has(words[0]) && FACTORY_NOUNS.has(words[words.length - 1]);
}

/** How a rule says which function names are startup code (its option, compiled once). */
export interface StartupPolicy {
  /** A stable key for caches (the option's entries joined). */
  key: string;
  isStartupName(name: string): boolean;
}

/** The words of a flag that is true only in development: `isDev`, `IS_DEVELOPMENT`, `devMode`, `__DEV__`. */
const DEV_FLAGS = [['is', 'dev'], ['is', 'development'], ['dev', 'mode'], ['development', 'mode'], ['dev']];

/** `if (isDev) {...}`: code under such a flag does not run in the deployed service. */
export function isDevelopmentFlagName(name: string): boolean {
  const words = nameWords(name);
  return DEV_FLAGS.some((flag) => flag.length === words.length && flag.every((word, i) => words[i] === word));
}

