import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { CONFIG_SERVICE, CONFIG_SERVICE_METHODS, isFactCall } from '../../src/analysis/ts/facts.js';
import { projectIndex, type TsModule } from '../../src/analysis/project/index.js';
import { healthPathMatcher, mentionsHealthPath, joinPath } from './paths.js';
import type { MessageIds, Options } from './index.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Router methods that register a GET handler: Express, Fastify, Koa router, Hono. */
const ROUTE_METHODS = new Set(['get', 'all']);

/** Receivers whose `get(url, callback)` is an HTTP client request, not a route. */
const HTTP_CLIENTS = new Set([
  'http', 'https', 'axios.default', 'axios', 'got.default', 'superagent', 'superagent.default', 'ky.default', 'request.default',
  // Mock Service Worker handlers answer for a mocked backend, not for this service.
  'msw.http', 'msw.rest',
]);

/** Methods of a handler's response/context parameter that only build the response. */
const RESPONSE_METHODS = new Set([
  'send', 'json', 'jsonp', 'status', 'sendStatus', 'end', 'text', 'html', 'body', 'setHeader', 'header', 'headers',
  'set', 'type', 'code', 'writeHead', 'write', 'contentType', 'newResponse',
]);

/** Response methods whose first argument is the status code. */
const STATUS_METHODS = new Set(['status', 'sendStatus', 'code', 'writeHead']);

/** Hono's `c.json(body, status)` / `c.text(body, status)`: the status is the second argument. */
const BODY_WITH_STATUS_METHODS = new Set(['json', 'text', 'html', 'body', 'newResponse']);

/** Calls that build a response or read a harmless fact about the process (resolved names). */
const HARMLESS_CALLS = new Set([
  'process.uptime', 'process.hrtime', 'process.hrtime.bigint', 'process.memoryUsage', 'process.cpuUsage', 'Date.now',
  'performance.now', 'perf_hooks.performance.now', 'os.hostname', 'os.uptime', 'os.loadavg', 'os.freemem', 'os.totalmem',
  'os.default.hostname', 'JSON.stringify', 'Math.floor', 'Math.round', 'Math.trunc', 'String', 'Number',
  'Response.json', 'next/server.NextResponse.json',
]);

/** Constructors that build a response or a timestamp. */
const HARMLESS_CONSTRUCTORS = new Set(['Date', 'Response', 'next/server.NextResponse']);

/** Constructors/statics whose second argument is a `ResponseInit` carrying the status. */
const RESPONSE_WITH_INIT = new Set(['Response', 'next/server.NextResponse', 'Response.json', 'next/server.NextResponse.json']);

/** Formatting methods of a value already in hand: `new Date().toISOString()`, `process.uptime().toFixed(1)`. */
const PURE_METHODS = new Set(['toISOString', 'toString', 'toFixed', 'toJSON', 'getTime', 'toUTCString', 'toLocaleString']);

/** Request properties holding the path a Node/Express/Koa handler compares: `req.url`, `req.path`, `ctx.path`. */
const URL_PROPERTIES = new Set(['url', 'path', 'originalUrl']);

/** How deep a project helper called by a handler is read to decide that it only reads facts (`getVersion()`). */
const MAX_HELPER_DEPTH = 3;

const NEST_CONTROLLER = '@nestjs/common.Controller';
const NEST_ROUTES = new Set(['@nestjs/common.Get', '@nestjs/common.All']);

