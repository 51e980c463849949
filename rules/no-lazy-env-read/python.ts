import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import type { PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import { projectIndex, type ModuleFacts, type ProjectIndex } from '../../src/analysis/project/index.js';
import { validatedEnvKeys, validatorFunctions } from '../../src/analysis/project/env-schema.js';
import type { PyModuleFacts } from '../../src/analysis/python/module-facts.js';
import { pyStartupScope, type PyStartupScope } from '../../src/analysis/python/startup.js';
import type { MessageIds, Options } from './index.js';
import { isInScriptDirectory, startupPolicy } from './startup-names.js';
import { isNonConfigurationVariable } from '../../src/analysis/env-names.js';
import { envAccessorParameter, namesEnvironment } from '../../src/analysis/project/env-accessors.js';

/** The environment mapping: `os.environ` (and its bytes twin). */
const ENV_MAPPINGS = new Set(['os.environ', 'os.environb']);

/** `os.getenv('X')`. */
const ENV_FUNCTIONS = new Set(['os.getenv', 'os.getenvb']);

/** Mapping methods that read one variable: `os.environ.get('X')`, `os.environ.setdefault('X', 'd')`. */
const READ_METHODS = new Set(['get', 'setdefault']);

const MENTIONS_ENVIRONMENT = /environ|getenv|env|Env|ENV|BaseSettings|decouple|dynaconf|starlette/;

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ allow, startupFunctions, scriptDirectories }] = context.options;
  const allowed = new Set(allow);
  const policy = startupPolicy(startupFunctions);
  let scopes: PythonScopes;
  let startup: PyStartupScope;
  let index: ProjectIndex;
  let module: ModuleFacts;

  /** Whether `node` stands for `os.environ`, through `import os as o`, `from os import environ as E` and aliases. */
  function isEnvMapping(node: PyNode | undefined): boolean {
    if (!node || (node.type !== 'identifier' && node.type !== 'attribute')) return false;
    const name = scopes.qualifiedName(node);
    return name !== undefined && ENV_MAPPINGS.has(name);
  }

  const reported = new Set<string>();

  function reportRead(node: PyNode, key: PyNode | undefined): void {
    const name = key ? stringValue(key) : undefined;
    if (name !== undefined && allowed.has(name)) return;
    // `'PYTEST_CURRENT_TEST' in os.environ` ("am I under test?"), `os.environ["PATH"]`: not configuration.
    if (name !== undefined && isNonConfigurationVariable(name)) return;
    const late = startup.lateFunction(node);
    if (!late) return;
    // `environ[key] = str(value)` then `logger.info(environ[key])`: the function reads back its own write.
    if (key && writesVariable(late, key.text)) return;
    // `def env_bool(name): return os.getenv(name) == "1"`: the accessor's calls are the reads.
    if (name === undefined && key?.type === 'identifier' && isAccessorParameter(late, key.text)) return;
    // One finding per variable per function: `'X' in os.environ and os.environ['X']` is one read.
    const once = `${late.start}:${name ?? '\0computed'}`;
    if (reported.has(once)) return;
    reported.add(once);
    const fn = describe(late);
    if (name === undefined) {
      context.report({ node, messageId: 'lazyComputedRead', data: { fn } });
      return;
    }
    // A variable the project's startup schema already validates (pydantic matches names case-insensitively).
    const keys = validatedEnvKeys(index, module);
    const schema = keys.get(name) ?? keys.get(name.toUpperCase());
    if (schema) context.report({ node, messageId: 'validatedRead', data: { name, fn, library: schema.library, file: schema.file } });
    else context.report({ node, messageId: 'lazyRead', data: { name, fn } });
  }

  /** Whether the function assigns `os.environ[<key>]` itself (the same key expression). */
  function writesVariable(fn: PyNode, keyText: string | undefined): boolean {
    if (keyText === undefined) return false;
    const stack: PyNode[] = [fn];
    while (stack.length) {
      const current = stack.pop()!;
      if (current.type === 'subscript' && current.fields.subscript?.text === keyText && isEnvMapping(current.fields.value) && isWriteTarget(current)) {
        const parent = current.parent;
        if (parent?.type !== 'delete_statement') return true;
      }
      stack.push(...current.children);
    }
    return false;
  }

  /** Whether `fn` is an environment accessor and `name` its parameter that names the variable. */
  function isAccessorParameter(fn: PyNode, name: string | undefined): boolean {
    const position = envAccessorParameter(module, fn);
    if (position === undefined) return false;
    const parameters = (fn.fields.parameters?.children ?? []).filter((param) => param.type === 'identifier' || param.type === 'default_parameter' || param.type === 'typed_parameter' || param.type === 'typed_default_parameter');
    const parameter = parameters[position];
    const parameterName = parameter?.type === 'identifier' ? parameter.text : (parameter?.fields.name ?? parameter?.children.find((child) => child.type === 'identifier'))?.text;
    return parameterName !== undefined && parameterName === name;
  }

  /**
   * `if key in os.environ: os.environ.pop(key)` (or `del os.environ[key]`): the test only guards
   * removing the variable, before the program writes its own value; nothing is read.
   */
  function onlyGuardsRemoval(test: PyNode, key: PyNode): boolean {
    const statement = test.parent;
    if (statement?.type !== 'if_statement' || test.field !== 'condition' || statement.children.some((child) => child.type === 'elif_clause' || child.type === 'else_clause')) return false;
    const body = statement.fields.consequence?.children ?? [];
    return (
      body.length > 0 &&
      body.every((line) => {
        const expression = line.type === 'expression_statement' ? line.children[0] : undefined;
        if (expression?.type === 'call') {
          const callee = expression.fields.function;
          const [argument] = positionalArguments(expression);
          return callee?.type === 'attribute' && callee.fields.attribute?.text === 'pop' && isEnvMapping(callee.fields.object) && argument?.text === key.text;
        }
        if (line.type === 'delete_statement') {
          const target = line.children.find((child) => child.type === 'subscript');
          return target !== undefined && line.children.length === 1 && isEnvMapping(target.fields.value) && target.fields.subscript?.text === key.text;
        }
        return false;
      })
    );
  }

  // A migration or maintenance script runs once, to completion: the whole file is startup code.
  if (isInScriptDirectory(context.filename, scriptDirectories)) return {};
  // A necessary condition, not the detection: every read form names `environ` or `getenv` somewhere
  // in the file (`os.environ`, `from os import getenv as g`), and every validator its library or
  // base class. Most modules name none, and then there is no scope of startup code to work out.
  if (!MENTIONS_ENVIRONMENT.test(context.sourceCode.text)) return {};

  return {
    module() {
      // The module's facts come from ESLint's own tree; other modules are looked at only when a read
      // sits in a module-level function or class, to see who calls it.
      ({ index, module } = projectIndex(context));
      scopes = (module as PyModuleFacts).scopes;
      startup = pyStartupScope(module as PyModuleFacts, policy, () => index);
      // `def validate_settings(): return Settings()` that nothing calls.
      for (const validator of validatorFunctions(index, module)) {
        if (!startup.isUnused(validator.declaration as PyNode)) continue;
        context.report({ node: validator.name as PyNode, messageId: 'uncalledValidator', data: { fn: `\`${validator.text}\``, library: validator.library } });
      }
    },
    subscript(node: PyNode) {
      // `os.environ['X']`, unless it is assigned to or deleted.
      if (!isEnvMapping(node.fields.value) || isWriteTarget(node)) return;
      reportRead(node, node.fields.subscript);
    },
    comparison_operator(node: PyNode) {
      // `'X' in os.environ`, `'X' not in os.environ`
      const operands = node.children;
      for (let i = 1; i + 1 < operands.length; i += 2) {
        const op = operands[i].text;
        if ((op === 'in' || op === 'not in') && isEnvMapping(operands[i + 1]) && !onlyGuardsRemoval(node, operands[i - 1])) reportRead(node, operands[i - 1]);
      }
    },
    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const key = positionalArguments(node)[0] ?? keywordArgument(node, 'key');
      // `os.environ.get('X')`, `environ.setdefault('X', 'd')`
      if (callee.type === 'attribute' && READ_METHODS.has(callee.fields.attribute?.text ?? '') && isEnvMapping(callee.fields.object)) {
        // `os.environ.setdefault('X', 'd')` as a statement of its own sets a default: a write.
        if (callee.fields.attribute?.text === 'setdefault' && node.parent?.type === 'expression_statement') return;
        reportRead(node, key);
        return;
      }
      // `os.getenv('X')`, `getenv('X')` after `from os import getenv`
      if (callee.type !== 'identifier' && callee.type !== 'attribute') return;
      // `env_bool("DEBUG")`: a call of the project's environment accessor reads DEBUG here.
      const calleeName = callee.type === 'identifier' ? callee.text : callee.fields.attribute?.text;
      if (namesEnvironment(calleeName)) {
        const definition = index.definitionOf(module, callee);
        const position = definition ? envAccessorParameter(definition.module, definition.node) : undefined;
        if (position !== undefined) {
          const argument = positionalArguments(node)[position];
          // `env_bool(name="X")` by keyword: not followed.
          if (argument) reportRead(node, argument);
          return;
        }
      }
      const name = scopes.qualifiedName(callee);
      if (name && ENV_FUNCTIONS.has(name)) reportRead(node, key);
    },
  };
}

