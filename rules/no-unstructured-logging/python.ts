import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { dotted, scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import {
  isConstantString,
  isInterpolatedFString,
  isUnderMainGuard,
  positionalArguments,
  stringValue,
} from '../../src/analysis/python/syntax.js';
import { fileRole } from '../../src/analysis/role.js';
import { roleAt } from '../../src/analysis/reach.js';
import { isFatalImportMessage } from '../../src/analysis/python/startup.js';
import { declaredLogger, gettextTemplateCount, isLoggerFactoryName, isLoggerName, isLoggingModulePath } from '../../src/analysis/loggers.js';
import { isSuppressedLine, projectIgnoresPeerCode, pythonPeerSuppressions, RUFF_INTERPOLATION_CODES, toPeerComment, type PeerConcept, type PeerSuppressions } from '../../src/analysis/peer-suppressions.js';
import type { MessageIds, Options } from './index.js';
import { hasPercentPlaceholder } from '../../src/analysis/name-shapes.js';

/** Logger methods whose first argument is the message; `log(level, msg)` takes it second. */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'trace', 'success', 'msg']);

/** Calls that return a logger: `logging.getLogger(__name__)`, `structlog.get_logger()`. */
const LOGGER_FACTORIES = new Set([
  'logging.getLogger',
  'logging.getLoggerClass',
  'structlog.get_logger',
  'structlog.getLogger',
  'structlog.wrap_logger',
  'structlog.stdlib.get_logger',
]);

/** Modules and objects that are loggers themselves. */
const LOGGER_OBJECTS = new Set(['logging', 'loguru.logger', 'structlog']);

