import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { projectIndex } from '../../src/analysis/project/index.js';
import { validatedEnvKeys, validatorFunctions } from '../../src/analysis/project/env-schema.js';
import type { TsModule } from '../../src/analysis/ts/module-facts.js';
import { functionName, tsStartupScope, type LateContext } from '../../src/analysis/ts/startup.js';
import { isBundlerConstant } from '../../src/analysis/ts/frameworks.js';
import { buildEnvConstants } from '../../src/analysis/project/build-constants.js';
import { isNonConfigurationVariable } from '../../src/analysis/env-names.js';
import { envAccessorParameter, namesEnvironment } from '../../src/analysis/project/env-accessors.js';
import type { MessageIds, Options } from './index.js';
import { isInScriptDirectory, startupPolicy } from './startup-names.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;

/** Objects whose properties are environment variables. */
const ENV_OBJECTS = new Set(['process.env', 'Bun.env']);

/** `Deno.env.get('X')` / `Deno.env.has('X')`. */
const ENV_CALLS = new Set(['Deno.env.get', 'Deno.env.has']);

/** Object.prototype methods called on the env object (`process.env.hasOwnProperty('X')`), not variables. */
const OBJECT_METHODS = new Set(['hasOwnProperty', 'toString', 'valueOf', 'propertyIsEnumerable', 'isPrototypeOf', 'toLocaleString']);

