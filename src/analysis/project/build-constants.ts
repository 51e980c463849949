/**
 * Environment names a framework replaces with constants when it builds the project, read from the
 * project's own configuration through the project index.
 *
 * Next.js: the keys of `env: { ... }` in `next.config.{js,mjs,cjs,ts,mts}` at the project root are
 * written into both the server and the browser bundles at build time, so `process.env.currentVersion`
 * after `env: { currentVersion: pkg.version }` reads a constant, not the process environment.
 * (The prefixes bundlers inline, `NEXT_PUBLIC_` and the like, are `isBundlerConstant` in ../ts/frameworks.ts.)
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { ProjectIndex, TsModule } from './index.js';
import { pushChildNodes } from '../ts/walk.js';

const NEXT_CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];

const keysByModule = new WeakMap<TsModule, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** The names the project's build configuration defines as constants (Next.js `env` keys). */
export function buildEnvConstants(index: ProjectIndex): ReadonlySet<string> {
  for (const name of NEXT_CONFIG_FILES) {
    const module = index.moduleAt(path.join(index.root, name));
    if (module?.language === 'ts') return nextEnvKeys(module);
  }
  return NONE;
}

/** The keys of every `env: { ... }` object in a Next.js config module (a config object, a function returning one, a plugin's argument). */
function nextEnvKeys(module: TsModule): ReadonlySet<string> {
  let keys = keysByModule.get(module);
  if (keys) return keys;
  const found = new Set<string>();
  const stack: TSESTree.Node[] = [module.ast];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'Property' && !node.computed && keyName(node.key) === 'env' && node.value.type === 'ObjectExpression') {
      for (const property of node.value.properties) {
        if (property.type === 'Property' && !property.computed) {
          const key = keyName(property.key);
          if (key !== undefined) found.add(key);
        }
      }
    }
    pushChildNodes(node, stack);
  }
  keys = found;
  keysByModule.set(module, keys);
  return keys;
}

function keyName(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}
