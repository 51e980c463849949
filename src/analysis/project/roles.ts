/**
 * The runtime surface: what role each file plays, decided once per file and asked by every rule.
 *
 * The rules are about long-running, deployed processes. A file is, in order of precedence:
 * 1. what the project's ESLint `settings['runtime-ops'].roles` globs say;
 * 2. `cli` when a manifest names it as a command (`bin`), `script` when a package.json script runs
 *    it once, `tooling` when a CI workflow runs it;
 * 3. `test`, `generated` (vendored or generated code), `tooling` (examples, docs, benchmarks,
 *    code generators, dev tools, dot-folders, release helpers), `script` (scripts, migrations,
 *    seeds, infrastructure) or `cli` (bin/, management commands) by its path below its project
 *    root (and above it, up to the linted root, unless the project declares its kind);
 * 4. `generated` when a folder between it and its project root holds its own licence (a vendored
 *    copy), or by its content: a generated header, a comment naming the upstream file it copies;
 *    `browser` or `cli` by its content (a UI framework import or browser globals, a CLI framework
 *    import or a shebang), which each language works out, and in a full-stack app (Next.js, Remix,
 *    Nuxt, SvelteKit) by its name and folder;
 * 5. `browser` or `cli` when its project's manifest says so without declaring it (a browser or
 *    desktop app's dependencies, a `bin` without a server framework: `manifest.ts`), `tooling` for
 *    a published package whose `bin` is its only entry (a developer CLI);
 * 6. `library` when its project is a package published for others to import, else `service`.
 *
 * Where the code at one node runs, when its callers say more than its file (a helper only
 * commands call, a module only tests import, a function nothing names), is `../reach.ts`.
 */
import path from 'node:path';
import { minimatch } from 'minimatch';
import { folderEntries, isInside, projectOf, workflowRunFiles, type ProjectInfo } from './manifest.js';
import { requirementName } from '../python/frameworks.js';

export type FileRole = 'service' | 'cli' | 'script' | 'tooling' | 'test' | 'browser' | 'generated' | 'library';
export const FILE_ROLES: readonly FileRole[] = ['service', 'cli', 'script', 'tooling', 'test', 'browser', 'generated', 'library'];

export interface RoleInfo {
  role: FileRole;
  /** A few words on why, for docs and debugging (`path: scripts/`, `imports click`). */
  reason: string;
  project: ProjectInfo;
}

/** What the language-specific code found in the file itself. */
export interface ContentFacts {
  /** A `@generated` / "do not edit" header. */
  generated?: boolean;
  /** Imports a UI framework or uses browser globals (TS/JS only). */
  browser?: string;
  /** Imports a CLI framework, starts with a shebang, or defines a management command. */
  cli?: string;
  /** The module's dotted name candidates (Python) for matching console-script entry modules. */
  moduleNames?: string[];
  /** A `'use server'` directive: server actions of a full-stack app (TS/JS only). */
  server?: boolean;
  /** A comment naming the upstream file this one is a copy of (`Original Source: https://github.com/o/r/blob/<sha>/src/x.js`). */
  vendored?: string;
}

/** Folders whose files are tests or test support. */
const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  't',
  'e2e',
  'cypress',
  'playwright',
  'testing',
  'testutils',
  'test_utils',
  'test-utils',
  'test-helpers',
  'test_helpers',
  '__mocks__',
  '__fixtures__',
  'fixtures',
  'mocks',
  'testdata',
  'test-data',
  'test_data',
]);

/**
 * Folders whose files run once, to completion, where the service is deployed: migrations, seeds,
 * backfills and maintenance scripts run by an operator or a deploy step.
 */
const SCRIPT_DIRS = new Set(['scripts', 'script', 'migrations', 'migration', 'alembic', 'seeders']);

/**
 * Folders of developer and maintainer tooling, wherever they sit: examples and documentation,
 * benchmarks, code generators, developer tools. A person or a CI job runs them and watches them;
 * they are never part of what is deployed.
 */
