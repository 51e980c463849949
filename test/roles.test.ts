/**
 * The project model: each file's role (service, cli, script, test, browser, generated, library),
 * decided from settings, paths, manifests and content, and what each rule does per role.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { decideRole, roleBeforeContent, roleFromPath } from '../src/analysis/project/roles.js';
import { projectOf, scriptRunFiles } from '../src/analysis/project/manifest.js';
import { pluginConfig } from './plugin-config.js';

/** A temporary project folder with the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-roles-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** Lint every file of `dir` with the recommended config (test ignores dropped) and return `file:line rule` strings. */
async function findings(dir: string, settings?: Linter.Config['settings']): Promise<string[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    // The peer rules (no-console) are not enabled here, so their directives would count as unused.
    overrideConfig: [...pluginConfig('recommended'), { linterOptions: { reportUnusedDisableDirectives: 'off' } }, ...(settings ? [{ settings }] : [])],
  });
  const results = await eslint.lintFiles(['.']);
  return results
    .flatMap((result) =>
      result.messages.map((message) => `${path.relative(dir, result.filePath).split(path.sep).join('/')}:${message.line} ${message.ruleId ?? message.message}`),
    )
    .sort();
}

describe('roleBeforeContent', () => {
  it('answers what decideRole answers when the content is not needed, and nothing when it is', () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "svc"\n',
      'examples/demo.py': 'print(1)\n',
      'svc/static/app.js': 'x();\n',
      'svc/app.py': 'import click\n',
    });
    for (const file of ['examples/demo.py', 'svc/static/app.js']) {
      const context = { filename: path.join(dir, file), cwd: dir };
      const early = roleBeforeContent(context);
      expect(early?.role).toBe(file.endsWith('.js') ? 'browser' : 'tooling');
      expect(decideRole(context, () => ({ cli: 'imports click' })).role).toBe(early?.role);
    }
    // The content decides: a CLI import would make it a cli.
    expect(roleBeforeContent({ filename: path.join(dir, 'svc/app.py'), cwd: dir })).toBeUndefined();
    // Settings win before anything is read.
    const settings = { 'runtime-ops': { roles: { test: ['svc/**'] } } };
    expect(roleBeforeContent({ filename: path.join(dir, 'svc/app.py'), cwd: dir, settings })?.role).toBe('test');
  });
});

describe('roleFromPath', () => {
  it.each([
    ['src/server.ts', undefined],
    ['scripts/seed.ts', 'script'],
    ['app/migrations/0001_initial.py', 'script'],
    ['db/1700000000000-AddUsers.ts', 'script'],
    ['examples/basic/app.py', 'tooling'],
    ['tools/backfill.py', 'tooling'],
    ['scripts/backfill_orders.py', 'script'],
    // `tools/` deep inside a package is code the service runs (an LLM agent's tools).
    ['app/agent/tools/search.py', undefined],
    // Below a source root, tooling words name features: a finance API's benchmark service.
    ['apps/api/src/services/benchmark/benchmark.service.ts', undefined],
    ['apps/api/src/app/endpoints/benchmarks/benchmarks.service.ts', undefined],
    ['benchmarks/parse_speed.py', 'tooling'],
    ['builder/release.py', 'tooling'],
    ['packaging/win/make_installer.py', 'tooling'],
    ['app/builder/query.py', undefined],
    ['packages/core/benchmarks/run.ts', 'tooling'],
    ['.github/scripts/release.js', 'tooling'],
    ['src/users.e2e-spec.ts', 'test'],
    ['src/users.e2e.ts', 'test'],
    ['spec/support/helpers.ts', 'test'],
    ['cypress/support/commands.ts', 'test'],
    ['app/tests.py', 'test'],
    ['src/__mocks__/redis.ts', 'test'],
    ['integration_tests/test_api.py', 'test'],
    ['vendor/lib.js', 'generated'],
    ['public/app.min.js', 'generated'],
    ['api/v1/service_pb2.py', 'generated'],
    ['frontend/src/App.ts', 'browser'],
    ['web/src/index.ts', 'browser'],
    // `web/` holding Python is a web server package, and a Next.js API route is server code.
    ['web/views.py', undefined],
    ['web/app/api/health/route.ts', undefined],
    ['frontend/src/hooks/api/useAuth.ts', 'browser'],
    ['web/src/pages/api/orders.ts', undefined],
    // `src/client/` is as often an API client as a browser app: only a top-level client/ is browser code.
    ['src/client/redis.ts', undefined],
    ['bin/cli.js', 'cli'],
    ['shop/management/commands/import_products.py', 'cli'],
    ['pkg/__main__.py', 'cli'],
    ['vite.config.ts', 'tooling'],
    ['frontend-tools/jest.setup.js', 'tooling'],
    ['src/setupTests.ts', 'tooling'],
    ['dev/cli/up.py', 'tooling'],
    ['src/app.config.py', undefined],
    ['build.js', 'tooling'],
    ['src/build.ts', undefined],
    ['terraform/modules/cache/refresh.py', 'script'],
    ['docker/healthcheck.py', 'script'],
    ['devenv/sync.py', 'tooling'],
    ['api/codegen/emit.ts', 'tooling'],
    // Semgrep rule tests are example code; other dot-folders hold tooling scripts.
    ['.semgrep/security/requests/no-requests.py', 'test'],
    ['.scripts/compare-database.js', 'tooling'],
    ['extras/authors/generate_authors_api.py', 'tooling'],
    // Maintainer programs and examples shipped beside a service (release tooling, push examples).
    ['extra/release/lib.mjs', 'tooling'],
    ['extra/push-examples/python/index.py', 'tooling'],
    ['server/push-examples/fetch.js', 'tooling'],
    ['docs/code_samples/send.py', 'tooling'],
    ['app/extra/filters.py', undefined],
    // A release or deploy helper in bin/ or a scripts folder is run by a maintainer; other bin/ programs are CLIs.
    ['bin/release_manager.py', 'tooling'],
    ['bin/get_changes.py', 'cli'],
    ['scripts/deploy-demo-server.js', 'tooling'],
    ['src/release.ts', undefined],
    ['app/extras/filters.py', undefined],
    // `*.server.ts` below a browser folder is server code of a full-stack app.
    ['frontend/app/files/get-file.server.ts', undefined],
    ['frontend/app/routes/+page.server.ts', undefined],
  ])('%s → %s', (file, role) => {
    expect(roleFromPath(file, [])?.role).toBe(role);
  });

  it('reads folders above a nested project only for a few names (an example app with its own package.json)', () => {
    expect(roleFromPath('src/index.ts', ['examples', 'next-app'])?.role).toBe('tooling');
    expect(roleFromPath('src/index.ts', ['push-examples', 'node'])?.role).toBe('tooling');
    expect(roleFromPath('src/index.ts', ['seeds', 'demo'])?.role).toBe('script');
    expect(roleFromPath('src/index.ts', ['packages', 'api'])).toBeUndefined();
  });
});

