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
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import {
  BROWSER_APP_DEPENDENCIES,
  DESKTOP_APP_DEPENDENCIES,
  FULL_STACK_DEPENDENCIES,
  SERVER_FRAMEWORK_DEPENDENCIES,
  SERVER_SIDE_DEPENDENCIES,
  isCliPackage,
} from '../ts/frameworks.js';
import { CLI_DISTRIBUTIONS, requirementName, SERVER_DISTRIBUTIONS } from '../python/frameworks.js';

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
  /**
   * What the manifest says the project's code is when nothing declares it: a `browser` app (UI or
   * desktop dependencies and nothing server-side) or a `cli` package (package.json `bin`, no server
   * framework), with the reason. For TS/JS files.
   */
  surface?: { role: 'browser' | 'cli'; reason: string };
  /** The same for Python files, from pyproject.toml: a `cli` tool (a command and no server dependency). */
  pythonSurface?: { role: 'cli'; reason: string };
  /** A full-stack framework the project depends on, whose browser and server files are told apart one by one. */
  fullStack?: { flavour: 'react' | 'nuxt' | 'sveltekit'; name: string };
  /** Files run by the package.json `scripts` that are not long-running (`"bundle": "node bundle.cjs"`), absolute. */
  scriptFiles: Set<string>;
  /**
   * A package whose only entry is its command (`bin`, and no `exports` or a `main` that is the
   * same program) built on a CLI framework (commander, yargs...): a command-line tool people
   * install and run at a terminal, not a library others import (a local dev server it starts included).
   */
  commandOnly?: string;
  /** Files the package.json `scripts` start under a process manager that owns stop and restart (`pm2 start x.js`, `nodemon x.js`), absolute. */
  managedFiles: Set<string>;
  /** The package.json `name`, when the project has one: other packages may import it by that name. */
  packageName?: string;
  /**
   * The Python distributions the project declares (pyproject.toml dependencies, Poetry's, the
   * `requirements*.txt` files beside its manifest), normalised by `requirementName` (`cherrypy-cors`):
   * a folder of copies of them is vendored code.
   */
  pythonDependencies: Set<string>;
  /**
   * Rule selectors the project's Ruff configuration ignores everywhere (`ignore`, `extend-ignore`,
   * top level or under `lint`, in pyproject.toml `[tool.ruff]`, ruff.toml or .ruff.toml beside the
   * manifest), in upper case: `G004`, `T20`.
   */
  ruffIgnores: Set<string>;
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

/**
 * How long a file's or folder's `stat` is trusted before it is asked again (files.ts trusts its
 * folder listings as long). Every linted file asks for the same few folders and manifests: one
 * `stat` each per file was a tenth of a Python run (issue 19); a language server still sees an
 * edited manifest half a second later.
 */
export const STAT_TRUST_MS = 500;
/** Files and folders remembered at most before all are forgotten (a bound on memory). */
const MAX_REMEMBERED_STATS = 20_000;
const stats = new Map<string, { stat: Stats | undefined; checkedAt: number }>();

/** `statSync(file)`, or undefined when it fails, trusted for `STAT_TRUST_MS`. */
function recentStat(file: string): Stats | undefined {
  const now = Date.now();
  const known = stats.get(file);
  if (known && now - known.checkedAt < STAT_TRUST_MS) return known.stat;
  let stat: Stats | undefined;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stats.size >= MAX_REMEMBERED_STATS && !stats.has(file)) stats.clear();
  stats.set(file, { stat, checkedAt: now });
  return stat;
}