const TOOLING_DIRS = new Set(['examples', 'example', 'benchmarks', 'benchmark', 'devtools', 'dev-tools', 'documentation', 'docs_src', 'codegen']);

/**
 * Names that mean "tooling" or "scripts" only as a top-level folder of a project: `tools/` beside
 * `src/` holds maintenance tools, while `agent/tools/` in an LLM service is code the service runs.
 */
const TOP_LEVEL_TOOLING_DIRS = new Set([
  'tools',
  'tooling',
  'bench',
  'samples',
  'sample',
  'docs',
  'doc',
  'hack',
  'playground',
  'sandbox',
  'dev',
  'devenv',
  'dev-env',
  'ci',
  // Contributed and maintainer helpers shipped beside the project: release tooling, one-off admin
  // scripts, examples (`extra/release/*.mjs`, `extras/authors/generate.py`).
  'extra',
  'extras',
  'contrib-scripts',
  // Packaging and release tooling: installers, release posting (sabnzbd's `builder/release.py`).
  'builder',
  'packaging',
]);
const TOP_LEVEL_SCRIPT_DIRS = new Set([
  'seeds',
  'seed',
  'devops',
  'docker',
  // Infrastructure code: provisioning, not the service.
  'terraform',
  'ansible',
  'infra',
  'infrastructure',
]);

/** A folder of examples by its name's suffix: `push-examples/`, `code_samples/`. */
function isExamplesDirName(lower: string): boolean {
  for (const suffix of ['examples', 'example', 'samples']) {
    if (lower.length > suffix.length + 1 && lower.endsWith(suffix) && (lower[lower.length - suffix.length - 1] === '-' || lower[lower.length - suffix.length - 1] === '_')) return true;
  }
  return false;
}

/** Build and release tooling at a project's root: `build.js`, `release.ts`, `deploy.mjs`. */
const ROOT_TOOLING_STEMS = new Set(['build', 'release', 'deploy', 'publish', 'postinstall', 'preinstall', 'bundle', 'fabfile', 'tasks', 'noxfile', 'dodo']);

/** Build and test tooling configuration read by other programs: `vite.config.ts`, `jest.setup.js`, `setupTests.ts`. */
function isToolingFileName(base: string): boolean {
  const parts = base.split('.');
  if (parts.length >= 3 && (parts[parts.length - 2] === 'config' || parts[parts.length - 2] === 'setup')) return true;
  const stem = parts[0];
  return stem === 'setuptests' || stem === 'setup-tests' || stem === 'test-setup' || stem === 'gulpfile' || stem === 'gruntfile' || stem === 'jakefile';
}

/** Folders of code written elsewhere or by a generator. */
const GENERATED_DIRS = new Set(['vendor', 'vendors', 'vendored', 'third_party', 'third-party', 'thirdparty', '__generated__', 'generated', 'node_modules', 'site-packages']);

/** Folders of browser code in mixed repositories (TS/JS files only) wherever they sit... */
const BROWSER_DIRS = new Set(['frontend', 'browser', 'webapp', 'web-app']);
/** ...and as a top-level folder of a project (`src/client/` is as often an API client as a browser app). */
const TOP_LEVEL_BROWSER_DIRS = new Set(['client', 'static', 'public', 'web', 'www', 'ui']);

/** Folders of command-line programs. */
const CLI_DIRS = new Set(['bin', 'cli']);

/** Above the project root, only these say something about a nested project (an example app, a test package). */
const ABOVE_ROOT_DIRS = new Set(
  [...TEST_DIRS, ...SCRIPT_DIRS, ...TOP_LEVEL_SCRIPT_DIRS, ...TOOLING_DIRS, ...TOP_LEVEL_TOOLING_DIRS, ...GENERATED_DIRS].filter((name) => name !== 'fixtures'),
);

