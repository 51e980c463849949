/**
 * Outbound clients in Python and how each call to them is bounded in time: which call shapes reach
 * another system, which keyword bounds them, and what the library does when it is absent.
 *
 * Rules ask `outboundCallOf(call, scopes, wrappers)` and get `{ client, label, bounded, missing, ... }`:
 * `bounded` is true, false (nothing bounds it, or it passes `timeout=None` itself) or undefined
 * (keywords built elsewhere: `**kwargs`, `*args`). Defaults relied on (versions in
 * docs/rules/require-io-timeout.md):
 * - requests 2.32: `timeout=None`, no limit; it passes None down, so `socket.setdefaulttimeout` does
 *   not bound it. A Session has no default timeout (`session.timeout = 5` does nothing).
 * - urllib.request, http.client, smtplib, ftplib, imaplib, poplib, socket.create_connection: the
 *   socket module default, None unless `socket.setdefaulttimeout(n)` is called.
 * - redis-py 5: `socket_timeout=None`. psycopg 3 / psycopg2: libpq `connect_timeout` 0 (forever).
 * - subprocess: `timeout=None`; `Popen.wait()` / `.communicate()` likewise. Celery 5:
 *   `AsyncResult.get(timeout=None)`.
 * - httpx 0.28: 5 s by default; aiohttp 3: 300 s total by default. Only `timeout=None` (and an empty
 *   `aiohttp.ClientTimeout()`) turns them off.
 */
import type { PyModule, PyNode } from '../../languages/python/ast.js';
import type { Binding, PythonScopes } from './scope.js';
import { enclosingClass, hasKeywordSplat, keywordArgument, positionalArguments, stringValue } from './syntax.js';

/** A project wrapper around an outbound client and the keyword that bounds it (rule option `clients`). */
export interface ClientWrapper {
  name: string;
  option: string;
}

export interface PyOutboundCall {
  /** The library (`requests`, `redis`, `subprocess`, ...) or the wrapper's name. */
  client: string;
  /** How a message names the call: `requests.get()`, `self.session.post()`. */
  label: string;
  /** true: bounded; false: waits without limit; undefined: keywords built elsewhere, unknown. */
  bounded: boolean | undefined;
  /** Whether the call turns the limit off itself (`timeout=None`). */
  disabled: boolean;
  /** The keyword that bounds the call. */
  missing: string;
  /** What a suggestion would write (`timeout=10`), when the library's unit is known. */
  suggestion?: string;
  /** The keyword argument that turns the limit off, for a suggestion that replaces it. */
  disabling?: PyNode;
  /** Turned off where the client object was created (`httpx.Client(timeout=None)`), not in the call. */
  inherited?: boolean;
  /** Whether the client is asynchronous, so an enclosing `asyncio.timeout()` can cancel it. */
  async: boolean;
  /** Whether `socket.setdefaulttimeout(n)` bounds the call when nothing else does (set in this file or, the rule asks, elsewhere in the process). */
  socketDefault: boolean;
}