/** Bound-logger methods that return a logger: `logger.bind(user=u)`, `log.opt(lazy=True)`, `getChild`. */
const LOGGER_DERIVERS = new Set(['bind', 'new', 'opt', 'getChild', 'patch', 'contextualize', 'with_fields']);

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ allow, allowLazyFormatArgs, checkCli, loggers = [] }] = context.options;
  const allowed = new Set(allow);
  let scopes: PythonScopes;
  // Bare output is a finding in service code; a CLI's or a script's output is its interface
  // (unless `checkCli`), and a library's output is its users' decision.
  const { role, project } = fileRole(context);
  // Ruff rules the project turns off everywhere (`ignore = ["G004"]`): a decision for the whole project.
  const ruffIgnored = (code: string | undefined): boolean => code !== undefined && project !== undefined && projectIgnoresPeerCode(project.ruffIgnores, code);
  // The project's own logging module writes to the console or stdout by design: it is the sink.
  const checkBareOutput = (role === 'service' || (checkCli && (role === 'cli' || role === 'script'))) && !isLoggingModulePath(context.filename);
  // `# noqa: T201`, `# noqa: G004`: the project already decided about this line for the peer rule.
  const peers = new Map<PeerConcept, PeerSuppressions>();
  const peerSuppressed = (concept: PeerConcept, node: PyNode): boolean => {
    let suppressions = peers.get(concept);
    if (!suppressions) {
      const { sourceCode } = context;
      suppressions = pythonPeerSuppressions(
        sourceCode.comments.map((comment) => toPeerComment(comment.value, comment.loc, sourceCode.lines[comment.loc.start.line - 1])),
        concept,
      );
      peers.set(concept, suppressions);
    }
    return isSuppressedLine(suppressions, node.loc.start.line, node.loc.end.line);
  };

  const isPrintStatement = (statement: PyNode): boolean => {
    const callee = statement.children[0]?.fields.function;
    return callee !== undefined && scopes.qualifiedName(callee) === 'print';
  };

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
    },
    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const name = scopes.qualifiedName(callee);
      // `print(...)`, `pprint(...)` / `pprint.pprint(...)` (an unshadowed builtin or the real import).
      if (name === 'print' || name === 'pprint.pprint' || name === 'pprint.pp') {
        const short = name === 'print' ? 'print' : 'pprint';
        if (!checkBareOutput || allowed.has(short) || allowed.has(name)) return;
        // Code under `if __name__ == "__main__":` is the module's command-line entry point.
        if (!checkCli && isUnderMainGuard(node)) return;
        // `print("SAML_METADATA_PATH is no longer supported"); raise SystemExit(1)` in a settings module: fatal at import.
        if (isFatalImportMessage(node, scopes, isPrintStatement)) return;
        if (peerSuppressed('bareOutput', node) || ruffIgnored(short === 'print' ? 'T201' : 'T203')) return;
        // A function of a service that only commands call prints for the person running them.
        if (!checkCli && roleAt(context, node).role !== 'service') return;
        context.report({ node: callee, messageId: 'bareOutput', data: { name: callee.type === 'identifier' ? callee.text! : sourceText(callee) } });
        return;
      }
      if (callee.type !== 'attribute') return;
      const method = callee.fields.attribute?.text ?? '';
      const receiver = callee.fields.object;
      if (!receiver) return;
      const isLevelCall = method === 'log';
      if (!LOG_METHODS.has(method) && !isLevelCall) return;
      // A project logger declared in the options, with its message position (`Logger.info(category, message)`).
      const declared = declaredLogger(loggers, scopes.qualifiedName(receiver), sourceText(receiver));
      if (!declared && !isLogger(receiver, scopes)) return;
      const args = positionalArguments(node);
      // `logger.info((f"..." f"..."))`: the formatter's parentheses around a long message.
      const rawMessage = declared?.messageArgument !== undefined ? args[declared.messageArgument] : isLevelCall ? args[1] : args[0];
      const message = rawMessage && withoutParentheses(rawMessage);
      if (!message) return;
      const how = interpolation(message, allowLazyFormatArgs ? 0 : args.length - (isLevelCall ? 2 : 1), scopes);
      if (how && !peerSuppressed('interpolatedMessage', node) && !ruffIgnored(RUFF_INTERPOLATION_CODES[how])) {
        // Lazy arguments are the message's own values, so they are offered only where they are allowed.
        const lazy = allowLazyFormatArgs && !isLevelCall && args.length === 1 && isStdlibLogger(receiver, scopes) ? lazyArgsSuggestion(message) : undefined;
        context.report({
          node: message,
          messageId: 'interpolatedMessage',
          data: { how, remedy: 'lazy "%s" arguments, extra= or structlog/loguru keywords' },
          ...(lazy
            ? {
                // The whole argument is replaced, parentheses included: `(("a %s", x))` would pass a tuple.
                suggest: [{ messageId: 'useLazyArgs', data: { args: lazy.args.join(', ') }, fix: (fixer) => fixer.replaceText(rawMessage!, [lazy.message, ...lazy.args].join(', ')) }],
              }
            : {}),
        });
      }
    },
  };

  function sourceText(node: PyNode): string {
    return context.sourceCode.getText(node);
  }

  /**
   * The stdlib lazy form of an f-string message whose holes are plain names or attributes:
   * `f"user {user_id} from {request.ip}"` → `"user %s from %s"`, `user_id, request.ip`. Literal `%`
   * becomes `%%` and `{{`/`}}` become `{`/`}`; string prefixes other than `f` (`r`, `b`) are kept.
   * Undefined for a hole with a conversion, a format spec or `=` (`{x!r}`, `{x:.2f}`, `{x=}`),
   * any other expression, or an implicitly concatenated string.
   */
  function lazyArgsSuggestion(message: PyNode): { message: string; args: string[] } | undefined {
    if (message.type !== 'string') return undefined;
    const args: string[] = [];
    let text = '';
    for (const part of message.children) {
      const raw = sourceText(part);
      if (part.type === 'string_start') text += raw.replace(/[fF]/g, '');
      else if (part.type === 'string_end') text += raw;
      else if (part.type === 'interpolation') {
        const expression = part.fields.expression;
        if (!expression || !isPlainReference(expression)) return undefined;
        // `{x}` only: anything between the braces besides the name (`!r`, `:>3`, `=`) changes the output.
        if (raw.slice(1, -1).trim() !== sourceText(expression)) return undefined;
        args.push(sourceText(expression));
        text += '%s';
      } else text += raw.replace(/%/g, '%%').replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    }
    return args.length ? { message: text, args } : undefined;
  }
}

/** `name`, `self.user.id`: a reference with no call, subscript or operator. */
function isPlainReference(node: PyNode): boolean {
  if (node.type === 'identifier') return true;
  const object = node.fields.object;
  return node.type === 'attribute' && object !== undefined && isPlainReference(object);
}

/** Factories of standard-library loggers, whose methods take lazy `%s` arguments. */
const STDLIB_LOGGER_FACTORIES = new Set(['logging.getLogger']);

/**
 * Whether an expression is a standard-library logger (the `logging` module, `logging.getLogger(...)`
 * or a `.getChild(...)` of one, through single assignments). structlog and loguru format positional
 * arguments differently (or not at all), and a logger of unknown origin may be one of them.
 */
function isStdlibLogger(node: PyNode, scopes: PythonScopes, depth = 0): boolean {
  if (depth > 10) return false;
  if (node.type === 'call') {
    const fn = node.fields.function;
    if (!fn) return false;
    if (STDLIB_LOGGER_FACTORIES.has(scopes.qualifiedName(fn) ?? '')) return true;
    return fn.type === 'attribute' && fn.fields.attribute?.text === 'getChild' && fn.fields.object !== undefined && isStdlibLogger(fn.fields.object, scopes, depth + 1);
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    if (scopes.qualifiedName(node) === 'logging') return true;
    if (node.type !== 'identifier') return false;
    const binding = scopes.resolve(node);
    return binding?.kind === 'assignment' && binding.value !== undefined && scopes.isSingleBinding(binding) && isStdlibLogger(binding.value, scopes, depth + 1);
  }
  return false;
}