/**
 * The first word of a maintainer program's name (`release_manager.py`, `deploy-demo.sh`,
 * `publish.ts`): in a `bin/` or scripts folder or at a project's root, a release or deploy helper
 * run by hand.
 */
const MAINTAINER_STEMS = new Set(['release', 'deploy', 'publish', 'changelog', 'bump']);

function isMaintainerFileName(lowerBase: string): boolean {
  const stem = lowerBase.split('.')[0];
  let end = 0;
  while (end < stem.length && stem[end] !== '-' && stem[end] !== '_') end++;
  return MAINTAINER_STEMS.has(stem.slice(0, end));
}

const TS_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/;

/** What the path alone says about a file's role, or undefined. */
export function roleFromPath(relativeToProject: string, aboveProject: readonly string[]): { role: FileRole; reason: string } | undefined {
  const parts = relativeToProject.split(/[\\/]/).filter(Boolean);
  const base = parts.pop() ?? '';
  const lowerBase = base.toLowerCase();
  if (isTestFileName(lowerBase)) return { role: 'test', reason: `test file name ${base}` };
  if (isGeneratedFileName(lowerBase)) return { role: 'generated', reason: `generated file name ${base}` };
  if (TS_EXTENSIONS.test(lowerBase) && isToolingFileName(lowerBase)) return { role: 'tooling', reason: `tooling file name ${base}` };
  if (parts.length === 0 && ROOT_TOOLING_STEMS.has(lowerBase.split('.')[0])) return { role: 'tooling', reason: `project tooling ${base}` };
  for (let i = 0; i < parts.length; i++) {
    const dir = parts[i];
    const lower = dir.toLowerCase();
    if (TEST_DIRS.has(lower) || isTestSuiteDirName(lower)) return { role: 'test', reason: `path ${dir}/` };
    // Semgrep rule tests: example code annotated `# ruleid:` beside each rule, never executed.
    if (lower === '.semgrep') return { role: 'test', reason: `path ${dir}/ (rule test cases)` };
    if (GENERATED_DIRS.has(lower)) return { role: 'generated', reason: `path ${dir}/` };
    // `.github/`, `.storybook/`, `.husky/`: tooling around the project, not the project.
    if (dir.startsWith('.') && dir !== '.' && dir !== '..') return { role: 'tooling', reason: `path ${dir}/` };
    // Below a source root the same words name features of the program (a finance app's
    // `src/services/benchmark/`, an API client's `src/components/documentation/`), not tooling.
    const featureName = parts.slice(0, i).some((part) => part.toLowerCase() === 'src');
    if ((TOOLING_DIRS.has(lower) && !featureName) || isExamplesDirName(lower) || (i === 0 && TOP_LEVEL_TOOLING_DIRS.has(lower))) return { role: 'tooling', reason: `path ${dir}/` };
    if (SCRIPT_DIRS.has(lower) || (i === 0 && TOP_LEVEL_SCRIPT_DIRS.has(lower))) {
      if (isMaintainerFileName(lowerBase)) return { role: 'tooling', reason: `maintainer program ${base}` };
      return { role: 'script', reason: `path ${dir}/` };
    }
    // Django: `<app>/management/commands/<name>.py`.
    if (lower === 'management' && parts[i + 1] === 'commands') return { role: 'cli', reason: 'path management/commands/' };
    if (CLI_DIRS.has(lower)) {
      if (isMaintainerFileName(lowerBase)) return { role: 'tooling', reason: `maintainer program ${base}` };
      return { role: 'cli', reason: `path ${dir}/` };
    }
    if ((BROWSER_DIRS.has(lower) || (i === 0 && TOP_LEVEL_BROWSER_DIRS.has(lower))) && isBrowserCandidate(parts, base)) {
      return { role: 'browser', reason: `path ${dir}/` };
    }
  }
  // A dated migration outside a migrations folder: `1700000000000-AddUsers.ts`, `0042_backfill.py`.
  if (/^\d{4,}[-_]/.test(base)) return { role: 'script', reason: `migration file name ${base}` };
  for (const dir of aboveProject) {
    const lower = dir.toLowerCase();
    if ((BROWSER_DIRS.has(lower) || TOP_LEVEL_BROWSER_DIRS.has(lower)) && isBrowserCandidate(parts, base)) return { role: 'browser', reason: `path ${dir}/` };
    if (isExamplesDirName(lower)) return { role: 'tooling', reason: `path ${dir}/` };
    // A workspace package of tests (`packages/e2e_tests/`, `packages/e2e-tests/`).
    if (isTestSuiteDirName(lower)) return { role: 'test', reason: `path ${dir}/` };
    if (!ABOVE_ROOT_DIRS.has(lower)) continue;
    if (TEST_DIRS.has(lower)) return { role: 'test', reason: `path ${dir}/` };
    if (GENERATED_DIRS.has(lower)) return { role: 'generated', reason: `path ${dir}/` };
    if (TOOLING_DIRS.has(lower) || TOP_LEVEL_TOOLING_DIRS.has(lower)) return { role: 'tooling', reason: `path ${dir}/` };
    return { role: 'script', reason: `path ${dir}/` };
  }
  if (lowerBase === '__main__.py') return { role: 'cli', reason: 'file name __main__.py' };
  return undefined;
}