/** A handler to judge: the code that answers the probe, and the function whose parameters are the request/response. */
interface Handler {
  body: Node | Node[];
  owner: FunctionNode;
}

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ healthPaths, livenessPaths }] = context.options;
  const isHealthPath = healthPathMatcher(healthPaths, livenessPaths);
  const { sourceCode } = context;
  if (!mentionsHealthPath(sourceCode.text, context.filename, healthPaths)) return {};

  function scopeOf(node: Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  function report(node: Node, path: string, handler: Handler | undefined, handlerNode?: Node): void {
    if (!isHealthPath(path)) return;
    if (handler) {
      if (!isConstantResponse(handler, sourceCode.visitorKeys, scopeOf)) return;
    } else {
      // A handler defined in another module of the project: judged there, with that module's scopes.
      const external = handlerNode && externalHandler(handlerNode);
      if (!external || !isConstantResponse(external.handler, sourceCode.visitorKeys, (inner) => external.module.getScope(inner) as Scope)) return;
    }
    context.report({ node, messageId: 'constantHealthCheck', data: { path } });
  }

  /** Whether a name is imported (only then is the project index asked). */
  function isImported(node: Node): boolean {
    let root = unwrap(node);
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    return root.type === 'Identifier' && findVariable(scopeOf(root), root.name)?.defs[0]?.type === 'ImportBinding';
  }

  /** A route handler function another module of the project defines (`import { health } from './probes'`). */
  function externalHandler(node: Node): { handler: Handler; module: TsModule } | undefined {
    if (!isImported(node)) return undefined;
    const { index, module } = projectIndex(context);
    const definition = index.definitionOf(module, unwrap(node));
    if (!definition || definition.module === module || definition.module.language !== 'ts') return undefined;
    const fn = definition.node as Node;
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') return undefined;
    return { handler: { body: fn.body ?? [], owner: fn }, module: definition.module };
  }

  /**
   * A route path given as a constant: `const HEALTH_PATH = '/health'` in this file, a parameter's default
   * (`path = '/health'`), or imported from another module of the project (`import { HEALTH_PATH } from
   * './routes'`).
   */
  function constantPath(node: Node): string | undefined {
    const expr = unwrap(node);
    if (expr.type !== 'Identifier' && expr.type !== 'MemberExpression') return undefined;
    if (expr.type === 'Identifier') {
      const variable = findVariable(scopeOf(expr), expr.name);
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init) return stringLiteral(unwrap(def.node.init));
      // A parameter's default, never assigned in the body: `function addProbes(app, path = '/healthz')`.
      const pattern = def?.type === 'Parameter' ? def.name.parent : undefined;
      if (pattern?.type === 'AssignmentPattern' && pattern.left === def!.name && variable!.references.every((ref) => !ref.isWrite() || ref.init)) {
        return stringLiteral(unwrap(pattern.right));
      }
    }
    if (!isImported(expr)) return undefined;
    const { index, module } = projectIndex(context);
    const definition = index.definitionOf(module, expr);
    return definition && definition.module !== module ? stringLiteral(definition.node as Node) : undefined;
  }

  return {
    CallExpression(node) {
      const callee = unwrap(node.callee);
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (!method || (!ROUTE_METHODS.has(method) && method !== 'route')) return;
      const scope = scopeOf(node);
      if (ROUTE_METHODS.has(method)) {
        // `app.route('/health').get(handler)`
        const receiver = unwrap(callee.object);
        if (receiver.type === 'CallExpression' && receiver.callee.type === 'MemberExpression' && propertyName(receiver.callee) === 'route') {
          const pathNode = receiver.arguments[0];
          const path = pathNode && stringLiteral(pathNode);
          if (path?.startsWith('/')) report(pathNode, path, handlerOf(node.arguments[node.arguments.length - 1], scope));
          return;
        }
        // `app.get('/health', handler)`, Koa `router.get('health', '/health', handler)`
        if (HTTP_CLIENTS.has(qualifiedName(receiver, scope) ?? '')) return;
        const paths = leadingStrings(node.arguments);
        // `router.get(HEALTH_PATH, handler)` with the path a constant of this file or of another module
        if (paths.length === 0 && node.arguments.length >= 2) {
          const value = constantPath(node.arguments[0]);
          if (value !== undefined) paths.push({ node: node.arguments[0], value });
        }
        const last = paths[paths.length - 1];
        if (!last || !last.value.startsWith('/') || paths.length === node.arguments.length) return;
        // Fastify `get(path, { schema, handler })` carries the handler in its options.
        const final = unwrap(node.arguments[node.arguments.length - 1]);
        const handler = final.type === 'ObjectExpression' ? objectProperty(final, 'handler') : final;
        report(last.node, last.value, handlerOf(handler, scope), handler);
        return;
      }
      // Fastify `fastify.route({ method: 'GET', url: '/health', handler })`
      if (method === 'route' && node.arguments.length === 1 && node.arguments[0].type === 'ObjectExpression') {
        const options = node.arguments[0];
        const url = objectProperty(options, 'url') ?? objectProperty(options, 'path');
        const path = url && stringLiteral(url);
        if (!url || !path?.startsWith('/') || !servesGet(objectProperty(options, 'method'))) return;
        report(url, path, handlerOf(objectProperty(options, 'handler'), scope));
      }
    },

    // NestJS: `@Controller('health') class HealthController { @Get() check() { ... } }`
    'ClassDeclaration, ClassExpression'(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) {
      const scope = scopeOf(node);
      const controller = node.decorators.find((decorator) => decoratorName(decorator, scope) === NEST_CONTROLLER);
      if (!controller) return;
      const prefix = nestPath(controller) ?? '';
      for (const member of node.body.body) {
        if (member.type !== 'MethodDefinition' || member.value.type !== 'FunctionExpression') continue;
        const route = member.decorators.find((decorator) => NEST_ROUTES.has(decoratorName(decorator, scope) ?? ''));
        if (!route) continue;
        const routePath = nestPath(route);
        if (routePath === undefined && routeArgument(route) !== undefined) continue;
        const pathNode = routeArgument(route);
        report(pathNode?.type === 'Literal' ? pathNode : route, joinPath(prefix, routePath ?? ''), {
          body: member.value.body,
          owner: member.value,
        });
      }
    },

    // Next.js: `app/**/health/route.ts` exporting GET, or `pages/api/health.ts` exporting a default handler.
    Program(program) {
      const route = nextRoutePath(context.filename);
      if (!route) return;
      const scope = scopeOf(program);
      for (const statement of program.body) {
        if (route.kind === 'app' && statement.type === 'ExportNamedDeclaration' && statement.declaration) {
          const declaration = statement.declaration;
          if (declaration.type === 'FunctionDeclaration' && declaration.id?.name === 'GET') {
            report(declaration.id, route.path, handlerOf(declaration, scope));
          }
          if (declaration.type === 'VariableDeclaration') {
            for (const declarator of declaration.declarations) {
              if (declarator.id.type === 'Identifier' && declarator.id.name === 'GET' && declarator.init) {
                report(declarator.id, route.path, handlerOf(declarator.init, scope));
              }
            }
          }
        }
        if (route.kind === 'pages' && statement.type === 'ExportDefaultDeclaration') {
          const declaration = statement.declaration;
          const named = declaration.type === 'FunctionDeclaration' && declaration.id ? declaration.id : undefined;
          report(named ?? declaration, route.path, handlerOf(declaration, scope));
        }
      }
    },

    // Node `http`: `if (req.url === '/health') { res.writeHead(200); res.end('ok'); }`
    IfStatement(node) {
      const comparison = urlComparison(node.test, scopeOf(node));
      // A branch that only calls `next()` or returns lets the request go on to the real route (a limiter's exemption).
      if (comparison && branchAnswers(node.consequent, comparison.owner, sourceCode.visitorKeys, scopeOf)) {
        report(comparison.pathNode, comparison.path, { body: node.consequent, owner: comparison.owner });
      }
    },
    // `switch (req.url) { case '/health': ... }`
    SwitchCase(node) {
      const owner = node.test && requestUrlOwner((node.parent as TSESTree.SwitchStatement).discriminant, scopeOf(node));
      const path = node.test && stringLiteral(node.test);
      if (owner && path && node.test && branchAnswers(node.consequent, owner, sourceCode.visitorKeys, scopeOf)) report(node.test, path, { body: node.consequent, owner });
    },
  };
}

