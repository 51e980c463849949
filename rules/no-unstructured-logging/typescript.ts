import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import type { MessageIds, Options } from './index.js';
import { isTypeScriptLoggerName } from '../../src/analysis/name-shapes.js';

type Scope = TSESLint.Scope.Scope;

/** Packages whose import makes a file a command-line program. */
const CLI_PACKAGES = new Set(['commander', 'yargs', 'yargs/yargs', '@oclif/core', 'cac', 'meow', 'clipanion', 'citty', 'sade']);

/** Logger methods across pino, winston, bunyan, NestJS, log4js, consola. */
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'verbose', 'silly', 'http', 'notice', 'critical', 'log']);

/** Names that say a value is a logger: `log`, `logger`, `this.logger`, `req.log`, `auditLogger`. */
const LOGGER_NAME = { test: isTypeScriptLoggerName }; // a linear scanner: names can be megabytes long

/** Calls that return a logger: `pino()`, `winston.createLogger()`, `bunyan.createLogger()`. */
const LOGGER_FACTORIES = new Set([
  'pino',
  'pino.default',
  'pino.pino',
  'winston.createLogger',
  'winston.default.createLogger',
  'bunyan.createLogger',
  'bunyan.default.createLogger',
  'log4js.getLogger',
  'log4js.default.getLogger',
]);

/** Methods that derive a logger from a logger: `logger.child({ reqId })`. */
const LOGGER_DERIVERS = new Set(['child', 'bind', 'withTag', 'scope']);

/** `util.format('user %s', id)`. */
const FORMAT_CALLS = new Set(['util.format', 'node:util.format', 'format']);

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ allow, checkCli }] = context.options;
  const allowed = new Set(allow);
  const { sourceCode } = context;
  // A shebang or a CLI framework import anywhere in the file makes it a CLI; decided at the end.
  let cliModule = sourceCode.text.startsWith('#!');
  const bareOutput: { node: TSESTree.Node; name: string }[] = [];

  function scopeOf(node: TSESTree.Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  return {
    ImportDeclaration(node) {
      if (CLI_PACKAGES.has(node.source.value)) cliModule = true;
    },
    'Program:exit'() {
      if (cliModule && !checkCli) return;
      for (const { node, name } of bareOutput) context.report({ node, messageId: 'bareOutput', data: { name } });
    },
    CallExpression(node) {
      const callee = unwrap(node.callee);
      const scope = scopeOf(node);
      // `require('commander')`
      if (callee.type === 'Identifier' && callee.name === 'require' && !findVariable(scope, 'require')?.defs.length) {
        const [arg] = node.arguments;
        if (arg?.type === 'Literal' && typeof arg.value === 'string' && CLI_PACKAGES.has(arg.value)) cliModule = true;
        return;
      }
      const name = qualifiedName(callee, scope);
      // `console.log(...)`, `const { log } = console; log(...)`, `import console from 'node:console'`.
      if (name?.startsWith('console.') && name.split('.').length === 2) {
        const method = name.slice('console.'.length);
        if (allowed.has(method) || allowed.has(name)) return;
        bareOutput.push({ node: callee, name: sourceCode.getText(callee) });
        return;
      }
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (!method || !LOG_METHODS.has(method)) return;
      if (!isLogger(callee.object, scope)) return;
      const message = messageArgument(node, method);
      if (!message) return;
      const how = interpolation(message, scope);
      if (how) {
        const fields = node.arguments.length === 1 && isPinoStyleLogger(callee.object, scope) ? fieldsSuggestion(message, sourceCode) : undefined;
        context.report({
          node: message,
          messageId: 'interpolatedMessage',
          data: { how, remedy: "logger.info({ userId }, 'user created')" },
          ...(fields
            ? {
                suggest: [
                  {
                    messageId: 'useFields',
                    data: { fields: fields.object },
                    fix: (fixer) => fixer.replaceText(message, `${fields.object}, ${fields.message}`),
                  },
                ],
              }
            : {}),
        });
      }
    },
  };
}

/**
 * The message argument of a logger call: the first argument, or the second when the first is a
 * fields object (pino/bunyan `logger.info({ id }, 'msg')`) or a level (winston `logger.log('info', msg)`).
 */