/** `e2e_tests`, `integration-tests`, `api-e2e`: a folder named for a suite of tests. */
function isTestSuiteDirName(lower: string): boolean {
  return lower.endsWith('_tests') || lower.endsWith('-tests') || lower.endsWith('-e2e');
}

/** A TS/JS file that is not a server entry of a full-stack app (a Next.js `route.ts`, `pages/api/`, `server/`, `*.server.ts`). */
function isBrowserCandidate(dirs: readonly string[], base: string): boolean {
  if (!TS_EXTENSIONS.test(base)) return false;
  if (base.startsWith('route.') || base.startsWith('middleware.') || base.startsWith('server.') || base.startsWith('+server.')) return false;
  if (hasInnerPart(base, 'server')) return false;
  // `app/api/` and `pages/api/` are Next.js server routes; `src/hooks/api/` in a frontend is its API client.
  return !dirs.some((dir, i) => dir === 'server' || dir === 'backend' || dir === 'server-only' || (dir === 'api' && (dirs[i - 1] === 'app' || dirs[i - 1] === 'pages')));
}

/**
 * Folders whose scripts a Python web app serves to browsers as they are: Django's and Flask's
 * `static/`, templates' scripts, and any `js/` or `assets/` folder (Radicale's
 * `radicale/web/internal_data/js/`).
 */
const PYTHON_ASSET_DIRS = new Set(['static', 'staticfiles', 'assets', 'js', 'templates']);

/**
 * The asset folder above a TS/JS file of a Python project (no package.json at its root, so no
 * Node program is built from it): Django and Flask serve such folders to browsers as they are
 * (calibre-web's `cps/static/js/`, with its vendored libraries), nothing runs them in a server.
 */
function pythonStaticFolder(project: ProjectInfo, relative: string, filename: string): string | undefined {
  if (!TS_EXTENSIONS.test(filename) || folderEntries(project.root)?.has('package.json') !== false) return undefined;
  const dirs = dirsOf(relative);
  const at = dirs.findIndex((dir) => PYTHON_ASSET_DIRS.has(dir.toLowerCase()));
  return at === -1 ? undefined : dirs.slice(0, at + 1).join('/');
}

/** Whether a file name has `part` between its stem and extension: `get-file.server.ts`, `api.client.tsx`. */
function hasInnerPart(base: string, part: string): boolean {
  const parts = base.toLowerCase().split('.');
  return parts.length > 2 && parts.slice(1, -1).includes(part);
}