/** The value of a string literal or a template literal without holes. */
function stringLiteral(node: Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * A route path: a string literal, or a template whose constant tail holds the last segments
 * (`${prefix}/health` → `/…/health`; the prefix cannot change what the path ends with).
 */
function routePath(node: Node): string | undefined {
  const literal = stringLiteral(node);
  if (literal !== undefined) return literal;
  if (node.type !== 'TemplateLiteral') return undefined;
  const tail = node.quasis[node.quasis.length - 1]?.value.cooked ?? '';
  return tail.startsWith('/') ? `/…${tail}` : undefined;
}

/** The path arguments before the first other one: `('health', '/health', handler)` gives both strings. */
function leadingStrings(args: TSESTree.CallExpressionArgument[]): { node: Node; value: string }[] {
  const strings: { node: Node; value: string }[] = [];
  for (const arg of args) {
    const value = routePath(arg);
    if (value === undefined) break;
    strings.push({ node: arg, value });
  }
  return strings;
}

/** A property's value in an object literal (`{ url: '/x' }`), by its key name. */
function objectProperty(object: TSESTree.ObjectExpression, key: string): Node | undefined {
  for (const property of object.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const name = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (name === key) return property.value;
  }
  return undefined;
}

/** Whether a Fastify `method` option includes GET (absent means the route is not GET-only, so judge it anyway). */
function servesGet(method: Node | undefined): boolean {
  if (!method) return true;
  if (method.type === 'ArrayExpression') return method.elements.some((element) => element !== null && servesGet(element));
  const value = stringLiteral(method);
  return value === undefined || ['GET', 'HEAD'].includes(value.toUpperCase());
}

/**
 * The function that handles a route, when it is written in this file: an inline function, or a
 * name bound to a function declaration or a `const` function. Anything else (an import, a wrapper
 * call, a method of another object) is not judged.
 */
function handlerOf(node: Node | undefined, scope: Scope): Handler | undefined {
  if (!node) return undefined;
  const expr = unwrap(node);
  if (expr.type === 'ArrowFunctionExpression' || expr.type === 'FunctionExpression' || expr.type === 'FunctionDeclaration') {
    return { body: expr.body ?? [], owner: expr };
  }
  if (expr.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, expr.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'FunctionName') return handlerOf(def.node, scope);
  if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.id.type === 'Identifier' && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return handlerOf(init, scope);
  }
  return undefined;
}

