/**
 * Names of functions that build configuration or start the program: environment reads inside them
 * are startup reads. Entries are written in either naming style (`loadConfig`, `load_config`) and
 * match names in either style; `*` stands for any run of name characters (`load*Config` matches
 * `loadConfig`, `loadAppConfig` and `load_database_config`).
 */

const VERBS = ['load', 'read', 'get', 'parse', 'create', 'build', 'validate'];
const NOUNS = ['Config', 'Settings', 'Env', 'Options'];

/** The contract's default names, plus an optional qualifier between verb and noun. */
export const DEFAULT_STARTUP_FUNCTIONS: string[] = [
  'main',
  'bootstrap',
  'start',
  'startup',
  'init',
  'initialize',
  'setup',
  'configure',
  ...VERBS.flatMap((verb) => NOUNS.map((noun) => `${verb}*${noun}`)),
];

/** `loadConfig`, `load_config`, `_load_config` and `LoadConfig` all normalize to `loadconfig`. */
function normalize(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** A predicate that says whether a function name is a startup name. */
export function startupNameMatcher(entries: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of entries) {
    const normalized = normalize(entry);
    if (!normalized.includes('*')) exact.add(normalized);
    else patterns.push(new RegExp(`^${normalized.split('*').map(escapeRegExp).join('[\\w$]*')}$`));
  }
  return (name) => {
    const normalized = normalize(name);
    return exact.has(normalized) || patterns.some((pattern) => pattern.test(normalized));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