const MENTIONS_ENVIRONMENT = /process|Deno|Bun|convict|env|Env|ENV/;

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ allow, startupFunctions, scriptDirectories }] = context.options;
  const allowed = new Set(allow);
  const { sourceCode } = context;
  // A necessary condition, not the detection: every read form names `process`, `Deno` or `Bun`
  // somewhere in the file (`process.env`, `import { env } from 'node:process'`, `Bun.env`), and a
  // call of an environment accessor names `env` (`getEnv('X')`). Modules that name none have no
  // scope of startup code to work out.
  if (!MENTIONS_ENVIRONMENT.test(sourceCode.text)) return {};
  // The file's facts come from ESLint's own tree; other modules are looked at only when a read sits
  // in an exported function, to see who calls it.
  const { index, module } = projectIndex(context);
  const startup = tsStartupScope(module as TsModule, startupPolicy(startupFunctions), () => index);

  function scopeOf(node: Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  /** Whether `node` stands for `process.env` / `Bun.env`, through aliases and imports. */
  function isEnvObject(node: Node): boolean {
    const name = qualifiedName(node, scopeOf(node));
    return name !== undefined && ENV_OBJECTS.has(name);
  }

  const reported = new Map<Node, Set<string | undefined>>();
  /** Findings of named variables, reported at the end of the file unless the program writes that variable at run time. */
  const pending: { name: string; report: () => void }[] = [];
  /** `process.env.TZ = tz` in code that runs after startup: TZ is the program's own mutable state. */
  const writtenAtRunTime = new Set<string>();

  /** Report a read of `name` (undefined when computed) at `node` unless it happens at startup. */
  function reportRead(node: Node, name: string | undefined): void {
    if (name !== undefined && allowed.has(name)) return;
    // `process.env.NEXT_PUBLIC_API_URL`: the bundler writes the value in at build time.
    if (name !== undefined && isBundlerConstant(name)) return;
    // `process.env.currentVersion` after next.config's `env: { currentVersion }`: a build-time constant too.
    if (name !== undefined && buildEnvConstants(index).has(name)) return;
    // `process.env.JEST_WORKER_ID` ("am I under test?"), `PATH`, `npm_package_version`: not configuration.
    if (name !== undefined && isNonConfigurationVariable(name)) return;
    const late = startup.lateContext(node);
    if (!late) return;
    // `const getEnv = (name) => process.env[name]`: the accessor's calls are the reads.
    if (name === undefined && late.kind === 'function' && isAccessorParameterRead(node, late.fn)) return;
    // One finding per variable per function: `process.env.X ? Number(process.env.X) : d` is one read.
    const owner = late.kind === 'function' ? late.fn : late.field;
    const seen = reported.get(owner) ?? new Set<string | undefined>();
    if (seen.has(name)) return;
    seen.add(name);
    reported.set(owner, seen);
    const fn = describe(late, sourceCode);
    if (name === undefined) {
      context.report({ node, messageId: 'lazyComputedRead', data: { fn } });
      return;
    }
    // A variable the project's startup schema already validates: the fix is to use the validated object.
    const schema = validatedEnvKeys(index, module).get(name);
    pending.push({
      name,
      report: () =>
        schema
          ? context.report({ node, messageId: 'validatedRead', data: { name, fn, library: schema.library, file: schema.file } })
          : context.report({ node, messageId: 'lazyRead', data: { name, fn } }),
    });
  }

  /** `const { PORT, HOST = 'x' } = process.env` and `const { env: { PORT } } = process`. */
  function checkPattern(pattern: TSESTree.ObjectPattern, base: string | undefined): void {
    if (base === undefined) return;
    for (const property of pattern.properties) {
      // `...rest` copies the whole environment: not a read of a variable.
      if (property.type !== 'Property') continue;
      const key = property.computed
        ? property.key.type === 'Literal' && typeof property.key.value === 'string'
          ? property.key.value
          : undefined
        : property.key.type === 'Identifier'
          ? property.key.name
          : property.key.type === 'Literal'
            ? String(property.key.value)
            : undefined;
      if (ENV_OBJECTS.has(base)) {
        reportRead(property.key, key);
        continue;
      }
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'ObjectPattern' && key !== undefined) checkPattern(value, `${base}.${key}`);
    }
  }

  /** `process.env[name]` inside an accessor whose parameter `name` names the variable. */
  function isAccessorParameterRead(node: Node, fn: Node): boolean {
    const key = node.type === 'MemberExpression' ? node.property : node.type === 'CallExpression' ? node.arguments[0] : undefined;
    if (key?.type !== 'Identifier') return false;
    const position = envAccessorParameter(module, fn);
    if (position === undefined) return false;
    const fnNode = fn as TSESTree.FunctionLike;
    const parameter = fnNode.params[position];
    const parameterName = parameter?.type === 'AssignmentPattern' ? (parameter.left.type === 'Identifier' ? parameter.left.name : undefined) : parameter?.type === 'Identifier' ? parameter.name : undefined;
    return parameterName === key.name;
  }

  // A migration or maintenance script runs once, to completion: the whole file is startup code.
  if (isInScriptDirectory(context.filename, scriptDirectories)) return {};

  return {
    Program() {
      // `export function validateEnv() { return schema.parse(process.env); }` that nothing calls.
      for (const validator of validatorFunctions(index, module)) {
        if (!startup.isUnused(validator.declaration as Node, validator.text)) continue;
        context.report({ node: validator.name as Node, messageId: 'uncalledValidator', data: { fn: `\`${validator.text}\``, library: validator.library } });
      }
    },
    'Program:exit'() {
      for (const finding of pending) if (!writtenAtRunTime.has(finding.name)) finding.report();
    },
    MemberExpression(node) {
      if (!isEnvObject(node.object)) return;
      if (isWriteTarget(node)) {
        const written = propertyName(node);
        if (written !== undefined && startup.lateContext(node)) writtenAtRunTime.add(written);
        return;
      }
      const name = propertyName(node);
      // `process.env.hasOwnProperty('X')` is a method of the object, not a variable named hasOwnProperty.
      if (name && OBJECT_METHODS.has(name) && node.parent.type === 'CallExpression' && node.parent.callee === node) return;
      reportRead(node, name);
    },
    VariableDeclarator(node) {
      if (node.id.type !== 'ObjectPattern' || !node.init) return;
      checkPattern(node.id, qualifiedName(node.init, scopeOf(node)));
    },
    AssignmentExpression(node) {
      if (node.left.type !== 'ObjectPattern') return;
      checkPattern(node.left, qualifiedName(node.right, scopeOf(node)));
    },
    BinaryExpression(node) {
      // `'DATABASE_URL' in process.env`
      if (node.operator !== 'in' || !isEnvObject(node.right)) return;
      const key = node.left.type === 'Literal' && typeof node.left.value === 'string' ? node.left.value : undefined;
      reportRead(node, key);
    },
    CallExpression(node) {
      // `getEnv('PORT')`: a call of the project's environment accessor reads PORT here.
      const callee = unwrap(node.callee);
      const calleeName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (namesEnvironment(calleeName)) {
        const definition = index.definitionOf(module, callee);
        const position = definition ? envAccessorParameter(definition.module, definition.node) : undefined;
        if (position !== undefined && !node.arguments.slice(0, position + 1).some((argument) => argument.type === 'SpreadElement')) {
          const argument = node.arguments[position];
          if (argument) reportRead(node, argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : staticTemplate(argument));
          return;
        }
      }
      const name = qualifiedName(node.callee, scopeOf(node));
      if (!name || !ENV_CALLS.has(name)) return;
      const [first] = node.arguments;
      const key = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : staticTemplate(first);
      reportRead(node, key);
    },
  };
}