describe('projectOf', () => {
  it('finds the nearest manifest and tells a published library from a deployed service', () => {
    const dir = project({
      'packages/sdk/package.json': JSON.stringify({ name: 'sdk', main: 'dist/index.js' }),
      'packages/sdk/src/index.ts': '',
      'apps/api/package.json': JSON.stringify({ name: 'api', private: true }),
      'apps/api/src/main.ts': '',
      'apps/worker/package.json': JSON.stringify({ name: 'worker', main: 'dist/main.js' }),
      'apps/worker/Dockerfile': 'FROM node:20',
      'apps/worker/src/main.ts': '',
    });
    expect(projectOf(path.join(dir, 'packages/sdk/src/index.ts'), dir)).toMatchObject({ root: path.join(dir, 'packages/sdk'), kind: 'library', kindSource: 'manifest' });
    expect(projectOf(path.join(dir, 'apps/api/src/main.ts'), dir)).toMatchObject({ kind: 'service', kindSource: 'default' });
    expect(projectOf(path.join(dir, 'apps/worker/src/main.ts'), dir)).toMatchObject({ kind: 'service', kindSource: 'deployment' });
  });

  it('reads a declared kind and console scripts from pyproject.toml and setup.cfg', () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "shop"\n[project.scripts]\nshop = "shop.cli:main"\n[tool.runtime-ops]\nkind = "service"\n',
      'shop/cli.py': '',
      'tool/setup.cfg': '[metadata]\nname = tool\n[options.entry_points]\nconsole_scripts =\n    tool = tool.commands:run\n[options]\nzip_safe = False\n',
      'tool/tool/commands.py': '',
    });
    const shop = projectOf(path.join(dir, 'shop/cli.py'), dir);
    expect(shop).toMatchObject({ kind: 'service', kindSource: 'declared' });
    expect([...shop.entryModules]).toEqual(['shop.cli']);
    expect([...projectOf(path.join(dir, 'tool/tool/commands.py'), dir).entryModules]).toEqual(['tool.commands']);
  });

  it("guesses what a package is from its dependencies and bin, unless it declares it", () => {
    const dir = project({
      'Dockerfile': 'FROM node:22',
      'apps/admin/package.json': JSON.stringify({ private: true, devDependencies: { vue: '^3', vite: '^6' } }),
      'apps/desktop/package.json': JSON.stringify({ private: true, dependencies: { '@tauri-apps/api': '^2', vue: '^3' } }),
      'apps/widget/package.json': JSON.stringify({ private: true, main: './dist/index.umd.cjs' }),
      'apps/cli/package.json': JSON.stringify({ private: true, bin: { shop: 'bin/shop.js' }, dependencies: { pg: '^8' } }),
      'apps/api/package.json': JSON.stringify({ private: true, dependencies: { '@nestjs/core': '^11', react: '^19' } }),
      'apps/mailer/package.json': JSON.stringify({ private: true, dependencies: { nodemailer: '^6', react: '^19' } }),
      'apps/web/package.json': JSON.stringify({ private: true, dependencies: { next: '^15', react: '^19', '@prisma/client': '^6' } }),
      'apps/shop/package.json': JSON.stringify({ private: true, devDependencies: { nuxt: '^3' } }),
      'apps/declared/package.json': JSON.stringify({ private: true, devDependencies: { react: '^19' }, runtimeOps: { kind: 'service' } }),
      'packages/shared/package.json': JSON.stringify({ name: '@shop/shared', version: '1.0.0', main: 'lib/index.js', dependencies: { chalk: '^5' } }),
      'packages/core/package.json': JSON.stringify({ name: '@shop/core', version: '1.0.0', main: 'lib/index.js', dependencies: { koa: '^2' } }),
      'packages/workspace/package.json': JSON.stringify({ name: '@shop/workspace', version: '0.0.0', main: './index.ts' }),
    });
    const at = (folder: string) => projectOf(path.join(dir, folder, 'src/index.ts'), dir);
    expect(at('apps/admin').surface).toEqual({ role: 'browser', reason: 'browser app (depends on vue)' });
    expect(at('apps/desktop').surface).toEqual({ role: 'browser', reason: 'desktop app (depends on @tauri-apps/api)' });
    expect(at('apps/widget').surface?.role).toBe('browser');
    // A database client does not stop a CLI from being one; a server framework does.
    expect(at('apps/cli').surface).toEqual({ role: 'cli', reason: 'command-line package (package.json bin)' });
    expect(at('apps/api').surface).toBeUndefined();
    expect(at('apps/mailer').surface).toBeUndefined();
    expect(at('apps/web')).toMatchObject({ surface: undefined, fullStack: { flavour: 'react', name: 'next' } });
    expect(at('apps/shop').fullStack).toEqual({ flavour: 'nuxt', name: 'nuxt' });
    expect(at('apps/declared')).toMatchObject({ kind: 'service', kindSource: 'declared' });
    expect(at('apps/declared').surface).toBeUndefined();
    // Published packages below the repository's Dockerfile: a library, unless it starts a server.
    expect(at('packages/shared')).toMatchObject({ kind: 'library', kindSource: 'manifest' });
    expect(at('packages/core')).toMatchObject({ kind: 'service', kindSource: 'deployment' });
    // A workspace package whose entry is TypeScript source is not published: the Dockerfile deploys it.
    expect(at('packages/workspace')).toMatchObject({ kind: 'service', kindSource: 'deployment' });
  });

  it('a Python project with a command and no server dependency is a command-line tool', () => {
    const dir = project({
      'generator/pyproject.toml': '[project]\nname = "generator"\ndependencies = ["jinja2>=3.1"]\n',
      'generator/cli.py': '',
      'tool/pyproject.toml': '[project]\nname = "tool"\ndependencies = ["httpx"]\n[project.scripts]\ntool = "tool.main:run"\n',
      'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["typer", "Django>=5"]\n',
      'worker/pyproject.toml': '[project]\nname = "worker"\ndependencies = ["click"]\n',
      'worker/Dockerfile': 'FROM python:3.13',
      'dynamic/pyproject.toml': '[project]\nname = "dynamic"\ndynamic = ["dependencies"]\n[project.scripts]\nsvc = "svc.cli:main"\n',
    });
    const at = (folder: string) => projectOf(path.join(dir, folder, 'pkg/mod.py'), dir).pythonSurface;
    expect(at('generator')).toEqual({ role: 'cli', reason: 'command-line tool (cli.py, no server dependency)' });
    expect(at('tool')).toEqual({ role: 'cli', reason: 'command-line tool (console scripts, no server dependency)' });
    expect(at('api')).toBeUndefined();
    expect(at('worker')).toBeUndefined();
    expect(at('dynamic')).toBeUndefined();
  });

  it('never reads above the linted root', () => {
    const outer = project({ 'Dockerfile': 'FROM python', 'inner/app.py': '' });
    const inner = path.join(outer, 'inner');
    expect(projectOf(path.join(inner, 'app.py'), inner)).toMatchObject({ root: inner, kindSource: 'default' });
  });

  it('sees an edited manifest in the same process (editor), once its stat is re-checked', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', main: 'index.js' }), 'index.ts': '' });
    expect(projectOf(path.join(dir, 'index.ts'), dir).kind).toBe('library');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', main: 'index.js', runtimeOps: { kind: 'service' } }));
    // Some file systems keep whole-second modification times: make the change visible.
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'package.json'), later, later);
    utimesSync(dir, later, later);
    // Manifests' and folders' stats are trusted for half a second, then checked again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(projectOf(path.join(dir, 'index.ts'), dir).kind).toBe('service');
  });
});

