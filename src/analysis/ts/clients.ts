/**
 * Outbound clients in TS/JS and how each call to them is bounded in time: which call shapes reach
 * another system, which option bounds them, and what the library does when the option is absent.
 *
 * Rules ask `outboundCallOf(call, scope, facts)` and get `{ client, label, bounded, missing, ... }`:
 * `bounded` is true (an option, the instance or a module default bounds it), false (nothing does,
 * or the option turns the limit off) or undefined (options built elsewhere: a spread, a variable).
 * Library defaults (checked versions in docs/rules/require-io-timeout.md):
 * - global `fetch` / undici: no overall limit; undici's 300 s headers and body timers restart on
 *   every chunk, so a slow or stalled-after-headers response can last forever. node-fetch: none.
 * - axios 1.x: `timeout: 0` (none). got 14: no timeout. superagent 10: none.
 * - node:http(s): none; its `timeout` option only emits an event, `signal` aborts.
 * - pg 8: `connectionTimeoutMillis: 0`, no `statement_timeout` / `query_timeout`.
 * - node:child_process exec/execFile/…Sync/spawnSync: `timeout: 0` (none).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable, propertyName, qualifiedName, unwrap } from './names.js';
import { nameWords } from '../name-shapes.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;

/** A project wrapper around an outbound client and the option that bounds it (rule option `clients`). */
export interface ClientWrapper {
  name: string;
  option: string;
}

/** How the missing option would be written, for a suggestion. */
export type BoundStyle = 'signal' | 'timeoutMs' | 'gotTimeout' | 'chainTimeout' | 'pgTimeout';

export interface OutboundCall {
  /** The library (`fetch`, `axios`, `got`, …) or the wrapper's name. */
  client: string;
  /** How a message names the call: `fetch()`, `axios.get()`, `api.post()`. */
  label: string;
  /** true: bounded; false: waits without limit; undefined: options built elsewhere, unknown. */
  bounded: boolean | undefined;
  /** Whether the call turns the limit off itself (`timeout: 0`), as opposed to leaving it out. */
  disabled: boolean;
  /** The option that bounds the call (`signal`, `timeout`, `connectionTimeoutMillis`). */
  missing: string;
  style?: BoundStyle;
  /** The options object a suggestion extends, when the call has one. */
  options?: TSESTree.ObjectExpression;
  /** Otherwise the argument index a new options object goes to (arguments before it padded with `undefined`). */
  optionsIndex?: number;
}

/** What a file sets up once: module defaults and client instances, keyed by variable or `this.<field>`. */
export interface ClientFacts {
  /** `axios.defaults.timeout = 5000` somewhere in the file. */
  axiosDefaultTimeout: boolean;
  /** Instances: `const api = axios.create({...})`, `this.http = got.extend({...})`. */
  instances: Map<TSESLint.Scope.Variable | string, Instance>;
}

interface Instance {
  client: 'axios' | 'got';
  bounded: boolean | undefined;
  /** Created with the limit turned off (`timeout: 0`), which module defaults do not undo. */
  disabled: boolean;
}

const HTTP_VERBS = new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch']);
/** axios verbs whose config is the third argument (`axios.post(url, data, config)`). */
const AXIOS_DATA_VERBS = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_VERBS = new Set([...HTTP_VERBS, 'stream', 'paginate']);
const CHILD_PROCESS = new Set(['exec', 'execFile', 'execSync', 'execFileSync', 'spawnSync']);
/** `pg` options that put a limit on connecting or on queries. */
const PG_BOUNDS = ['connectionTimeoutMillis', 'statement_timeout', 'query_timeout', 'connect_timeout'];

/** `import axios from 'axios'` is `axios.default`; `require('axios')` is `axios`: one name for both. */
function canonical(name: string): string {
  const match = /^((?:@[^.]+\/)?[^.]+)\.default(?=$|\.)/.exec(name);
  if (match) return match[1] + name.slice(match[0].length);
  // got 12+ also exports itself by name: `import { got } from 'got'` is the default export.
  for (const library of SELF_NAMED_EXPORTS) {
    const prefix = `${library}.${library}`;
    if (name === prefix || name.startsWith(`${prefix}.`)) return library + name.slice(prefix.length);
  }
  return name;
}

/** Libraries whose default export is also exported under the library's own name. */
const SELF_NAMED_EXPORTS = ['got'];

