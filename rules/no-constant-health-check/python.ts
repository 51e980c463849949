import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type Binding, type PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import { healthPathMatcher, mentionsHealthPath, joinPath, regexAsPath } from './paths.js';
import type { MessageIds, Options } from './index.js';

/** Decorator methods that register a GET route: Flask/Quart `route`/`get`, FastAPI `get`/`api_route`, aiohttp `RouteTableDef.get`. */
const ROUTE_DECORATORS = new Set(['route', 'get', 'api_route']);

/** Django URL functions taking `(route, view)`; `re_path`/`url` take a regex. */
const DJANGO_PATHS = new Map([
  ['django.urls.path', false],
  ['django.urls.re_path', true],
  ['django.conf.urls.url', true],
]);

/**
 * Response builders, with the position of their positional status argument (-1: none).
 * Keyword `status=` / `status_code=` is checked for all of them.
 */
const RESPONSE_BUILDERS = new Map<string, number>([
  ['flask.jsonify', -1],
  ['flask.make_response', 1],
  ['flask.Response', 1],
  ['quart.jsonify', -1],
  ['quart.make_response', 1],
  ['quart.Response', 1],
  ['django.http.HttpResponse', 2],
  ['django.http.JsonResponse', -1],
  ['django.http.response.HttpResponse', 2],
  ['django.http.response.JsonResponse', -1],
  ['aiohttp.web.Response', -1],
  ['aiohttp.web.json_response', -1],
  ['rest_framework.response.Response', 1],
  ...['fastapi', 'fastapi.responses', 'starlette.responses'].flatMap((module) =>
    ['Response', 'JSONResponse', 'PlainTextResponse', 'HTMLResponse', 'ORJSONResponse', 'UJSONResponse'].map(
      (name) => [`${module}.${name}`, 1] as [string, number],
    ),
  ),
]);

/** Harmless facts a health answer may report: time, uptime, host, version, environment. */
const HARMLESS_CALLS = new Set([
  'time.time', 'time.monotonic', 'time.perf_counter', 'datetime.datetime.now', 'datetime.datetime.utcnow',
  'datetime.datetime.today', 'datetime.date.today', 'datetime.now', 'datetime.utcnow', 'socket.gethostname',
  'platform.node', 'platform.python_version', 'os.getpid', 'os.getenv', 'os.environ.get', 'json.dumps',
]);

/** Bases and decorators of a plain data class: constructing one only shapes the response body. */
const DATA_CLASS_MARKERS = new Set([
  'pydantic.BaseModel', 'pydantic.main.BaseModel', 'dataclasses.dataclass', 'typing.TypedDict', 'typing.NamedTuple',
]);

/** Builtins that only shape a value: `dict(status="ok")`, `str(uptime)`, `round(t, 1)`. */
const SHAPING_BUILTINS = new Set(['dict', 'str', 'int', 'float', 'bool', 'round', 'list', 'len']);

/** Formatting methods of a value already in hand: `datetime.now().isoformat()`. */
const PURE_METHODS = new Set(['isoformat', 'strftime', 'timestamp', 'format']);

/** Django view decorators that only add headers or restrict methods to GET/HEAD; the view inside is the handler. */
const VIEW_WRAPPERS = new Set([
  'django.views.decorators.cache.never_cache',
  'django.views.decorators.http.require_safe',
  'django.views.decorators.http.require_GET',
  'django.views.decorators.csrf.csrf_exempt',
]);

/** Statements and expressions that wait or choose: their presence makes the handler a real check. */
const CHECKING_NODES = new Set([
  'await', 'yield', 'if_statement', 'match_statement', 'try_statement', 'for_statement', 'while_statement', 'with_statement',
]);