describe('scriptRunFiles', () => {
  it('names the files package.json scripts run to completion, not the ones long-running scripts start', () => {
    expect(
      scriptRunFiles({
        bundle: 'node bundle.cjs',
        'bundle:styles': 'node --max-old-space-size=4096 bundle.cjs --styles',
        'scan-translations': 'tsx src/scan-translations.ts',
        typegen: 'cross-env NODE_ENV=production node -r dotenv/config ./scripts/typegen.mjs && prettier --write .',
        check: './tools/check.mjs',
        inline: "node -e \"console.log('x')\"",
        start: 'node dist/server.js',
        'dev:api': 'tsx watch src/server.ts',
        'seed:dev': 'tsx src/seed.ts',
        seed: 'tsx src/seed.ts',
        build: 'vite build',
        // files a program reads or writes are its arguments, not scripts it runs
        minify: './node_modules/.bin/terser ./static/bundle.js -o ./static/bundle.min.js --compress',
        'lint:fix': 'eslint ./src/index.js && ./tools/after.mjs --fix',
      }),
    ).toEqual(['bundle.cjs', 'src/scan-translations.ts', './scripts/typegen.mjs', './tools/check.mjs', './tools/after.mjs']);
    expect(scriptRunFiles(['node x.js'])).toEqual([]);
    expect(scriptRunFiles(undefined)).toEqual([]);
  });
});