/** The entries of a folder (names only), cached by the folder's modification time. */
export function folderEntries(dir: string): Set<string> | undefined {
  const stat = recentStat(dir);
  if (!stat) {
    folderCache.set(dir, null);
    return undefined;
  }
  const mtimeMs = stat.mtimeMs;
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
    const stat = recentStat(file);
    if (!stat || !stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return undefined;
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
  name?: unknown;
  private?: unknown;
  version?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
  peerDependencies?: unknown;
  scripts?: unknown;
  prisma?: unknown;
  browser?: unknown;
  bin?: unknown;
  main?: unknown;
  module?: unknown;
  exports?: unknown;
  types?: unknown;
  publishConfig?: unknown;
  runtimeOps?: { kind?: unknown };
};

/** The part of a Ruff configuration (`[tool.ruff]` or ruff.toml) that turns rules off project-wide. */
type RuffConfig = { ignore?: unknown; 'extend-ignore'?: unknown; lint?: { ignore?: unknown; 'extend-ignore'?: unknown } };

type Pyproject = {
  project?: { scripts?: Record<string, unknown>; classifiers?: unknown; dependencies?: unknown };
  'build-system'?: unknown;
  tool?: { poetry?: { scripts?: Record<string, unknown>; classifiers?: unknown; dependencies?: unknown }; 'runtime-ops'?: { kind?: unknown }; ruff?: RuffConfig };
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
  const scriptFiles = new Set<string>();
  const managedFiles = new Set<string>();
  let declared: ProjectKind | undefined;
  let publishable = false;
  // Published to a registry, not only shared inside a workspace (`"main": "./index.ts"`).
  let released = false;
  let packageFacts: PackageFacts | undefined;
  let pythonSurface: ProjectInfo['pythonSurface'];
  let commandOnly: string | undefined;
  let packageName: string | undefined;
  const pythonDependencies = new Set<string>();
  const ruffIgnores = new Set<string>();

  if (names.has('package.json')) {
    const pkg = readManifest(path.join(root, 'package.json'), (text) => JSON.parse(text) as PackageJson);
    if (pkg && typeof pkg === 'object') {
      declared = asKind(pkg.runtimeOps?.kind) ?? declared;
      if (typeof pkg.name === 'string' && pkg.name.length > 0) packageName = pkg.name;
      const bins = typeof pkg.bin === 'string' ? [pkg.bin] : pkg.bin && typeof pkg.bin === 'object' ? Object.values(pkg.bin) : [];
      for (const bin of bins) if (typeof bin === 'string') entryPoints.add(path.resolve(root, bin));
      const published = pkg.main !== undefined || pkg.module !== undefined || pkg.exports !== undefined || pkg.types !== undefined || pkg.publishConfig !== undefined;
      if (pkg.private !== true && published) publishable = true;
      released = publishable && (pkg.publishConfig !== undefined || (typeof pkg.version === 'string' && !isSourceEntry(pkg.main) && !isSourceEntry(pkg.exports)));
      packageFacts = packageJsonFacts(pkg, bins.length > 0);
      if (bins.length > 0 && pkg.exports === undefined && (pkg.main === undefined || bins.some((bin) => samePackageProgram(bin, pkg.main)))) {
        commandOnly = dependencyNames(pkg.dependencies).find(isCliPackage);
      }
      for (const file of scriptRunFiles(pkg.scripts)) scriptFiles.add(path.resolve(root, file));
      for (const file of managedRunFiles(pkg.scripts)) managedFiles.add(path.resolve(root, file));
      // Prisma's seed command (`"prisma": { "seed": "tsx seed.ts" }`), run by `prisma db seed`.
      const seed = pkg.prisma && typeof pkg.prisma === 'object' ? (pkg.prisma as { seed?: unknown }).seed : undefined;
      if (typeof seed === 'string') for (const file of scriptRunFiles({ seed })) scriptFiles.add(path.resolve(root, file));
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
      pythonSurface = pyprojectSurface(pyproject, names);
      for (const name of pyprojectDistributions(pyproject)) if (name !== '' && name !== 'python') pythonDependencies.add(name);
      addRuffIgnores(pyproject.tool?.ruff, ruffIgnores);
    }
  }
  for (const file of ['ruff.toml', '.ruff.toml']) {
    if (names.has(file) && isPlainFile(path.join(root, file))) addRuffIgnores(readManifest(path.join(root, file), (text) => parseToml(text) as RuffConfig), ruffIgnores);
  }
  for (const entry of names) {
    if (!entry.startsWith('requirements') || !entry.endsWith('.txt')) continue;
    const file = path.join(root, entry);
    // A link may lead outside the project: only the project's own files are read.
    if (!isPlainFile(file)) continue;
    for (const name of readManifest(file, requirementsFileNames) ?? []) pythonDependencies.add(name);
  }
  for (const file of ['setup.cfg', 'setup.py']) {
    if (!names.has(file)) continue;
    const text = readManifest(path.join(root, file), (t) => t);
    if (text === undefined) continue;
    for (const target of consoleScripts(text)) addPythonEntry(target, entryModules);
    if (text.includes('classifiers')) publishable = true;
  }

  const base = { root, entryPoints, entryModules, scriptFiles, commandOnly, managedFiles, packageName, pythonDependencies, ruffIgnores };
  if (declared) return { ...base, kind: declared, kindSource: 'declared' };
  // What the dependencies say holds even for a deployed folder: a frontend with its own Dockerfile
  // (a static file server) is still browser code, a CLI shipped as an image is still a CLI.
  // A browser extension (a WebExtension `manifest.json` with `manifest_version` beside package.json)
  // runs in the browser, whatever server-side packages it shares types with (`@trpc/server`).
  const surface = isBrowserExtension(root, names) ? { role: 'browser' as const, reason: 'browser extension (manifest.json with manifest_version)' } : packageFacts?.surface;
  const guessed = { ...base, surface, fullStack: packageFacts?.fullStack, pythonSurface };
  const [own, ...outer] = above;
  // A Python project with a Dockerfile or manage.py beside it is deployed, whatever commands it has.
  if (own !== undefined && hasDeploymentMarker(own)) return { ...guessed, pythonSurface: undefined, kind: 'service', kindSource: 'deployment' };
  // A package published for others to import, nested in a deployed repository (a monorepo's SDK or
  // shared utilities): the deployed apps import it, its own code is a library unless it starts a server.
  if (released && packageFacts !== undefined && !packageFacts.startsServer) return { ...guessed, kind: 'library', kindSource: 'manifest' };
  if (outer.some(hasDeploymentMarker)) return { ...guessed, kind: 'service', kindSource: 'deployment' };
  if (publishable) return { ...guessed, kind: 'library', kindSource: 'manifest' };
  return { ...guessed, kind: 'service', kindSource: 'default' };
}

/** Adds the selectors a Ruff configuration ignores everywhere (per-file ignores are not read). */
function addRuffIgnores(config: RuffConfig | undefined, into: Set<string>): void {
  if (!config || typeof config !== 'object') return;
  for (const list of [config.ignore, config['extend-ignore'], config.lint?.ignore, config.lint?.['extend-ignore']]) {
    if (!Array.isArray(list)) continue;
    for (const selector of list) if (typeof selector === 'string' && selector.length > 0 && selector.length <= 16) into.add(selector.toUpperCase());
  }
}

/** Whether a TS/JS package folder is a browser extension: package.json beside a WebExtension manifest. */
function isBrowserExtension(root: string, names: Set<string>): boolean {
  if (!names.has('package.json') || !names.has('manifest.json')) return false;
  const manifest = readManifest(path.join(root, 'manifest.json'), (text) => JSON.parse(text) as { manifest_version?: unknown });
  return typeof manifest?.manifest_version === 'number';
}

/** The distributions pyproject.toml declares (PEP 621 and Poetry, whose table names `python` too), normalised. */
function pyprojectDistributions(pyproject: Pyproject): string[] {
  const requirements = Array.isArray(pyproject.project?.dependencies) ? pyproject.project.dependencies.filter((r): r is string => typeof r === 'string') : [];
  const poetry = pyproject.tool?.poetry?.dependencies;
  return [...requirements.map(requirementName), ...(poetry && typeof poetry === 'object' ? Object.keys(poetry).map(requirementName) : [])];
}

/** The distributions a requirements file names, one a line (comments, options and includes skipped). */
function requirementsFileNames(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (name !== '') found.push(name);
  }
  return found;
}

