/**
 * Module-level defaults that one module of a package sets for the whole process: the process that
 * loads that module (a server's startup file) bounds the calls in the package's other modules.
 * Only the linted file's own package (the folder of its nearest manifest) is looked at: another
 * deployable of a monorepo runs in another process.
 *
 * - `axios.defaults.timeout = n` (TS/JS): every call on the global `axios` (uptime-kuma's server
 *   sets it at startup).
 * - `socket.setdefaulttimeout(n)` (Python, n not None): every `urllib.request.urlopen`,
 *   `http.client`, `smtplib`, `ftplib`, `imaplib`, `poplib` and `socket.create_connection` call
 *   that passes no timeout of its own (sabnzbd's network module sets 60 s when the service starts).
 *   `requests` is not bounded by it (it passes `timeout=None` down to the socket). Only modules that
 *   run in the service's process count: a test, a script or a build tool sets it in its own process.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { collectClientFacts } from '../ts/clients.js';
import { setsSocketDefaultTimeout } from '../python/clients.js';
import { projectFiles, PY_EXTENSIONS, readSourceForScan, TS_EXTENSIONS } from './files.js';
import { projectOf } from './manifest.js';
import { decideRole } from './roles.js';
import { MAX_PARSED_PER_QUERY, type ModuleFacts, type ProjectIndex } from './index.js';

interface DefaultQuery {
  extensions: readonly string[];
  /** Text a module must contain to be parsed at all (a cheap pre-filter). */
  mention: string;
  /** Whether a module of the package may set the default for the process (its role), before parsing it. */
  inProcess?: (file: string) => boolean;
  /** Whether the parsed module sets the default. */
  sets: (module: ModuleFacts) => boolean;
}

/** Whether a module of the index's package sets the default, parsing at most MAX_PARSED_PER_QUERY candidates. */
function packageSetsDefault(index: ProjectIndex, query: DefaultQuery): boolean {
  let parsed = 0;
  for (const file of projectFiles(index.root)) {
    if (!query.extensions.includes(path.extname(file))) continue;
    const text = readSourceForScan(file);
    if (!text || !text.includes(query.mention)) continue;
    // A nested package with a manifest of its own is another deployable.
    if (projectOf(file, index.searchRoot).root !== index.root) continue;
    if (query.inProcess && !query.inProcess(file)) continue;
    if (parsed++ >= MAX_PARSED_PER_QUERY) break;
    const module = index.moduleAt(file);
    if (module && query.sets(module)) return true;
  }
  return false;
}

const axiosAnswers = new WeakMap<ProjectIndex, boolean>();

export function packageSetsAxiosTimeout(index: ProjectIndex): boolean {
  let answer = axiosAnswers.get(index);
  if (answer === undefined) {
    answer = packageSetsDefault(index, {
      extensions: TS_EXTENSIONS,
      mention: 'defaults.timeout',
      sets: (module) => module.language === 'ts' && collectClientFacts(module.ast, (node) => module.getScope(node as TSESTree.Node)).axiosDefaultTimeout,
    });
    axiosAnswers.set(index, answer);
  }
  return answer;
}

/** Roles whose modules run in the deployed process. */
const IN_PROCESS_ROLES = new Set(['service', 'library']);

const socketAnswers = new WeakMap<ProjectIndex, boolean>();

export function packageSetsSocketTimeout(index: ProjectIndex, context: { cwd: string; settings?: unknown }): boolean {
  let answer = socketAnswers.get(index);
  if (answer === undefined) {
    answer = packageSetsDefault(index, {
      extensions: PY_EXTENSIONS,
      mention: 'setdefaulttimeout',
      inProcess: (file) => IN_PROCESS_ROLES.has(decideRole({ filename: file, cwd: context.cwd, settings: context.settings }, () => ({})).role),
      sets: (module) => module.language === 'python' && setsSocketDefaultTimeout(module.ast, module.scopes),
    });
    socketAnswers.set(index, answer);
  }
  return answer;
}