const SERVICE_TS = [
  "import express from 'express';",
  'const app = express();',
  "app.get('/orders', (req, res) => {",
  '  console.log(req.query);',
  '  res.json({ region: process.env.REGION });',
  '});',
  '',
].join('\n');
const SERVICE_PY = ['import os', '', 'def handle(event):', '    print(event)', '    return os.environ["REGION"]', ''].join('\n');

describe('what the rules do per role', () => {
  it('reports in service code and stays quiet in tests, generated, vendored and browser code', async () => {
    const dir = project({
      'src/orders.ts': SERVICE_TS,
      'app/orders.py': SERVICE_PY,
      'src/orders.e2e-spec.ts': SERVICE_TS,
      'app/tests.py': SERVICE_PY,
      'vendor/orders.ts': SERVICE_TS,
      'app/orders_pb2.py': SERVICE_PY,
      'src/generated.ts': `// Code generated by openapi-gen. DO NOT EDIT.\n${SERVICE_TS}`,
      'frontend/orders.ts': SERVICE_TS,
      'src/widget.ts': `import { useState } from 'react';\n${SERVICE_TS}`,
      'src/page.ts': `'use client';\n${SERVICE_TS}`,
      'src/dom.ts': `document.title = 'x';\n${SERVICE_TS}`,
    });
    expect(await findings(dir)).toEqual([
      'app/orders.py:4 runtime-ops/no-unstructured-logging',
      'app/orders.py:5 runtime-ops/no-lazy-env-read',
      'src/orders.ts:4 runtime-ops/no-unstructured-logging',
      'src/orders.ts:5 runtime-ops/no-lazy-env-read',
    ]);
  });

  it('scripts and CLIs: bare output and env reads are fine, retries are still checked', async () => {
    const retryPy = ['import time', 'def sync(client):', '    while True:', '        try:', '            return client.pull()', '        except ConnectionError:', '            time.sleep(1)', ''].join('\n');
    const dir = project({
      'scripts/backfill.py': `${SERVICE_PY}\n${retryPy}`,
      'tools/seed.ts': SERVICE_TS,
      'bin/shop.js': "console.log(process.env.HOME);\n",
      'app/cli.py': `import click\n${SERVICE_PY}`,
      'app/commands.ts': `const { program } = require('commander');\n${SERVICE_TS}`,
      'app/run.ts': `#!/usr/bin/env node\n${SERVICE_TS}`,
    });
    expect(await findings(dir)).toEqual(['scripts/backfill.py:9 runtime-ops/no-unbounded-retry']);
  });

  it('a published library: its env reads and prints are its users’ decision, its log calls are still checked', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'sdk', version: '1.0.0', main: 'dist/index.js' }),
      'src/index.ts': `${SERVICE_TS}import pino from 'pino';\nconst logger = pino();\nexport function f(id: string) { logger.info(\`user \${id}\`); }\n`,
    });
    expect(await findings(dir)).toEqual(['src/index.ts:9 runtime-ops/no-unstructured-logging']);
  });

  it('console scripts and package.json bin make their modules CLIs', async () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "shop"\n[project.scripts]\nshop-admin = "shop.admin:main"\n',
      'shop/admin.py': SERVICE_PY,
      'shop/views.py': SERVICE_PY,
      'package.json': JSON.stringify({ name: 'shop', private: true, bin: { shop: './cli/shop.js' } }),
      'cli/shop.js': 'console.log(process.env.HOME);\n',
    });
    expect(await findings(dir)).toEqual(['shop/views.py:4 runtime-ops/no-unstructured-logging', 'shop/views.py:5 runtime-ops/no-lazy-env-read']);
  });

  it('settings roles override what paths say, in the order written', async () => {
    const dir = project({ 'scripts/worker.py': SERVICE_PY, 'src/jobs/nightly.py': SERVICE_PY });
    const settings = { 'runtime-ops': { roles: { service: ['scripts/worker.py'], script: ['src/jobs/**'] } } };
    expect(await findings(dir, settings)).toEqual(['scripts/worker.py:4 runtime-ops/no-unstructured-logging', 'scripts/worker.py:5 runtime-ops/no-lazy-env-read']);
  });

  it('settings projectKind: library turns a guessed service into a library', async () => {
    const dir = project({ 'app/orders.py': SERVICE_PY });
    expect(await findings(dir, { 'runtime-ops': { projectKind: 'library' } })).toEqual([]);
  });
});