/** The resolved name of a decorator's function: `@Get()` → `@nestjs/common.Get`. */
function decoratorName(decorator: TSESTree.Decorator, scope: Scope): string | undefined {
  const expr = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
  return qualifiedName(expr, scope);
}

/** The first argument of `@Get(path)` / `@Controller(path)`, if any. */
function routeArgument(decorator: TSESTree.Decorator): Node | undefined {
  return decorator.expression.type === 'CallExpression' ? decorator.expression.arguments[0] : undefined;
}

/** The path of a NestJS decorator: `'health'`, `['health', 'hc']` (first), `{ path: 'health' }`; '' when absent. */
function nestPath(decorator: TSESTree.Decorator): string | undefined {
  const arg = routeArgument(decorator);
  if (!arg) return '';
  if (arg.type === 'ArrayExpression') return arg.elements[0] ? stringLiteral(arg.elements[0]) : undefined;
  if (arg.type === 'ObjectExpression') {
    const path = objectProperty(arg, 'path');
    return path ? stringLiteral(path) : '';
  }
  return stringLiteral(arg);
}

/**
 * The URL a Next.js route file serves: `src/app/(ops)/api/health/route.ts` → `/api/health` (route
 * groups and slots left out), `pages/api/health/index.ts` → `/api/health`.
 */