interface Spec {
  client: string;
  keyword: string;
  /** Position of the timeout among positional arguments, when it can be passed positionally. */
  position?: number;
  /** The library's default is bounded: only an explicit `timeout=None` is a finding. */
  boundedByDefault?: boolean;
  /** Bounded by `socket.setdefaulttimeout(n)`. */
  socketDefault?: boolean;
  /** The constructor connects only when given a host (`smtplib.SMTP()` alone does not). */
  connectsWithHost?: boolean;
  async?: boolean;
  suggestion?: string;
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Module-level functions that make one outbound call. */
const FUNCTIONS = new Map<string, Spec>([
  ...VERBS.flatMap((verb): [string, Spec][] => [
    [`requests.${verb}`, { client: 'requests', keyword: 'timeout', suggestion: 'timeout=10' }],
    [`requests.api.${verb}`, { client: 'requests', keyword: 'timeout', suggestion: 'timeout=10' }],
    [`httpx.${verb}`, { client: 'httpx', keyword: 'timeout', boundedByDefault: true, suggestion: 'timeout=10' }],
  ]),
  ['httpx.stream', { client: 'httpx', keyword: 'timeout', boundedByDefault: true, suggestion: 'timeout=10' }],
  ['aiohttp.request', { client: 'aiohttp', keyword: 'timeout', boundedByDefault: true, async: true }],
  ['urllib.request.urlopen', { client: 'urllib', keyword: 'timeout', position: 2, socketDefault: true, suggestion: 'timeout=10' }],
  ['http.client.HTTPConnection', { client: 'http.client', keyword: 'timeout', position: 2, socketDefault: true, suggestion: 'timeout=10' }],
  ['http.client.HTTPSConnection', { client: 'http.client', keyword: 'timeout', socketDefault: true, suggestion: 'timeout=10' }],
  ['smtplib.SMTP', { client: 'smtplib', keyword: 'timeout', position: 3, connectsWithHost: true, socketDefault: true, suggestion: 'timeout=10' }],
  ['smtplib.SMTP_SSL', { client: 'smtplib', keyword: 'timeout', connectsWithHost: true, socketDefault: true, suggestion: 'timeout=10' }],
  ['ftplib.FTP', { client: 'ftplib', keyword: 'timeout', position: 4, connectsWithHost: true, socketDefault: true, suggestion: 'timeout=10' }],
  ['ftplib.FTP_TLS', { client: 'ftplib', keyword: 'timeout', connectsWithHost: true, socketDefault: true, suggestion: 'timeout=10' }],
  ['imaplib.IMAP4', { client: 'imaplib', keyword: 'timeout', position: 2, socketDefault: true, suggestion: 'timeout=10' }],
  ['imaplib.IMAP4_SSL', { client: 'imaplib', keyword: 'timeout', socketDefault: true, suggestion: 'timeout=10' }],
  ['poplib.POP3', { client: 'poplib', keyword: 'timeout', position: 2, socketDefault: true, suggestion: 'timeout=10' }],
  ['poplib.POP3_SSL', { client: 'poplib', keyword: 'timeout', socketDefault: true, suggestion: 'timeout=10' }],
  ['socket.create_connection', { client: 'socket', keyword: 'timeout', position: 1, socketDefault: true, suggestion: 'timeout=10' }],
  ...['redis.Redis', 'redis.StrictRedis', 'redis.client.Redis', 'redis.from_url', 'redis.Redis.from_url', 'redis.StrictRedis.from_url', 'redis.asyncio.Redis', 'redis.asyncio.from_url', 'redis.asyncio.Redis.from_url', 'redis.asyncio.client.Redis'].map(
    (name): [string, Spec] => [name, { client: 'redis', keyword: 'socket_timeout', suggestion: 'socket_timeout=10' }],
  ),
  ...['psycopg2.connect', 'psycopg.connect', 'psycopg.Connection.connect', 'psycopg.AsyncConnection.connect'].map(
    (name): [string, Spec] => [name, { client: 'psycopg', keyword: 'connect_timeout', suggestion: 'connect_timeout=10' }],
  ),
  ...['run', 'call', 'check_call', 'check_output'].map((fn): [string, Spec] => [`subprocess.${fn}`, { client: 'subprocess', keyword: 'timeout', suggestion: 'timeout=60' }]),
]);

/** Constructors whose objects make outbound calls through methods, by the kind of object they make. */
const CONSTRUCTORS = new Map<string, string>([
  ['requests.Session', 'requests.Session'],
  ['requests.session', 'requests.Session'],
  ['requests.sessions.Session', 'requests.Session'],
  ['httpx.Client', 'httpx.Client'],
  ['httpx.AsyncClient', 'httpx.Client'],
  ['aiohttp.ClientSession', 'aiohttp.ClientSession'],
  ['subprocess.Popen', 'subprocess.Popen'],
  ['celery.result.AsyncResult', 'celery.AsyncResult'],
]);

/** The methods of each kind of object that wait on another system. */
const METHODS = new Map<string, Map<string, Spec>>([
  ['requests.Session', new Map([...VERBS, 'send'].map((verb): [string, Spec] => [verb, { client: 'requests', keyword: 'timeout', suggestion: 'timeout=10' }]))],
  ['httpx.Client', new Map([...VERBS, 'send', 'stream'].map((verb): [string, Spec] => [verb, { client: 'httpx', keyword: 'timeout', boundedByDefault: true, suggestion: 'timeout=10' }]))],
  ['aiohttp.ClientSession', new Map([...VERBS, 'ws_connect'].map((verb): [string, Spec] => [verb, { client: 'aiohttp', keyword: 'timeout', boundedByDefault: true, async: true }]))],
  [
    'subprocess.Popen',
    new Map<string, Spec>([
      ['wait', { client: 'subprocess', keyword: 'timeout', position: 0, suggestion: 'timeout=60' }],
      ['communicate', { client: 'subprocess', keyword: 'timeout', position: 1, suggestion: 'timeout=60' }],
    ]),
  ],
  ['celery.AsyncResult', new Map<string, Spec>([['get', { client: 'Celery', keyword: 'timeout', position: 0, suggestion: 'timeout=60' }]])],
]);

/** Constructors whose `timeout=` keyword sets the default of every call made through the object. */
const CONFIGURABLE = new Set(['httpx.Client', 'aiohttp.ClientSession']);

/** Facts gathered once per module: module defaults and the sessions given a timeout after creation. */
interface ModuleFacts {
  /** `socket.setdefaulttimeout(n)` with n not None, anywhere in the file. */
  socketDefault: boolean;
  /** Receivers configured with a timeout: `s.mount(prefix, TimeoutAdapter(timeout=5))`, `s.request = partial(s.request, timeout=5)`. */
  configured: Set<string>;
}

const factsCache = new WeakMap<PyModule, ModuleFacts>();

function moduleFacts(root: PyModule, scopes: PythonScopes): ModuleFacts {
  let facts = factsCache.get(root);
  if (facts) return facts;
  facts = { socketDefault: false, configured: new Set() };
  const stack: PyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    stack.push(...node.children);
    if (node.type === 'call') {
      const callee = node.fields.function;
      if (!callee) continue;
      const [first] = positionalArguments(node);
      if (scopes.qualifiedName(callee) === 'socket.setdefaulttimeout' && first && first.type !== 'none') facts.socketDefault = true;
      // `session.mount("https://", TimeoutHTTPAdapter(timeout=5))`
      if (callee.type === 'attribute' && callee.fields.attribute?.text === 'mount' && callee.fields.object) {
        const adapter = positionalArguments(node)[1] ?? keywordArgument(node, 'adapter');
        if (adapter?.type === 'call' && keywordArgument(adapter, 'timeout')) addKey(callee.fields.object);
      }
    } else if (node.type === 'assignment') {
      // `session.request = functools.partial(session.request, timeout=5)`
      const left = node.fields.left;
      if (left?.type === 'attribute' && (left.fields.attribute?.text === 'request' || left.fields.attribute?.text === 'send') && left.fields.object) {
        addKey(left.fields.object);
      }
    }
  }
  factsCache.set(root, facts);
  return facts;