/** Whether a path is a regular file itself, not a link. */
function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * A Python project that is a command-line tool: it has a command (`[project.scripts]`, a CLI
 * framework dependency, or a `cli.py` / `__main__.py` beside its pyproject.toml), it lists its
 * dependencies and none of them serves requests or runs jobs (Django, FastAPI, Celery, uvicorn...).
 */
function pyprojectSurface(pyproject: Pyproject, names: Set<string>): ProjectInfo['pythonSurface'] {
  const distributions = pyprojectDistributions(pyproject);
  // Dependencies kept elsewhere (requirements.txt, dynamic): nothing to go by.
  if (distributions.length === 0 || distributions.some((name) => SERVER_DISTRIBUTIONS.has(name))) return undefined;
  const scripts = [pyproject.project?.scripts, pyproject.tool?.poetry?.scripts].some((table) => table && typeof table === 'object' && Object.keys(table).length > 0);
  const cliDependency = distributions.find((name) => CLI_DISTRIBUTIONS.has(name));
  const rootCommand = ['cli.py', '__main__.py'].find((file) => names.has(file));
  if (!scripts && !cliDependency && !rootCommand) return undefined;
  const why = scripts ? 'console scripts' : cliDependency ? `depends on ${cliDependency}` : rootCommand;
  return { role: 'cli', reason: `command-line tool (${why}, no server dependency)` };
}

