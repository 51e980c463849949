/**
 * The project index (src/analysis/project/index.ts): module resolution in both languages, exports
 * and definitions, uses in other modules, callees, the bounds (project root, file size), the cost
 * counters, and invalidation when a file changes on disk while the process keeps running (the
 * editor case), through the index and through ESLint.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantString, indexCost, ProjectIndex, projectIndex, type ModuleFacts } from '../src/analysis/project/index.js';
import { parsePythonFile } from '../src/languages/python/ast.js';
import { pluginConfig } from './plugin-config.js';

let root: string;

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Where each use sits: `file:line`, sorted. */
function where(uses: { module: ModuleFacts; node: unknown }[]): string[] {
  return uses.map((use) => `${path.relative(root, use.module.file)}:${(use.node as { loc: { start: { line: number } } }).loc.start.line}`).sort();
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'runtime-ops-index-'));
  // TS/JS: a package that imports itself by name, a path alias, an index file, `.js` written for `.ts`.
  write('ts/package.json', JSON.stringify({ name: 'orders', private: true, exports: { '.': './src/index.ts', './config': { types: './src/config.d.ts', import: './src/config.ts' } } }));
  write('ts/tsconfig.json', '{\n  // comments and trailing commas, as tsc accepts\n  "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["src/lib/*"], }, },\n}\n');
  write('ts/src/config.ts', 'export function loadPort() { return 1; }\nexport const helper = () => 2;\nexport default function defaults() { return 3; }\n');
  write('ts/src/lib/clock.ts', "export function now() { return 0; }\nexport const HEALTH_PATH = '/healthz' as const;\n");
  write('ts/src/util/index.ts', "export * from './strings.js';\n");
  write('ts/src/util/strings.ts', 'export function pad(s: string) { return s; }\n');
  write(
    'ts/src/main.ts',
    [
      "import { loadPort } from 'orders/config';",
      "import * as cfg from './config.js';",
      "import defaults from './config';",
      "import { now } from '@lib/clock';",
      "import { pad } from './util';",
      "import { HEALTH_PATH } from '@lib/clock';",
      'const port = loadPort();',
      'export function handler() { return [cfg.helper(), defaults(), now(), pad("x"), port]; }',
      'router.get(HEALTH_PATH, handler);',
      '',
    ].join('\n'),
  );
  write('ts/src/cjs.cjs', "const { helper } = require('./config.ts');\nmodule.exports = { run: () => helper() };\n");
  write('ts/src/escape.ts', "import { secret } from '../../outside';\nexport const x = secret;\n");
  write('outside.ts', 'export const secret = 1;\n');
  // Python: a src/ layout, relative imports, `import pkg.mod`, a package __init__.
  write('py/pyproject.toml', '[project]\nname = "shop"\n');
  write('py/src/shop/__init__.py', 'from .settings import load_settings as load\n');
  write('py/src/shop/settings.py', 'import os\n\nHEALTH_PATH = "/health"\n\ndef load_settings():\n    return os.environ["X"]\n\nclass Client:\n    def stop(self):\n        return 1\n');
  write(
    'py/src/shop/app.py',
    [
      'import shop.settings',
      'from shop.settings import load_settings, Client',
      'from . import settings',
      'from shop import load',
      'S = load_settings()',
      'def handler():',
      '    settings.load_settings()',
      '    shop.settings.load_settings()',
      '    return load()',
      'class Service:',
      '    def shutdown(self):',
      '        self.close()',
      '        Client().stop()',
      '    def close(self):',
      '        return 2',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('TS/JS modules', () => {
  it('resolves relative imports, `.js` for `.ts`, index files, tsconfig paths and the package’s own exports', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const main = index.moduleAt(path.join(root, 'ts/src/main.ts'))!;
    const rel = (specifier: string) => {
      const file = index.resolve(main, specifier);
      return file && path.relative(root, file);
    };
    expect(rel('./config.js')).toBe('ts/src/config.ts');
    expect(rel('./util')).toBe('ts/src/util/index.ts');
    expect(rel('@lib/clock')).toBe('ts/src/lib/clock.ts');
    expect(rel('orders/config')).toBe('ts/src/config.ts');
    expect(rel('orders')).toBeUndefined(); // exports points at a file that does not exist
    expect(rel('express')).toBeUndefined();
    // Never outside the project root.
    const escape = index.moduleAt(path.join(root, 'ts/src/escape.ts'))!;
    expect(index.resolve(escape, '../../outside')).toBeUndefined();
  });

  it('finds definitions through imports, namespaces, default exports and `export *` barrels', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const main = index.moduleAt(path.join(root, 'ts/src/main.ts'))!;
    const handler = index.definition(main, 'handler')!;
    const callees = index.callees(main, handler.node).map((callee) => `${path.basename(callee.definition.module.file)}#${callee.definition.name}`);
    expect(callees.sort()).toEqual(['clock.ts#now', 'config.ts#defaults', 'config.ts#helper', 'strings.ts#pad']);
  });

  it('reads string constants defined in another module', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const main = index.moduleAt(path.join(root, 'ts/src/main.ts'))!;
    const route = (main as { ast: { body: { type: string; expression?: { arguments: unknown[] } }[] } }).ast.body.at(-1)!;
    const [pathArgument, handlerArgument] = route.expression!.arguments;
    const definition = index.definitionOf(main, pathArgument as never)!;
    expect(constantString(definition)).toBe('/healthz');
    expect(index.definitionOf(main, handlerArgument as never)?.name).toBe('handler');
    expect(constantString(index.definitionOf(main, handlerArgument as never)!)).toBeUndefined();
  });

  it('lists the uses of an export in other modules, calls marked, CommonJS included', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const config = index.moduleAt(path.join(root, 'ts/src/config.ts'))!;
    expect(where(index.uses(config, 'loadPort'))).toEqual(['ts/src/main.ts:7']);
    const helperUses = index.uses(config, 'helper');
    expect(where(helperUses)).toEqual(['ts/src/cjs.cjs:2', 'ts/src/main.ts:8']);
    expect(helperUses.every((use) => use.call !== undefined)).toBe(true);
    const strings = index.moduleAt(path.join(root, 'ts/src/util/strings.ts'))!;
    expect(where(index.uses(strings, 'pad'))).toEqual(['ts/src/main.ts:8']);
    expect(index.uses(config, 'nothing')).toEqual([]);
  });
});

