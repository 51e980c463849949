/**
 * Names of functions that build configuration or start the program: environment reads inside them
 * are startup reads. Entries are written in either naming style (`loadConfig`, `load_config`) and
 * match names in either style, word by word; `*` stands for any number of whole words
 * (`load*Config` matches `loadConfig`, `loadAppConfig` and `load_database_config`; `init*`
 * matches `initSentry` but not `initiatePayment`).
 */
import { compileWordGlob, matchesWordGlob, MAX_NAME_CHARS, nameWords, type WordGlob } from '../../src/analysis/name-shapes.js';

import type { StartupPolicy } from '../../src/analysis/startup-names.js';

const VERBS = ['load', 'read', 'get', 'parse', 'create', 'build', 'validate'];
const NOUNS = ['Config', 'Settings', 'Env', 'Options'];

/** The contract's default names, with an optional qualifier between verb and noun and the startup verbs as prefixes. */
export const DEFAULT_STARTUP_FUNCTIONS: string[] = [
  'main',
  'bootstrap*',
  'start',
  'startup',
  'init*',
  'initialize*',
  'initialization',
  'setup*',
  'configure*',
  ...VERBS.flatMap((verb) => NOUNS.map((noun) => `${verb}*${noun}`)),
];

const matchers = new Map<string, (name: string) => boolean>();

/** A predicate that says whether a function name is a startup name (built once per option value, answers memoized). */
export function startupNameMatcher(entries: readonly string[]): (name: string) => boolean {
  const key = entries.join('\0');
  let matcher = matchers.get(key);
  if (!matcher) {
    const matches = buildMatcher(entries);
    const answers = new Map<string, boolean>();
    matcher = (name) => {
      let answer = answers.get(name);
      if (answer === undefined) {
        answer = matches(name);
        if (answers.size < 10_000) answers.set(name, answer);
      }
      return answer;
    };
    matchers.set(key, matcher);
  }
  return matcher;
}

/** Globs matched word by word in linear time: no regular expression is built from option text. */
function buildMatcher(entries: readonly string[]): (name: string) => boolean {
  const globs = entries.map(compileWordGlob).filter((glob): glob is WordGlob => glob !== undefined);
  return (name) => {
    if (name.length > MAX_NAME_CHARS) return false;
    const nameWordList = nameWords(name);
    return globs.some((glob) => matchesWordGlob(glob, nameWordList));
  };
}

/** Whether a file lies under one of `directories` (`server/migrations/2024-add-role.js`, `alembic/../migrations/x.py`). */
export function isInScriptDirectory(filename: string, directories: readonly string[]): boolean {
  const segments = filename.split(/[\\/]/).slice(0, -1);
  return directories.length > 0 && segments.some((segment) => directories.includes(segment));
}

const policies = new Map<string, StartupPolicy>();

/** The option's names as the startup analysis in src/analysis asks for them (one object per option value). */
export function startupPolicy(entries: readonly string[]): StartupPolicy {
  const key = entries.join('\0');
  let policy = policies.get(key);
  if (!policy) {
    policy = { key, isStartupName: startupNameMatcher(entries) };
    policies.set(key, policy);
  }
  return policy;
}