function nextRoutePath(filename: string): { kind: 'app' | 'pages'; path: string } | undefined {
  const normalized = filename.replace(/\\/g, '/');
  const app = /(?:^|\/)app\/((?:[^/]+\/)*)route\.[cm]?[jt]sx?$/.exec(normalized);
  if (app) {
    const segments = app[1].split('/').filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
    return { kind: 'app', path: joinPath(...segments) };
  }
  const pages = /(?:^|\/)pages\/(api\/(?:[^/]+\/)*[^/.]+)\.[cm]?[jt]sx?$/.exec(normalized);
  if (pages) return { kind: 'pages', path: joinPath(pages[1].replace(/\/index$/, '')) };
  return undefined;
}

/**
 * `req.url === '/health'` (either operand order, possibly one term of an `&&`) where `req` is a
 * parameter of the enclosing function: the function is a Node `http` request handler.
 */
function urlComparison(test: Node, scope: Scope): { pathNode: Node; path: string; owner: FunctionNode } | undefined {
  if (test.type === 'LogicalExpression' && test.operator === '&&') return urlComparison(test.left, scope) ?? urlComparison(test.right, scope);
  if (test.type !== 'BinaryExpression' || (test.operator !== '===' && test.operator !== '==')) return undefined;
  for (const [urlSide, pathSide] of [[test.left, test.right], [test.right, test.left]] as const) {
    const path = stringLiteral(pathSide);
    const owner = path?.startsWith('/') ? requestUrlOwner(urlSide, scope) : undefined;
    if (owner && path) return { pathNode: pathSide, path, owner };
  }
  return undefined;
}

/** For `req.url` with `req` a parameter of a function taking (request, response), that function. */
function requestUrlOwner(node: Node, scope: Scope): FunctionNode | undefined {
  const expr = unwrap(node);
  if (expr.type !== 'MemberExpression' || !URL_PROPERTIES.has(propertyName(expr) ?? '') || expr.object.type !== 'Identifier') return undefined;
  const def = findVariable(scope, expr.object.name)?.defs[0];
  if (def?.type !== 'Parameter') return undefined;
  const owner = def.node as FunctionNode;
  return owner.params.length >= 2 ? owner : undefined;
}

/**
 * Whether a handler answers without checking anything: every call builds the response or reads a
 * harmless fact, nothing is awaited, nothing branches, and every status it sets is a constant.
 */
function isConstantResponse(handler: Handler, visitorKeys: TSESLint.SourceCode.VisitorKeys, scopeOf: (node: Node) => Scope, depth = 0): boolean {
  const stack: Node[] = Array.isArray(handler.body) ? [...handler.body] : [handler.body];
  while (stack.length) {
    const node = stack.pop()!;
    // `await import('../package.json')`: loading a module is not a check.
    if (node.type === 'AwaitExpression' && unwrap(node.argument).type === 'ImportExpression') continue;
    // A helper (or type) declared inside the handler runs only if called, and the call is judged.
    if (node.type === 'TSTypeAliasDeclaration' || node.type === 'TSInterfaceDeclaration' || node.type === 'ImportExpression') continue;
    switch (node.type) {
      // Waiting on something, or choosing what to answer, is what a real check does.
      case 'AwaitExpression':
      case 'YieldExpression':
      case 'TaggedTemplateExpression':
      case 'IfStatement':
      case 'SwitchStatement':
      case 'TryStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return false;
      case 'CallExpression':
        if (!isHarmlessCall(node, handler.owner, scopeOf(node)) && !isFactHelperCall(node, handler.owner, visitorKeys, scopeOf, depth)) return false;
        break;
      case 'NewExpression': {
        const name = qualifiedName(node.callee, scopeOf(node));
        if (!name || !HARMLESS_CONSTRUCTORS.has(name)) return false;
        if (RESPONSE_WITH_INIT.has(name) && !hasConstantInitStatus(node.arguments[1], scopeOf(node))) return false;
        break;
      }
      // Koa `ctx.status = 200`, Node `res.statusCode = 200`.
      case 'AssignmentExpression': {
        const target = unwrap(node.left);
        if (
          target.type === 'MemberExpression' &&
          ['status', 'statusCode'].includes(propertyName(target) ?? '') &&
          isParameterRooted(target.object, handler.owner, scopeOf(node)) &&
          !isConstantStatus(node.right, scopeOf(node))
        ) {
          return false;
        }
        break;
      }
      default:
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) stack.push(...(child.filter(isNode) as Node[]));
      else if (isNode(child)) stack.push(child as Node);
    }
  }
  return true;
}