describe("the project's logging module", () => {
  it('writes to the console on purpose: no bare-output finding there, interpolated messages still checked', async () => {
    const dir = project({
      'server/logging/Logger.ts': 'export class Logger {\n  info(message: string) {\n    console.log(message);\n  }\n}\n',
      'app/logs/__init__.py': 'import sys\ndef emit(record):\n    print(record, file=sys.stderr)\n',
      'app/views.py': 'def view(x):\n    print(x)\n',
    });
    expect(await findings(dir, { 'runtime-ops': { projectKind: 'service' } })).toEqual(['app/views.py:2 runtime-ops/no-unstructured-logging']);
  });
});

describe('peer suppressions', () => {
  it('honours no-console disables and # noqa: T201 / G004 / pylint for the same concept only', async () => {
    const dir = project({
      'src/a.ts': [
        "import pino from 'pino';",
        'const logger = pino();',
        'export function f(id: string) {',
        '  // eslint-disable-next-line no-console -- progress output',
        '  console.log(id);',
        '  console.warn(id); // eslint-disable-line no-console',
        '  /* eslint-disable no-console */',
        '  console.info(id);',
        '  /* eslint-enable no-console */',
        '  console.error(id);',
        '  // eslint-disable-next-line no-alert',
        '  console.debug(id);',
        '}',
        '',
      ].join('\n'),
      'app/b.py': [
        'import logging',
        'log = logging.getLogger(__name__)',
        'def f(x):',
        '    print(x)  # noqa: T201',
        '    print(x)  # noqa: E501',
        '    log.info(f"x {x}")  # noqa: G004',
        '    log.info(f"x {x}")  # pylint: disable=logging-fstring-interpolation',
        '    log.info(f"x {x}")  # noqa: T201',
        '',
      ].join('\n'),
    });
    // `# noqa: E501` and a disable of another rule silence nothing of ours; T201 does not cover log calls.
    expect(await findings(dir, { 'runtime-ops': { projectKind: 'service' } })).toEqual([
      'app/b.py:5 runtime-ops/no-unstructured-logging',
      'app/b.py:8 runtime-ops/no-unstructured-logging',
      'src/a.ts:10 runtime-ops/no-unstructured-logging',
      'src/a.ts:12 runtime-ops/no-unstructured-logging',
    ]);
  });
});