describe('Python modules', () => {
  it('resolves absolute imports in a src/ layout, relative imports and packages', () => {
    const index = new ProjectIndex(path.join(root, 'py'));
    const app = index.moduleAt(path.join(root, 'py/src/shop/app.py'))!;
    const rel = (level: number, module: string) => {
      const file = index.resolve(app, { level, module });
      return file && path.relative(root, file);
    };
    expect(rel(0, 'shop.settings')).toBe('py/src/shop/settings.py');
    expect(rel(0, 'shop')).toBe('py/src/shop/__init__.py');
    expect(rel(1, 'settings')).toBe('py/src/shop/settings.py');
    expect(rel(1, '')).toBe('py/src/shop/__init__.py');
    expect(rel(2, 'outside')).toBeUndefined();
    expect(rel(0, 'requests')).toBeUndefined();
  });

  it('lists uses by name, as module attributes, through `import a.b` and through a package re-export', () => {
    const index = new ProjectIndex(path.join(root, 'py'));
    const settings = index.moduleAt(path.join(root, 'py/src/shop/settings.py'))!;
    // app.py:9 calls it as `load()`, imported from the package that re-exports it.
    expect(where(index.uses(settings, 'load_settings'))).toEqual(['py/src/shop/app.py:5', 'py/src/shop/app.py:7', 'py/src/shop/app.py:8', 'py/src/shop/app.py:9']);
    const shop = index.moduleAt(path.join(root, 'py/src/shop/__init__.py'))!;
    expect(where(index.uses(shop, 'load'))).toEqual(['py/src/shop/app.py:9']);
    expect(index.definition(shop, 'load')?.module.file).toBe(settings.file);
    expect(constantString(index.definition(settings, 'HEALTH_PATH')!)).toBe('/health');
  });

  it('lists callees: imported functions, `self` methods and constructors of imported classes', () => {
    const index = new ProjectIndex(path.join(root, 'py'));
    const app = index.moduleAt(path.join(root, 'py/src/shop/app.py'))!;
    const service = index.definition(app, 'Service')!;
    const names = index.callees(app, service.node).map((callee) => `${path.basename(callee.definition.module.file)}#${callee.definition.name}`);
    expect(names.sort()).toEqual(['app.py#close', 'settings.py#Client']);
    const handler = index.definition(app, 'handler')!;
    expect(index.callees(app, handler.node).map((callee) => callee.definition.name)).toEqual(['load_settings', 'load_settings']);
  });
});