/** The value of a template literal with no expressions. */
function staticTemplate(node: Node | undefined): string | undefined {
  return node?.type === 'TemplateLiteral' && node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
}

/** `process.env.X = v`, `process.env.X ??= v`, `process.env.X++`, `delete process.env.X`: writes, not reads. */
function isWriteTarget(node: TSESTree.MemberExpression): boolean {
  let current: Node = node;
  // Destructuring targets: `({ a: process.env.X } = obj)`, `[process.env.X] = list`.
  while (
    current.parent &&
    (current.parent.type === 'Property' || current.parent.type === 'ObjectPattern' || current.parent.type === 'ArrayPattern' || current.parent.type === 'AssignmentPattern') &&
    !(current.parent.type === 'AssignmentPattern' && current.parent.right === current) &&
    !(current.parent.type === 'Property' && current.parent.key === current)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression' && parent.left === current) return true;
  if (parent.type === 'UpdateExpression') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'delete') return true;
  return false;
}

/** How the message names the late context: "function `getUser`", "method `UserService.find`". */
function describe(late: LateContext, sourceCode: TsContext<MessageIds, Options>['sourceCode']): string {
  if (late.kind === 'field') {
    const owner = className(late.field.parent.parent);
    return `a field initializer of ${owner ? `class \`${owner}\`` : 'a class'}, run by its constructor`;
  }
  const fn = late.fn;
  const parent = fn.parent;
  if (parent.type === 'MethodDefinition') {
    const owner = className(parent.parent.parent);
    const name = functionName(fn) ?? 'computed';
    const qualified = owner ? `${owner}.${name}` : name;
    if (parent.kind === 'constructor') return owner ? `the constructor of \`${owner}\`` : 'a class constructor';
    if (parent.kind === 'get') return `getter \`${qualified}\``;
    if (parent.kind === 'set') return `setter \`${qualified}\``;
    return `method \`${qualified}\``;
  }
  const name = functionName(fn);
  if (name) return `function \`${name}\``;
  if (parent.type === 'CallExpression' && parent.callee !== fn) {
    const callee = unwrap(parent.callee);
    const text = sourceCode.getText(callee);
    const shown = text.length <= 40 ? text : callee.type === 'MemberExpression' ? `…${propertyName(callee) ?? ''}` : 'a call';
    return `a callback passed to \`${shown}\``;
  }
  if (parent.type === 'ExportDefaultDeclaration') return 'the default-exported function';
  return 'an anonymous function';
}

function className(node: Node | undefined): string | undefined {
  if ((node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression') && node.id) return node.id.name;
  if (node?.type === 'ClassExpression' && node.parent.type === 'VariableDeclarator' && node.parent.id.type === 'Identifier') {
    return node.parent.id.name;
  }
  return undefined;
}