interface Route {
  /** Where to report: the path string (or the registering call when the path is implicit). */
  node: PyNode;
  path: string;
  handler: PyNode | undefined;
  /** The router the route was registered on, whose prefix (if any) is joined in. */
  receiver?: PyNode;
  /** `@app.get("/health", status_code=...)`: a status the decorator sets. */
  status?: PyNode;
}

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ healthPaths, livenessPaths }] = context.options;
  const isHealthPath = healthPathMatcher(healthPaths, livenessPaths);
  if (!mentionsHealthPath(context.sourceCode.text, context.filename, healthPaths)) return {};
  let scopes: PythonScopes;
  const routes: Route[] = [];
  // `app.include_router(router, prefix="/ops")` / `app.register_blueprint(bp, url_prefix="/ops")`: known once the module is read.
  const mountPrefixes = new Map<Binding, string>();

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
    },

    // `@app.get("/health")`, `@bp.route("/healthz")`, `@routes.get("/ready")`
    decorator(node: PyNode) {
      const call = node.children[0];
      const definition = node.parent?.fields.definition;
      if (call?.type !== 'call' || definition?.type !== 'function_definition') return;
      const callee = call.fields.function;
      if (callee?.type !== 'attribute' || !ROUTE_DECORATORS.has(callee.fields.attribute?.text ?? '')) return;
      const pathNode = positionalArguments(call)[0] ?? keywordArgument(call, 'path') ?? keywordArgument(call, 'rule');
      const path = pathNode && stringValue(pathNode);
      if (!pathNode || path === undefined || (path !== '' && !path.startsWith('/')) || !servesGet(keywordArgument(call, 'methods'))) return;
      routes.push({ node: pathNode, path, handler: definition, receiver: callee.fields.object, status: keywordArgument(call, 'status_code') });
    },

    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const args = positionalArguments(node);
      const method = callee.type === 'attribute' ? callee.fields.attribute?.text : undefined;
      const name = scopes.qualifiedName(callee);
      // Mounting a router under a prefix.
      if (method === 'include_router' || method === 'register_blueprint') {
        const prefix = keywordArgument(node, method === 'include_router' ? 'prefix' : 'url_prefix');
        const binding = args[0]?.type === 'identifier' ? scopes.resolve(args[0]) : undefined;
        const value = prefix && stringValue(prefix);
        if (binding && value !== undefined) mountPrefixes.set(binding, value);
        return;
      }
      // aiohttp `app.router.add_get("/health", health)`, FastAPI `app.add_api_route("/health", health)`
      if (method === 'add_get' || method === 'add_api_route') {
        addRoute(args[0] ?? keywordArgument(node, 'path'), args[1] ?? keywordArgument(node, 'handler') ?? keywordArgument(node, 'endpoint'));
        return;
      }
      // aiohttp `app.router.add_route("GET", "/health", health)`, Starlette `app.add_route("/health", health)`
      if (method === 'add_route') {
        if (args.length >= 3 && servesGet(args[0])) addRoute(args[1], args[2]);
        else if (args.length === 2 && servesGet(keywordArgument(node, 'methods'))) addRoute(args[0], args[1]);
        return;
      }
      // Flask `app.add_url_rule("/health", "health", health)` / `view_func=health`
      if (method === 'add_url_rule') {
        if (servesGet(keywordArgument(node, 'methods'))) addRoute(args[0], keywordArgument(node, 'view_func') ?? args[2]);
        return;
      }
      // aiohttp `web.get("/health", health)`, Starlette `Route("/health", health)`
      if (name === 'aiohttp.web.get' || name === 'starlette.routing.Route') {
        if (name === 'starlette.routing.Route' && !servesGet(keywordArgument(node, 'methods'))) return;
        addRoute(args[0] ?? keywordArgument(node, 'path'), args[1] ?? keywordArgument(node, 'handler') ?? keywordArgument(node, 'endpoint'));
        return;
      }
      // Django `path("health/", health)`, `re_path(r"^healthz/?$", healthz)`
      const isRegex = name ? DJANGO_PATHS.get(name) : undefined;
      if (isRegex !== undefined) {
        const route = args[0] ?? keywordArgument(node, 'route');
        const value = route && stringValue(route);
        if (route && value !== undefined) {
          routes.push({ node: route, path: joinPath(isRegex ? regexAsPath(value) : value), handler: args[1] ?? keywordArgument(node, 'view') });
        }
      }
    },

    'module:exit'() {
      for (const route of routes) {
        const path = joinPath(prefixOf(route.receiver), route.path);
        if (!isHealthPath(path)) continue;
        const handler = route.handler && handlerOf(route.handler, scopes);
        if (!handler) continue;
        if (route.status && !isConstantStatus(route.status, scopes)) continue;
        if (!isConstantResponse(handler, scopes)) continue;
        context.report({ node: route.node, messageId: 'constantHealthCheck', data: { path } });
      }
    },
  };

  /** Record `(path, handler)` when the path is a literal route. */
  function addRoute(pathNode: PyNode | undefined, handler: PyNode | undefined): void {
    const path = pathNode && stringValue(pathNode);
    if (pathNode && path?.startsWith('/')) routes.push({ node: pathNode, path, handler });
  }

  /**
   * The prefix of the router a route is registered on: `APIRouter(prefix="/ops")`,
   * `Blueprint("ops", __name__, url_prefix="/ops")`, plus the prefix it is mounted under in this file.
   */
  function prefixOf(receiver: PyNode | undefined): string {
    if (receiver?.type !== 'identifier') return '';
    const binding = scopes.resolve(receiver);
    if (!binding) return '';
    let own = '';
    if (binding.kind === 'assignment' && binding.value?.type === 'call') {
      const prefix = keywordArgument(binding.value, 'prefix') ?? keywordArgument(binding.value, 'url_prefix');
      own = (prefix && stringValue(prefix)) ?? '';
    }
    return joinPath(mountPrefixes.get(binding) ?? '', own);
  }
}

/** Whether a `methods=[...]` argument (or an aiohttp method string) includes GET; absent means GET. */
function servesGet(methods: PyNode | undefined): boolean {
  if (!methods) return true;
  if (methods.type === 'list' || methods.type === 'tuple' || methods.type === 'set') {
    return methods.children.some((element) => servesGet(element));
  }
  const value = stringValue(methods);
  return value === undefined || ['GET', 'HEAD', '*'].includes(value.toUpperCase());
}