describe('tooling, vendored copies and command programs', () => {
  it('maintainer tooling, CI-run files and vendored copies get no findings; service code beside them does', async () => {
    const dir = project({
      'server/server.js': "console.log('up');\n",
      'extra/release/lib.mjs': "console.log('release');\nawait fetch('https://hub.docker.com/v2/tags');\n",
      'extra/push-examples/python/index.py': 'import requests\nprint(requests.get("http://localhost:3001/api/push"))\n',
      '.github/workflows/release.yml': 'jobs:\n  draft:\n    steps:\n      - run: node tasks/draft-release.mjs --dry-run\n',
      'tasks/draft-release.mjs': "console.log('draft');\n",
      'server/modules/cache/cache.js': "// Original Source: https://github.com/someone/cache/blob/0d5686c/src/cache.js#L254\nconsole.log('cached');\n",
      'server/modules/other.js': "// Like https://github.com/someone/cache/blob/0d5686c/src/cache.js\nconsole.log('other');\n",
      'server/modules/ntlm/LICENSE': 'MIT License\n',
      'server/modules/ntlm/lib/client.js': "console.log('ntlm');\n",
      'mail/verifyspf.py': "#!/usr/bin/env python\nimport sys\n\ndef main():\n    print(sys.argv)\n\nif __name__ == '__main__':\n    main()\n",
      'mail/gc_cleanup.py': '#!/usr/bin/env python3\ndef collect(x):\n    print(x)\n',
    });
    expect(await findings(dir)).toEqual([
      'mail/gc_cleanup.py:3 runtime-ops/no-unstructured-logging',
      'server/modules/other.js:2 runtime-ops/no-unstructured-logging',
      'server/server.js:1 runtime-ops/no-unstructured-logging',
    ]);
  });

  it('browser globals make browser code, unless the module also loads what only a server can (a headless browser driven from a handler)', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'checks', private: true, dependencies: { express: '5' } }),
      'api/screenshot.js':
        "import { execFile } from 'child_process';\nexport const shot = (url) => new Promise((resolve) => {\n  execFile('chromium', ['--headless', url], (error) => resolve(error));\n});\nexport const title = (page) => page.evaluate(() => document.title);\n",
      'api/title.js': "const puppeteer = require('puppeteer');\nmodule.exports = async (page) => { console.log(await page.evaluate(() => document.title)); };\n",
      'web/widget.js': "export function show(x) {\n  console.log(x);\n  document.title = x;\n}\n",
    });
    expect(await findings(dir)).toEqual(['api/screenshot.js:3 runtime-ops/require-io-timeout', 'api/title.js:2 runtime-ops/no-unstructured-logging']);
  });

  it("a Python project's static/ and js/ folders are browser assets; a Node project's static/ below its root is not", async () => {
    const python = project({
      'pyproject.toml': '[project]\nname = "books"\ndependencies = ["flask"]\n',
      'Dockerfile': 'FROM python:3.13',
      'cps/static/js/reader.js': "console.log('page', 3);\n",
      'cps/static/js/libs/viewer/viewer.js': "console.log('viewer');\n",
      'cps/web/internal_data/js/scenes/upload.js': "console.error('upload failed');\n",
      'cps/web.py': "def index():\n    print('index')\n",
      // Outside static/: decided like any other JS file (here a service's script by default).
      'cps/tasks/convert.js': "console.log('convert');\n",
    });
    expect(await findings(python)).toEqual(['cps/tasks/convert.js:1 runtime-ops/no-unstructured-logging', 'cps/web.py:2 runtime-ops/no-unstructured-logging']);
    const node = project({
      'package.json': JSON.stringify({ name: 'api', private: true, dependencies: { express: '5' } }),
      'src/static/server.js': "console.log('serving');\n",
    });
    expect(await findings(node)).toEqual(['src/static/server.js:1 runtime-ops/no-unstructured-logging']);
  });

  it("a folder of copies of the project's declared Python dependencies is vendored; one module named like a dependency is not", async () => {
    const dir = project({
      'Dockerfile': 'FROM python:3.13',
      'requirements.txt': '# pinned, and copied into lib/\ncherrypy==18.10.0\ncherrypy-cors==1.7.0\nIPy==1.01\nrequests>=2.32 ; python_version >= "3.9"\ncelery[redis]==5.4\n-r requirements-dev.txt\n',
      'Server.py': "import sys\nsys.path.insert(0, 'lib')\nfrom app import main\nmain()\n",
      'lib/cherrypy/__init__.py': "def quickstart():\n    print('serving')\n",
      'lib/cherrypy_cors.py': "def install():\n    print('cors')\n",
      'lib/IPy.py': "def show(ip):\n    print(ip)\n",
      'lib/requests/api.py': "def dump(r):\n    print(r)\n",
      // A copied package's own scripts are the copy too, not this project's scripts.
      'lib/cherrypy/scripts/check.py': "import requests\nrequests.get('http://localhost:8080/')\n",
      'lib/helpers.py': "def log(x):\n    print(x)\n",
      'app/__init__.py': "def main():\n    print('up')\n",
      // A Django/Celery project's own `celery.py` beside its other modules is the project's code.
      'app/celery.py': "def ready():\n    print('celery ready')\n\nready()\n",
    });
    expect(await findings(dir)).toEqual(['app/__init__.py:2 runtime-ops/no-unstructured-logging', 'app/celery.py:2 runtime-ops/no-unstructured-logging']);
  });

  it('a workspace package named for a test suite is test code; a browser extension package is browser code', async () => {
    const dir = project({
      'Dockerfile': 'FROM node:22',
      'package.json': '{ "name": "bookmarks", "private": true, "workspaces": ["packages/*", "apps/*"] }\n',
      'packages/e2e_tests/package.json': '{ "name": "@bookmarks/e2e", "private": true, "devDependencies": { "vitest": "^4" } }\n',
      'packages/e2e_tests/setup/start.ts': "export function start() {\n  console.log('compose up');\n}\n",
      'packages/e2e-tests/license-server.js': "console.log('mock license server');\n",
      'apps/extension/package.json': '{ "name": "@bookmarks/extension", "private": true, "dependencies": { "react": "^19", "@trpc/server": "^11" } }\n',
      'apps/extension/manifest.json': '{ "manifest_version": 3, "name": "Bookmarks" }\n',
      'apps/extension/src/background.ts': "export function onInstalled() {\n  console.log('installed');\n}\n",
      'apps/workers/package.json': '{ "name": "@bookmarks/workers", "private": true, "dependencies": { "@trpc/server": "^11" } }\n',
      'apps/workers/src/crawl.ts': "export function crawl() {\n  console.log('crawling');\n}\n",
    });
    expect(await findings(dir)).toEqual(['apps/workers/src/crawl.ts:2 runtime-ops/no-unstructured-logging']);
  });

  it("the project's Ruff configuration turning a peer rule off everywhere turns off that shape of finding", async () => {
    const views = 'import logging\nlogger = logging.getLogger(__name__)\n\ndef show(uid):\n    logger.info(f"user {uid}")\n    logger.info("user %s" % uid)\n    print(uid)\n';
    const dir = project({
      'fstrings/Dockerfile': 'FROM python:3.13',
      'fstrings/pyproject.toml': '[project]\nname = "nvr"\n[tool.ruff.lint]\nextend-select = ["G"]\nignore = ["G004"]\n',
      'fstrings/nvr/__init__.py': 'from nvr.views import show\n',
      'fstrings/nvr/views.py': views,
      'noprint/Dockerfile': 'FROM python:3.13',
      'noprint/pyproject.toml': '[project]\nname = "cal"\n',
      'noprint/ruff.toml': '[lint]\nextend-ignore = ["t20"]\n',
      'noprint/cal/__init__.py': 'from cal.views import show\n',
      'noprint/cal/views.py': views,
    });
    expect(await findings(dir)).toEqual([
      'fstrings/nvr/views.py:6 runtime-ops/no-unstructured-logging',
      'fstrings/nvr/views.py:7 runtime-ops/no-unstructured-logging',
      'noprint/cal/views.py:5 runtime-ops/no-unstructured-logging',
      'noprint/cal/views.py:6 runtime-ops/no-unstructured-logging',
    ]);
  });

  it('a published package whose bin is its only entry is a developer CLI; one that also exports a library is not', async () => {
    const poll = "export async function waitForBridge() {\n  while (true) {\n    const res = await fetch('http://localhost:4000/health');\n    if (res.ok) return res;\n  }\n}\n";
    const dir = project({
      'packages/cli/package.json': JSON.stringify({ name: 'shop', version: '1.0.0', main: 'src/index.js', bin: { shop: './dist/src/index.js' }, dependencies: { commander: '^12', ws: '^8' } }),
      'packages/cli/src/commands/dev.ts': poll,
      'packages/cli/src/commands/sync.ts': `import { Command } from 'commander';\nexport const sync = new Command('sync');\n${poll}`,
      'packages/sdk/package.json': JSON.stringify({ name: 'shop-sdk', version: '1.0.0', main: 'dist/index.js', bin: { 'shop-sdk': './bin/run.js' }, dependencies: { commander: '^12' } }),
      'packages/sdk/src/index.ts': poll,
    });
    expect(await findings(dir)).toEqual(['packages/sdk/src/index.ts:3 runtime-ops/require-io-timeout']);
  });
});