/** The folders of a path relative to its project. */
function dirsOf(relative: string): string[] {
  return relative.split(/[\\/]/).filter(Boolean).slice(0, -1);
}

/** Next.js App Router files that are server components unless they say `'use client'`. */
const NEXT_SEGMENT_FILES = new Set(['page', 'layout', 'template', 'default', 'not-found', 'error', 'loading', 'opengraph-image', 'twitter-image', 'icon', 'sitemap', 'head']);

/**
 * In a full-stack app (Next.js, Remix / React Router, Nuxt, SvelteKit), which files run in the
 * browser: `*.client.ts` anywhere; in Nuxt and SvelteKit every file outside `server/` and
 * `*.server.ts`; in Next.js and Remix the components (`.tsx` / `.jsx`) that are not route handlers,
 * middleware or server actions (`'use server'`). Other modules are decided like any other file.
 */
function fullStackRole(project: ProjectInfo, relative: string, facts: ContentFacts): { role: FileRole; reason: string } | undefined {
  const fullStack = project.fullStack;
  if (!fullStack || facts.server) return undefined;
  const dirs = dirsOf(relative);
  const base = path.basename(relative);
  if (!TS_EXTENSIONS.test(base)) return undefined;
  if (hasInnerPart(base, 'client')) return { role: 'browser', reason: `client module ${base} (${fullStack.name})` };
  if (!isBrowserCandidate(dirs, base)) return undefined;
  if (fullStack.flavour === 'react') {
    if (!/\.[jt]sx$/.test(base)) return undefined;
    // Route modules render on the server and hold its loaders and actions (Remix `routes/`, the
    // Next.js App Router's `page.tsx` / `layout.tsx` server components): their content decides.
    if (dirs.includes('routes') || NEXT_SEGMENT_FILES.has(base.slice(0, base.indexOf('.')))) return undefined;
  }
  return { role: 'browser', reason: `${fullStack.flavour === 'react' ? 'component' : 'client code'} of a ${fullStack.name} app` };
}

/** `x.test.ts`, `x.spec.ts`, `x.e2e.ts`, `x.e2e-spec.ts`, `test_x.py`, `x_test.py`, `conftest.py`, Django's `tests.py`. */
function isTestFileName(base: string): boolean {
  const parts = base.split('.');
  if (parts.length > 2) {
    const inner = parts.slice(1, -1);
    if (inner.some((part) => part === 'test' || part === 'spec' || part === 'e2e' || part.startsWith('e2e-') || part === 'stories' || part === 'story' || part === 'cy' || part === 'bench')) return true;
  }
  if (!base.endsWith('.py') && !base.endsWith('.pyi')) return false;
  const stem = parts[0];
  return stem.startsWith('test_') || stem.endsWith('_test') || stem === 'conftest' || stem === 'tests' || stem === 'testutils' || stem === 'test_utils';
}

/** `app.min.js`, `x_pb2.py`, `x_pb2_grpc.py`, `x_pb.js`, `x.pb.ts`, `x.generated.ts`, `x.gen.ts`. */
function isGeneratedFileName(base: string): boolean {
  const stem = base.slice(0, base.lastIndexOf('.'));
  return (
    stem.endsWith('.min') ||
    stem.endsWith('_pb2') ||
    stem.endsWith('_pb2_grpc') ||
    stem.endsWith('_pb') ||
    stem.endsWith('_grpc_pb') ||
    stem.endsWith('.pb') ||
    stem.endsWith('.generated') ||
    stem.endsWith('.gen') ||
    stem.endsWith('.d')
  );
}

/** The project's role overrides: `settings: { 'runtime-ops': { roles: { script: ['tools/**'] } } }`. */
interface RoleSettings {
  roles?: Partial<Record<FileRole, unknown>>;
  /** What every project is whose manifest does not declare it: `service` or `library`. */
  projectKind?: unknown;
}

