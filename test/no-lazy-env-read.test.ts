import { readFileSync } from 'node:fs';
import path from 'node:path';
import dedent from 'dedent';
import { ROOT } from './fixture-runner.js';
import rule from '../rules/no-lazy-env-read/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;

const FIXTURES = path.join(ROOT, 'fixtures', 'no-lazy-env-read');
/** A file of a multi-file fixture project, linted with its real text and neighbours. */
const projectFile = (...parts: string[]) => {
  const filename = path.join(FIXTURES, ...parts);
  return { code: readFileSync(filename, 'utf8'), filename };
};

/** `lazyRead` with its full data. */
const read = (name: string, fn: string) => ({ messageId: 'lazyRead', data: { name, fn } });
/** `lazyComputedRead` with its full data. */
const computed = (fn: string) => ({ messageId: 'lazyComputedRead', data: { fn } });
/** `validatedRead` with its full data. */
const validated = (name: string, fn: string, library: string, file: string) => ({ messageId: 'validatedRead', data: { name, fn, library, file } });
/** `uncalledValidator` with its full data. */
const uncalled = (fn: string, library: string) => ({ messageId: 'uncalledValidator', data: { fn: `\`${fn}\``, library } });
/** An exact span: 1-based line and column, end exclusive. */
const span = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });

tsTester.run('no-lazy-env-read', ruleUnderTest, {
  valid: [
    // module scope is startup scope
    'const port = Number(process.env.PORT ?? 3000);',
    // callbacks of the environment schema a module-level createEnv validates run during that validation
    dedent`
      import { createEnv } from '@t3-oss/env-nextjs';
      import { z } from 'zod';
      const guessUrl = (val: unknown) => val ?? \`https://\${process.env.VERCEL_BRANCH_URL}\`;
      const oauth = {
        server: {
          OAUTH_ISSUER: z.preprocess((val) => val ?? process.env.OAUTH_WELL_KNOWN_URL?.split('/.well-known')[0], z.string().url()),
          NEXTAUTH_URL: z.string().url().optional().transform(guessUrl),
        },
      };
      export const env = createEnv({ server: { ...oauth.server }, runtimeEnv: process.env });
    `,
    // not configuration: the OS search path, npm's own metadata, a variable the program sets at run time
    'export function which(bin: string) { return process.env.PATH?.split(":").map((dir) => `${dir}/${bin}`); }',
    "export function version() { return process.env.npm_package_version ?? 'unknown'; }",
    // the operating system's and the platform's own variables, in either case
    'export function home() { return process.env.HOME ?? process.env.USERPROFILE ?? process.env.XDG_CONFIG_HOME; }',
    'export function proxyFor() { return process.env.https_proxy ?? process.env.HTTPS_PROXY ?? process.env.no_proxy; }',
    'export class Clock { set(tz: string) { process.env.TZ = tz; } get() { return process.env.TZ; } }',
    // a class NestJS builds once through `useClass`, chosen by a function only called there
    "class Azure { account = process.env.AZURE_ACCOUNT; }\nclass Disk {}\nfunction pick(kind: string) { return kind === 'azure' ? Azure : Disk; }\nexport const storage = { provide: 'STORAGE', useClass: pick(String(process.env.STORAGE)) };",
    "const { DATABASE_URL, REDIS_URL = 'redis://localhost' } = process.env;",
    "if ('SENTRY_DSN' in process.env) init();",
    // startup names, in both naming styles, and with a qualifier between verb and noun
    'async function main() { return process.env.PORT; }',
    'export function loadConfig() { return { url: process.env.DATABASE_URL }; }',
    'export const load_app_config = () => ({ url: process.env.DATABASE_URL });',
    'function initSentry() { return process.env.SENTRY_DSN; }',
    // immediately-invoked function at the top level
    '(async () => { const url = process.env.DATABASE_URL; await connect(url); })();',
    // a synchronous array callback at the top level runs at the top level
    "const missing = ['A', 'B'].filter((name) => !process.env[name]);",
    // static fields, static blocks and decorators run when the class is defined
    'class Limits { static max = Number(process.env.MAX ?? 10); static { this.min = process.env.MIN; } }',
    "class Jobs { @Cron(process.env.CRON ?? '* * * * *') run() {} }",
    // a helper this file only calls at startup, and does not export
    "function requireEnv(name: string) { const v = process.env[name]; if (!v) throw new Error(name); return v; }\nconst SECRET = requireEnv('SECRET');",
    // app factories run once, at startup
    'export function buildServer() { return { tracing: process.env.OTEL_ENDPOINT }; }',
    // NestJS: default-scoped providers are built at startup; hooks, factories and registerAs run at startup
    "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class Mailer { from = process.env.MAIL_FROM; constructor() { this.host = process.env.SMTP_HOST; } }",
    "export class Cats { onModuleInit() { return process.env.CATS_TABLE; } }",
    "export const providers = [{ provide: 'DB', useFactory: () => connect(process.env.DATABASE_URL) }];",
    "import { registerAs } from '@nestjs/config';\nexport default registerAs('db', () => ({ host: process.env.DB_HOST }));",
    "import { ConfigModule } from '@nestjs/config';\nfunction check(c: object) { if (!process.env.JWT_SECRET) throw new Error('x'); return c; }\nConfigModule.forRoot({ validate: check });",
    // a validator this file calls at startup is not an uncalled validator
    "import { z } from 'zod';\nconst schema = z.object({ PORT: z.string() });\nexport function checkEnv() { return schema.parse(process.env); }\nexport const env = checkEnv();",
    // an exported helper that this file calls at startup and no other module of the project uses
    "export function requireEnv(name: string) { return process.env[name]; }\nconst SECRET = requireEnv('SECRET');",
    // a class this file only instantiates at startup
    'class Metrics { env = process.env.DD_ENV; constructor() { this.host = process.env.DD_HOST; } }\nexport default new Metrics();',
    // a helper nested in main and called there
    'function main() { const connect = () => process.env.DATABASE_URL; connect(); }',
    // writes and deletes are not reads
    "function reset() { process.env.TZ = 'UTC'; delete process.env.TOKEN; process.env.RETRIES ??= '3'; }",
    // copying the whole environment for a child process is not reading a variable
    "function run() { return spawn('x', { env: { ...process.env, MODE: 'a' } }); }",
    // a parameter named process is not the global
    'function handler(process: { env: Record<string, string> }) { return process.env.PORT; }',
    // allowed by default
    "function handler() { return process.env.NODE_ENV === 'production'; }",
    // option allow
    { code: 'function handler() { return process.env.TZ; }', options: [{ allow: ['TZ'] }] },
    // option startupFunctions
    { code: 'function boot() { return process.env.PORT; }', options: [{ startupFunctions: ['boot'] }] },
    { code: 'function bootServer() { return process.env.PORT; }', options: [{ startupFunctions: ['boot*'] }] },
    // variables a bundler inlines at build time are constants
    'export function apiUrl() { return process.env.NEXT_PUBLIC_API_URL + process.env.VITE_HOST; }',
    // migrations are scripts by role; option scriptDirectories adds more folders
    { code: 'export async function up() { return process.env.DEPLOYMENT; }', filename: 'server/migrations/20240101-add-role.ts' },
    { code: 'export async function run() { return process.env.DEPLOYMENT; }', filename: 'jobs/backfill.ts', options: [{ scriptDirectories: ['jobs'] }] },
    // a callback that a project function calls in its own body runs where the call is written
    "function remember(name, getValue) { return cache.get(name) ?? getValue(); }\nexport const db = remember('db', () => connect(process.env.DATABASE_URL));",
    // `typeof f` in a type does not call f
    'const makeClient = () => ({ debug: process.env.DEBUG });\ntype Client = ReturnType<typeof makeClient>;\nexport const client: Client = makeClient();',
    // a method whose only calls are at startup: on an instance built at the top level, on the class, in a decorator
    "class Insights { setup(role) { return Boolean(process.env.INSIGHTS_KEY) && role; } }\nexport const insights = new Insights();\nif (insights.setup('core')) console.info('on');",
    "import { Module } from '@nestjs/common';\n@Module({}) export class AuthModule { static register() { return { module: AuthModule, off: process.env.AUTH_OFF }; } }\n@Module({ imports: [AuthModule.register()] }) export class AppModule {}",
    "import { Injectable } from '@nestjs/common';\n@Injectable() export class Infra { async onModuleInit() { await this.sync(); } async sync() { return process.env.MAIL_HOST; } }",
    // a decorator factory's returned function runs where the class is defined
    "const Deprecated = (note) => (target, key) => { if (process.env[key]) console.warn(note); };\nexport class Env { @Deprecated('use NEW') OLD = 1; }",
    // test-environment probes are not configuration
    "export function isIntegrationTest() { return process.env.INTEGRATION_TEST === 'true' || process.env.JEST_WORKER_ID !== undefined; }",
    // next.config `env` keys are written in at build time
    { code: 'export function GET() { return process.env.currentVersion + process.env.cloudUrl; }', filename: path.join(FIXTURES, 'project-startup-methods', 'src', 'app', 'api', 'config', 'route.ts') },
    // multi-file: helpers reached only from startup code in other modules (the fixture projects' own files)
    projectFile('project-startup-methods', 'src', 'database-url.ts'),
    projectFile('project-startup-methods', 'src', 'adapter.ts'),
    projectFile('project-startup-methods', 'src', 'auth.module.ts'),
    projectFile('project-startup-methods', 'src', 'infra-sync.ts'),
    projectFile('project-startup-methods', 'src', 'deprecated.ts'),
    // suppression the ESLint way
    'function handler() {\n  // eslint-disable-next-line rule-to-test/no-lazy-env-read\n  return process.env.PORT;\n}',
  ],
  invalid: [
    // the same schema callback in a module that validates nothing at startup, or inside a handler
    {
      code: dedent`
        import { z } from 'zod';
        export const query = z.object({ region: z.preprocess((val) => val ?? process.env.DEFAULT_REGION, z.string()) });
      `,
      errors: [{ ...read('DEFAULT_REGION', 'a callback passed to `z.preprocess`'), ...span(2, 70, 2, 96) }],
    },
    {
      code: dedent`
        import { createEnv } from '@t3-oss/env-core';
        import { z } from 'zod';
        export const env = createEnv({ server: { PORT: z.string() }, runtimeEnv: process.env });
        export function parseBody(body: unknown) {
          return z.object({ region: z.string().default(() => process.env.DEFAULT_REGION ?? 'eu') }).parse(body);
        }
      `,
      errors: [{ ...read('DEFAULT_REGION', 'a callback passed to `z.string().default`'), ...span(5, 54, 5, 80) }],
    },
    // a service's own variable whose name starts like a platform one
    {
      code: 'export function home() { return process.env.APP_HOME; }',
      errors: [{ ...read('APP_HOME', 'function `home`'), ...span(1, 33, 1, 53) }],
    },
    // a callback the project function keeps for later, instead of calling it
    {
      code: "function defer(name, callback) { queue.push(callback); }\ndefer('audit', () => connect(process.env.AUDIT_URL));",
      errors: [{ ...read('AUDIT_URL', 'a callback passed to `defer`'), ...span(2, 30, 2, 51) }],
    },
    // a method also called from a request handler
    {
      code: "class Insights { track(e) { return process.env.SAMPLE; } }\nexport const insights = new Insights();\ninsights.track('boot');\napp.get('/', () => insights.track('hit'));",
      errors: [{ ...read('SAMPLE', 'method `Insights.track`'), ...span(1, 36, 1, 54) }],
    },
    // a call of the method name on a receiver the index cannot tell apart (a parameter)
    {
      code: 'class Mailer { send() { return process.env.SMTP_HOST; } }\nnew Mailer().send();\nexport function notify(mailer) { return mailer.send(); }',
      errors: [{ ...read('SMTP_HOST', 'method `Mailer.send`'), ...span(1, 32, 1, 53) }],
    },
    // `useClass` with `scope: Scope.REQUEST`: built per request, its field initializer runs late
    {
      code: "import { Scope } from '@nestjs/common';\nclass Audit { sink = process.env.AUDIT_SINK; }\nexport const audit = { provide: 'AUDIT', useClass: Audit, scope: Scope.REQUEST };",
      errors: [{ ...read('AUDIT_SINK', 'a field initializer of class `Audit`, run by its constructor'), ...span(2, 22, 2, 44) }],
    },
    // a variable written only at startup is still configuration when read late
    {
      code: "process.env.TZ = process.env.TZ ?? 'UTC';\nexport function tz() { return process.env.TZ; }",
      errors: [{ ...read('TZ', 'function `tz`'), ...span(2, 31, 2, 45) }],
    },
    // a factory's returned function used as a value, not as a decorator, runs whenever it is called
    {
      code: "const reader = (name) => () => process.env[name];\nexport const getRegion = reader('REGION');",
      errors: [{ ...computed('an anonymous function'), ...span(1, 32, 1, 49) }],
    },
    // a browser-automation service URL is configuration, not a test probe
    {
      code: 'export function connectBrowser() { return process.env.PLAYWRIGHT_DRIVER_URL; }',
      errors: [{ ...read('PLAYWRIGHT_DRIVER_URL', 'function `connectBrowser`'), ...span(1, 43, 1, 76) }],
    },
    // an environment accessor: each call is the read, judged where the call is written
    {
      code: "export const getEnv = (name: string) => process.env[name];\nexport const PORT = getEnv('PORT');\nexport function handler() { return getEnv('REGION'); }",
      errors: [{ ...read('REGION', 'function `handler`'), ...span(3, 36, 3, 52) }],
    },
    // a helper whose name does not say `env` is judged at its own read
    {
      code: 'export function setting(name: string) { return process.env[name]; }\nexport function handler() { return setting("REGION"); }',
      errors: [{ ...computed('function `setting`'), ...span(1, 48, 1, 65) }],
    },
    // a package of a workspace: its method is called at startup by a sibling package, and per request
    {
      ...projectFile('project-workspace', 'packages', 'telemetry', 'src', 'node.ts'),
      errors: [{ ...read('TELEMETRY_VERBOSE', 'method `Telemetry.track`'), ...span(17, 9, 17, 38) }],
    },
    // multi-file: the method InfraService.lookup is called per request (src/main.ts)
    {
      ...projectFile('project-startup-methods', 'src', 'infra.service.ts'),
      errors: [{ ...computed('method `InfraService.lookup`'), ...span(17, 12, 17, 39) }],
    },
    {
      code: 'export function handler() {\n  return process.env.PORT;\n}',
      errors: [{ ...read('PORT', 'function `handler`'), ...span(2, 10, 2, 26) }],
    },
    {
      code: "export function handler() {\n  return process.env['API_KEY'];\n}",
      errors: [{ ...read('API_KEY', 'function `handler`'), ...span(2, 10, 2, 32) }],
    },
    {
      code: 'export function handler(key: string) {\n  return process.env[key];\n}',
      errors: [{ ...computed('function `handler`'), ...span(2, 10, 2, 26) }],
    },
    {
      // destructuring: one finding per variable, at its key
      code: "export function handler() {\n  const { A, B: b = 'x', ...rest } = process.env;\n}",
      errors: [
        { ...read('A', 'function `handler`'), ...span(2, 11, 2, 12) },
        { ...read('B', 'function `handler`'), ...span(2, 14, 2, 15) },
      ],
    },
    {
      code: 'export function handler() {\n  const { env: { TOKEN } } = process;\n}',
      errors: [{ ...read('TOKEN', 'function `handler`'), ...span(2, 18, 2, 23) }],
    },
    {
      code: "export function handler() {\n  return 'BETA' in process.env;\n}",
      errors: [{ ...read('BETA', 'function `handler`'), ...span(2, 10, 2, 31) }],
    },
    {
      code: "export function handler(name: string) {\n  return [Deno.env.get('REGION'), Deno.env.get(name)];\n}",
      errors: [
        { ...read('REGION', 'function `handler`'), ...span(2, 11, 2, 33) },
        { ...computed('function `handler`'), ...span(2, 35, 2, 53) },
      ],
    },
    {
      code: 'export function handler() {\n  return Bun.env.REGION;\n}',
      errors: [{ ...read('REGION', 'function `handler`'), ...span(2, 10, 2, 24) }],
    },
    {
      // aliases: const env = process.env / const { env } = process / import { env } from 'node:process'
      code: "const env = process.env;\nconst { env: e2 } = process;\nimport { env as e3 } from 'node:process';\nexport function handler() {\n  return [env.A, e2.B, e3.C];\n}",
      errors: [
        { ...read('A', 'function `handler`'), ...span(5, 11, 5, 16) },
        { ...read('B', 'function `handler`'), ...span(5, 18, 5, 22) },
        { ...read('C', 'function `handler`'), ...span(5, 24, 5, 28) },
      ],
    },
    {
      code: "app.get('/users', (req, res) => {\n  res.json({ size: process.env.PAGE_SIZE });\n});",
      errors: [{ ...read('PAGE_SIZE', 'a callback passed to `app.get`'), ...span(2, 20, 2, 41) }],
    },
    {
      // methods, getters, constructors and instance fields of an exported class
      code: 'export class Billing {\n  currency = process.env.CURRENCY;\n  constructor() { this.url = process.env.URL; }\n  get tax() { return process.env.TAX; }\n  charge() { return process.env.KEY; }\n}',
      errors: [
        { ...read('CURRENCY', 'a field initializer of class `Billing`, run by its constructor'), ...span(2, 14, 2, 34) },
        { ...read('URL', 'the constructor of `Billing`'), ...span(3, 30, 3, 45) },
        { ...read('TAX', 'getter `Billing.tax`'), ...span(4, 22, 4, 37) },
        { ...read('KEY', 'method `Billing.charge`'), ...span(5, 21, 5, 36) },
      ],
    },
    {
      // a callback nested in a startup function is not startup scope
      code: "async function main() {\n  worker.on('failed', () => alert(process.env.PAGER));\n}",
      errors: [{ ...read('PAGER', 'a callback passed to `worker.on`'), ...span(2, 35, 2, 52) }],
    },
    {
      // a startup name that is a method or nested function does not count
      code: 'class App { start() { return process.env.PORT; } }\nfunction outer() { function loadConfig() { return process.env.HOST; } return loadConfig; }',
      errors: [
        { ...read('PORT', 'method `App.start`'), ...span(1, 30, 1, 46) },
        { ...read('HOST', 'function `loadConfig`'), ...span(2, 51, 2, 67) },
      ],
    },
    {
      // a helper also called from a handler is not startup-only
      code: "function flag(name: string) { return process.env[name] === '1'; }\nconst A = flag('A');\napp.get('/', () => flag('B'));",
      errors: [{ ...computed('function `flag`'), ...span(1, 38, 1, 55) }],
    },
    {
      // a request-scoped provider is built for every request
      code: "import { Injectable, Scope } from '@nestjs/common';\n@Injectable({ scope: Scope.REQUEST })\nexport class Tenant { constructor() { this.region = process.env.REGION; } }",
      errors: [{ ...read('REGION', 'the constructor of `Tenant`'), ...span(3, 53, 3, 71) }],
    },
    {
      // a variable the startup schema validates, read again in a handler: the milder message
      code: "import { cleanEnv, str } from 'envalid';\nexport const env = cleanEnv(process.env, { STRIPE_KEY: str() });\nexport function charge() { return process.env.STRIPE_KEY; }",
      filename: 'server/payments.ts',
      errors: [{ ...validated('STRIPE_KEY', 'function `charge`', 'envalid', 'server/payments.ts'), ...span(3, 35, 3, 57) }],
    },
    {
      // zod: the schema's keys, through a variable and `.extend`
      code: "import { z } from 'zod';\nconst base = z.object({ PORT: z.string() });\nconst env = base.extend({ REDIS_URL: z.string() }).parse(process.env);\nexport function cache() { return process.env.REDIS_URL; }",
      filename: 'server/cache.ts',
      errors: [{ ...validated('REDIS_URL', 'function `cache`', 'zod', 'server/cache.ts'), ...span(4, 34, 4, 55) }],
    },
    {
      // a validator that nothing calls
      code: "import { z } from 'zod';\nconst schema = z.object({ PORT: z.string() });\nexport function validateEnv() { return schema.parse(process.env); }",
      errors: [{ ...uncalled('validateEnv', 'zod'), ...span(3, 17, 3, 28) }],
    },
    {
      // option allow replaces the default, so NODE_ENV is reported here
      code: "function handler() { return [process.env.TZ, process.env.NODE_ENV]; }",
      options: [{ allow: ['TZ'] }],
      errors: [{ ...read('NODE_ENV', 'function `handler`'), ...span(1, 46, 1, 66) }],
    },
    {
      // option startupFunctions replaces the default list
      code: 'function main() { return process.env.PORT; }',
      options: [{ startupFunctions: ['boot'] }],
      errors: [{ ...read('PORT', 'function `main`'), ...span(1, 26, 1, 42) }],
    },
    {
      // settings roles: a project that declares its migrations service code gets them checked
      code: 'export async function up() { return process.env.DEPLOYMENT; }',
      filename: 'server/migrations/20240101-add-role.ts',
      settings: { 'runtime-ops': { projectKind: 'service', roles: { service: ['server/migrations/**'] } } },
      options: [{ scriptDirectories: [] }],
      errors: [{ ...read('DEPLOYMENT', 'function `up`'), ...span(1, 37, 1, 59) }],
    },
  ],
});