/** `os.environ['X'] = v`, `os.environ['X'] += v`, `del os.environ['X']`, `a, os.environ['X'] = ...`. */
function isWriteTarget(node: PyNode): boolean {
  let current = node;
  while (current.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list'].includes(current.parent.type)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && current.field === 'left') return true;
  if (parent.type === 'delete_statement') return true;
  if (parent.type === 'for_statement' && current.field === 'left') return true;
  return false;
}

/** How the message names the function: "function `handle`", "method `Settings.database_url`", "a lambda". */
function describe(fn: PyNode): string {
  if (fn.type === 'lambda') return 'a lambda';
  const name = fn.fields.name?.text ?? 'function';
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  const owner = block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent.fields.name?.text : undefined;
  if (!owner) return `function \`${name}\``;
  const isProperty =
    holder.type === 'decorated_definition' &&
    holder.children.some((decorator) => {
      const text = decorator.type === 'decorator' ? decorator.children[0] : undefined;
      return (text?.type === 'identifier' && /^(?:cached_)?property$/.test(text.text ?? '')) || (text?.type === 'attribute' && /^(?:cached_property|getter)$/.test(text.fields.attribute?.text ?? ''));
    });
  return `${isProperty ? 'property' : 'method'} \`${owner}.${name}\``;
}