/** Whether a folder holds a Dockerfile, Procfile, compose file, platform manifest or deployment folder. */
function hasDeploymentMarker(folder: string): boolean {
  const entries = folderEntries(folder);
  if (!entries) return false;
  for (const entry of entries) {
    if (DEPLOYMENT_FILES.has(entry) || DEPLOYMENT_DIRS.has(entry) || entry.startsWith('Dockerfile') || entry.startsWith('docker-compose')) return true;
  }
  return false;
}

interface PackageFacts {
  /** Depends on a server or worker framework (express, @nestjs/core, bullmq...). */
  startsServer: boolean;
  surface?: ProjectInfo['surface'];
  fullStack?: ProjectInfo['fullStack'];
}

/** The names of a dependency map (`dependencies`, `devDependencies`), or none. */
function dependencyNames(value: unknown): string[] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

/**
 * What a package.json's dependencies say: a full-stack framework (Next.js, Remix, Nuxt, SvelteKit),
 * a browser or desktop app (a UI or desktop dependency, a UMD bundle or a `browser` field, and no
 * server framework or server-only library), or a CLI (`bin`, and no server framework).
 */
function packageJsonFacts(pkg: PackageJson, hasBin: boolean): PackageFacts {
  const runtime = [...dependencyNames(pkg.dependencies), ...dependencyNames(pkg.peerDependencies)];
  // Browser apps are bundled: their UI framework is as often a devDependency as a dependency.
  const all = [...runtime, ...dependencyNames(pkg.devDependencies)];
  const server = runtime.find((name) => SERVER_FRAMEWORK_DEPENDENCIES.has(name));
  const facts: PackageFacts = { startsServer: server !== undefined };
  const fullStack = all.find((name) => FULL_STACK_DEPENDENCIES.has(name));
  if (fullStack) {
    facts.fullStack = { flavour: FULL_STACK_DEPENDENCIES.get(fullStack) ?? 'react', name: fullStack };
    return facts;
  }
  if (server) return facts;
  const serverSide = runtime.find((name) => SERVER_SIDE_DEPENDENCIES.has(name));
  const desktop = all.find((name) => DESKTOP_APP_DEPENDENCIES.has(name));
  if (desktop) {
    facts.surface = { role: 'browser', reason: `desktop app (depends on ${desktop})` };
    return facts;
  }
  if (hasBin) {
    facts.surface = { role: 'cli', reason: 'command-line package (package.json bin)' };
    return facts;
  }
  if (serverSide) return facts;
  const ui = all.find((name) => BROWSER_APP_DEPENDENCIES.has(name));
  if (ui) facts.surface = { role: 'browser', reason: `browser app (depends on ${ui})` };
  else if (typeof pkg.browser === 'string' || isUmdBundle(pkg.main)) facts.surface = { role: 'browser', reason: 'browser bundle (package.json browser / UMD main)' };
  return facts;
}