/** The module a `require('m')` initializer loads, if it is one. */
function requiredModule(init: Node): string | undefined {
  const expr = unwrap(init);
  if (expr.type !== 'CallExpression' || expr.callee.type !== 'Identifier' || expr.callee.name !== 'require') return undefined;
  const [arg] = expr.arguments;
  if (arg?.type !== 'Literal' || typeof arg.value !== 'string') return undefined;
  return arg.value.startsWith('node:') ? arg.value.slice(5) : arg.value;
}

/**
 * The library name an expression stands for, with ES imports (through `qualifiedName`) and CommonJS
 * `require` followed: `const { exec } = require('node:child_process')` makes `exec` `child_process.exec`.
 */
export function resolveClientName(node: Node, scope: Scope, depth = 0): string | undefined {
  if (depth > 10) return undefined;
  const qualified = qualifiedName(node, scope);
  if (qualified !== undefined) return canonical(qualified);
  const expr = unwrap(node);
  if (expr.type === 'MemberExpression') {
    const property = propertyName(expr);
    const base = property === undefined ? undefined : resolveClientName(expr.object, scope, depth + 1);
    return base === undefined ? undefined : `${base}.${property}`;
  }
  if (expr.type === 'CallExpression') return requiredModule(expr);
  if (expr.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, expr.name);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (!declarator.init) return undefined;
  const init = unwrap(declarator.init);
  const base = requiredModule(init) ?? (init.type === 'MemberExpression' ? resolveClientName(init, variable.scope, depth + 1) : undefined);
  if (base === undefined) return undefined;
  if (declarator.id.type === 'Identifier') return base;
  // `const { exec, request: req } = require('m')`
  if (declarator.id.type === 'ObjectPattern') {
    for (const property of declarator.id.properties) {
      if (property.type === 'Property' && property.value.type === 'Identifier' && property.value.name === expr.name && !property.computed && property.key.type === 'Identifier') {
        return `${base}.${property.key.name}`;
      }
    }
  }
  return undefined;
}

/** Whether a literal turns a limit off: `0`, `null`, `undefined`, `Infinity`. */
function isDisablingValue(value: Node): boolean {
  const expr = unwrap(value);
  if (expr.type === 'Literal') return expr.value === 0 || expr.value === null;
  return expr.type === 'Identifier' && (expr.name === 'undefined' || expr.name === 'Infinity');
}

/** The property `key` of an object literal, if written out. */
function property(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  for (const prop of object.properties) {
    if (prop.type !== 'Property' || prop.computed) continue;
    const name = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
    if (name === key) return prop;
  }
  return undefined;
}

/**
 * Whether an options argument bounds the call through one of `keys`: true, false (absent, or set
 * to a value that turns the limit off), or undefined when the object is built elsewhere.
 */
export function optionsBound(options: Node | undefined, keys: readonly string[]): { bounded: boolean | undefined; disabled: boolean } {
  if (!options) return { bounded: false, disabled: false };
  const expr = unwrap(options);
  if (expr.type !== 'ObjectExpression') return { bounded: undefined, disabled: false };
  let disabled = false;
  for (const key of keys) {
    const prop = property(expr, key);
    if (!prop) continue;
    if (!isDisablingValue(prop.value as Node)) return { bounded: true, disabled: false };
    disabled = true;
  }
  if (!disabled && expr.properties.some((prop) => prop.type === 'SpreadElement')) return { bounded: undefined, disabled: false };
  return { bounded: false, disabled };
}

/** The object literal an argument is, if it is one. */
function objectLiteral(node: Node | undefined): TSESTree.ObjectExpression | undefined {
  const expr = node && unwrap(node);
  return expr?.type === 'ObjectExpression' ? expr : undefined;
}