describe('bounds, cost and invalidation', () => {
  it('parses a file once per version of its content and re-reads it after a change on disk', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const file = write('ts/src/flags.ts', 'export function flag() { return 1; }\n');
    const before = indexCost.filesParsed;
    const first = index.moduleAt(file);
    const again = index.moduleAt(file);
    expect(again).toBe(first);
    expect(indexCost.filesParsed - before).toBe(1);
    write('ts/src/flags.ts', 'export function flag() { return 1; }\nexport function other() { return 2; }\n');
    const changed = index.moduleAt(file)!;
    expect(changed).not.toBe(first);
    expect([...(changed as { exports: Map<string, unknown> }).exports.keys()]).toEqual(['flag', 'other']);
    expect(indexCost.filesParsed - before).toBe(2);
  });

  it('sees a new importer and a changed one without a restart', async () => {
    const index = new ProjectIndex(path.join(root, 'py'));
    const settings = index.moduleAt(path.join(root, 'py/src/shop/settings.py'))!;
    expect(where(index.uses(settings, 'load_settings'))).not.toContain('py/src/shop/jobs.py:2');
    write('py/src/shop/jobs.py', 'from shop.settings import load_settings\nload_settings()\n');
    // A listing is trusted for half a second before folders are checked again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(where(index.uses(settings, 'load_settings'))).toContain('py/src/shop/jobs.py:2');
    write('py/src/shop/jobs.py', 'def unrelated():\n    return 1\n');
    expect(where(index.uses(settings, 'load_settings'))).not.toContain('py/src/shop/jobs.py:2');
  });

  it('resolves an import of a module added after the folder was listed, once the listing is re-checked', async () => {
    const index = new ProjectIndex(path.join(root, 'py'));
    const app = index.moduleAt(path.join(root, 'py/src/shop/app.py'))!;
    expect(index.resolve(app, { level: 1, module: 'added_later' })).toBeUndefined();
    const added = write('py/src/shop/added_later.py', 'def later():\n    return 1\n');
    // Folder listings used for resolution are trusted for half a second, then re-checked.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(index.resolve(app, { level: 1, module: 'added_later' })).toBe(added);
    expect(index.resolve(app, { level: 1, module: 'added_later.missing' })).toBeUndefined();
  });

  it('shares a Python tree between the index and ESLint while the text of the file is unchanged', () => {
    const file = write('py/src/shop/shared.py', 'def shared():\n    return 1\n');
    const text = 'def shared():\n    return 1\n';
    const index = new ProjectIndex(path.join(root, 'py'));
    const facts = index.moduleAt(file)!;
    const linted = parsePythonFile(file, text, 'lint');
    expect(linted.ok && linted.ast).toBe(facts.ast);
    // The linted file's facts are the index's, not made again from the same tree.
    expect(projectIndex({ filename: file, cwd: root, sourceCode: { ast: facts.ast, text } }).module).toBe(facts);
    // A second lint of the same text gets a tree of its own (rules cache answers by tree, some from
    // the lint's settings); the index may go on using the linted one.
    const relinted = parsePythonFile(file, text, 'lint');
    expect(relinted.ok && relinted.ast).not.toBe(facts.ast);
    const again = parsePythonFile(file, text, 'index');
    expect(again.ok && again.ast).toBe(relinted.ok && relinted.ast);
    // Another text (an unsaved edit) or another file with the same text gets a tree of its own.
    const edited = parsePythonFile(file, `${text}# edited\n`, 'index');
    expect(edited.ok && edited.ast).not.toBe(facts.ast);
    const twin = parsePythonFile(path.join(root, 'py/src/shop/twin.py'), text, 'index');
    expect(twin.ok && twin.ast).not.toBe(facts.ast);
    expect(twin.ok && twin.ast.type).toBe('module');
  });

  it('does not read files over 1 MB', () => {
    const index = new ProjectIndex(path.join(root, 'ts'));
    const big = write('ts/src/big.ts', `export const blob = "${'x'.repeat(1_100_000)}";\n`);
    const before = indexCost.filesRead;
    expect(index.moduleAt(big)).toBeUndefined();
    expect(indexCost.filesRead).toBe(before);
  });
});

describe('no-lazy-env-read in a long-running process', () => {
  it('follows a change to an imported module on the next lint', async () => {
    write('svc/package.json', JSON.stringify({ name: 'svc', private: true, runtimeOps: { kind: 'service' } }));
    const config = write('svc/config.ts', 'export function databaseUrl() {\n  return process.env.DATABASE_URL;\n}\n');
    write('svc/main.ts', "import { databaseUrl } from './config';\nexport const url = databaseUrl();\n");
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: pluginConfig('recommended', { 'runtime-ops/no-lazy-env-read': 'error' }) });
    const lint = async () => (await eslint.lintFiles([config]))[0].messages.map((message) => `${message.line}:${message.messageId}`);
    // Only the entry point's top level calls it: startup code.
    expect(await lint()).toEqual([]);
    // Now a request handler calls it too, and the next lint in the same process says so.
    write('svc/main.ts', "import { databaseUrl } from './config';\nexport const url = databaseUrl();\nexport function handler() {\n  return databaseUrl();\n}\n");
    expect(await lint()).toEqual(['2:lazyRead']);
  });
});