pyTester.run('no-lazy-env-read', ruleUnderTest, {
  valid: [
    // module scope, class bodies at import and the main guard are startup scope
    'import os\nPORT = int(os.environ["PORT"])',
    // run() of a multiprocessing.Process subclass (through a project base class) is the child's main:
    // what it builds, it builds once
    dedent`
      import multiprocessing as mp
      import os
      class Model:
          def __init__(self):
              self.url = os.environ.get("MODEL_URL", "https://example.com")
      class BaseProcess(mp.Process):
          pass
      class Worker(BaseProcess):
          def run(self):
              self.model = Model()
              while not self.stop.is_set():
                  self.model.step()
    `,
    // not configuration: the OS search path, and a membership test that only guards removing the variable
    'import os\ndef which(name):\n    return [d for d in os.environ["PATH"].split(os.pathsep)]',
    // the operating system's and the platform's own variables: folders, proxies, packaging runtimes
    'import os\ndef auth_file():\n    return os.path.join(os.environ["APPDATA"], "deluge", "auth")',
    'import os\ndef proxies():\n    return os.environ.get("http_proxy"), os.getenv("NO_PROXY")',
    'import os\ndef platform():\n    return "flatpak" if "container" in os.environ else os.environ.get("SNAP_NAME", "")',
    'from os import environ\ndef setup(config):\n    for key in ("A", "B"):\n        if key in environ:\n            environ.pop(key)\n        environ[key] = config[key]',
    'import os\ndef reset():\n    if "PROXY" in os.environ:\n        del os.environ["PROXY"]',
    // a route handler that builds settings to read a default back is not an uncalled validator
    'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    port: int = 8000\n@router.get("/default")\nasync def default(name: str):\n    return getattr(Settings(), name)',
    'import os\nclass Settings:\n    url = os.environ.get("DATABASE_URL")',
    dedent`
      import os

      if __name__ == "__main__":
          run(port=int(os.getenv("PORT", "8000")), debug="DEBUG" in os.environ)
    `,
    // startup names in both styles
    'import os\ndef load_config():\n    return os.environ["DATABASE_URL"]',
    'import os\ndef loadConfig():\n    return os.environ["DATABASE_URL"]',
    'import os\nasync def main():\n    return os.environ["DATABASE_URL"]',
    // default values and decorators are evaluated when the function is defined
    'import os\n@app.route(os.environ.get("PREFIX", "/"))\ndef index(limit=os.getenv("LIMIT")):\n    return limit',
    // a lambda called right away, and a comprehension at the top level
    'import os\nQUEUES = (lambda: os.environ["QUEUES"].split(","))()\nBUCKETS = [os.environ[f"B{i}"] for i in range(2)]',
    // a helper this module only calls at import
    'import os\ndef env_bool(name):\n    return os.getenv(name) == "True"\nDEBUG = env_bool("DEBUG")',
    // the __init__ of a class only instantiated at import
    'import os\nclass Config:\n    def __init__(self):\n        self.url = os.environ["URL"]\nconfig = Config()',
    // a click command is an entry point
    'import os\nimport click\n@click.command()\ndef cli():\n    click.echo(os.environ["HOME"])',
    // writes and deletes are not reads
    'import os\ndef reset():\n    os.environ["TZ"] = "UTC"\n    os.environ["PATH"] += ":/opt/bin"\n    del os.environ["TOKEN"]',
    // a WSGI environ parameter is the request dict, and a shadowing local is not os
    'from os import environ\ndef app(environ, start_response):\n    return environ["PATH_INFO"]',
    'def handler(os):\n    return os.environ["X"]',
    // allowed by default, and by option
    'import os\ndef handler():\n    return os.getenv("NODE_ENV")',
    { code: 'import os\ndef handler():\n    return os.getenv("TZ")', options: [{ allow: ['TZ'] }] },
    { code: 'import os\ndef boot():\n    return os.getenv("PORT")', options: [{ startupFunctions: ['boot'] }] },
    { code: 'import os\ndef upgrade():\n    return os.getenv("DEPLOYMENT")', filename: 'alembic/migrations/0001_init.py' },
    // app factories, worker initializers, startup hooks and AppConfig.ready run at startup
    'import os\ndef create_app():\n    return Flask(os.environ["APP_NAME"])',
    dedent`
      import os
      from multiprocessing import Pool

      def init_worker():
          connect(os.environ["STORAGE_URL"])

      def main_loop():
          with Pool(4, initializer=init_worker) as pool:
              pool.map(print, [1])

      if __name__ == "__main__":
          main_loop()
    `,
    'import os\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.on_event("startup")\nasync def connect():\n    await db.connect(os.environ["DATABASE_URL"])',
    'import os\nfrom django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    def ready(self):\n        self.region = os.environ["REGION"]',
    // a validator this module calls at import
    'from environs import Env\ndef check_env():\n    env = Env()\n    return env.str("SECRET")\nSECRET = check_env()',
    // a keyword argument that shares a helper's name is not a use of the helper
    'import os\ndef env_bool(name):\n    return os.getenv(name) == "True"\nDEBUG = env_bool("DEBUG")\nconfigure(env_bool=True)',
    // a method reached only from a classmethod called at import
    'import os\nclass Prefs:\n    def reload(self):\n        self.rel = os.getenv("LINK_REL")\n        return self\n    @classmethod\n    def parse(cls):\n        return cls().reload()\nPREFS = Prefs.parse()',
    // a method of a module-level instance called at import
    'import os\nclass Telemetry:\n    def setup(self):\n        return os.environ.get("DSN")\ntelemetry = Telemetry()\ntelemetry.setup()',
    // pydantic validators of a model built at import
    'import os\nfrom pydantic import model_validator\nfrom pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    url: str = ""\n    @model_validator(mode="after")\n    def vercel(self):\n        self.url = os.environ.get("VERCEL_URL", self.url)\n        return self\nsettings = Settings()',
    'import os\nfrom typing import Annotated\nfrom pydantic import AfterValidator, BaseModel\ndef check(v):\n    return v if "VERCEL" in os.environ else v.strip()\nclass Settings(BaseModel):\n    path: Annotated[str, AfterValidator(check)] = "x"\nsettings = Settings()',
    // test-environment probes are not configuration
    'import os\ndef in_pytest():\n    return "PYTEST_CURRENT_TEST" in os.environ or os.getenv("TESTING") == "1"',
    // multi-file: startup code in other modules, and calls from tests that do not count
    projectFile('project-py-startup-methods', 'src', 'billing', 'site.py'),
    // suppression with noqa naming the rule
    'import os\ndef handler():\n    return os.getenv("PORT")  # noqa: rule-to-test/no-lazy-env-read',
  ],
  invalid: [
    // run() of a thread or of any other class runs whenever something calls it
    {
      code: dedent`
        import os
        class Model:
            def __init__(self):
                self.url = os.environ.get("MODEL_URL")
        class Job:
            def run(self):
                return Model()
      `,
      errors: [{ ...read('MODEL_URL', 'method `Model.__init__`'), ...span(4, 20, 4, 47) }],
    },
    // a service's own variable whose name starts like a platform one
    {
      code: 'import os\ndef home():\n    return os.environ["HOMEPAGE_URL"]',
      errors: [{ ...read('HOMEPAGE_URL', 'function `home`'), ...span(3, 12, 3, 38) }],
    },
    // a membership test that is not only a guard of removing the variable is a read
    {
      code: 'import os\ndef proxy():\n    if "PROXY" in os.environ:\n        os.environ.pop("PROXY")\n        return True',
      errors: [{ ...read('PROXY', 'function `proxy`'), ...span(3, 8, 3, 29) }],
    },
    // a plain function that builds settings and that nothing calls is an uncalled validator
    {
      code: 'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    port: int = 8000\ndef get_settings():\n    return Settings()',
      errors: [{ ...uncalled('get_settings', 'pydantic-settings'), ...span(4, 5, 4, 17) }],
    },
    // a method of a module-level instance called from a view
    {
      code: 'import os\nclass Prefs:\n    def tags(self):\n        return os.getenv("TAGS")\nPREFS = Prefs()\ndef view(request):\n    return PREFS.tags()',
      errors: [{ ...read('TAGS', 'method `Prefs.tags`'), ...span(4, 16, 4, 33) }],
    },
    // a validator of a model built per request
    {
      code: 'import os\nfrom pydantic import BaseModel, field_validator\nclass Payload(BaseModel):\n    url: str\n    @field_validator("url")\n    def check(cls, v):\n        return os.environ.get("BASE", "") + v\ndef view(data):\n    return Payload(url=data)',
      errors: [{ ...read('BASE', 'method `Payload.check`'), ...span(7, 16, 7, 42) }],
    },
    // a method also called on a receiver the index cannot tell apart (a parameter)
    {
      code: 'import os\nclass Mailer:\n    def send(self):\n        return os.environ["SMTP_HOST"]\nMAILER = Mailer()\nMAILER.send()\ndef notify(mailer):\n    return mailer.send()',
      errors: [{ ...read('SMTP_HOST', 'method `Mailer.send`'), ...span(4, 16, 4, 39) }],
    },
    // an environment accessor: the call in the view is the read
    {
      code: 'import os\ndef env_bool(name):\n    return os.getenv(name) == "1"\nDEBUG = env_bool("DEBUG")\ndef view():\n    return env_bool("MAINTENANCE")',
      errors: [{ ...read('MAINTENANCE', 'function `view`'), ...span(6, 12, 6, 35) }],
    },
    // multi-file: called per request by views.py
    {
      ...projectFile('project-py-startup-methods', 'src', 'billing', 'cleaners.py'),
      errors: [{ ...read('ALLOWED_TAGS', 'method `CleanerSettings.allowed_tags`'), ...span(18, 16, 18, 53) }],
    },
    {
      code: 'import os\ndef handler():\n    return os.environ["PORT"]',
      errors: [{ ...read('PORT', 'function `handler`'), ...span(3, 12, 3, 30) }],
    },
    {
      code: 'import os\ndef handler(key):\n    return os.environ[key]',
      errors: [{ ...computed('function `handler`'), ...span(3, 12, 3, 27) }],
    },
    {
      code: 'import os\ndef handler():\n    return os.environ.get("REGION", "eu")',
      errors: [{ ...read('REGION', 'function `handler`'), ...span(3, 12, 3, 42) }],
    },
    {
      code: 'import os\ndef handler():\n    return os.environ.setdefault("REGION", "eu")',
      errors: [{ ...read('REGION', 'function `handler`'), ...span(3, 12, 3, 49) }],
    },
    {
      code: 'import os\ndef handler():\n    return "BETA" not in os.environ',
      errors: [{ ...read('BETA', 'function `handler`'), ...span(3, 12, 3, 36) }],
    },
    {
      code: 'import os\ndef handler():\n    return os.getenv(key="REGION")',
      errors: [{ ...read('REGION', 'function `handler`'), ...span(3, 12, 3, 35) }],
    },
    {
      // through aliases: import os as o, from os import environ as E, getenv as ge, env = os.environ
      code: dedent`
        import os as o
        from os import environ as E, getenv as ge
        env = o.environ

        def handler():
            return o.getenv("A"), E["B"], ge("C"), env.get("D")
      `,
      errors: [
        { ...read('A', 'function `handler`'), ...span(6, 12, 6, 25) },
        { ...read('B', 'function `handler`'), ...span(6, 27, 6, 33) },
        { ...read('C', 'function `handler`'), ...span(6, 35, 6, 42) },
        { ...read('D', 'function `handler`'), ...span(6, 44, 6, 56) },
      ],
    },
    {
      // a property, a method and a lambda
      code: dedent`
        import os

        class Settings:
            @property
            def dsn(self):
                return os.environ["DSN"]

            def url(self):
                return os.getenv("URL")

        hook = lambda: os.getenv("HOOK")
      `,
      errors: [
        { ...read('DSN', 'property `Settings.dsn`'), ...span(6, 16, 6, 33) },
        { ...read('URL', 'method `Settings.url`'), ...span(9, 16, 9, 32) },
        { ...read('HOOK', 'a lambda'), ...span(11, 16, 11, 33) },
      ],
    },
    {
      // a function nested in a startup function and handed to other code
      code: dedent`
        import os

        def main():
            def on_message(msg):
                return os.environ["QUEUE"]
            consumer.subscribe(on_message)
      `,
      errors: [{ ...read('QUEUE', 'function `on_message`'), ...span(5, 16, 5, 35) }],
    },
    {
      // a helper also called from a view is not startup-only
      code: dedent`
        import os

        def flag(name):
            return os.getenv(name) == "1"

        A = flag("A")

        def view(request):
            return flag("B")
      `,
      errors: [{ ...computed('function `flag`'), ...span(4, 12, 4, 27) }],
    },
    {
      // a variable the startup schema validates (pydantic-settings, case-insensitive), read again in a handler
      code: dedent`
        import os
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            stripe_key: str

        settings = Settings()

        def charge():
            return os.environ["STRIPE_KEY"]
      `,
      filename: 'server/payments.py',
      errors: [{ ...validated('STRIPE_KEY', 'function `charge`', 'pydantic-settings', 'server/payments.py'), ...span(10, 12, 10, 36) }],
    },
    {
      // a validator that nothing calls
      code: 'from environs import Env\ndef validate_environment():\n    env = Env()\n    return env.str("WEBHOOK_SECRET")',
      errors: [{ ...uncalled('validate_environment', 'environs'), ...span(2, 5, 2, 25) }],
    },
    {
      code: 'import os\ndef handler():\n    return os.getenv("TZ"), os.getenv("NODE_ENV")',
      options: [{ allow: ['TZ'] }],
      errors: [{ ...read('NODE_ENV', 'function `handler`'), ...span(3, 29, 3, 50) }],
    },
    {
      code: 'import os\ndef main():\n    return os.getenv("PORT")',
      options: [{ startupFunctions: ['boot'] }],
      errors: [{ ...read('PORT', 'function `main`'), ...span(3, 12, 3, 29) }],
    },
    {
      code: 'import os\ndef upgrade():\n    return os.getenv("DEPLOYMENT")',
      filename: 'alembic/migrations/0001_init.py',
      settings: { 'runtime-ops': { projectKind: 'service', roles: { service: ['alembic/**'] } } },
      options: [{ scriptDirectories: [] }],
      errors: [{ ...read('DEPLOYMENT', 'function `upgrade`'), ...span(3, 12, 3, 35) }],
    },
  ],
});