/** Whether an argument is a plain value that cannot carry options (a string, a URL, a callback). */
function isNotOptions(node: Node): boolean {
  const expr = unwrap(node);
  return (
    expr.type === 'Literal' ||
    expr.type === 'TemplateLiteral' ||
    expr.type === 'ArrowFunctionExpression' ||
    expr.type === 'FunctionExpression' ||
    expr.type === 'ArrayExpression' ||
    (expr.type === 'NewExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'URL') ||
    expr.type === 'BinaryExpression' ||
    namesAddress(expr)
  );
}

/** Words that name a child process's argument list. */
const ARGUMENT_WORDS = new Set(['args', 'argv', 'arguments']);

/** Words that make a name an address, not an options object: `url`, `targetUrl`, `this.endpoint`, `href`. */
const ADDRESS_WORDS = new Set(['url', 'uri', 'href', 'endpoint']);

/** `http.get(url, cb)`: a variable or property named for an address holds a string or a URL. */
function namesAddress(expr: Node): boolean {
  const name = expr.type === 'Identifier' ? expr.name : expr.type === 'MemberExpression' ? propertyName(expr) : undefined;
  if (name === undefined) return false;
  const words = nameWords(name);
  return words.length > 0 && ADDRESS_WORDS.has(words[words.length - 1]);
}

/** Judge the options argument at `index` (a missing one is unbounded). */
function judgeAt(args: TSESTree.CallExpressionArgument[], index: number, keys: readonly string[]): Pick<OutboundCall, 'bounded' | 'disabled' | 'options' | 'optionsIndex'> {
  if (args.some((arg) => arg.type === 'SpreadElement')) return { bounded: undefined, disabled: false };
  const options = args[index];
  const verdict = optionsBound(options, keys);
  const literal = objectLiteral(options);
  return { ...verdict, ...(literal ? { options: literal } : { optionsIndex: index }) };
}

/** The callee text for messages, shortened: `this.http.get()` stays, a long chain becomes `….get()`. */
function labelOf(callee: Node, sourceText: string): string {
  // Only the callee's tail is read: a call's callee may be a whole function expression.
  const text = sourceText.slice(Math.max(callee.range[0], callee.range[1] - 80), callee.range[1]).replace(/\s+/g, '');
  return `${text.length > 40 ? `…${text.slice(-39)}` : text}()`;
}

/** The key an instance is stored under: its variable, or `this.<field>` for a class field. */
function instanceKey(node: Node, scope: Scope): TSESLint.Scope.Variable | string | undefined {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return findVariable(scope, expr.name);
  if (expr.type === 'MemberExpression' && unwrap(expr.object).type === 'ThisExpression') {
    const name = propertyName(expr);
    return name === undefined ? undefined : `this.${name}`;
  }
  return undefined;
}

/**
 * What the file sets up once, gathered from `Program`: axios module defaults and instances created
 * with `axios.create` / `got.extend` (in variables, class fields and `this.x = ...` assignments),
 * with `instance.defaults.timeout = n` counted for the instance.
 */
export function collectClientFacts(program: TSESTree.Program, scopeOf: (node: Node) => Scope): ClientFacts {
  const facts: ClientFacts = { axiosDefaultTimeout: false, instances: new Map() };
  const defaultsAssignments: TSESTree.AssignmentExpression[] = [];
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'VariableDeclarator' && node.init && node.id.type === 'Identifier') {
      noteInstance(node.id, node.init);
    } else if (node.type === 'PropertyDefinition' && node.value && !node.computed && node.key.type === 'Identifier') {
      noteInstance(node, node.value, `this.${node.key.name}`);
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      if (node.left.type === 'MemberExpression' && propertyName(node.left) === 'timeout') defaultsAssignments.push(node);
      else noteInstance(node.left, node.right);
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as Node).type === 'string') stack.push(item as Node);
      } else if (value && typeof (value as Node).type === 'string') stack.push(value as Node);
    }
  }
  // `axios.defaults.timeout = 5000`, `api.defaults.timeout = 5000`
  for (const assignment of defaultsAssignments) {
    const left = assignment.left as TSESTree.MemberExpression;
    const defaults = unwrap(left.object);
    if (defaults.type !== 'MemberExpression' || propertyName(defaults) !== 'defaults' || isDisablingValue(assignment.right)) continue;
    const scope = scopeOf(assignment);
    if (resolveClientName(defaults.object, scope) === 'axios') facts.axiosDefaultTimeout = true;
    const key = instanceKey(defaults.object, scope);
    const instance = key && facts.instances.get(key);
    if (instance) instance.bounded = true;
  }
  return facts;

  function noteInstance(target: Node, value: Node, key?: string): void {
    const init = unwrap(value);
    if (init.type !== 'CallExpression') return;
    const scope = scopeOf(init);
    const created = resolveClientName(init.callee, scope);
    const client = created === 'axios.create' ? 'axios' : created === 'got.extend' ? 'got' : undefined;
    if (!client) return;
    const where = key ?? instanceKey(target, scopeOf(target));
    if (where === undefined) return;
    const { bounded, disabled } = init.arguments.some((arg) => arg.type === 'SpreadElement') ? { bounded: undefined, disabled: false } : optionsBound(init.arguments[0], ['timeout', 'signal']);
    facts.instances.set(where, { client, bounded, disabled });
  }
}