  function addKey(receiver: PyNode): void {
    const key = receiverKey(receiver, scopes);
    if (key) facts!.configured.add(key);
  }
}

/** Whether a module calls `socket.setdefaulttimeout(n)` with n not None (names resolved through imports and aliases). */
export function setsSocketDefaultTimeout(root: PyModule, scopes: PythonScopes): boolean {
  return moduleFacts(root, scopes).socketDefault;
}

const bindingIds = new WeakMap<Binding, number>();
let nextBindingId = 0;

/** A stable key for what a receiver names: a binding, or `self.<attr>` of one class. */
export function receiverKey(receiver: PyNode, scopes: PythonScopes): string | undefined {
  if (receiver.type === 'identifier') {
    const binding = scopes.resolve(receiver);
    if (!binding) return undefined;
    let id = bindingIds.get(binding);
    if (id === undefined) bindingIds.set(binding, (id = nextBindingId++));
    return `binding:${id}`;
  }
  const attr = selfAttribute(receiver);
  const owner = attr && enclosingClass(receiver);
  return attr && owner ? `${owner.start}:self.${attr}` : undefined;
}

/** `x` of `self.x`, if the node is one. */
function selfAttribute(node: PyNode): string | undefined {
  if (node.type !== 'attribute' || node.fields.object?.type !== 'identifier' || node.fields.object.text !== 'self') return undefined;
  return node.fields.attribute?.text;
}

/**
 * The call that created the object `receiver` names, followed through local and module variables,
 * `with ... as x`, and `self.x = ...` assigned in the class's `__init__`.
 */
