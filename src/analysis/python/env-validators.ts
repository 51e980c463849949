/**
 * Startup validators of the environment in Python, and the variables their schemas name:
 *
 * - pydantic-settings: `class Settings(BaseSettings)` fields (upper-cased, with `env_prefix` from
 *   `model_config = SettingsConfigDict(env_prefix=...)` or `class Config`, and `alias` /
 *   `validation_alias`), validated where the class is instantiated (`settings = Settings()`, an
 *   `@lru_cache` getter);
 * - environs and django-environ: `env = Env()` then `env.str("X")`, `env("X")`, `env.db("X")`,
 *   and django-environ's `Env(DEBUG=(bool, False))` scheme;
 * - python-decouple: `config("X", cast=int)`;
 * - dynaconf: `Validator("X", "Y", must_exist=True)` (with the `envvar_prefix`, default `DYNACONF`);
 * - starlette: `config = Config(".env")` then `config("X", cast=...)`.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { PyModuleFacts } from './module-facts.js';
import { keywordArgument, positionalArguments, stringValue } from './syntax.js';

export interface EnvValidator {
  /** The node that validates: the call, or the settings class (validated where it is instantiated). */
  node: PyNode;
  library: string;
  keys: Set<string>;
  /** For a settings class: its definition, so that its instantiations are validator calls. */
  settingsClass?: PyNode;
}

const SETTINGS_BASES = new Set(['pydantic_settings.BaseSettings', 'pydantic.BaseSettings', 'pydantic.v1.BaseSettings', 'pydantic.env_settings.BaseSettings']);
/** Factories of objects whose calls read one validated variable each. */
const READER_FACTORIES = new Map([
  ['environs.Env', 'environs'],
  ['environ.Env', 'django-environ'],
  ['environ.FileAwareEnv', 'django-environ'],
  ['starlette.config.Config', 'starlette'],
  ['decouple.AutoConfig', 'python-decouple'],
  ['decouple.Config', 'python-decouple'],
]);
const DIRECT_READERS = new Map([
  ['decouple.config', 'python-decouple'],
  ['environs.env', 'environs'],
]);

const cache = new WeakMap<PyModuleFacts, EnvValidator[]>();

/** Every validator in a module (cached per module). */
export function pyEnvValidators(module: PyModuleFacts): EnvValidator[] {
  let found = cache.get(module);
  if (found) return found;
  found = [];
  if (/BaseSettings|environs|import environ|from environ|decouple|dynaconf|starlette/.test(module.text)) {
    const stack: PyNode[] = [module.ast];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'class_definition') {
        const validator = settingsClass(module, node);
        if (validator) found.push(validator);
      } else if (node.type === 'call') {
        const validator = validatorCall(module, node);
        if (validator) found.push(validator);
      }
      stack.push(...node.children);
    }
  }
  cache.set(module, found);
  return found;
}

/** Whether a call instantiates a pydantic settings class of this module, or is a validator call. */
export function isValidatorCall(module: PyModuleFacts, call: PyNode): boolean {
  const callee = call.fields.function;
  if (!callee) return false;
  if (callee.type === 'identifier') {
    const binding = module.scopes.resolve(callee);
    if (binding?.kind === 'class' && binding.node.parent && settingsClass(module, binding.node.parent)) return true;
  }
  return validatorCall(module, call) !== undefined;
}

function settingsClass(module: PyModuleFacts, definition: PyNode): EnvValidator | undefined {
  const bases = definition.fields.superclasses?.children ?? [];
  if (!bases.some((base) => SETTINGS_BASES.has(module.scopes.qualifiedName(base) ?? ''))) return undefined;
  let prefix = '';
  const fields: { name: string; alias?: string }[] = [];
  for (const statement of definition.fields.body?.children ?? []) {
    const expression = statement.type === 'expression_statement' ? statement.children[0] : undefined;
    if (expression?.type === 'assignment') {
      const left = expression.fields.left;
      const right = expression.fields.right;
      if (left?.type === 'identifier' && left.text === 'model_config' && right?.type === 'call') {
        const value = keywordArgument(right, 'env_prefix');
        prefix = (value && stringValue(value)) ?? prefix;
      } else if (left?.type === 'identifier' && left.text && expression.fields.type) {
        // `database_url: str = Field(alias="DB_URL")`
        const alias = right?.type === 'call' ? (keywordArgument(right, 'validation_alias') ?? keywordArgument(right, 'alias')) : undefined;
        fields.push({ name: left.text, alias: alias ? stringValue(alias) : undefined });
      }
    } else if (statement.type === 'class_definition' && statement.fields.name?.text === 'Config') {
      for (const inner of statement.fields.body?.children ?? []) {
        const assignment = inner.type === 'expression_statement' ? inner.children[0] : undefined;
        if (assignment?.type === 'assignment' && assignment.fields.left?.text === 'env_prefix' && assignment.fields.right) {
          prefix = stringValue(assignment.fields.right) ?? prefix;
        }
      }
    }
  }
  // Pydantic matches environment names case-insensitively by default: compare upper-cased.
  const keys = new Set(fields.map((field) => (field.alias ?? `${prefix}${field.name}`).toUpperCase()));
  return { node: definition, library: 'pydantic-settings', keys, settingsClass: definition };
}

function validatorCall(module: PyModuleFacts, call: PyNode): EnvValidator | undefined {
  const callee = call.fields.function;
  if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) return undefined;
  const scopes = module.scopes;
  const name = scopes.qualifiedName(callee);
  const first = positionalArguments(call)[0];
  const key = first ? stringValue(first) : undefined;
  if (name && DIRECT_READERS.has(name)) return { node: call, library: DIRECT_READERS.get(name)!, keys: new Set(key ? [key] : []) };
  if (name === 'dynaconf.Validator') {
    const keys = new Set<string>();
    for (const argument of positionalArguments(call)) {
      const value = stringValue(argument);
      if (value) for (const variant of [value, `DYNACONF_${value}`]) keys.add(variant.toUpperCase());
    }
    return { node: call, library: 'dynaconf', keys };
  }
  // django-environ's scheme: `environ.Env(DEBUG=(bool, False))` names its variables.
  if (name === 'environ.Env') {
    const keys = new Set<string>();
    for (const argument of call.fields.arguments?.children ?? []) {
      if (argument.type === 'keyword_argument' && argument.fields.name?.text) keys.add(argument.fields.name.text);
    }
    return { node: call, library: 'django-environ', keys };
  }
  // `env.str("X")`, `env("X")`, `config("X")` on an object a reader factory built.
  const receiver = callee.type === 'attribute' ? callee.fields.object : callee;
  if (receiver?.type !== 'identifier') return undefined;
  const binding = scopes.resolve(receiver);
  const factory = binding?.kind === 'assignment' && binding.value?.type === 'call' ? binding.value.fields.function : undefined;
  const factoryName = factory && scopes.qualifiedName(factory);
  const library = factoryName ? READER_FACTORIES.get(factoryName) : undefined;
  if (!library) return undefined;
  // `env.read_env()`, `env.prefixed(...)`: not reads of a variable.
  if (callee.type === 'attribute' && ['read_env', 'prefixed', 'dump', 'smart_cast', 'ENVIRON', 'escape_proxy'].includes(callee.fields.attribute?.text ?? '')) return undefined;
  return { node: call, library, keys: new Set(key ? [key] : []) };
}