/**
 * The outbound call `node` makes, with how it is bounded, or undefined when it is not a call to a
 * known client. `wrappers` are the project's own clients (rule option `clients`).
 */
export function outboundCallOf(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  scope: Scope,
  facts: ClientFacts,
  sourceText: string,
  wrappers: readonly ClientWrapper[] = [],
): OutboundCall | undefined {
  const callee = unwrap(node.callee);
  const args = node.arguments;
  const label = labelOf(callee, sourceText);
  const name = resolveClientName(callee, scope);

  if (node.type === 'NewExpression') {
    // `new pg.Pool({ connectionString })`, `new Client()`
    if (name !== 'pg.Pool' && name !== 'pg.Client') return undefined;
    return { client: 'pg', label: `new ${label}`, missing: 'connectionTimeoutMillis', style: 'pgTimeout', ...judgeAt(args, 0, PG_BOUNDS) };
  }

  if (name !== undefined) {
    const wrapper = wrappers.find((w) => w.name === name || w.name === name.slice(name.lastIndexOf('.') + 1));
    if (wrapper) return wrapperCall(wrapper);
    // `fetch(url, init)`, `undici.fetch`, `node-fetch`; node-fetch 2 also has its own `timeout`.
    if (name === 'fetch' || name === 'undici.fetch' || name === 'node-fetch' || name === 'node-fetch.fetch') {
      const keys = name.startsWith('node-fetch') ? ['signal', 'timeout'] : ['signal'];
      return { client: name === 'fetch' ? 'fetch' : name.split('.')[0], label, missing: 'signal', style: 'signal', ...judgeFetch(keys) };
    }
    // `undici.request(url, { headersTimeout, bodyTimeout })`
    if (name === 'undici.request' || name === 'undici.stream') {
      return { client: 'undici', label, missing: 'signal', style: 'signal', ...judgeAt(args, 1, ['signal']) };
    }
    if (name === 'axios' || name === 'axios.request') return axiosCall('axios', undefined, facts.axiosDefaultTimeout);
    if (name.startsWith('axios.')) {
      const verb = name.slice('axios.'.length);
      if (HTTP_VERBS.has(verb) || AXIOS_DATA_VERBS.has(verb)) return axiosCall('axios', verb, facts.axiosDefaultTimeout);
    }
    if (name === 'got' || (name.startsWith('got.') && GOT_VERBS.has(name.slice(4)))) {
      // `got(url, options)`, or the options alone with the URL inside: `got.post({ url, json })`.
      const index = args[0] && objectLiteral(args[0]) ? 0 : 1;
      return { client: 'got', label, missing: 'timeout', style: 'gotTimeout', ...judgeAt(args, index, ['timeout', 'signal']) };
    }
    // `superagent.get(url).set(...)`: bounded by a `.timeout(...)` anywhere in the chain.
    if (name.startsWith('superagent.') && HTTP_VERBS.has(name.slice('superagent.'.length).replace(/^del$/, 'delete'))) {
      return superagentCall();
    }
    if (name === 'http.request' || name === 'http.get' || name === 'https.request' || name === 'https.get') return httpCall();
    if (name.startsWith('child_process.') && CHILD_PROCESS.has(name.slice('child_process.'.length))) {
      const fn = name.slice('child_process.'.length);
      const index = fn === 'exec' || fn === 'execSync' ? 1 : args[1] && isArgumentList(args[1]) ? 2 : 1;
      // `execFile(file, argsVar, cb)`: a variable at 1 may be the arguments or the options.
      if (index === 1 && fn !== 'exec' && fn !== 'execSync' && args[1] && !isNotOptions(args[1]) && !objectLiteral(args[1])) {
        return { client: 'child_process', label, missing: 'timeout', bounded: undefined, disabled: false };
      }
      const options = args[index];
      if (options && !objectLiteral(options) && isNotOptions(options)) {
        // `exec(cmd, callback)`: no options; a new object goes before the callback.
        return { client: 'child_process', label, missing: 'timeout', style: 'timeoutMs', bounded: false, disabled: false, optionsIndex: index };
      }
      return { client: 'child_process', label, missing: 'timeout', style: 'timeoutMs', ...judgeAt(args, index, ['timeout']) };
    }
  }

  // Calls on instances: `api.get(url)`, `this.http.post(url, body)`, `api(config)`
  const instance = instanceOf(callee);
  if (instance) return instance;
  if (callee.type === 'MemberExpression') {
    const verb = propertyName(callee);
    const owner = verb === undefined ? undefined : instanceOf(callee.object, verb);
    if (owner) return owner;
  }
  // Wrappers named by their local or imported name.
  const localName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  const wrapper = localName === undefined ? undefined : wrappers.find((w) => w.name === localName);
  return wrapper ? wrapperCall(wrapper) : undefined;

  function instanceOf(target: Node, verb?: string): OutboundCall | undefined {
    const key = instanceKey(target, scope);
    const instance = key && facts.instances.get(key);
    if (!instance) return undefined;
    if (instance.client === 'axios') {
      if (verb !== undefined && verb !== 'request' && !HTTP_VERBS.has(verb) && !AXIOS_DATA_VERBS.has(verb)) return undefined;
      // Instances copy `axios.defaults` when they are created.
      const base = instance.bounded === false && !instance.disabled && facts.axiosDefaultTimeout ? true : instance.bounded;
      return axiosCall('its axios instance', verb === 'request' ? undefined : verb, base);
    }
    if (verb !== undefined && !GOT_VERBS.has(verb)) return undefined;
    return { client: 'its got instance', label, missing: 'timeout', style: 'gotTimeout', ...withInstance(judgeAt(args, 1, ['timeout', 'signal']), instance.bounded) };
  }

  /** A call's own verdict combined with its instance's: the instance's limit applies when the call sets none. */
  function withInstance<T extends { bounded: boolean | undefined; disabled: boolean }>(own: T, instanceBounded: boolean | undefined): T {
    if (own.bounded !== false || own.disabled) return own;
    return { ...own, bounded: instanceBounded };
  }

  function axiosCall(client: string, verb: string | undefined, base: boolean | undefined): OutboundCall {
    // `axios(config)`, `axios(url, config)`, `axios.get(url, config)`, `axios.post(url, data, config)`
    let index = verb === undefined ? (args[0] && objectLiteral(args[0]) ? 0 : 1) : AXIOS_DATA_VERBS.has(verb) ? 2 : 1;
    if (verb === undefined && args.length === 1 && !objectLiteral(args[0]) && !isNotOptions(args[0])) index = 0;
    return { client, label, missing: 'timeout', style: 'timeoutMs', ...withInstance(judgeAt(args, index, ['timeout', 'signal']), base) };
  }

  function judgeFetch(keys: string[]): Pick<OutboundCall, 'bounded' | 'disabled' | 'options' | 'optionsIndex'> {
    // `fetch(request)` with a Request built elsewhere may carry its own signal.
    if (args.length === 1 && isRequestObject(args[0])) return { bounded: undefined, disabled: false };
    return judgeAt(args, 1, keys);
  }

  /** `new Request(...)`, a variable initialised with one, or a parameter typed `Request`. */
  function isRequestObject(arg: Node): boolean {
    const expr = unwrap(arg);
    if (expr.type === 'NewExpression') return expr.callee.type === 'Identifier' && expr.callee.name === 'Request';
    if (expr.type !== 'Identifier') return false;
    const def = findVariable(scope, expr.name)?.defs[0];
    if (def?.type === 'Variable') return def.node.init ? isRequestObject(def.node.init) : false;
    if (def?.type !== 'Parameter') return false;
    const annotation = (def.name as TSESTree.Identifier).typeAnnotation?.typeAnnotation;
    return annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && annotation.typeName.name === 'Request';
  }

  function superagentCall(): OutboundCall | undefined {
    let outer: Node = node;
    for (;;) {
      const member: Node | undefined = outer.parent;
      if (member?.type !== 'MemberExpression' || member.object !== outer || member.parent?.type !== 'CallExpression' || member.parent.callee !== member) break;
      const method = propertyName(member);
      if (method === 'timeout') return { client: 'superagent', label, missing: '.timeout()', bounded: true, disabled: false };
      outer = member.parent;
    }
    // A chain kept in a variable may be given `.timeout()` later.
    const parent = outer.parent;
    if (parent?.type === 'VariableDeclarator' || parent?.type === 'AssignmentExpression') return { client: 'superagent', label, missing: '.timeout()', bounded: undefined, disabled: false };
    return { client: 'superagent', label, missing: '.timeout()', style: 'chainTimeout', bounded: false, disabled: false };
  }

  function httpCall(): OutboundCall {
    // `http.get(url, options?, cb?)`, `http.request(options, cb?)`
    const base: OutboundCall = { client: 'node:http', label, missing: 'signal', style: 'signal', bounded: false, disabled: false };
    const [first, second] = args;
    if (args.some((arg) => arg.type === 'SpreadElement')) return { ...base, bounded: undefined };
    if (first && objectLiteral(first)) Object.assign(base, judgeAt(args, 0, ['signal', 'timeout']));
    // `http.get(urlOrOptions, cb)`: a variable may be an options object built elsewhere.
    else if (first && !isNotOptions(first)) return { ...base, bounded: undefined };
    else if (second && objectLiteral(second)) Object.assign(base, judgeAt(args, 1, ['signal', 'timeout']));
    else if (second && !isNotOptions(second)) return { ...base, bounded: undefined };
    else base.optionsIndex = 1;
    if (base.bounded !== false || base.disabled) return base;
    // `const req = http.request(...); req.setTimeout(ms, ...)` or `http.get(...).setTimeout(...)`
    return hasSetTimeout() ? { ...base, bounded: true } : base;
  }

  /**
   * `execFile(file, [...])`, or a variable that holds the arguments: initialised with an array
   * literal (`const args = ['--headless', url]`) or named for them (`args`, `chromeArgs`, `argv`).
   */
  function isArgumentList(arg: Node): boolean {
    const expr = unwrap(arg);
    if (expr.type === 'ArrayExpression') return true;
    if (expr.type !== 'Identifier') return false;
    const words = nameWords(expr.name);
    if (words.length > 0 && ARGUMENT_WORDS.has(words[words.length - 1])) return true;
    const definition = findVariable(scope, expr.name)?.defs[0];
    return definition?.type === 'Variable' && (definition.node as TSESTree.VariableDeclarator).init?.type === 'ArrayExpression';
  }

  function hasSetTimeout(): boolean {
    const parent = node.parent;
    if (parent?.type === 'MemberExpression' && parent.object === node && propertyName(parent) === 'setTimeout') return true;
    if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
    const variable = findVariable(scope, parent.id.name);
    return (
      variable?.references.some((ref) => {
        const use = ref.identifier.parent;
        return use?.type === 'MemberExpression' && use.object === ref.identifier && (propertyName(use) === 'setTimeout' || propertyName(use) === 'destroy');
      }) ?? false
    );
  }

  function wrapperCall(wrapper: ClientWrapper): OutboundCall {
    if (args.some((arg) => arg.type === 'SpreadElement')) return { client: wrapper.name, label, missing: wrapper.option, bounded: undefined, disabled: false };
    for (const arg of args) {
      const literal = objectLiteral(arg);
      if (literal) return { client: wrapper.name, label, missing: wrapper.option, ...optionsBound(literal, [wrapper.option]) };
      if (!isNotOptions(arg) && arg !== args[0]) return { client: wrapper.name, label, missing: wrapper.option, bounded: undefined, disabled: false };
    }
    return { client: wrapper.name, label, missing: wrapper.option, bounded: false, disabled: false };
  }
}

/** The text a suggestion inserts for a bound style, with `ms` milliseconds. */
export function boundText(style: BoundStyle, ms: number): string {
  const value = ms.toLocaleString('en-US').replaceAll(',', '_');
  switch (style) {
    case 'signal':
      return `signal: AbortSignal.timeout(${value})`;
    case 'gotTimeout':
      return `timeout: { request: ${value} }`;
    case 'chainTimeout':
      return `.timeout(${value})`;
    case 'pgTimeout':
      return `connectionTimeoutMillis: ${value}`;
    default:
      return `timeout: ${value}`;
  }
}