/**
 * Whether the code under a `req.url` comparison answers the request: it calls a response method on a
 * parameter (`res.end('ok')`, `res.writeHead(200)`, `ctx.json(...)`), sets `ctx.body` / `ctx.status` /
 * `res.statusCode`, or returns a `new Response(...)`. A branch that only calls `next()` or returns
 * lets the request go on to the real route.
 */
function branchAnswers(body: Node | Node[], owner: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys, scopeOf: (node: Node) => Scope): boolean {
  const stack: Node[] = Array.isArray(body) ? [...body] : [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') continue;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && RESPONSE_METHODS.has(propertyName(callee) ?? '') && isParameterRooted(callee.object, owner, scopeOf(node))) return true;
    }
    if (node.type === 'AssignmentExpression') {
      const target = unwrap(node.left);
      if (target.type === 'MemberExpression' && ['body', 'status', 'statusCode'].includes(propertyName(target) ?? '') && isParameterRooted(target.object, owner, scopeOf(node))) return true;
    }
    if (node.type === 'ReturnStatement' && node.argument && unwrap(node.argument).type === 'NewExpression') return true;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) stack.push(...(child.filter(isNode) as Node[]));
      else if (isNode(child)) stack.push(child as Node);
    }
  }
  return false;
}

function isNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * A call of a project helper declared in this file that only reads facts (`getVersion()`, `this.buildInfo()`):
 * its own body builds nothing but harmless values, awaits nothing, and calls only harmless things. Branches
 * are allowed; its result deciding the status is judged where the status is set.
 */
function isFactHelperCall(call: TSESTree.CallExpression, owner: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys, scopeOf: (node: Node) => Scope, depth: number): boolean {
  if (depth >= MAX_HELPER_DEPTH) return false;
  const callee = unwrap(call.callee);
  let helper: FunctionNode | undefined;
  if (callee.type === 'Identifier') helper = handlerOf(callee, scopeOf(call))?.owner;
  else if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') helper = classMethod(callee, propertyName(callee));
  if (!helper || helper === owner) return false;
  const body: Node[] = helper.body.type === 'BlockStatement' ? helper.body.body.filter((statement) => !['IfStatement', 'TryStatement', 'SwitchStatement'].includes(statement.type)) : [helper.body];
  // Branches in a helper are its own business: judge their parts, not the choice.
  if (helper.body.type === 'BlockStatement') {
    for (const statement of helper.body.body) {
      if (statement.type === 'IfStatement') body.push(statement.test, statement.consequent, ...(statement.alternate ? [statement.alternate] : []));
      if (statement.type === 'TryStatement') body.push(statement.block, ...(statement.handler ? [statement.handler.body] : []), ...(statement.finalizer ? [statement.finalizer] : []));
    }
  }
  return isConstantResponse({ body, owner: helper }, visitorKeys, scopeOf, depth + 1);
}

