/**
 * Projects and their manifests: the nearest folder above a file that holds a `package.json`
 * (TS/JS) or a `pyproject.toml`, `setup.py` or `setup.cfg` (Python), what it declares (entry
 * points, whether it is published), and whether it is deployed (a Dockerfile, Procfile, compose
 * file or platform manifest beside it or above it).
 *
 * Everything here is read from disk, so it is cached per folder and re-validated by modification
 * time: a language server that keeps the plugin loaded sees an edited manifest on the next lint.
 * Nothing is read above the linted root (ESLint's cwd) or outside it: the linted code is untrusted
 * and a pull request must not make the linter read files outside the checkout.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

/** What a project says it is: a deployed program, or a package others import. */
export type ProjectKind = 'service' | 'library';

export interface ProjectInfo {
  /** The project folder (absolute); the linted root when no manifest was found. */
  root: string;
  /** `service` or `library`, and how that was decided. */
  kind: ProjectKind;
  kindSource: 'declared' | 'deployment' | 'manifest' | 'default';
  /** Files named as command-line entry points (`bin`, `[project.scripts]`), absolute, without extension for Python modules. */
  entryPoints: Set<string>;
  /** Python modules named by console scripts (`pkg.cli`), dotted. */
  entryModules: Set<string>;
}

/** Manifest file names that make a folder a project root. */
const MANIFESTS = ['package.json', 'pyproject.toml', 'setup.py', 'setup.cfg'];

/** Files and folders that say "this is deployed": containers, process files, platform manifests. */
const DEPLOYMENT_FILES = new Set([
  'Dockerfile',
  'Containerfile',
  'Procfile',
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
  'fly.toml',
  'app.yaml',
  'app.json',
  'render.yaml',
  'railway.json',
  'railway.toml',
  'serverless.yml',
  'serverless.yaml',
  'Chart.yaml',
  'skaffold.yaml',
  'manage.py',
  'wsgi.py',
  'asgi.py',
  'gunicorn.conf.py',
  'supervisord.conf',
]);
const DEPLOYMENT_DIRS = new Set(['k8s', 'kubernetes', 'helm', 'charts', 'deploy', 'deployment', '.platform']);

/** Manifests larger than this are not read (a hostile checkout can hold a 2 GB package.json). */
const MAX_MANIFEST_BYTES = 1_000_000;

interface FolderFacts {
  mtimeMs: number;
  names: Set<string>;
}

const folderCache = new Map<string, FolderFacts | null>();
const manifestCache = new Map<string, { mtimeMs: number; value: unknown }>();

/** The entries of a folder (names only), cached by the folder's modification time. */
function folderEntries(dir: string): Set<string> | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(dir).mtimeMs;
  } catch {
    folderCache.set(dir, null);
    return undefined;
  }
  const cached = folderCache.get(dir);
  if (cached && cached.mtimeMs === mtimeMs) return cached.names;
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
  folderCache.set(dir, { mtimeMs, names });
  return names;
}

/** A manifest file parsed by `parse`, cached by modification time; undefined when unreadable or too large. */
function readManifest<T>(file: string, parse: (text: string) => T): T | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return undefined;
    const cached = manifestCache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.value as T | undefined;
    let value: T | undefined;
    try {
      value = parse(readFileSync(file, 'utf8'));
    } catch {
      value = undefined;
    }
    manifestCache.set(file, { mtimeMs: stat.mtimeMs, value });
    return value;
  } catch {
    return undefined;
  }
}

/** Whether `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The folders from `dir` up to `root` (inclusive), nearest first; just `dir` when it is outside `root`. */
function foldersUpTo(dir: string, root: string): string[] {
  if (!isInside(dir, root)) return [dir];
  const folders: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    folders.push(current);
    if (current === root || path.dirname(current) === current) break;
  }
  return folders;
}

type PackageJson = {
  private?: unknown;
  bin?: unknown;
  main?: unknown;
  module?: unknown;
  exports?: unknown;
  types?: unknown;
  publishConfig?: unknown;
  runtimeOps?: { kind?: unknown };
};

type Pyproject = {
  project?: { scripts?: Record<string, unknown>; classifiers?: unknown };
  'build-system'?: unknown;
  tool?: { poetry?: { scripts?: Record<string, unknown>; classifiers?: unknown }; 'runtime-ops'?: { kind?: unknown } };
};

const projectCache = new Map<string, { stamp: string; info: ProjectInfo }>();

/**
 * The project a file belongs to. `lintRoot` is ESLint's cwd: manifests and deployment markers are
 * looked for from the file's folder up to it, never above.
 */
export function projectOf(filename: string, lintRoot: string): ProjectInfo {
  const dir = path.dirname(path.resolve(filename));
  const folders = foldersUpTo(dir, lintRoot);
  let rootIndex = folders.findIndex((folder) => {
    const names = folderEntries(folder);
    return names !== undefined && MANIFESTS.some((manifest) => names.has(manifest));
  });
  if (rootIndex < 0) rootIndex = isInside(dir, lintRoot) ? folders.length - 1 : 0;
  const root = folders[rootIndex];
  // The stamp re-validates the cached answer: the modification times of the folders consulted.
  const stamp = folders.map((folder) => folderCache.get(folder)?.mtimeMs ?? 0).join(',');
  const cached = projectCache.get(root);
  if (cached && cached.stamp === stamp) return cached.info;
  const info = describeProject(root, folders.slice(rootIndex));
  projectCache.set(root, { stamp, info });
  return info;
}

