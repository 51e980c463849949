import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { fileRole } from '../../src/analysis/role.js';
import { roleAt } from '../../src/analysis/reach.js';
import { declaredLogger, isLoggerFactoryName, isLoggerName, isLoggingModulePath } from '../../src/analysis/loggers.js';
import { eslintPeerSuppressions, isSuppressedLine, toPeerComment } from '../../src/analysis/peer-suppressions.js';
import { projectIndex, type Definition, type TsModule } from '../../src/analysis/project/index.js';
import type { MessageIds, Options } from './index.js';

type Scope = TSESLint.Scope.Scope;

/** Logger methods across pino, winston, bunyan, NestJS, log4js, consola, and project loggers' `exception`. */
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'exception', 'fatal', 'verbose', 'silly', 'http', 'notice', 'critical', 'log']);

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
  const [{ allow, checkCli, loggers = [] }] = context.options;
  const allowed = new Set(allow);
  const { sourceCode } = context;
  // Bare output is a finding in service code; a CLI's or a script's output is its interface
  // (unless `checkCli`), and a library's output is its users' decision.
  const { role } = fileRole(context);
  // The project's own logging module writes to the console or stdout by design: it is the sink.
  const checkBareOutput = (role === 'service' || (checkCli && (role === 'cli' || role === 'script'))) && !isLoggingModulePath(context.filename);
  // `// eslint-disable-next-line no-console`: the project already decided this output is meant.
  let consoleDisables: ReturnType<typeof eslintPeerSuppressions> | undefined;
  const peerDisabled = (node: TSESTree.Node): boolean => {
    consoleDisables ??= eslintPeerSuppressions(
      sourceCode.getAllComments().map((comment) => toPeerComment(comment.value, comment.loc, sourceCode.lines[comment.loc.start.line - 1])),
      'bareOutput',
    );
    return isSuppressedLine(consoleDisables, node.loc.start.line);
  };

  function scopeOf(node: TSESTree.Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  /**
   * The message of a call on a project logger whose method says where the message goes:
   * `log.info('monitor', `...`)` where the project defines `info(module: string, ...msg: unknown[])`
   * on the class `log` is an instance of (in this file or, through the project index, another one).
   * Asked only for a call with two arguments or more on a named receiver.
   */
  function signatureMessage(call: TSESTree.CallExpression, method: string): TSESTree.Node | undefined {
    const receiver = unwrap((call.callee as TSESTree.MemberExpression).object);
    if (call.arguments.length < 2 || receiver.type !== 'Identifier') return undefined;
    const instance = definitionOfName(receiver);
    const created = instance?.node as TSESTree.Node | undefined;
    if (!instance || instance.module.language !== 'ts' || created?.type !== 'NewExpression' || created.callee.type !== 'Identifier') return undefined;
    const cls = definitionOfName(created.callee, instance.module)?.node as TSESTree.Node | undefined;
    if (cls?.type !== 'ClassDeclaration') return undefined;
    const position = messageParameter(cls, method);
    return position !== undefined && position > 0 ? call.arguments[position] : undefined;
  }

  /** Whether `new X()` makes a project logger: `X` is a class of the project (here or imported) with level methods. */
  function isProjectLoggerClass(callee: TSESTree.Identifier): boolean {
    const cls = definitionOfName(callee)?.node as TSESTree.Node | undefined;
    return (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') && hasLevelMethods(cls);
  }

  /**
   * What a name stands for, through the project index: a local definition, an import, or a
   * destructured `const { log } = require('./util')` (which the index lists as an import).
   */
  function definitionOfName(name: TSESTree.Identifier, within?: TsModule): Definition | undefined {
    const { index, module: linted } = projectIndex(context);
    const module = within ?? linted;
    if (module.language !== 'ts') return undefined;
    const variable = findVariable(module.getScope(name) as Scope, name.name);
    const imported = variable && variable.defs[0]?.type === 'Variable' ? module.imports.find((candidate) => candidate.variable === variable && candidate.imported !== '*') : undefined;
    if (imported) {
      const file = index.resolve(module, imported.source);
      const target = file ? index.moduleAt(file) : undefined;
      return target ? index.definition(target, imported.imported) : undefined;
    }
    return index.definitionOf(module, name);
  }

  return {
    CallExpression(node) {
      const callee = unwrap(node.callee);
      const scope = scopeOf(node);
      const name = qualifiedName(callee, scope);
      // `console.log(...)`, `const { log } = console; log(...)`, `import console from 'node:console'`.
      if (name?.startsWith('console.') && name.split('.').length === 2) {
        const method = name.slice('console.'.length);
        if (!checkBareOutput || allowed.has(method) || allowed.has(name) || peerDisabled(node)) return;
        // A function of a service that only commands call prints for the person running them.
        if (!checkCli && roleAt(context, node).role !== 'service') return;
        context.report({ node: callee, messageId: 'bareOutput', data: { name: sourceCode.getText(callee) } });
        return;
      }
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (!method || !LOG_METHODS.has(method)) return;
      // A project logger declared in the options, with its message position (`Logger.info(category, message)`).
      const declared = declaredLogger(loggers, qualifiedName(callee.object, scope), sourceCode.getText(callee.object));
      if (!declared && !isLogger(callee.object, scope, isProjectLoggerClass)) return;
      const kind = declared ? undefined : loggerKind(callee.object, scope);
      const message =
        declared?.messageArgument !== undefined ? node.arguments[declared.messageArgument] : (signatureMessage(node, method) ?? messageArgument(node, method, kind));
      if (!message) return;
      const how = interpolation(message, scope);
      if (how) {
        const order = node.arguments.length === 1 && kind ? ORDER_OF_KIND[kind] : undefined;
        const fields = order ? fieldsSuggestion(message, sourceCode, order === 'fieldsFirst' ? RESERVED_FIELDS : MESSAGE_FIRST_RESERVED_FIELDS) : undefined;
        context.report({
          node: message,
          messageId: 'interpolatedMessage',
          data: { how, remedy: "logger.info({ userId }, 'user created')" },
          ...(fields
            ? {
                suggest: [
                  order === 'fieldsFirst'
                    ? {
                        messageId: 'useFields',
                        data: { fields: fields.object },
                        fix: (fixer) => fixer.replaceText(message, `${fields.object}, ${fields.message}`),
                      }
                    : {
                        messageId: 'useFieldsAfter',
                        data: { fields: fields.object },
                        fix: (fixer) => fixer.replaceText(message, `${fields.message}, ${fields.object}`),
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
 * NestJS's `Logger` is read the same way: `Logger.log(message, context)` has the message first, and
 * `Logger.error(error, 'message', context)` is how apps logging through nestjs-pino pass fields.
 */
function messageArgument(call: TSESTree.CallExpression, method: string, kind: LoggerKind | undefined): TSESTree.Node | undefined {
  const [first, second] = call.arguments;
  if (!first) return undefined;
  // pino/bunyan `logger.error(err, 'msg')`: anything before a string is the fields or the error.
  if (kind === 'pino' && second && first.type !== 'Literal' && first.type !== 'TemplateLiteral' && isStringish(second)) return second;
  // winston/log4js take the message first (winston's `log(level, msg)` aside).
  if (kind === 'winston' && method !== 'log') return first;
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
/** `isLoggerClass` answers whether a constructor called by name is a project logger class (through the project index). */
function isLogger(node: TSESTree.Node, scope: Scope, isLoggerClass?: (callee: TSESTree.Identifier) => boolean, depth = 0): boolean {
  if (depth > 10) return false;
  const expr = unwrap(node);
  if (expr.type === 'CallExpression') {
    const callee = unwrap(expr.callee);
    const name = qualifiedName(callee, scope);
    if (name && LOGGER_FACTORIES.has(name)) return true;
    if (callee.type === 'MemberExpression' && LOGGER_DERIVERS.has(propertyName(callee) ?? '')) {
      return isLogger(callee.object, scope, isLoggerClass, depth + 1);
    }
    // `this.getLogger().warn(...)`, `getLogger('orders').info(...)`, `useLogger().error(...)`.
    const calleeName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    return calleeName !== undefined && isLoggerFactoryName(calleeName);
  }
  if (expr.type === 'NewExpression') {
    // NestJS `new Logger(AppService.name)`, winston `new winston.Logger()`.
    const name = qualifiedName(expr.callee, scope);
    if (name !== undefined && /(?:^|\.)Logger$/.test(name)) return true;
    // `new AuditTrail()` where the project defines `class AuditTrail` with level methods (info, warn, error, ...).
    const callee = unwrap(expr.callee);
    return callee.type === 'Identifier' && isLoggerClass !== undefined && isLoggerClass(callee);
  }
  if (expr.type === 'MemberExpression') {
    // `this.logger`, `req.log`, `fastify.log`, `ctx.logger`, `this.logger_`, `this.#logger`
    const property = propertyName(expr) ?? '';
    if (isLoggerName(property)) return true;
    // `this.audit` where the class sets `audit = pino()` / `this.audit = new Logger(X.name)` / `constructor(private audit: Logger)`.
    return unwrap(expr.object).type === 'ThisExpression' && classMemberIsLogger(expr, property, scope, depth, isLoggerClass);
  }
  if (expr.type === 'Identifier') {
    if (expr.name === 'console') return false;
    const variable = findVariable(scope, expr.name);
    if (!variable || variable.defs.length === 0) return isLoggerName(expr.name);
    const def = variable.defs[0];
    if (def.type === 'ImportBinding') {
      // `import { logger as log } from './logger'`, `import pino from 'pino'` (a factory, not a logger).
      const spec = def.node;
      if (spec.type === 'ImportSpecifier') {
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
        return isLoggerName(imported);
      }
      return isLoggerName(expr.name) && !isFactoryModule(def.parent);
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (declarator.init && declarator.id.type === 'Identifier' && isLogger(declarator.init, variable.scope as Scope, isLoggerClass, depth + 1)) return true;
    }
    if (def.type === 'FunctionName' || def.type === 'ClassName') return false;
    return isLoggerName(expr.name);
  }
  return false;
}

/** Type names of logger classes, for constructor parameter properties (`constructor(private readonly audit: Logger)`). */
const LOGGER_TYPES = new Set(['Logger', 'PinoLogger', 'BaseLogger', 'LoggerService', 'ConsolaInstance', 'Bunyan']);

/**
 * Whether the class around `member` (a `this.<property>` access) gives that property a logger: a
 * field initialised with one, an assignment in the constructor, or a constructor parameter property
 * typed as a logger class.
 */
function classMemberIsLogger(member: TSESTree.MemberExpression, property: string, scope: Scope, depth: number, isLoggerClass?: (callee: TSESTree.Identifier) => boolean): boolean {
  // A field declared without a value may still get its logger in the constructor.
  const origin = classMemberOrigin(member, property, true);
  if (!origin) return false;
  if (origin.type === 'value') return isLogger(origin.node, scope, isLoggerClass, depth + 1);
  const typeName = origin.node.type === 'Identifier' ? origin.node.name : origin.node.type === 'TSQualifiedName' ? origin.node.right.name : '';
  return LOGGER_TYPES.has(typeName) || isLoggerName(typeName);
}

/** The name of a class member key: `audit`, `#audit`, `'audit'`. */
function memberKeyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `import pino from 'pino'`: the default export is the factory, not a logger. */
function isFactoryModule(declaration: TSESTree.Node | null): boolean {
  return declaration?.type === 'ImportDeclaration' && ['pino', 'winston', 'bunyan', 'log4js'].includes(String(declaration.source.value));
}

/** Logger factories whose loggers take `(fields, message)`: pino and bunyan. */
const FIELDS_FIRST_FACTORIES = new Set(['pino', 'pino.default', 'pino.pino', 'bunyan.createLogger', 'bunyan.default.createLogger']);

/**
 * Logger factories whose loggers take `(message, fields)`: winston merges a trailing object into the
 * log entry (`logger.info('user created', { userId })`), and log4js passes it on to the layout as
 * data after the message.
 */
const MESSAGE_FIRST_FACTORIES = new Set(['winston.createLogger', 'winston.default.createLogger', 'log4js.getLogger', 'log4js.default.getLogger']);

type ArgumentOrder = 'fieldsFirst' | 'messageFirst';

/** The logger families whose argument order is known: pino/bunyan, winston/log4js, NestJS. */
type LoggerKind = 'pino' | 'winston' | 'nest';

/**
 * The order each family takes fields and message in. NestJS's `Logger.log(message, ...optionalParams)`
 * prints a trailing object after the message (and a trailing string is its context), so fields go after.
 */
const ORDER_OF_KIND: Record<LoggerKind, ArgumentOrder> = { pino: 'fieldsFirst', winston: 'messageFirst', nest: 'messageFirst' };

/** NestJS's logger class, as an import of `@nestjs/common`. */
const NEST_LOGGER = '@nestjs/common.Logger';

/** Keys pino and bunyan set themselves; a field of that name would clash with them. */
const RESERVED_FIELDS = new Set(['msg', 'level', 'time', 'pid', 'hostname', 'name', 'v']);

/** Keys winston sets itself on the log entry (a `message` field is appended to the message). */
const MESSAGE_FIRST_RESERVED_FIELDS = new Set(['level', 'message']);

/**
 * The family of a logger, when the file shows where it comes from: `pino()` / `bunyan.createLogger()`
 * (or a `.child()` of one) and the `log` of a request or server object (`req.log`, `request.log`,
 * `fastify.log`: Fastify and pino-http) are pino; `winston.createLogger()` and `log4js.getLogger()`
 * (or a `.child()` of a winston logger) are winston; NestJS's `Logger` (imported, `new Logger(...)`,
 * or a class member created or typed so) is nest. A logger of unknown origin may be any of them:
 * undefined.
 */
function loggerKind(node: TSESTree.Node, scope: Scope, depth = 0): LoggerKind | undefined {
  if (depth > 10) return undefined;
  const expr = unwrap(node);
  if (expr.type === 'CallExpression') {
    const callee = unwrap(expr.callee);
    const name = qualifiedName(callee, scope);
    if (name && FIELDS_FIRST_FACTORIES.has(name)) return 'pino';
    if (name && MESSAGE_FIRST_FACTORIES.has(name)) return 'winston';
    return callee.type === 'MemberExpression' && propertyName(callee) === 'child' ? loggerKind(callee.object, scope, depth + 1) : undefined;
  }
  if (expr.type === 'NewExpression') return qualifiedName(expr.callee, scope) === NEST_LOGGER ? 'nest' : undefined;
  if (expr.type === 'MemberExpression') {
    if (!expr.computed && propertyName(expr) === 'log' && unwrap(expr.object).type === 'Identifier') return 'pino';
    if (unwrap(expr.object).type !== 'ThisExpression') return undefined;
    const member = classMemberOrigin(expr, propertyName(expr) ?? '');
    if (member?.type === 'value') return loggerKind(member.node, scope, depth + 1);
    return member?.type === 'typed' && qualifiedName(member.node, scope) === NEST_LOGGER ? 'nest' : undefined;
  }
  if (expr.type === 'Identifier') {
    // `import { Logger } from '@nestjs/common'; Logger.log(...)`: the static logger.
    if (qualifiedName(expr, scope) === NEST_LOGGER) return 'nest';
    const variable = findVariable(scope, expr.name);
    const def = variable?.defs[0];
    if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
    if (declarator.parent?.type === 'VariableDeclaration' && declarator.parent.kind !== 'const') return undefined;
    return loggerKind(declarator.init, variable.scope as Scope, depth + 1);
  }
  return undefined;
}

/**
 * What the class around `this.<property>` gives that property: a field initialiser or a constructor
 * assignment (`value`), or the type name of a constructor parameter property (`typed`).
 */
function classMemberOrigin(member: TSESTree.MemberExpression, property: string, skipFieldsWithoutValue = false): { type: 'value' | 'typed'; node: TSESTree.Node } | undefined {
  let owner: TSESTree.Node | undefined = member.parent;
  while (owner && owner.type !== 'ClassBody') owner = owner.parent;
  if (!owner) return undefined;
  for (const element of owner.body) {
    if (element.type === 'PropertyDefinition' && (element.value || !skipFieldsWithoutValue) && memberKeyName(element.key, element.computed) === property) {
      if (element.value) return { type: 'value', node: element.value };
      const annotation = element.typeAnnotation?.typeAnnotation;
      return annotation?.type === 'TSTypeReference' ? { type: 'typed', node: annotation.typeName as TSESTree.Node } : undefined;
    }
    if (element.type !== 'MethodDefinition' || element.kind !== 'constructor') continue;
    for (const param of element.value.params) {
      if (param.type !== 'TSParameterProperty') continue;
      const binding = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
      if (binding.type !== 'Identifier' || binding.name !== property) continue;
      const annotation = binding.typeAnnotation?.typeAnnotation;
      return annotation?.type === 'TSTypeReference' ? { type: 'typed', node: annotation.typeName as TSESTree.Node } : undefined;
    }
    for (const statement of element.value.body?.body ?? []) {
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const { left, right } = statement.expression;
      if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && propertyName(left) === property) return { type: 'value', node: right };
    }
  }
  return undefined;
}

/** The level methods a class must define (at least two) to be a logger written by the project. */
const CLASS_LEVEL_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal']);

/** Whether a class defines at least two level methods: the project's own logger. */
function hasLevelMethods(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  let levels = 0;
  for (const element of cls.body.body) {
    if (element.type === 'MethodDefinition' && element.kind === 'method' && CLASS_LEVEL_METHODS.has(memberKeyName(element.key, element.computed) ?? '')) levels++;
  }
  return levels >= 2;
}

/** Parameter names that say "this is the message" in a project logger's method. */
const MESSAGE_PARAMETERS = new Set(['msg', 'msgs', 'message', 'messages', 'text', 'fmt', 'format', 'template']);

/**
 * The 0-based position of the message parameter of a class's method named `method`, read from its
 * parameter names (`info(module: string, ...msg: unknown[])` → 1), or undefined.
 */
function messageParameter(cls: TSESTree.ClassDeclaration, method: string): number | undefined {
  for (const element of cls.body.body) {
    if (element.type !== 'MethodDefinition' || element.kind !== 'method' || memberKeyName(element.key, element.computed) !== method) continue;
    const position = element.value.params.findIndex((param) => {
      const binding = param.type === 'RestElement' ? param.argument : param.type === 'AssignmentPattern' ? param.left : param;
      return binding.type === 'Identifier' && MESSAGE_PARAMETERS.has(binding.name);
    });
    return position < 0 ? undefined : position;
  }
  return undefined;
}

/**
 * The `(fields, message)` replacement for a template literal message whose holes are all plain
 * names or property reads: `` `user ${userId} from ${req.ip}` `` becomes
 * `{ userId, ip: req.ip }` and `'user {userId} from {ip}'` (the braces are text naming the fields).
 * Undefined when a hole is anything else (a call, an operator, `a?.b`, `a[i]`), when two different
 * holes would get the same field name, or when a name clashes with a key the logger sets itself.
 */
function fieldsSuggestion(message: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, reserved: ReadonlySet<string>): { object: string; message: string } | undefined {
  if (message.type !== 'TemplateLiteral') return undefined;
  const fields = new Map<string, string>();
  const names: string[] = [];
  for (const expression of message.expressions) {
    const key = fieldName(expression);
    if (!key || reserved.has(key)) return undefined;
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
