/**
 * Startup validators of the environment in TS/JS, and the variables their schemas name:
 *
 * - zod / joi / yup: `z.object({ PORT: z.coerce.number() }).parse(process.env)` (also `safeParse`,
 *   a schema held in a variable, `.extend({...})`), `Joi.object({...}).validate(process.env)`;
 * - envalid: `cleanEnv(process.env, { PORT: port() })`;
 * - t3-env: `createEnv({ server: {...}, client: {...}, shared: {...}, runtimeEnv: process.env })`;
 * - @nestjs/config: `ConfigModule.forRoot({ validationSchema: Joi.object({...}), validate })`;
 * - convict: `convict({ port: { env: 'PORT', ... } })`;
 * - env-var: `env.get('PORT').required().asPortNumber()`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { TsModule } from './module-facts.js';
import { propertyName, qualifiedName, unwrap } from './names.js';
import { pushChildNodes } from './walk.js';

type Node = TSESTree.Node;

export interface EnvValidator {
  /** The call that validates (or reads through the library). */
  call: Node;
  /** The library, for messages: `zod`, `envalid`, `t3-env`, `@nestjs/config`, `convict`, `env-var`, `joi`. */
  library: string;
  /** Variable names the schema names. */
  keys: Set<string>;
}

const ENV_OBJECTS = new Set(['process.env', 'Bun.env', 'import.meta.env']);
const SCHEMA_ROOTS = [
  ['zod.', 'zod'],
  ['joi.', 'joi'],
  ['@hapi/joi.', 'joi'],
  ['yup.', 'yup'],
  ['valibot.', 'valibot'],
] as const;
const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateSync', 'validateAsync', 'cast']);
const T3_ENV = new Set(['@t3-oss/env-core.createEnv', '@t3-oss/env-nextjs.createEnv', '@t3-oss/env-nuxt.createEnv']);
const NEST_CONFIG_FOR_ROOT = new Set(['@nestjs/config.ConfigModule.forRoot', '@nestjs/config.ConfigModule.forRootAsync']);

const cache = new WeakMap<TsModule, EnvValidator[]>();

/** Every validator call in a module, wherever it sits (cached per module). */
export function tsEnvValidators(module: TsModule): EnvValidator[] {
  let found = cache.get(module);
  if (found) return found;
  found = [];
  // Every form names one of these; most modules name none and cost one text scan.
  const text = module.text;
  if (/cleanEnv|createEnv|convict|env-var|forRoot/.test(text) || (text.includes('.env') && /\.(?:safeParse|parse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|cast)\(/.test(text))) {
    const stack: Node[] = [module.ast];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'CallExpression') {
        const validator = validatorOf(module, node);
        if (validator) found.push(validator);
      }
      pushChildNodes(node, stack);
    }
  }
  cache.set(module, found);
  return found;
}

function validatorOf(module: TsModule, call: TSESTree.CallExpression): EnvValidator | undefined {
  const scope = module.getScope(call);
  const name = qualifiedName(call.callee, scope);
  const [first, second] = call.arguments;
  if (name === 'envalid.cleanEnv' && second) return { call, library: 'envalid', keys: objectKeys(second) };
  if (name && T3_ENV.has(name) && first?.type === 'ObjectExpression') {
    const keys = new Set<string>();
    for (const section of ['server', 'client', 'shared']) {
      const value = propertyValue(first, section);
      if (value) for (const key of objectKeys(value)) keys.add(key);
    }
    return { call, library: 't3-env', keys };
  }
  if (name && NEST_CONFIG_FOR_ROOT.has(name) && first?.type === 'ObjectExpression') {
    const schema = propertyValue(first, 'validationSchema');
    const keys = schema ? schemaKeys(module, schema, 0)?.keys : undefined;
    if (!keys && !propertyValue(first, 'validate')) return undefined;
    return { call, library: '@nestjs/config', keys: keys ?? new Set() };
  }
  if ((name === 'convict.default' || name === 'convict') && first) return { call, library: 'convict', keys: convictKeys(first) };
  // `env.get('PORT')` with `import env from 'env-var'` (or `require('env-var')`).
  if (name === 'env-var.default.get' || name === 'env-var.get') {
    const key = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
    return { call, library: 'env-var', keys: new Set(key ? [key] : []) };
  }
  // `schema.parse(process.env)`
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && PARSE_METHODS.has(propertyName(callee) ?? '') && first && isEnvObject(module, first)) {
    const schema = schemaKeys(module, callee.object, 0);
    if (schema) return { call, library: schema.library, keys: schema.keys };
  }
  return undefined;
}

function isEnvObject(module: TsModule, node: Node): boolean {
  const name = qualifiedName(node, module.getScope(node));
  return name !== undefined && ENV_OBJECTS.has(name);
}

/**
 * The keys of an object schema and its library: `z.object({...})`, `Joi.object({...}).unknown()`,
 * `base.extend({...})`, or a variable holding one. Undefined when the expression is no schema.
 */
function schemaKeys(module: TsModule, node: Node, depth: number): { keys: Set<string>; library: string } | undefined {
  if (depth > 10) return undefined;
  const expression = unwrap(node);
  if (expression.type === 'Identifier') {
    const def = findInScopes(module, expression)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    return init ? schemaKeys(module, init, depth + 1) : undefined;
  }
  if (expression.type !== 'CallExpression') return undefined;
  const callee = unwrap(expression.callee);
  const name = qualifiedName(callee, module.getScope(expression));
  const [first] = expression.arguments;
  const root = name ? SCHEMA_ROOTS.find(([prefix]) => name.startsWith(prefix)) : undefined;
  if (root && first && /(?:^|\.)(?:object|strictObject|looseObject)$/.test(name!)) return { keys: objectKeys(first), library: root[1] };
  if (callee.type === 'MemberExpression') {
    const base = schemaKeys(module, callee.object, depth + 1);
    if (!base) return undefined;
    const method = propertyName(callee);
    if ((method === 'extend' || method === 'keys' || method === 'append') && first) for (const key of objectKeys(first)) base.keys.add(key);
    return base;
  }
  return undefined;
}

function findInScopes(module: TsModule, identifier: TSESTree.Identifier) {
  for (let scope: ReturnType<TsModule['getScope']> | null = module.getScope(identifier); scope; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable) return variable;
  }
  return undefined;
}

/** The keys of an object literal: `{ PORT: port(), 'DATABASE_URL': url() }`. */
function objectKeys(node: Node): Set<string> {
  const keys = new Set<string>();
  const expression = unwrap(node);
  if (expression.type !== 'ObjectExpression') return keys;
  for (const property of expression.properties) {
    if (property.type !== 'Property' || (property.computed && property.key.type !== 'Literal')) continue;
    if (property.key.type === 'Identifier') keys.add(property.key.name);
    else if (property.key.type === 'Literal' && typeof property.key.value === 'string') keys.add(property.key.value);
  }
  return keys;
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): Node | undefined {
  for (const property of object.properties) {
    if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.key.name === key) return property.value as Node;
  }
  return undefined;
}

/** Every `env: 'X'` in a convict schema, at any depth. */
function convictKeys(node: Node): Set<string> {
  const keys = new Set<string>();
  const stack: Node[] = [unwrap(node)];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.type !== 'ObjectExpression') continue;
    for (const property of current.properties) {
      if (property.type !== 'Property') continue;
      const value = unwrap(property.value as Node);
      if (!property.computed && property.key.type === 'Identifier' && property.key.name === 'env' && value.type === 'Literal' && typeof value.value === 'string') keys.add(value.value);
      else stack.push(value);
    }
  }
  return keys;
}