export function creatingCall(receiver: PyNode, scopes: PythonScopes, depth = 0): PyNode | undefined {
  if (depth > 8) return undefined;
  if (receiver.type === 'call') return receiver;
  if (receiver.type === 'parenthesized_expression' && receiver.children.length === 1) return creatingCall(receiver.children[0], scopes, depth + 1);
  if (receiver.type === 'identifier') {
    const binding = scopes.resolve(receiver);
    if (!binding) return undefined;
    if (binding.kind === 'assignment' && binding.value) return creatingCall(binding.value, scopes, depth + 1);
    // `with requests.Session() as s:`
    const target = binding.node.parent;
    if (binding.kind === 'other' && target?.type === 'as_pattern_target' && target.parent?.type === 'as_pattern') {
      const value = target.parent.children[0];
      return value && value !== target ? creatingCall(value, scopes, depth + 1) : undefined;
    }
    return undefined;
  }
  const attr = selfAttribute(receiver);
  const owner = attr && enclosingClass(receiver);
  if (!attr || !owner) return undefined;
  const init = owner.fields.body?.children.find((child) => {
    const fn = child.type === 'decorated_definition' ? child.fields.definition : child;
    return fn?.type === 'function_definition' && fn.fields.name?.text === '__init__';
  });
  const stack = init ? [init] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment' && node.fields.left && selfAttribute(node.fields.left) === attr && node.fields.right) {
      return creatingCall(node.fields.right, scopes, depth + 1);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  // `class Douban: session = requests.Session()` read as `self.session`: a class attribute, shared by
  // every instance (`__init__` did not set its own).
  for (const statement of owner.fields.body?.children ?? []) {
    const assignment = statement.type === 'expression_statement' ? statement.children[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.fields.left : undefined;
    if (left?.type === 'identifier' && left.text === attr && assignment!.fields.right) return creatingCall(assignment!.fields.right, scopes, depth + 1);
  }
  return undefined;
}

/** The kind of object (`requests.Session`, `celery.AsyncResult`, ...) a creating call makes. */
function objectKind(call: PyNode, scopes: PythonScopes): string | undefined {
  const callee = call.fields.function;
  if (!callee) return undefined;
  const name = scopes.qualifiedName(callee);
  const kind = name && CONSTRUCTORS.get(name);
  if (kind) return kind;
  // `task.delay(...)`, `task.apply_async(...)`, `app.AsyncResult(task_id)`
  const method = callee.type === 'attribute' ? callee.fields.attribute?.text : undefined;
  if (method === 'delay' || method === 'apply_async' || method === 'AsyncResult' || name?.endsWith('.AsyncResult')) return 'celery.AsyncResult';
  return undefined;
}

/** Whether a value turns a limit off: `None`, or `aiohttp.ClientTimeout()` with no limit set. */
function isDisablingValue(value: PyNode, scopes: PythonScopes): boolean {
  if (value.type === 'none') return true;
  if (value.type === 'call' && value.fields.function && scopes.qualifiedName(value.fields.function) === 'aiohttp.ClientTimeout') {
    const args = value.fields.arguments?.children.filter((arg) => arg.named) ?? [];
    return args.every((arg) => arg.type === 'keyword_argument' && arg.fields.value?.type === 'none');
  }
  return false;
}

/** The verdict of a call's own arguments for `spec`. */
function judge(call: PyNode, spec: Spec, scopes: PythonScopes): Pick<PyOutboundCall, 'bounded' | 'disabled' | 'disabling'> {
  const keyword = keywordArgument(call, spec.keyword);
  if (keyword) {
    if (isDisablingValue(keyword, scopes)) return { bounded: false, disabled: true, disabling: keyword.parent ?? undefined };
    return { bounded: true, disabled: false };
  }
  const positional = positionalArguments(call);
  if (spec.position !== undefined && positional.length > spec.position) {
    const value = positional[spec.position];
    return isDisablingValue(value, scopes) ? { bounded: false, disabled: true } : { bounded: true, disabled: false };
  }
  const args = call.fields.arguments?.children ?? [];
  if (hasKeywordSplat(call) || args.some((arg) => arg.type === 'list_splat')) return { bounded: undefined, disabled: false };
  return { bounded: false, disabled: false };
}

/** Whether a libpq connection string in the call sets `connect_timeout`. */
function dsnSetsTimeout(call: PyNode): boolean {
  const dsn = positionalArguments(call)[0] ?? keywordArgument(call, 'dsn') ?? keywordArgument(call, 'conninfo');
  if (!dsn) return false;
  // An f-string's literal parts still show a `connect_timeout=` written in them.
  const parts = dsn.type === 'string' || dsn.type === 'concatenated_string' ? [dsn] : [];
  return parts.some((part) => collectText(part).includes('connect_timeout'));
}

/** Whether a redis URL literal sets `socket_timeout`. */
function urlSetsTimeout(call: PyNode): boolean {
  const url = positionalArguments(call)[0] ?? keywordArgument(call, 'url');
  const text = url ? stringValue(url) : undefined;
  return text?.includes('socket_timeout') ?? false;
}

/** The literal text of a string node, interpolations left out. */
function collectText(node: PyNode): string {
  if (node.type === 'string_content') return node.text ?? '';
  return node.children.filter((child) => child.type !== 'interpolation').map(collectText).join('');
}

/**
 * The outbound call `call` makes, with how it is bounded, or undefined when it is not a call to a
 * known client. `wrappers` are the project's own clients (rule option `clients`).
 */
export function outboundCallOf(call: PyNode, scopes: PythonScopes, sourceText: string, wrappers: readonly ClientWrapper[] = []): PyOutboundCall | undefined {
  const callee = call.fields.function;
  if (!callee) return undefined;
  const root = scopes.module.node as PyModule;
  // Only the callee's tail is read: a callee may be a long expression.
  const raw = sourceText.slice(Math.max(callee.start, callee.end - 80), callee.end).replace(/\s+/g, '');
  const label = `${raw.length > 40 ? `…${raw.slice(-39)}` : raw}()`;
  const name = scopes.qualifiedName(callee);

  const wrapper = wrappers.find((w) => w.name === name || (callee.type === 'identifier' && w.name === callee.text) || (callee.type === 'attribute' && w.name === callee.fields.attribute?.text));
  if (wrapper) {
    const spec: Spec = { client: wrapper.name, keyword: wrapper.option };
    return { client: wrapper.name, label, missing: wrapper.option, async: false, socketDefault: false, ...judge(call, spec, scopes) };
  }

  const direct = name === undefined ? undefined : FUNCTIONS.get(name);
  if (direct?.connectsWithHost && !positionalArguments(call).length && !keywordArgument(call, 'host')) return undefined;
  if (direct) return verdict(direct, judge(call, direct, scopes));

  // Constructors of configurable clients: `httpx.Client(timeout=None)`
  const made = name === undefined ? undefined : CONSTRUCTORS.get(name);
  if (made && CONFIGURABLE.has(made)) {
    const spec = [...METHODS.get(made)!.values()][0];
    const own = judge(call, spec, scopes);
    return own.disabled ? verdict(spec, own) : undefined;
  }

  // Methods on client objects: `session.get(url)`, `self.client.post(...)`, `proc.communicate()`, `task.delay(x).get()`
  if (callee.type !== 'attribute') return undefined;
  const method = callee.fields.attribute?.text ?? '';
  const receiver = callee.fields.object;
  if (!receiver) return undefined;
  const creator = creatingCall(receiver, scopes);
  const kind = creator && objectKind(creator, scopes);
  const spec = kind ? METHODS.get(kind)?.get(method) : undefined;
  if (!creator || !kind || !spec) return undefined;
  const own = judge(call, spec, scopes);
  if (own.bounded !== false || own.disabled) return verdict(spec, own);
  // The object's own default: `httpx.Client(timeout=None)` makes every call unbounded; a session given
  // a timeout after creation (an adapter, a partial) bounds every call.
  if (CONFIGURABLE.has(kind)) {
    const made = judge(creator, spec, scopes);
    return made.disabled ? { ...verdict(spec, { bounded: false, disabled: true }), inherited: true } : undefined;
  }
  const key = receiverKey(receiver, scopes);
  if (key && moduleFacts(root, scopes).configured.has(key)) return verdict(spec, { bounded: true, disabled: false });
  return verdict(spec, own);

  function verdict(spec: Spec, own: Pick<PyOutboundCall, 'bounded' | 'disabled' | 'disabling'>): PyOutboundCall {
    const result: PyOutboundCall = { client: spec.client, label, missing: spec.keyword, async: spec.async ?? false, socketDefault: spec.socketDefault ?? false, suggestion: spec.suggestion, ...own };
    if (spec.boundedByDefault && !own.disabled) result.bounded = true;
    if (result.bounded === false && !own.disabled && spec.socketDefault && moduleFacts(root, scopes).socketDefault) result.bounded = true;
    if (result.bounded === false && !own.disabled && spec.client === 'psycopg' && (dsnSetsTimeout(call) || isAsyncConnection(call))) result.bounded = true;
    if (result.bounded === false && !own.disabled && spec.client === 'redis' && urlSetsTimeout(call)) result.bounded = true;
    return result;
  }
}

/**
 * psycopg2's `connect(..., async_=True)` (or the older `async=1`) returns at once: the program drives
 * the connection with `conn.poll()` and its own wait loop, and libpq ignores `connect_timeout` in
 * that mode, so the call has nothing to bound.
 */
function isAsyncConnection(call: PyNode): boolean {
  const flag = keywordArgument(call, 'async_');
  return flag !== undefined && flag.type !== 'false' && flag.type !== 'none' && !(flag.type === 'integer' && flag.text === '0');
}