/** At most this many patterns of at most this length are read from settings: matching stays cheap. */
const MAX_PATTERNS = 500;
const MAX_PATTERN_LENGTH = 300;

const settingsCache = new WeakMap<object, { role: FileRole; pattern: string }[]>();

/** The settings' glob patterns, in the order written, each with its role. */
function settingsPatterns(settings: unknown): { role: FileRole; pattern: string }[] {
  const own = (settings as Record<string, unknown> | undefined)?.['runtime-ops'] as RoleSettings | undefined;
  if (!own || typeof own !== 'object' || !own.roles || typeof own.roles !== 'object') return [];
  const cached = settingsCache.get(own.roles);
  if (cached) return cached;
  const patterns: { role: FileRole; pattern: string }[] = [];
  for (const [role, globs] of Object.entries(own.roles)) {
    if (!FILE_ROLES.includes(role as FileRole)) continue;
    const list = typeof globs === 'string' ? [globs] : Array.isArray(globs) ? globs : [];
    for (const pattern of list) {
      if (typeof pattern !== 'string' || pattern.length > MAX_PATTERN_LENGTH || patterns.length >= MAX_PATTERNS) continue;
      patterns.push({ role: role as FileRole, pattern });
    }
  }
  settingsCache.set(own.roles, patterns);
  return patterns;
}

/** What a rule context offers the role decision. */
export interface RoleContext {
  filename: string;
  cwd: string;
  settings?: unknown;
}

/** Decide a file's role from settings, path, manifests and the facts its language found. */
export function decideRole(context: RoleContext, facts: () => ContentFacts): RoleInfo {
  const filename = path.resolve(context.cwd, context.filename);
  const project = projectOf(filename, context.cwd);
  const fromCwd = path.relative(context.cwd, filename).split(path.sep).join('/');
  if (isInside(filename, context.cwd)) {
    for (const { role, pattern } of settingsPatterns(context.settings)) {
      if (minimatch(fromCwd, pattern, { dot: true })) return { role, reason: `settings pattern ${pattern}`, project };
    }
  }
  if (project.entryPoints.has(filename) || project.entryPoints.has(filename.replace(/\.[cm]?[jt]s$/, ''))) {
    return { role: 'cli', reason: 'named in package.json bin', project };
  }
  if (project.scriptFiles.has(filename)) return { role: 'script', reason: 'run by a package.json script', project };
  if (isInside(filename, context.cwd) && workflowRunFiles(path.resolve(context.cwd)).has(filename)) return { role: 'tooling', reason: 'run by a CI workflow', project };
  const relative = path.relative(project.root, filename);
  const above =
    project.kindSource === 'declared' || !isInside(project.root, context.cwd)
      ? []
      : path.relative(context.cwd, project.root).split(/[\\/]/).filter(Boolean);
  const byPath = roleFromPath(relative, above);
  // A path that says test, tooling, browser or generated code settles it; one that says script or
  // CLI does not when the folder is another project's code copied in (Tautulli's vendored
  // `lib/ipwhois/scripts/test.py` is a copy, whatever its own folders say).
  if (byPath && byPath.role !== 'script' && byPath.role !== 'cli') return { ...byPath, project };
  const vendored = vendoredFolder(project, filename);
  if (vendored) return { role: 'generated', reason: vendored, project };
  if (byPath) return { ...byPath, project };
  const assets = pythonStaticFolder(project, relative, filename);
  if (assets) return { role: 'browser', reason: `${assets}/ of a Python project (assets served to browsers)`, project };
  // A published package whose only entry is its `bin`, built on a CLI framework, is a command
  // people install and run at a terminal (a developer CLI), not a library: its modules are tooling,
  // whatever they import.
  if (TS_EXTENSIONS.test(filename) && project.kind === 'library' && project.kindSource !== 'declared' && project.commandOnly) {
    return { role: 'tooling', reason: `developer command-line package (its bin is its only entry, depends on ${project.commandOnly})`, project };
  }
  const content = facts();
  if (content.generated) return { role: 'generated', reason: 'generated-code header', project };
  if (content.vendored) return { role: 'generated', reason: `vendored (copy of ${content.vendored})`, project };
  if (content.browser) return { role: 'browser', reason: content.browser, project };
  if (content.cli) return { role: 'cli', reason: content.cli, project };
  if (content.moduleNames?.some((name) => project.entryModules.has(name))) return { role: 'cli', reason: 'named in the project scripts', project };
  const fullStack = fullStackRole(project, relative, content);
  if (fullStack) return { ...fullStack, project };
  // What the manifest's dependencies say (a browser or desktop app, a CLI package), unless the
  // manifest declares its kind; a published library with a `bin` stays a library (its modules are
  // imported as much as run), and `settings.projectKind` then decides.
  // package.json describes the project's TS/JS code only (a Python service may keep a JS CLI beside it).
  const surface = TS_EXTENSIONS.test(filename) ? project.surface : /\.pyi?$/.test(filename) ? project.pythonSurface : undefined;
  if (surface && !(surface.role === 'cli' && project.kind === 'library') && (surface.role !== 'browser' || isBrowserCandidate(dirsOf(relative), path.basename(relative)))) {
    return { role: surface.role, reason: surface.reason, project };
  }
  const settingsKind = ((context.settings as Record<string, unknown> | undefined)?.['runtime-ops'] as RoleSettings | undefined)?.projectKind;
  if (project.kindSource !== 'declared' && (settingsKind === 'service' || settingsKind === 'library')) {
    return { role: settingsKind, reason: `settings projectKind ${settingsKind}`, project };
  }
  if (project.kind === 'library') return { role: 'library', reason: `library package (${project.kindSource})`, project };
  return { role: 'service', reason: `service (${project.kindSource})`, project };
}