/**
 * Whether two package.json paths name the same program, built or not: `./dist/src/index.js` and
 * `src/index.js` (the build output mirrors the source below `dist/`, `build/` or `lib/`).
 */
function samePackageProgram(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length > 300 || b.length > 300) return false;
  const normal = (value: string) => {
    const parts = value.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length > 1 && (parts[0] === 'dist' || parts[0] === 'build' || parts[0] === 'lib')) parts.shift();
    const last = parts.length - 1;
    if (last >= 0) parts[last] = parts[last].replace(/\.(?:[cm]?[jt]sx?)$/, '');
    return parts.join('/');
  };
  return normal(a) === normal(b);
}

/** A workspace package's entry that is TypeScript source (`./index.ts`, `{ ".": "./src/index.tsx" }`): it is built by its importers, not published. */
function isSourceEntry(entry: unknown, depth = 0): boolean {
  if (typeof entry === 'string') return /\.(?:[cm]?tsx?)$/.test(entry) && !/\.d\.[cm]?ts$/.test(entry);
  if (!entry || typeof entry !== 'object' || depth > 3) return false;
  return Object.values(entry).slice(0, 50).some((value) => isSourceEntry(value, depth + 1));
}

/** `dist/index.umd.js`, `dist/sdk.umd.cjs`: a bundle built for `<script>` tags. */
function isUmdBundle(main: unknown): boolean {
  return typeof main === 'string' && main.length < 300 && main.toLowerCase().split(/[/.]/).includes('umd');
}

/** Programs that run the file named after their options: `node x.mjs`, `tsx src/y.ts`. */
const SCRIPT_RUNNERS = new Set(['node', 'tsx', 'ts-node', 'ts-node-esm', 'bun', 'babel-node', 'esno', 'esrun', 'vite-node', 'jiti', 'zx', 'deno', 'sucrase-node', 'swc-node']);
/** Runner options followed by a value (`node -r dotenv/config x.js`). */
const OPTIONS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--tsconfig', '-P', '--project', '--conditions', '-C']);
/** Words in a script's name that mean it keeps running (`start`, `dev:api`, `serve`, `worker`): the file it runs is the service. */
const LONG_RUNNING_WORDS = new Set(['start', 'serve', 'server', 'dev', 'develop', 'watch', 'prod', 'production', 'preview', 'worker', 'debug', 'run', 'up', 'daemon', 'cron', 'queue', 'consumer']);
const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?)$/;

/**
 * The files that package.json `scripts` run to completion: `"bundle": "node bundle.cjs"`,
 * `"scan": "tsx src/scan.ts"`. A file also run by a long-running script (`start`, `dev`, `serve`,
 * `worker`...) is not one. Commands are split on whitespace and shell operators; each is cut to
 * 1,000 characters first.
 */
export function scriptRunFiles(scripts: unknown): string[] {
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) return [];
  const once = new Set<string>();
  const longRunning = new Set<string>();
  let count = 0;
  for (const [name, command] of Object.entries(scripts)) {
    if (typeof command !== 'string' || ++count > 200) continue;
    const words = name.toLowerCase().split(/[^a-z]+/);
    const target = words.some((word) => LONG_RUNNING_WORDS.has(word)) ? longRunning : once;
    for (const file of commandFiles(command.slice(0, 1000))) target.add(file);
  }
  return [...once].filter((file) => !longRunning.has(file));
}

/**
 * Process managers that start a file and own its signals (stop, restart), and the subcommand that starts it:
 * `pm2 start proxy-server.js`, `forever start app.js`, `nodemon server.js` (no subcommand).
 */
const PROCESS_MANAGERS: Record<string, string | undefined> = { pm2: 'start', forever: 'start', nodemon: undefined };