/** The method `name` of the class enclosing `from` (for `this.name`). */
function classMethod(from: Node, name: string | undefined): FunctionNode | undefined {
  if (!name) return undefined;
  for (let current: Node | undefined = from.parent; current; current = current.parent) {
    if (current.type !== 'ClassBody') continue;
    for (const member of current.body) {
      if (member.type === 'MethodDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name) return member.value.type === 'FunctionExpression' ? member.value : undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * `this.config.get('VERSION')` where the class takes `private readonly config: ConfigService` from `@nestjs/config`.
 */
function isConfigServiceRead(callee: TSESTree.MemberExpression, scope: Scope): boolean {
  if (!CONFIG_SERVICE_METHODS.has(propertyName(callee) ?? '')) return false;
  const receiver = unwrap(callee.object);
  if (receiver.type !== 'MemberExpression' || receiver.object.type !== 'ThisExpression') return false;
  const field = propertyName(receiver);
  for (let current: Node | undefined = callee.parent; current; current = current.parent) {
    if (current.type !== 'ClassBody') continue;
    const constructor = current.body.find((member) => member.type === 'MethodDefinition' && member.kind === 'constructor') as TSESTree.MethodDefinition | undefined;
    for (const param of constructor?.value.params ?? []) {
      const id = param.type === 'TSParameterProperty' ? param.parameter : undefined;
      const annotation = id?.type === 'Identifier' && id.name === field ? id.typeAnnotation?.typeAnnotation : undefined;
      if (annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier') {
        return qualifiedName(annotation.typeName, scope) === CONFIG_SERVICE;
      }
    }
    return false;
  }
  return false;
}

/** Whether a call only builds the response or reads a harmless fact, with any status it sets constant. */
function isHarmlessCall(call: TSESTree.CallExpression, owner: FunctionNode, scope: Scope): boolean {
  const callee = unwrap(call.callee);
  const name = qualifiedName(callee, scope);
  if (name && HARMLESS_CALLS.has(name)) {
    return !RESPONSE_WITH_INIT.has(name) || hasConstantInitStatus(call.arguments[1], scope);
  }
  if (name && isFactCall(name)) return true;
  if (callee.type !== 'MemberExpression') return false;
  if (isConfigServiceRead(callee, scope)) return true;
  const method = propertyName(callee) ?? '';
  // `res.status(200).json({ ok: true })`, `reply.code(200).send()`, `c.json({ ok: true }, 200)`
  if (RESPONSE_METHODS.has(method) && isParameterRooted(callee.object, owner, scope)) {
    if (STATUS_METHODS.has(method)) return call.arguments[0] === undefined || isConstantStatus(call.arguments[0], scope);
    const second = call.arguments[1];
    if (BODY_WITH_STATUS_METHODS.has(method) && second) {
      return second.type === 'ObjectExpression' ? hasConstantInitStatus(second, scope) : isConstantStatus(second, scope);
    }
    return true;
  }
  // `new Date().toISOString()`
  return PURE_METHODS.has(method);
}

/** Whether `{ status: 200, headers }` (or no init at all) sets a constant status. */
function hasConstantInitStatus(init: Node | undefined, scope: Scope): boolean {
  if (!init) return true;
  if (init.type !== 'ObjectExpression') return false;
  const status = objectProperty(init, 'status');
  return !status || isConstantStatus(status, scope);
}

/**
 * Whether a status expression is a constant: a literal, an imported enum member
 * (`HttpStatus.OK`, `StatusCodes.OK`), or a `const` bound to a literal.
 */
function isConstantStatus(node: Node, scope: Scope): boolean {
  const expr = unwrap(node);
  if (expr.type === 'Literal') return true;
  if (expr.type === 'TemplateLiteral') return expr.expressions.length === 0;
  if (expr.type === 'MemberExpression') {
    let root: Node = expr;
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    if (root.type !== 'Identifier') return false;
    return findVariable(scope, root.name)?.defs[0]?.type === 'ImportBinding' && qualifiedName(expr, scope) !== undefined;
  }
  if (expr.type === 'Identifier') {
    const def = findVariable(scope, expr.name)?.defs[0];
    return def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init?.type === 'Literal';
  }
  return false;
}

/** Whether an expression is rooted in a parameter of the handler: `res`, `res.status(200)`, `ctx.response`. */
function isParameterRooted(node: Node, owner: FunctionNode, scope: Scope): boolean {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression') current = unwrap(current.callee);
    else break;
  }
  if (current.type !== 'Identifier') return false;
  const def = findVariable(scope, current.name)?.defs[0];
  return def?.type === 'Parameter' && def.node === owner;
}
