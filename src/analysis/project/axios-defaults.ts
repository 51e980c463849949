/**
 * Whether a package sets `axios.defaults.timeout` in one of its modules: the process that loads that
 * module (uptime-kuma's server sets it at startup) bounds every call on the global `axios` in the
 * package's other modules. Only the linted file's own package (the folder of its nearest manifest)
 * is looked at: another deployable of a monorepo runs in another process.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { collectClientFacts } from '../ts/clients.js';
import { projectFiles, readSourceForScan, TS_EXTENSIONS } from './files.js';
import { projectOf } from './manifest.js';
import { MAX_PARSED_PER_QUERY, type ProjectIndex } from './index.js';
import path from 'node:path';

const answers = new WeakMap<ProjectIndex, boolean>();

export function packageSetsAxiosTimeout(index: ProjectIndex): boolean {
  const known = answers.get(index);
  if (known !== undefined) return known;
  let found = false;
  let parsed = 0;
  for (const file of projectFiles(index.root)) {
    const ext = path.extname(file);
    if (!TS_EXTENSIONS.includes(ext)) continue;
    // Cheap test first: only a file that mentions the default is parsed.
    const text = readSourceForScan(file);
    if (!text || !text.includes('defaults.timeout')) continue;
    // A nested package with a manifest of its own is another deployable.
    if (projectOf(file, index.searchRoot).root !== index.root) continue;
    if (parsed++ >= MAX_PARSED_PER_QUERY) break;
    const module = index.moduleAt(file);
    if (module?.language !== 'ts') continue;
    if (collectClientFacts(module.ast, (node) => module.getScope(node as TSESTree.Node)).axiosDefaultTimeout) {
      found = true;
      break;
    }
  }
  answers.set(index, found);
  return found;
}