/** The files package.json `scripts` start under a process manager (`"start:static": "pm2 start proxy-server.js"`). */
export function managedRunFiles(scripts: unknown): string[] {
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) return [];
  const files = new Set<string>();
  let count = 0;
  for (const command of Object.values(scripts)) {
    if (typeof command !== 'string' || ++count > 200) continue;
    for (const segment of command.slice(0, 1000).split(/[;&|()]+/)) {
      const tokens = segment.split(/\s+/).filter(Boolean).map((token) => token.replace(/^["']|["']$/g, ''));
      const at = tokens.findIndex((token) => Object.hasOwn(PROCESS_MANAGERS, token));
      if (at < 0) continue;
      const sub = PROCESS_MANAGERS[tokens[at]];
      let j = at + 1;
      if (sub !== undefined) {
        if (tokens[j] !== sub) continue;
        j++;
      }
      // The first operand that is a script file, options skipped (`nodemon --watch src server.js`).
      for (; j < tokens.length; j++) {
        if (tokens[j].startsWith('-')) continue;
        if (SCRIPT_FILE.test(tokens[j])) files.add(tokens[j]);
        break;
      }
    }
  }
  return [...files];
}

/**
 * The files a shell command runs: the first operand after `node`/`tsx`/... and their options, or a
 * `./x.mjs` written as the command itself. Arguments of other programs (`terser ./a.js -o
 * ./a.min.js`) are their input, not scripts.
 */
function commandFiles(command: string): string[] {
  const files: string[] = [];
  for (const segment of command.split(/[;&|()]+/)) {
    const tokens = segment.split(/\s+/).filter(Boolean).map((token) => token.replace(/^["']|["']$/g, ''));
    // The command word: after `FOO=bar` assignments.
    let i = 0;
    while (i < tokens.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i])) i++;
    // `./scripts/x.mjs` run directly (with a shebang).
    if (tokens[i]?.startsWith('./') && SCRIPT_FILE.test(tokens[i])) {
      files.push(tokens[i]);
      continue;
    }
    // A runner anywhere in the command: `node x.js`, `npx tsx x.ts`, `cross-env A=1 node x.js`.
    for (; i < tokens.length; i++) {
      const runner = tokens[i];
      if (!SCRIPT_RUNNERS.has(runner)) continue;
      let j = i + 1;
      // `deno run x.ts`, `tsx watch x.ts` (a watcher is long-running, but its script's name says so).
      if ((runner === 'deno' && tokens[j] === 'run') || tokens[j] === 'watch') j++;
      for (; j < tokens.length; j++) {
        const token = tokens[j];
        if (token === '-e' || token === '--eval' || token === '-p' || token === '--print') break;
        if (OPTIONS_WITH_VALUE.has(token)) {
          j++;
          continue;
        }
        if (token.startsWith('-')) continue;
        if (SCRIPT_FILE.test(token)) files.push(token);
        break;
      }
      break;
    }
  }
  return files;
}

const workflowCache = new Map<string, { stamp: string; files: Set<string> }>();

/**
 * The files that the repository's CI workflows run (`run: node extra/release/create-draft-release.mjs`
 * in `.github/workflows/*.yml` of the linted root), absolute: release and maintenance tooling.
 * Each line is read as a command (cut to 1,000 characters), as package.json scripts are; at most
 * 50 workflow files.
 */
export function workflowRunFiles(lintRoot: string): Set<string> {
  const dir = path.join(lintRoot, '.github', 'workflows');
  const names = [...(folderEntries(dir) ?? [])].filter((name) => name.endsWith('.yml') || name.endsWith('.yaml')).sort().slice(0, 50);
  const stamp = names.map((name) => `${name}:${manifestStamp(path.join(dir, name))}`).join(',');
  const cached = workflowCache.get(lintRoot);
  if (cached && cached.stamp === stamp) return cached.files;
  const files = new Set<string>();
  for (const name of names) {
    const text = readManifest(path.join(dir, name), (t) => t);
    if (text === undefined) continue;
    for (const line of text.split('\n')) {
      for (const file of commandFiles(line.slice(0, 1000))) files.add(path.resolve(lintRoot, file));
    }
  }
  workflowCache.set(lintRoot, { stamp, files });
  return files;
}

/** A file's modification time and size, or 0 when missing. */
function manifestStamp(file: string): string {
  const stat = recentStat(file);
  return stat ? `${stat.mtimeMs}/${stat.size}` : '0';
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