describe('where code runs: callers across files', () => {
  it('a function only commands call is command-line code; an unnamed function of a service package never runs', async () => {
    const dir = project({
      'Dockerfile': 'FROM python:3.13',
      'app/__init__.py': '',
      'app/cli.py': 'import click\nfrom app.manage import init_database\n\n@click.command()\ndef init():\n    init_database()\n',
      'app/manage.py': "import os\n\ndef init_database():\n    print('creating tables')\n    return os.environ['DATABASE_URL']\n\ndef report_status():\n    print('status')\n",
      'app/views.py': 'from app.manage import report_status\n\n@route("/status")\ndef status():\n    return report_status()\n',
      'app/debug.py': "def print_dump(obj):\n    print(obj)\n\n@register\ndef print_hook(obj):\n    print(obj)\n\n__all__ = ['print_api']\n\ndef print_api(obj):\n    print(obj)\n",
      // A shim that announces its removal is kept for plugins and other packages: not dead.
      'app/passwords.py': "def hash_password(p):\n    print('hash_password will be removed in v4.0: use app.crypto')\n    return p\n\ndef old_sha(p):\n    print('sha of', p)\n    return p\n",
    });
    expect(await findings(dir)).toEqual([
      'app/debug.py:11 runtime-ops/no-unstructured-logging',
      'app/debug.py:6 runtime-ops/no-unstructured-logging',
      'app/manage.py:8 runtime-ops/no-unstructured-logging',
      'app/passwords.py:2 runtime-ops/no-unstructured-logging',
    ]);
  });

  it("a library's function with no caller is its API, still checked", async () => {
    const dir = project({
      'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "shoplib"\nclassifiers = ["Programming Language :: Python"]\n',
      'shoplib/__init__.py': '',
      'shoplib/client.py': 'import requests\n\ndef fetch_orders(url):\n    return requests.get(url)\n',
    });
    expect(await findings(dir)).toEqual(['shoplib/client.py:4 runtime-ops/require-io-timeout']);
  });

  it('a module in src/ that only test files import is test code', async () => {
    const dir = project({
      'src/clients/base-client.ts': 'export function createClient(url: string) {\n  return fetch(url);\n}\n',
      // Through a barrel: its importers decide.
      'src/clients/index.ts': "export * from './base-client';\n",
      'src/workflows/workflow.e2e.ts': "import { createClient } from '../clients';\ncreateClient('http://localhost');\n",
      'src/clients/api-client.ts': 'export function callApi(url: string) {\n  return fetch(url);\n}\n',
      'src/server.ts': "import { callApi } from './clients/api-client';\nexport const handler = () => callApi('http://localhost');\n",
      'src/api.e2e.ts': "import { callApi } from './clients/api-client';\ncallApi('http://localhost');\n",
    });
    expect(await findings(dir)).toEqual(['src/clients/api-client.ts:2 runtime-ops/require-io-timeout']);
  });

  it("another package's module of the same name, or a route string, does not count as an importer", async () => {
    const dir = project({
      'package.json': '{ "name": "bookmarks", "private": true, "workspaces": ["apps/*", "packages/*"] }\n',
      'packages/queue/package.json': '{ "name": "@bm/queue", "private": true, "main": "./src/index.ts" }\n',
      'packages/queue/src/admin.ts': 'export class AdminClient {\n  list(url: string) {\n    return fetch(url);\n  }\n}\n',
      'packages/queue/src/index.ts': "export const queue = 'restate';\n",
      'packages/queue/src/tests/queue.test.ts': "import { AdminClient } from '../admin';\nnew AdminClient().list('http://localhost:9070');\n",
      'packages/api/package.json': '{ "name": "@bm/api", "private": true, "main": "./index.ts", "dependencies": { "hono": "4" } }\n',
      'packages/api/index.ts': "import admin from './routes/admin';\nexport const routes = [admin, '/admin'];\n",
      'packages/api/routes/admin.ts': "export default function admin(url: string) {\n  return fetch(url);\n}\n",
    });
    expect(await findings(dir)).toEqual(['packages/api/routes/admin.ts:2 runtime-ops/require-io-timeout']);
  });

  it("a package's exported module and a folder a loader lists are not test-only, whoever imports them here", async () => {
    const dir = project({
      'packages/api/package.json': '{ "name": "@acme/api", "exports": { "./management": "./lib/management.js" } }\n',
      'packages/api/src/management.ts': "export function createApi(url: string) {\n  console.warn('deprecated');\n  return fetch(url);\n}\n",
      'packages/api/src/management.test.ts': "import { createApi } from './management.js';\ncreateApi('http://localhost');\n",
      'server/package.json': '{ "name": "server", "private": true, "dependencies": { "koa": "2" } }\n',
      'server/tasks/index.ts': "import { requireDirectory } from '../fs';\nexport const tasks = requireDirectory<{ default: unknown }>(__dirname);\n",
      'server/tasks/RollupTask.ts': "export default async function rollup(day: string) {\n  return fetch(`http://stats/${day}`);\n}\n",
      'server/tasks/RollupTask.test.ts': "import rollup from './RollupTask';\nrollup('2026-12-01');\n",
    });
    expect(await findings(dir)).toEqual([
      'packages/api/src/management.ts:3 runtime-ops/require-io-timeout',
      'server/tasks/RollupTask.ts:2 runtime-ops/require-io-timeout',
    ]);
  });

  it("a function a setup script imports by subpath and the server by the package's name runs in the service", async () => {
    const dir = project({
      'package.json': '{ "name": "deploy-panel", "private": true, "workspaces": ["apps/*", "packages/*"] }\n',
      'packages/server/package.json': '{ "name": "@panel/server", "private": true, "main": "./src/index.ts", "exports": { ".": "./src/index.ts", "./setup/*": "./src/setup/*.ts" } }\n',
      'packages/server/src/index.ts': "export * from './setup/traefik';\nexport * from './setup/swarm';\n",
      'packages/server/src/setup/traefik.ts': "export function writeTraefikConfig() {\n  console.log('traefik config written');\n}\n",
      'packages/server/src/setup/swarm.ts': "export function initSwarm() {\n  console.log('swarm ready');\n}\n",
      'apps/panel/package.json': '{ "name": "panel", "private": true, "scripts": { "setup": "tsx setup.ts", "start": "node dist/server.js" } }\n',
      'apps/panel/setup.ts': "import { writeTraefikConfig } from '@panel/server/setup/traefik';\nimport { initSwarm } from '@panel/server/setup/swarm';\ninitSwarm();\nwriteTraefikConfig();\n",
      'apps/panel/server.ts': "import { writeTraefikConfig } from '@panel/server';\nimport http from 'node:http';\nwriteTraefikConfig();\nconst server = http.createServer().listen(3000);\nprocess.on('SIGTERM', () => server.close());\n",
    });
    // initSwarm() runs only from the setup script; writeTraefikConfig() at every server start too.
    expect(await findings(dir)).toEqual(['packages/server/src/setup/traefik.ts:2 runtime-ops/no-unstructured-logging']);
  });

  it("a named package's module that a barrel re-exports is public, even when only its spec imports it here", async () => {
    const dir = project({
      'packages/providers/package.json': '{ "name": "@acme/providers", "main": "src/index.ts" }\n',
      'packages/providers/src/index.ts': "export * from './chat';\n",
      'packages/providers/src/chat/index.ts': "export * from './chat.provider';\n",
      'packages/providers/src/chat/chat.provider.ts': 'export function send(url: string) {\n  return fetch(url);\n}\n',
      'packages/providers/src/chat/chat.provider.spec.ts': "import { send } from './chat.provider';\nsend('http://localhost');\n",
    });
    expect(await findings(dir)).toEqual(['packages/providers/src/chat/chat.provider.ts:2 runtime-ops/require-io-timeout']);
  });
});
