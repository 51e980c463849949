/**
 * Whether a Python package sets `socket.setdefaulttimeout(n)` in one of its modules: the process that
 * imports that module (sabnzbd's network module sets 60 s when the service starts) bounds every
 * `urllib.request.urlopen`, `http.client`, `smtplib`, `ftplib`, `imaplib`, `poplib` and
 * `socket.create_connection` call in the package's other modules that passes no timeout of its own.
 * `requests` is not bounded by it (it passes `timeout=None` down to the socket).
 *
 * Only modules that run in the service's process count: a test, a script or a build tool that sets
 * the default sets it in its own process. Only the linted file's own package (the folder of its
 * nearest manifest) is looked at, as for `axios.defaults.timeout` (axios-defaults.ts).
 */
import path from 'node:path';
import { setsSocketDefaultTimeout } from '../python/clients.js';
import { projectFiles, PY_EXTENSIONS, readSourceForScan } from './files.js';
import { projectOf } from './manifest.js';
import { decideRole } from './roles.js';
import { MAX_PARSED_PER_QUERY, type ProjectIndex } from './index.js';

/** Roles whose modules run in the deployed process. */
const IN_PROCESS_ROLES = new Set(['service', 'library']);

const answers = new WeakMap<ProjectIndex, boolean>();

export function packageSetsSocketTimeout(index: ProjectIndex, context: { cwd: string; settings?: unknown }): boolean {
  const known = answers.get(index);
  if (known !== undefined) return known;
  let found = false;
  let parsed = 0;
  for (const file of projectFiles(index.root)) {
    if (!PY_EXTENSIONS.includes(path.extname(file))) continue;
    // Cheap test first: only a file that mentions the default is parsed.
    const text = readSourceForScan(file);
    if (!text || !text.includes('setdefaulttimeout')) continue;
    if (projectOf(file, index.searchRoot).root !== index.root) continue;
    if (!IN_PROCESS_ROLES.has(decideRole({ filename: file, cwd: context.cwd, settings: context.settings }, () => ({})).role)) continue;
    if (parsed++ >= MAX_PARSED_PER_QUERY) break;
    const module = index.moduleAt(file);
    if (module?.language !== 'python') continue;
    if (setsSocketDefaultTimeout(module.ast, module.scopes)) {
      found = true;
      break;
    }
  }
  answers.set(index, found);
  return found;
}