/**
 * The function that handles a route, when it is in this file: a decorated definition, a name bound
 * to a `def`, or a lambda. A view imported from elsewhere (`views.health`) or a class is not judged.
 */
function handlerOf(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  if (node.type === 'function_definition' || node.type === 'lambda') return node;
  // `never_cache(require_safe(view))`: Django's view decorators applied as calls.
  if (node.type === 'call' && VIEW_WRAPPERS.has(scopes.qualifiedName(node.fields.function ?? node) ?? '')) {
    const args = positionalArguments(node);
    return args.length === 1 ? handlerOf(args[0], scopes) : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const binding = scopes.resolve(node);
  if (binding?.kind !== 'function' || !scopes.isSingleBinding(binding)) return undefined;
  return binding.node.parent?.type === 'function_definition' ? binding.node.parent : undefined;
}

/**
 * Whether a handler answers without checking anything: every call builds the response or reads a
 * harmless fact, nothing is awaited, nothing branches, and every status it sets is a constant.
 * A FastAPI dependency (`db: Session = Depends(get_db)`) is work done for the handler, so it counts as a check.
 */
function isConstantResponse(handler: PyNode, scopes: PythonScopes): boolean {
  const parameters = handler.fields.parameters;
  if (parameters?.children.some((param) => param.fields.value?.type === 'call')) return false;
  const body = handler.fields.body;
  if (!body) return false;
  const stack: PyNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (CHECKING_NODES.has(node.type)) return false;
    if (node.type === 'call' && !isHarmlessCall(node, scopes)) return false;
    // Flask `return body, 503 if degraded else 200`
    if (node.type === 'return_statement') {
      const value = node.children[0];
      const status = value && (value.type === 'expression_list' || value.type === 'tuple') ? value.children[1] : undefined;
      if (status && !isConstantStatus(status, scopes)) return false;
    }
    // FastAPI `response.status_code = 200 if ok else 503`
    if (node.type === 'assignment' && node.fields.left?.type === 'attribute') {
      const attribute = node.fields.left.fields.attribute?.text;
      const value = node.fields.right;
      if ((attribute === 'status_code' || attribute === 'status') && value && !isConstantStatus(value, scopes)) return false;
    }
    stack.push(...node.children);
  }
  return true;
}

/** Whether a call only builds the response or reads a harmless fact, with any status it sets constant. */
function isHarmlessCall(call: PyNode, scopes: PythonScopes): boolean {
  const callee = call.fields.function;
  if (!callee) return false;
  const name = scopes.qualifiedName(callee);
  if (name !== undefined) {
    const statusIndex = RESPONSE_BUILDERS.get(name);
    if (statusIndex !== undefined) {
      const statuses = [keywordArgument(call, 'status'), keywordArgument(call, 'status_code')];
      if (statusIndex >= 0) statuses.push(positionalArguments(call)[statusIndex]);
      return statuses.every((status) => !status || isConstantStatus(status, scopes));
    }
    if (HARMLESS_CALLS.has(name) || SHAPING_BUILTINS.has(name)) return true;
  }
  if (callee.type === 'identifier' && isLocalDataClass(callee, scopes)) return true;
  return callee.type === 'attribute' && PURE_METHODS.has(callee.fields.attribute?.text ?? '');
}

/** `HealthResponse(status="ok")` where `class HealthResponse(BaseModel)` (or a dataclass) is defined in this file. */
function isLocalDataClass(callee: PyNode, scopes: PythonScopes): boolean {
  const binding = scopes.resolve(callee);
  const definition = binding?.kind === 'class' ? binding.node.parent : undefined;
  if (definition?.type !== 'class_definition') return false;
  const bases = definition.fields.superclasses?.children ?? [];
  const decorators = definition.parent?.type === 'decorated_definition' ? definition.parent.children.filter((c) => c.type === 'decorator') : [];
  const markers = [...bases, ...decorators.map((decorator) => decorator.children[0])]
    .map((node) => (node?.type === 'call' ? node.fields.function : node))
    .map((node) => (node ? scopes.qualifiedName(node) : undefined));
  return markers.some((name) => name !== undefined && DATA_CLASS_MARKERS.has(name));
}

/**
 * Whether a status expression is a constant: a number or string literal, an imported constant
 * (`HTTPStatus.OK`, `status.HTTP_200_OK`), or a module-level name bound once to a literal.
 */
function isConstantStatus(node: PyNode, scopes: PythonScopes): boolean {
  if (node.type === 'integer' || node.type === 'string') return true;
  let root = node;
  while (root.type === 'attribute' && root.fields.object) root = root.fields.object;
  if (root.type !== 'identifier') return false;
  const binding = scopes.resolve(root);
  if (node.type === 'attribute') return binding?.kind === 'import' && scopes.qualifiedName(node) !== undefined;
  return (
    binding?.kind === 'assignment' &&
    scopes.isSingleBinding(binding) &&
    (binding.value?.type === 'integer' || binding.value?.type === 'string')
  );
}