/** How a message expression interpolates data, or undefined when it is a constant message. */
function interpolation(message: PyNode, lazyArgCount: number, scopes: PythonScopes): string | undefined {
  if (isInterpolatedFString(message)) return 'an f-string';
  if (message.type === 'binary_operator') {
    const op = message.fields.operator?.text;
    const left = message.fields.left;
    if (op === '%' && left && isTemplate(withoutParentheses(left), scopes)) return '%-formatting';
    if (op === '+' && hasStringOperand(message) && !isAllLiteral(message)) return 'string concatenation';
  }
  if (message.type === 'call') {
    const fn = message.fields.function;
    const object = fn?.type === 'attribute' ? fn.fields.object : undefined;
    if (fn?.type === 'attribute' && fn.fields.attribute?.text === 'format' && object && isTemplate(withoutParentheses(object), scopes)) {
      return 'str.format()';
    }
    // `_(f"user {uid}")`: the text handed to the translation is already interpolated.
    const templates = gettextTemplates(message, scopes);
    const inner = templates?.find((template) => !isConstantString(template));
    if (inner) return interpolation(withoutParentheses(inner), 0, scopes);
  }
  // With allowLazyFormatArgs off, `logger.info("user %s", uid)` is reported too.
  if (lazyArgCount > 0 && isConstantString(message) && hasPercentPlaceholder(stringValue(message) ?? '')) {
    return 'lazy %-arguments';
  }
  return undefined;
}

/** A constant message template: a string literal, or a translation of constant strings (`_("user {}")`, `self._(...)`). */
function isTemplate(node: PyNode, scopes: PythonScopes): boolean {
  if (isConstantString(node)) return true;
  const templates = gettextTemplates(node, scopes);
  return templates !== undefined && templates.every(isConstantString);
}

/**
 * The template arguments of a gettext-style call (`_("..")`, `self._("..")`, `gettext("..")`,
 * `ngettext("one", "many", n)`, an import aliased to `_`), or undefined when the call is not one.
 * The function is known by the name it is called under or imported as.
 */
function gettextTemplates(call: PyNode, scopes: PythonScopes): PyNode[] | undefined {
  if (call.type !== 'call') return undefined;
  const fn = call.fields.function;
  if (!fn) return undefined;
  let name: string | undefined;
  if (fn.type === 'attribute') name = fn.fields.attribute?.text;
  else if (fn.type === 'identifier') {
    const binding = scopes.resolve(fn);
    // A local function or class named `_` is not gettext; an import is known by what it imports.
    if (binding?.kind === 'function' || binding?.kind === 'class') return undefined;
    const qualified = binding?.kind === 'import' ? binding.qualified : undefined;
    name = gettextTemplateCount(fn.text ?? '') ? fn.text : qualified?.slice(qualified.lastIndexOf('.') + 1);
  }
  const count = name ? gettextTemplateCount(name) : 0;
  const args = positionalArguments(call);
  if (!count || args.length < count) return undefined;
  return args.slice(0, count).map(withoutParentheses);
}

/** `(("a " + b))` → `"a " + b`. */
function withoutParentheses(node: PyNode): PyNode {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.children.length === 1) current = current.children[0];
  return current;
}

/** The operands of a `+` chain, left to right, walked iteratively (a generated chain can be 10,000 deep). */
function plusOperands(node: PyNode): PyNode[] {
  const operands: PyNode[] = [];
  const stack: PyNode[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.type === 'binary_operator' && current.fields.operator?.text === '+') {
      const { left, right } = current.fields;
      if (right) stack.push(right);
      if (left) stack.push(left);
    } else {
      operands.push(current);
    }
  }
  return operands;
}

/** Whether a `+` chain has a string literal operand (so it is string concatenation). */
function hasStringOperand(node: PyNode): boolean {
  return plusOperands(node).some((operand) => operand.type === 'string' || operand.type === 'concatenated_string');
}

/** Whether a `+` chain is made only of constant strings (`"a" + "b"` is a constant). */
function isAllLiteral(node: PyNode): boolean {
  return plusOperands(node).every(isConstantString);
}