/**
 * The role `decideRole` gives a file without looking at its content (settings, manifests, workflow
 * steps, the path, vendored folders), or nothing when the content would decide. The command uses it
 * to leave unparsed the files no enabled rule would check (src/cli/unchecked.ts): the answer is the
 * one the rules get when they ask with the same context.
 */
export function roleBeforeContent(context: RoleContext): RoleInfo | undefined {
  let needsContent = false;
  const info = decideRole(context, () => {
    needsContent = true;
    return {};
  });
  return needsContent ? undefined : info;
}

/**
 * Why a file sits in another project's code copied into this one: a folder with its own licence,
 * or a folder of copies of the declared dependencies (every file of it: a copied package ships its
 * own scripts and assets too).
 */
function vendoredFolder(project: ProjectInfo, filename: string): string | undefined {
  const licensed = licensedFolder(project.root, path.dirname(filename));
  if (licensed) return `vendored (own licence in ${licensed}/)`;
  const copies = dependencyCopiesFolder(project, path.dirname(filename));
  return copies ? `vendored (${copies}/ holds copies of the project's declared dependencies)` : undefined;
}

/** At least this many entries of a folder named after declared dependencies make it a folder of copies. */
const MIN_DEPENDENCY_COPIES = 3;

/**
 * The folder between a file and its project root (the root itself excluded) that holds
 * copies of the project's declared dependencies, by name relative to the root: at least three of
 * its packages or modules are named after distributions the project declares, and they are at least
 * a third of its Python entries (Tautulli's `lib/` on `sys.path`, with `cherrypy/`, `arrow/`,
 * `IPy.py`... pinned in requirements.txt). One module named like a dependency (a Django project's
 * `celery.py`) is not enough. At most eight folders are looked at.
 */
function dependencyCopiesFolder(project: ProjectInfo, dir: string): string | undefined {
  if (project.pythonDependencies.size < MIN_DEPENDENCY_COPIES) return undefined;
  return folderBelowRoot(project.root, dir, (names) => holdsDependencyCopies(names, project.pythonDependencies));
}