function messageArgument(call: TSESTree.CallExpression, method: string): TSESTree.Node | undefined {
  const [first, second] = call.arguments;
  if (!first) return undefined;
  if (first.type === 'ObjectExpression' || (first.type === 'Identifier' && second && isStringish(second))) return second;
  if (method === 'log' && first.type === 'Literal' && typeof first.value === 'string' && second) return second;
  return first;
}

/** Whether an expression is visibly a string (literal, template, concatenation). */
function isStringish(node: TSESTree.Node): boolean {
  return plusOperands(node).some((operand) => (operand.type === 'Literal' && typeof operand.value === 'string') || operand.type === 'TemplateLiteral');
}

/** The operands of a `+` chain, left to right, walked iteratively (a generated chain can be 10,000 deep). */
function plusOperands(node: TSESTree.Node): TSESTree.Node[] {
  const operands: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.type === 'BinaryExpression' && current.operator === '+') {
      stack.push(current.right, current.left);
    } else {
      operands.push(current);
    }
  }
  return operands;
}

/** How a message expression interpolates data, or undefined for a constant message. */
function interpolation(message: TSESTree.Node, scope: Scope): string | undefined {
  if (message.type === 'TemplateLiteral' && message.expressions.length > 0) return 'a template literal';
  if (message.type === 'BinaryExpression' && message.operator === '+' && isStringish(message) && !isConstant(message)) {
    return 'string concatenation';
  }
  if (message.type === 'CallExpression') {
    const name = qualifiedName(message.callee, scope);
    if (name && FORMAT_CALLS.has(name) && message.arguments.length > 1) return 'util.format()';
    if (message.callee.type === 'MemberExpression' && propertyName(message.callee) === 'concat' && isStringish(message.callee.object)) {
      return 'String.concat()';
    }
  }
  return undefined;
}

/** Whether an expression is a compile-time constant string (`'a' + 'b'`, a template with no holes). */
function isConstant(node: TSESTree.Node): boolean {
  return plusOperands(node).every((operand) => operand.type === 'Literal' || (operand.type === 'TemplateLiteral' && operand.expressions.length === 0));
}

/** Whether an expression is a logger, resolved through imports, aliases, factories and naming. */
function isLogger(node: TSESTree.Node, scope: Scope, depth = 0): boolean {
  if (depth > 10) return false;
  const expr = unwrap(node);
  if (expr.type === 'CallExpression') {
    const callee = unwrap(expr.callee);
    const name = qualifiedName(callee, scope);
    if (name && LOGGER_FACTORIES.has(name)) return true;
    if (callee.type === 'MemberExpression' && LOGGER_DERIVERS.has(propertyName(callee) ?? '')) {
      return isLogger(callee.object, scope, depth + 1);
    }
    return false;
  }
  if (expr.type === 'NewExpression') {
    // NestJS `new Logger(AppService.name)`, winston `new winston.Logger()`.
    const name = qualifiedName(expr.callee, scope);
    return name !== undefined && /(?:^|\.)Logger$/.test(name);
  }
  if (expr.type === 'MemberExpression') {
    // `this.logger`, `req.log`, `fastify.log`, `ctx.logger`
    return LOGGER_NAME.test(propertyName(expr) ?? '');
  }
  if (expr.type === 'Identifier') {
    if (expr.name === 'console') return false;
    const variable = findVariable(scope, expr.name);
    if (!variable || variable.defs.length === 0) return LOGGER_NAME.test(expr.name);
    const def = variable.defs[0];
    if (def.type === 'ImportBinding') {
      // `import { logger as log } from './logger'`, `import pino from 'pino'` (a factory, not a logger).
      const spec = def.node;
      if (spec.type === 'ImportSpecifier') {
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
        return LOGGER_NAME.test(imported);
      }
      return LOGGER_NAME.test(expr.name) && !isFactoryModule(def.parent);
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (declarator.init && declarator.id.type === 'Identifier' && isLogger(declarator.init, variable.scope as Scope, depth + 1)) return true;
    }
    if (def.type === 'FunctionName' || def.type === 'ClassName') return false;
    return LOGGER_NAME.test(expr.name);
  }
  return false;
}