/** Whether an expression is a logger: resolved through imports, assignments and naming. */
function isLogger(node: PyNode, scopes: PythonScopes, depth = 0): boolean {
  if (depth > 10) return false;
  if (node.type === 'call') {
    const fn = node.fields.function;
    if (!fn) return false;
    const name = scopes.qualifiedName(fn);
    if (name && LOGGER_FACTORIES.has(name)) return true;
    // `logger.bind(request_id=rid).info(...)`
    if (fn.type === 'attribute' && LOGGER_DERIVERS.has(fn.fields.attribute?.text ?? '') && fn.fields.object) {
      return isLogger(fn.fields.object, scopes, depth + 1);
    }
    // `AuditLog()` where the file defines `class AuditLog` with logger methods, or a `logging.Logger` subclass.
    if (fn.type === 'identifier' && isLoggerClass(fn, scopes)) return true;
    // `get_run_logger(ctx).debug(...)`, `self.get_logger().info(...)`.
    const fnName = fn.type === 'identifier' ? fn.text : fn.type === 'attribute' ? fn.fields.attribute?.text : undefined;
    return fnName !== undefined && isLoggerFactoryName(fnName);
  }
  if (node.type === 'attribute') {
    const qualified = scopes.qualifiedName(node);
    if (qualified && LOGGER_OBJECTS.has(qualified)) return true;
    // `self.logger`, `self._log`, `app.logger`, `current_app.logger`, `self.pyload.log`
    if (isLoggerName(node.fields.attribute?.text ?? '')) return true;
    // `self.audit` where the class sets `self.audit = logging.getLogger(...)` or `audit = structlog.get_logger()`.
    const value = selfAttributeValue(node);
    return value !== undefined && isLogger(value, scopes, depth + 1);
  }
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    // An unbound global (a star import, a name the module forgot to define) is known by its name only.
    if (!binding) return !scopes.isBuiltin(node.text ?? '', node) && isLoggerName(node.text ?? '');
    if (binding.kind === 'import') {
      const qualified = binding.qualified ?? '';
      if (LOGGER_OBJECTS.has(qualified)) return true;
      // `from app.logs import logger` / `from structlog import get_logger` then `log = get_logger()`.
      return isLoggerName(qualified.slice(qualified.lastIndexOf('.') + 1));
    }
    if (binding.kind === 'assignment' && binding.value && scopes.isSingleBinding(binding)) {
      if (isLogger(binding.value, scopes, depth + 1)) return true;
    }
    if (binding.kind === 'function' || binding.kind === 'class') return false;
    // A parameter or variable named like a logger (`def handle(event, logger):`).
    return isLoggerName(node.text ?? '');
  }
  return false;
}



/**
 * The value the enclosing class gives `self.<name>`: a class-level assignment (`audit = get_logger()`)
 * or the first `self.<name> = value` in one of its methods. Undefined when `node` is not `self.<name>`
 * or the class sets it nowhere in this file.
 */
function selfAttributeValue(node: PyNode): PyNode | undefined {
  const object = node.fields.object;
  const name = node.fields.attribute?.text;
  if (object?.type !== 'identifier' || object.text !== 'self' || !name) return undefined;
  let owner = node.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  const body = owner?.fields.body;
  if (!body) return undefined;
  for (const statement of body.children) {
    const assignment = statement.type === 'expression_statement' ? statement.children[0] : undefined;
    if (assignment?.type === 'assignment' && assignment.fields.left?.type === 'identifier' && assignment.fields.left.text === name) return assignment.fields.right;
  }
  // Methods of this class only: a nested class's `self` is another object.
  const stack: PyNode[] = [...body.children];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.type === 'class_definition') continue;
    if (current.type === 'assignment') {
      const left = current.fields.left;
      if (left?.type === 'attribute' && left.fields.object?.text === 'self' && left.fields.attribute?.text === name) return current.fields.right;
    }
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
  return undefined;
}

/** Standard-library classes whose instances (and subclasses' instances) are loggers. */
const LOGGER_CLASSES = new Set(['logging.Logger', 'logging.LoggerAdapter', 'logging.RootLogger']);

/** The level methods a class must define (at least two) to be a logger written by the project. */
const CLASS_LEVEL_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical']);

/** Whether a called name is a logger class: the standard library's, a subclass of it, or a class of this file with level methods. */
function isLoggerClass(callee: PyNode, scopes: PythonScopes): boolean {
  if (LOGGER_CLASSES.has(scopes.qualifiedName(callee) ?? '')) return true;
  const binding = scopes.resolve(callee);
  const definition = binding?.kind === 'class' ? binding.node.parent : undefined;
  if (definition?.type !== 'class_definition') return false;
  for (const base of definition.fields.superclasses?.children ?? []) {
    if (LOGGER_CLASSES.has(scopes.qualifiedName(base) ?? '')) return true;
  }
  let levels = 0;
  for (const statement of definition.fields.body?.children ?? []) {
    const method = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
    if (method?.type === 'function_definition' && CLASS_LEVEL_METHODS.has(method.fields.name?.text ?? '')) levels++;
  }
  return levels >= 2;
}