/** Answers per folder listing and set of dependencies: every file of a folder asks the same question. */
const copiesAnswers = new WeakMap<Set<string>, WeakMap<Set<string>, boolean>>();

/** Whether a folder's entries are mostly copies of the declared dependencies (see above). */
function holdsDependencyCopies(names: Set<string>, dependencies: Set<string>): boolean {
  let byDependencies = copiesAnswers.get(names);
  const known = byDependencies?.get(dependencies);
  if (known !== undefined) return known;
  let matched = 0;
  let python = 0;
  for (const entry of names) {
    const stem = entry.endsWith('.py') ? entry.slice(0, -3) : entry.includes('.') ? undefined : entry;
    if (stem === undefined || stem.startsWith('_')) continue;
    python++;
    if (dependencies.has(requirementName(stem))) matched++;
  }
  const answer = matched >= MIN_DEPENDENCY_COPIES && matched * 3 >= python;
  if (!byDependencies) copiesAnswers.set(names, (byDependencies = new WeakMap()));
  byDependencies.set(dependencies, answer);
  return answer;
}

/** Licence files that mark a folder as a copy of another project's code. */
const LICENCE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'COPYING', 'license', 'LICENSE-MIT'];

/**
 * The folder between a file and its project root (the root itself excluded) that holds its own
 * licence file, by name relative to the root: code copied from another project with its licence
 * (`server/modules/axios-ntlm/LICENSE`). At most eight folders are looked at.
 */
function licensedFolder(root: string, dir: string): string | undefined {
  return folderBelowRoot(root, dir, (names) => LICENCE_FILES.some((name) => names.has(name)));
}

/**
 * The nearest folder from `dir` up to `root` (the root itself excluded, at most eight) whose entries
 * pass `test`, by name relative to the root.
 */
function folderBelowRoot(root: string, dir: string, test: (names: Set<string>) => boolean): string | undefined {
  let current = dir;
  for (let depth = 0; depth < 8 && current !== root && isInside(current, root); depth++) {
    const names = folderEntries(current);
    if (names && test(names)) return path.relative(root, current).split(path.sep).join('/');
    current = path.dirname(current);
  }
  return undefined;
}

/**
 * The upstream file a file says it is a copy of: a comment with a GitHub or GitLab `blob` / `raw`
 * URL whose last segment is the file's own name (`// Original Source:
 * https://github.com/kwhitley/apicache/blob/0d56.../src/apicache.js#L254` in `apicache.js`). The
 * text is searched with `indexOf` only, at most 20 URLs.
 */
export function upstreamCopyOf(text: string, basename: string): string | undefined {
  let from = 0;
  for (let count = 0; count < 20; count++) {
    const at = text.indexOf('https://', from);
    if (at < 0) return undefined;
    let end = at;
    while (end < text.length && end - at < 500 && !' \t\r\n"\'`)>'.includes(text[end])) end++;
    from = end;
    const url = text.slice(at, end);
    const host = url.slice('https://'.length).split('/')[0];
    if (host !== 'github.com' && host !== 'gitlab.com' && host !== 'raw.githubusercontent.com') continue;
    const segments = url.split('#')[0].split('?')[0].split('/');
    if (host !== 'raw.githubusercontent.com' && !segments.includes('blob') && !segments.includes('raw')) continue;
    if (segments[segments.length - 1] === basename) return `${segments[3]}/${segments[4]}`;
  }
  return undefined;
}

/** Whether the first lines of a file say it was generated: `@generated`, "Code generated ... DO NOT EDIT", "auto-generated". */
export function hasGeneratedHeader(text: string): boolean {
  const head = text.slice(0, 1000).toLowerCase();
  if (head.includes('@generated') || head.includes('autogenerated') || head.includes('auto-generated') || head.includes('automatically generated')) return true;
  return head.includes('generated') && (head.includes('do not edit') || head.includes('do not modify') || head.includes("don't edit"));
}