/** `import pino from 'pino'`: the default export is the factory, not a logger. */
function isFactoryModule(declaration: TSESTree.Node | null): boolean {
  return declaration?.type === 'ImportDeclaration' && ['pino', 'winston', 'bunyan', 'log4js'].includes(String(declaration.source.value));
}

/** Logger factories whose loggers take `(fields, message)`: pino and bunyan. */
const FIELDS_FIRST_FACTORIES = new Set(['pino', 'pino.default', 'pino.pino', 'bunyan.createLogger', 'bunyan.default.createLogger']);

/** Keys pino and bunyan set themselves; a field of that name would clash with them. */
const RESERVED_FIELDS = new Set(['msg', 'level', 'time', 'pid', 'hostname', 'name', 'v']);

/**
 * Whether a logger takes `(fields, message)`, so that moving values into a leading object is safe:
 * created by `pino()` / `bunyan.createLogger()` (or a `.child()` of one) in this file, or the `log` of
 * a request or server object (`req.log`, `request.log`, `fastify.log`: Fastify and pino-http).
 * winston, log4js and NestJS loggers take the message first, and a logger of unknown origin may be
 * any of them: no suggestion there.
 */
function isPinoStyleLogger(node: TSESTree.Node, scope: Scope, depth = 0): boolean {
  if (depth > 10) return false;
  const expr = unwrap(node);
  if (expr.type === 'CallExpression') {
    const callee = unwrap(expr.callee);
    const name = qualifiedName(callee, scope);
    if (name && FIELDS_FIRST_FACTORIES.has(name)) return true;
    return callee.type === 'MemberExpression' && propertyName(callee) === 'child' && isPinoStyleLogger(callee.object, scope, depth + 1);
  }
  if (expr.type === 'MemberExpression') return !expr.computed && propertyName(expr) === 'log' && unwrap(expr.object).type === 'Identifier';
  if (expr.type === 'Identifier') {
    const variable = findVariable(scope, expr.name);
    const def = variable?.defs[0];
    if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable') return false;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'Identifier' || !declarator.init) return false;
    if (declarator.parent?.type === 'VariableDeclaration' && declarator.parent.kind !== 'const') return false;
    return isPinoStyleLogger(declarator.init, variable.scope as Scope, depth + 1);
  }
  return false;
}

/**
 * The `(fields, message)` replacement for a template literal message whose holes are all plain
 * names or property reads: `` `user ${userId} from ${req.ip}` `` becomes
 * `{ userId, ip: req.ip }` and `'user {userId} from {ip}'` (the braces are text naming the fields).
 * Undefined when a hole is anything else (a call, an operator, `a?.b`, `a[i]`), when two different
 * holes would get the same field name, or when a name clashes with a key the logger sets itself.
 */
function fieldsSuggestion(message: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { object: string; message: string } | undefined {
  if (message.type !== 'TemplateLiteral') return undefined;
  const fields = new Map<string, string>();
  const names: string[] = [];
  for (const expression of message.expressions) {
    const key = fieldName(expression);
    if (!key || RESERVED_FIELDS.has(key)) return undefined;
    const value = sourceCode.getText(expression);
    if (fields.has(key) && fields.get(key) !== value) return undefined;
    fields.set(key, value);
    names.push(key);
  }
  let text = '';
  for (const [index, quasi] of message.quasis.entries()) {
    if (quasi.value.cooked == null) return undefined;
    text += quasi.value.cooked;
    if (index < names.length) text += `{${names[index]}}`;
  }
  const object = `{ ${[...fields].map(([key, value]) => (key === value ? key : `${key}: ${value}`)).join(', ')} }`;
  return { object, message: singleQuoted(text) };
}

/** The field name for a plain name or property read (`userId`, `req.ip` → `ip`), else undefined. */
function fieldName(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && !node.optional && node.property.type === 'Identifier' && isPlainReference(node.object)) {
    return node.property.name;
  }
  return undefined;
}

/** `a`, `this`, `a.b.c`: a reference with no call, index or optional link. */
function isPlainReference(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && !node.optional && node.property.type === 'Identifier' && isPlainReference(node.object);
}

/** A single-quoted JS string literal for a text. */
function singleQuoted(text: string): string {
  const escaped = text.replace(/[\\'\u0000-\u001f\u2028\u2029]/g, (ch) => {
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}