/** Read the manifests of `root` and decide its kind; `above` is root and its folders up to the linted root. */
function describeProject(root: string, above: string[]): ProjectInfo {
  const names = folderEntries(root) ?? new Set<string>();
  const entryPoints = new Set<string>();
  const entryModules = new Set<string>();
  let declared: ProjectKind | undefined;
  let publishable = false;

  if (names.has('package.json')) {
    const pkg = readManifest(path.join(root, 'package.json'), (text) => JSON.parse(text) as PackageJson);
    if (pkg && typeof pkg === 'object') {
      declared = asKind(pkg.runtimeOps?.kind) ?? declared;
      const bins = typeof pkg.bin === 'string' ? [pkg.bin] : pkg.bin && typeof pkg.bin === 'object' ? Object.values(pkg.bin) : [];
      for (const bin of bins) if (typeof bin === 'string') entryPoints.add(path.resolve(root, bin));
      const published = pkg.main !== undefined || pkg.module !== undefined || pkg.exports !== undefined || pkg.types !== undefined || pkg.publishConfig !== undefined;
      if (pkg.private !== true && published) publishable = true;
    }
  }
  if (names.has('pyproject.toml')) {
    const pyproject = readManifest(path.join(root, 'pyproject.toml'), (text) => parseToml(text) as Pyproject);
    if (pyproject && typeof pyproject === 'object') {
      declared = asKind(pyproject.tool?.['runtime-ops']?.kind) ?? declared;
      for (const scripts of [pyproject.project?.scripts, pyproject.tool?.poetry?.scripts]) {
        if (!scripts || typeof scripts !== 'object') continue;
        for (const target of Object.values(scripts)) if (typeof target === 'string') addPythonEntry(target, entryModules);
      }
      const classifiers = pyproject.project?.classifiers ?? pyproject.tool?.poetry?.classifiers;
      // A package with a build backend and trove classifiers is written to be published and imported.
      if (pyproject['build-system'] !== undefined && Array.isArray(classifiers) && classifiers.length > 0) publishable = true;
    }
  }
  for (const file of ['setup.cfg', 'setup.py']) {
    if (!names.has(file)) continue;
    const text = readManifest(path.join(root, file), (t) => t);
    if (text === undefined) continue;
    for (const target of consoleScripts(text)) addPythonEntry(target, entryModules);
    if (text.includes('classifiers')) publishable = true;
  }

  if (declared) return { root, kind: declared, kindSource: 'declared', entryPoints, entryModules };
  const deployed = above.some((folder) => {
    const entries = folderEntries(folder);
    if (!entries) return false;
    for (const entry of entries) {
      if (DEPLOYMENT_FILES.has(entry) || DEPLOYMENT_DIRS.has(entry) || entry.startsWith('Dockerfile') || entry.startsWith('docker-compose')) return true;
    }
    return false;
  });
  if (deployed) return { root, kind: 'service', kindSource: 'deployment', entryPoints, entryModules };
  if (publishable) return { root, kind: 'library', kindSource: 'manifest', entryPoints, entryModules };
  return { root, kind: 'service', kindSource: 'default', entryPoints, entryModules };
}

function asKind(value: unknown): ProjectKind | undefined {
  return value === 'service' || value === 'library' ? value : undefined;
}

/** `pkg.cli:main` → the module `pkg.cli`. */
function addPythonEntry(target: string, modules: Set<string>): void {
  const module = target.split(':')[0].trim();
  if (module && module.length < 300) modules.add(module);
}

/**
 * The targets of `console_scripts` in setup.cfg (indented `name = pkg.cli:main` lines under
 * `console_scripts =`) and setup.py (`'name = pkg.cli:main'` strings in its list). A line scan; each
 * line is cut at 300 characters before any pattern runs over it.
 */
function consoleScripts(text: string): string[] {
  const targets: string[] = [];
  let inSection = false;
  for (const rawLine of text.split('\n')) {
    let line = rawLine.slice(0, 300);
    if (!inSection) {
      const at = line.indexOf('console_scripts');
      if (at < 0) continue;
      inSection = true;
      line = line.slice(at + 'console_scripts'.length);
    } else if (line.trim() !== '' && !/^\s/.test(line) && !/^['"]/.test(line)) {
      // setup.cfg: the next key or section ends the list.
      inSection = false;
      continue;
    }
    // `name = pkg.cli:main` → `name=pkg.cli:main`, without a pattern that backtracks over spaces.
    const compact = line
      .split('=')
      .map((part, i, all) => (i === 0 ? part.trimEnd() : i === all.length - 1 ? part.trimStart() : part.trim()))
      .join('=');
    for (const piece of compact.split(/[\s,'"[\]]+/)) {
      const equals = piece.indexOf('=');
      if (equals > 0 && piece.indexOf(':', equals) > equals) targets.push(piece.slice(equals + 1));
    }
    // setup.py: the list closes.
    if (line.includes(']')) inSection = false;
  }
  return targets;
}
