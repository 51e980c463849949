import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type Binding, type PythonScopes } from '../../src/analysis/python/scope.js';
import { enclosingFunction, keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import { isFactCall, SETTINGS_CLASS_BASES } from '../../src/analysis/python/facts.js';
import { projectIndex, type PyModuleFacts } from '../../src/analysis/project/index.js';
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
  ['flask.wrappers.Response', 1],
  ['werkzeug.Response', 1],
  ['werkzeug.wrappers.Response', 1],
  ['werkzeug.wrappers.response.Response', 1],
  ['quart.jsonify', -1],
  ['quart.make_response', 1],
  ['quart.Response', 1],
  ['quart.wrappers.Response', 1],
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

/** Bases and decorators of a plain data class: constructing one only shapes the response body (or reads settings). */
const DATA_CLASS_MARKERS = new Set([
  'pydantic.BaseModel', 'pydantic.main.BaseModel', 'dataclasses.dataclass', 'typing.TypedDict', 'typing.NamedTuple', ...SETTINGS_CLASS_BASES,
]);

/** Builtins that only shape a value: `dict(status="ok")`, `str(uptime)`, `round(t, 1)`. */
const SHAPING_BUILTINS = new Set(['dict', 'str', 'int', 'float', 'bool', 'round', 'list', 'len', 'tuple', 'set', 'sorted', 'min', 'max', 'sum', 'abs', 'repr']);

/** `if TYPE_CHECKING:` blocks are never run. */
const TYPE_CHECKING = new Set(['typing.TYPE_CHECKING', 'typing_extensions.TYPE_CHECKING']);

/** Request attributes and ASGI/WSGI keys that hold the request path. */
const PATH_ATTRIBUTES = new Set(['path', 'path_info']);
const PATH_KEYS = new Set(['path', 'raw_path', 'PATH_INFO']);

/** How deep a project helper called by a handler is read to decide that it only reads facts (`get_version()`). */
const MAX_HELPER_DEPTH = 3;

/** Formatting methods of a value already in hand: `datetime.now().isoformat()`. */
const PURE_METHODS = new Set(['isoformat', 'strftime', 'timestamp', 'format', 'encode', 'decode']);

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
  /**
   * A raw ASGI/WSGI app or middleware answering under `if scope["path"] == "/health":`: the branch is the
   * handler, and `owner` the function whose parameters (`scope`, `send`, `start_response`) it uses.
   */
  branch?: { body: PyNode; owner: PyNode };
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
      const path = pathNode && pathValue(pathNode);
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
        const value = route && pathValue(route);
        if (route && value !== undefined) {
          routes.push({ node: route, path: joinPath(isRegex ? regexAsPath(value) : value), handler: args[1] ?? keywordArgument(node, 'view') });
        }
      }
    },

    // A raw ASGI/WSGI app or middleware: `if scope["path"] == "/health/":`, `elif request.url.path in ("/ready", ...):`
    if_statement(node: PyNode) {
      branchRoute(node);
    },
    elif_clause(node: PyNode) {
      branchRoute(node);
    },

    'module:exit'() {
      for (const route of routes) {
        const path = joinPath(prefixOf(route.receiver), route.path);
        if (isHealthPath(path) && judge(route) === 'constant') context.report({ node: route.node, messageId: 'constantHealthCheck', data: { path } });
      }
    },
  };

  /** Whether a route's handler answers a constant, really checks, or cannot be judged (a view this file cannot see). */
  function judge(route: Route): 'constant' | 'check' | 'unknown' {
    if (route.branch) return isConstantBody(route.branch.body, route.branch.owner, scopes, 0) ? 'constant' : 'check';
    if (route.status && !isConstantStatus(route.status, scopes)) return 'check';
    const local = route.handler && handlerOf(route.handler, scopes);
    if (local) return isConstantResponse(local, scopes) ? 'constant' : 'check';
    // A view defined in another module of the project: `path("health/", views.health)`, `from .probes import health`.
    const external = route.handler ? externalHandler(route.handler) : undefined;
    if (!external) return 'unknown';
    return isConstantResponse(external.node, external.module.scopes) ? 'constant' : 'check';
  }

  /**
   * The value of a route path: a string literal, a name bound once to one in this file, a parameter's
   * default (`def install(app, path="/health"):`), or a constant imported from another module of the project.
   */
  function pathValue(node: PyNode): string | undefined {
    const literal = stringValue(node);
    if (literal !== undefined || (node.type !== 'identifier' && node.type !== 'attribute')) return literal;
    const binding = node.type === 'identifier' ? scopes.resolve(node) : undefined;
    if (binding?.kind === 'assignment') return binding.value && scopes.isSingleBinding(binding) ? stringValue(binding.value) : undefined;
    if (binding?.kind === 'parameter') {
      const parameter = binding.node.parent;
      const value = parameter?.type === 'default_parameter' || parameter?.type === 'typed_default_parameter' ? parameter.fields.value : undefined;
      return value && stringValue(value);
    }
    let root = node;
    while (root.type === 'attribute' && root.fields.object) root = root.fields.object;
    if (root.type !== 'identifier' || scopes.resolve(root)?.kind !== 'import') return undefined;
    const { index, module } = projectIndex(context);
    const definition = index.definitionOf(module, node);
    return definition && definition.module !== module ? stringValue(definition.node as PyNode) : undefined;
  }

  /** A handler function that another module of the project defines, named through an import. */
  function externalHandler(node: PyNode): { node: PyNode; module: PyModuleFacts } | undefined {
    let root = node;
    while (root.type === 'attribute' && root.fields.object) root = root.fields.object;
    if (root.type !== 'identifier' || scopes.resolve(root)?.kind !== 'import') return undefined;
    const { index, module } = projectIndex(context);
    const definition = index.definitionOf(module, node);
    if (!definition || definition.module === module || definition.module.language !== 'python') return undefined;
    const fn = definition.node as PyNode;
    return fn.type === 'function_definition' ? { node: fn, module: definition.module } : undefined;
  }

  function branchRoute(node: PyNode): void {
    const condition = node.fields.condition;
    const body = node.fields.consequence;
    const match = condition && body ? pathComparison(condition) : undefined;
    // `if request.path == "/healthz": return None` in a rate limiter lets the request through to the real route.
    if (match && body && answers(body, match.owner, scopes)) routes.push({ node: match.pathNode, path: match.path, handler: undefined, branch: { body, owner: match.owner } });
  }

  /**
   * `scope["path"] == "/health"` (either order, or one term of an `and`), `request.url.path in ("/health", "/ready")`,
   * where the request is a parameter of the enclosing function.
   */
  function pathComparison(test: PyNode): { pathNode: PyNode; path: string; owner: PyNode } | undefined {
    if (test.type === 'parenthesized_expression' && test.children.length === 1) return pathComparison(test.children[0]);
    if (test.type === 'boolean_operator' && test.fields.operator?.text === 'and') {
      const { left, right } = test.fields;
      return (left && pathComparison(left)) ?? (right && pathComparison(right));
    }
    if (test.type !== 'comparison_operator' || test.children.length !== 3) return undefined;
    const [left, operator, right] = test.children;
    if (operator.text === '==') {
      for (const [request, literal] of [[left, right], [right, left]]) {
        const owner = requestPathOwner(request, 0);
        const path = stringValue(literal);
        if (owner && path?.startsWith('/')) return { pathNode: literal, path, owner };
      }
      return undefined;
    }
    const owner = operator.text === 'in' ? requestPathOwner(left, 0) : undefined;
    if (!owner || !['tuple', 'list', 'set'].includes(right.type)) return undefined;
    for (const element of right.children) {
      const path = stringValue(element);
      if (path?.startsWith('/') && isHealthPath(path)) return { pathNode: element, path, owner };
    }
    return undefined;
  }

  /**
   * The function whose parameter holds the request a path expression reads: `scope["path"]`,
   * `scope.get("path")`, `environ["PATH_INFO"]`, `request.url.path`, `request.path`, or a name bound to one.
   */
  function requestPathOwner(node: PyNode, depth: number): PyNode | undefined {
    if (depth > 3) return undefined;
    let root: PyNode | undefined;
    if (node.type === 'identifier') {
      const binding = scopes.resolve(node);
      return binding?.kind === 'assignment' && binding.value && scopes.isSingleBinding(binding) ? requestPathOwner(binding.value, depth + 1) : undefined;
    }
    if (node.type === 'subscript') {
      const key = node.fields.subscript;
      if (key && PATH_KEYS.has(stringValue(key) ?? '')) root = node.fields.value;
    } else if (node.type === 'call' && node.fields.function?.type === 'attribute' && node.fields.function.fields.attribute?.text === 'get') {
      const [key] = positionalArguments(node);
      if (key && PATH_KEYS.has(stringValue(key) ?? '')) root = node.fields.function.fields.object;
    } else if (node.type === 'attribute' && PATH_ATTRIBUTES.has(node.fields.attribute?.text ?? '')) {
      root = node.fields.object;
      // `request.url.path`
      if (root?.type === 'attribute' && root.fields.attribute?.text === 'url') root = root.fields.object;
    }
    if (root?.type !== 'identifier') return undefined;
    const binding = scopes.resolve(root);
    return binding?.kind === 'parameter' ? enclosingFunction(binding.node) : undefined;
  }

  /** Record `(path, handler)` when the path is a literal route. */
  function addRoute(pathNode: PyNode | undefined, handler: PyNode | undefined): void {
    const path = pathNode && pathValue(pathNode);
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
 * A FastAPI dependency (`db: Session = Depends(get_db)`) is work done for the handler, so it counts as a
 * check, unless the dependency only reads facts (`settings = Depends(get_settings)`).
 */
function isConstantResponse(handler: PyNode, scopes: PythonScopes): boolean {
  const parameters = handler.fields.parameters;
  for (const param of parameters?.children ?? []) {
    const value = param.fields.value;
    if (value?.type !== 'call') continue;
    const [dependency] = positionalArguments(value);
    const helper = dependency && scopes.qualifiedName(value.fields.function ?? value) === 'fastapi.Depends' ? localFunction(dependency, scopes) : undefined;
    if (!helper || !isFactHelper(helper, scopes, 1)) return false;
  }
  const body = handler.fields.body;
  return body !== undefined && isConstantBody(body, handler, scopes, 0);
}

/**
 * Whether the code that answers (a handler's body, or the branch under a path comparison) only builds a
 * constant response: no await other than sending the response, no branch, every call harmless.
 * `if TYPE_CHECKING:` blocks and imports are not work.
 */
function isConstantBody(body: PyNode, owner: PyNode, scopes: PythonScopes, depth: number): boolean {
  const stack: PyNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_statement' || node.type === 'import_from_statement' || isTypeCheckingBlock(node, scopes)) continue;
    // ASGI `await send({"type": "http.response.start", "status": 200})`, `await PlainTextResponse("ok")(scope, receive, send)`
    if (node.type === 'await') {
      const operand = node.children[0];
      if (operand?.type !== 'call' || !isResponseSend(operand, owner, scopes)) return false;
    } else if (CHECKING_NODES.has(node.type)) return false;
    if (node.type === 'call' && !isHarmlessCall(node, owner, scopes, depth)) return false;
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

/**
 * Whether a project helper defined in this file only reads facts (`get_version()`, `build_info()`): every
 * call it makes is harmless, and it awaits and enters nothing. Branches are allowed; its result deciding
 * the status is judged where the status is set.
 */
function isFactHelper(fn: PyNode, scopes: PythonScopes, depth: number): boolean {
  if (depth > MAX_HELPER_DEPTH) return false;
  const stack: PyNode[] = fn.fields.body ? [fn.fields.body] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_statement' || node.type === 'import_from_statement' || isTypeCheckingBlock(node, scopes)) continue;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'await' || node.type === 'yield' || node.type === 'with_statement') return false;
    if (node.type === 'call' && !isHarmlessCall(node, fn, scopes, depth)) return false;
    stack.push(...node.children);
  }
  return true;
}

/** `if TYPE_CHECKING:` */
function isTypeCheckingBlock(node: PyNode, scopes: PythonScopes): boolean {
  const condition = node.type === 'if_statement' ? node.fields.condition : undefined;
  return condition !== undefined && TYPE_CHECKING.has(scopes.qualifiedName(condition) ?? '');
}

/** The function defined in this file a name or `self.<method>` stands for. */
function localFunction(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    return binding?.kind === 'function' && scopes.isSingleBinding(binding) && binding.node.parent?.type === 'function_definition' ? binding.node.parent : undefined;
  }
  if (node.type === 'attribute' && node.fields.object?.text === 'self') {
    const name = node.fields.attribute?.text;
    for (let current = node.parent; current; current = current.parent) {
      if (current.type !== 'class_definition') continue;
      for (const statement of current.fields.body?.children ?? []) {
        const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
        if (definition?.type === 'function_definition' && definition.fields.name?.text === name) return definition;
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * Whether a call sends the response of a raw ASGI/WSGI app: the `send` / `start_response` parameter called
 * with a constant status, or a response object called with `(scope, receive, send)`.
 */
function isResponseSend(call: PyNode, owner: PyNode, scopes: PythonScopes): boolean {
  const callee = call.fields.function;
  if (!callee) return false;
  if (callee.type === 'identifier' && isParameterOf(callee, owner, scopes)) {
    return positionalArguments(call).every((arg) => arg.type !== 'dictionary' || dictionaryStatusIsConstant(arg, scopes));
  }
  const response = callee.type === 'identifier' ? assignedValue(callee, scopes) : callee;
  const builder = response?.type === 'call' ? response.fields.function : undefined;
  return builder !== undefined && RESPONSE_BUILDERS.has(scopes.qualifiedName(builder) ?? '');
}

/**
 * Whether the code under a path comparison answers the request: it sends a response (ASGI `send`,
 * WSGI `start_response`, a response object called or built) or returns a value other than `None`.
 * A branch that only returns `None` or falls through lets the request go on to the real route (a rate
 * limiter or an authentication middleware exempting the probe path).
 */
function answers(body: PyNode, owner: PyNode, scopes: PythonScopes): boolean {
  const stack: PyNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'return_statement') {
      const value = node.children[0];
      if (value && value.type !== 'none') return true;
    }
    if (node.type === 'call') {
      const builder = node.fields.function && scopes.qualifiedName(node.fields.function);
      if (isResponseSend(node, owner, scopes) || (builder !== undefined && RESPONSE_BUILDERS.has(builder))) return true;
    }
    stack.push(...node.children);
  }
  return false;
}

/** `{"type": "http.response.start", "status": 200}`: its status, if any, is a constant. */
function dictionaryStatusIsConstant(dict: PyNode, scopes: PythonScopes): boolean {
  return dict.children.every((pair) => pair.type !== 'pair' || stringValue(pair.fields.key ?? pair) !== 'status' || (pair.fields.value !== undefined && isConstantStatus(pair.fields.value, scopes)));
}

function isParameterOf(name: PyNode, owner: PyNode, scopes: PythonScopes): boolean {
  const binding = scopes.resolve(name);
  return binding?.kind === 'parameter' && enclosingFunction(binding.node) === owner;
}

function assignedValue(name: PyNode, scopes: PythonScopes): PyNode | undefined {
  const binding = scopes.resolve(name);
  return binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
}

/** Whether a call only builds the response or reads a harmless fact, with any status it sets constant. */
function isHarmlessCall(call: PyNode, owner: PyNode, scopes: PythonScopes, depth: number): boolean {
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
    if (HARMLESS_CALLS.has(name) || SHAPING_BUILTINS.has(name) || isFactCall(name)) return true;
  }
  if (isResponseSend(call, owner, scopes)) return true;
  if (callee.type === 'identifier' && isLocalDataClass(callee, scopes)) return true;
  // A project helper that only reads facts: `get_version()`, `self.build_info()`
  const helper = localFunction(callee, scopes);
  if (helper && helper !== owner && isFactHelper(helper, scopes, depth + 1)) return true;
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
