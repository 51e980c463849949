import dedent from 'dedent';
import rule from '../rules/no-unstructured-logging/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;
const tsRemedy = "logger.info({ userId }, 'user created')";
const pyRemedy = 'lazy "%s" arguments, extra= or structlog/loguru keywords';
const ts = (how: string) => ({ how, remedy: tsRemedy });
const py = (how: string) => ({ how, remedy: pyRemedy });

tsTester.run('no-unstructured-logging', ruleUnderTest, {
  valid: [
    // constant message with fields object (pino order)
    "import pino from 'pino'; const logger = pino(); logger.info({ userId: id }, 'user created');",
    // template literal inside the fields object is data, not the message
    "import { logger } from './log'; logger.info({ path: `/u/${id}` }, 'request');",
    // shadowed console: a parameter
    'function run(console: { log(x: string): void }) { console.log("x"); }',
    // allowed method
    { code: 'console.error("boom");', options: [{ allow: ['error'] }] },
    // CLI module (shebang): bare output is the interface
    '#!/usr/bin/env node\nconsole.log("usage: tool <file>");',
    // CLI module (framework import)
    "import { Command } from 'commander'; console.log('done');",
    // a method called info on something that is not a logger
    'const cache = new Map(); cache.info(`k ${k}`);',
    // a class member that is not a logger, even with a method called info
    'class A { private readonly stats = new Map(); f(id: string) { this.stats.info(`k ${id}`); } }',
    // the project silenced no-console on this line: the same decision
    'console.log(id); // eslint-disable-line no-console',
    // a script: bare output is its interface
    { code: 'console.log("migrated");', filename: 'scripts/migrate.ts' },
    // browser code: the console is a devtools panel
    { code: "import { useState } from 'react';\nconsole.warn(`state ${x}`);", filename: 'src/widget.ts' },
    // a published library: its output is its users' decision
    { code: 'console.log("x");', settings: { 'runtime-ops': { projectKind: 'library' } } },
    // constant concatenation
    "import { logger } from './log'; logger.warn('a' + 'b');",
    // a class with a single info method is not a logger; a project logger's constant message with values after it
    'class Cache { info(key: string) {} }\nconst cache = new Cache();\ncache.info(`k ${k}`);',
    'class Logger { info(module: string, ...msg: unknown[]) {} }\nconst log = new Logger();\nlog.info(`monitor-${id}`, \'beat\', { id });',

  ],
  invalid: [
    {
      // the formatter's parentheses around a long message
      code: "import { logger } from './log';\nlogger.info((`user ${id} ` + (`from ${ip}`)));\nlogger.warn(('a ' + b));",
      errors: [
        { messageId: 'interpolatedMessage', data: ts('string concatenation'), line: 2, column: 14, endLine: 2, endColumn: 44 },
        { messageId: 'interpolatedMessage', data: ts('string concatenation'), line: 3, column: 14, endLine: 3, endColumn: 22 },
      ],
    },
    {
      // a logger that is a call result: `this.getLogger().warn(...)`
      code: 'class Jobs { run(id: string) { this.getLogger().warn(`job ${id} late`); } }',
      errors: [{ messageId: 'interpolatedMessage', line: 1, column: 54, endLine: 1, endColumn: 70 }],
    },
    {
      // logger attributes not named log/logger: `this.logger_`, `this.#logger`, `this.loggerService`
      code: 'class A { #logger = console; f(id: string) { this.logger_.info(`a ${id}`); this.#logger.error(`b ${id}`); this.loggerService.warn(`c ${id}`); } }',
      errors: [
        { messageId: 'interpolatedMessage', line: 1, column: 64, endLine: 1, endColumn: 73 },
        { messageId: 'interpolatedMessage', line: 1, column: 95, endLine: 1, endColumn: 104 },
        { messageId: 'interpolatedMessage', line: 1, column: 131, endLine: 1, endColumn: 140 },
      ],
    },
    {
      // a class member created from a logger factory, whatever its name
      code: "import pino from 'pino';\nclass Billing {\n  private readonly audit = pino();\n  charge(id: string) { this.audit.info(`charged ${id}`); }\n}",
      errors: [
        {
          messageId: 'interpolatedMessage',
          line: 4,
          column: 40,
          endLine: 4,
          endColumn: 55,
          // pino's order, known from the field's initialiser: fields first
          suggestions: [{ messageId: 'useFields', output: "import pino from 'pino';\nclass Billing {\n  private readonly audit = pino();\n  charge(id: string) { this.audit.info({ id }, 'charged {id}'); }\n}" }],
        },
      ],
    },
    {
      // a constructor parameter property typed as a logger class (NestJS)
      code: "import { Logger } from '@nestjs/common';\nclass Orders {\n  constructor(private readonly events: Logger) {}\n  create(id: string) { this.events.log(`order ${id}`); }\n}",
      errors: [
        {
          messageId: 'interpolatedMessage',
          line: 4,
          column: 40,
          endLine: 4,
          endColumn: 53,
          // NestJS's order, known from the parameter's type: message first, fields after
          suggestions: [
            { messageId: 'useFieldsAfter', output: "import { Logger } from '@nestjs/common';\nclass Orders {\n  constructor(private readonly events: Logger) {}\n  create(id: string) { this.events.log('order {id}', { id }); }\n}" },
          ],
        },
      ],
    },
    {
      // a project logger's signature says where the message is: `info(module, ...msg)`, `exception(module, exception, ...msg)`
      code: dedent`
        class Logger {
          info(module: string, ...msg: unknown[]) {}
          exception(module: string, exception: unknown, ...msg: unknown[]) {}
        }
        const log = new Logger();
        log.info('monitor', \`beat \${id}\`);
        log.exception('monitor', err, 'check failed: ' + name);
      `,
      errors: [
        { messageId: 'interpolatedMessage', data: ts('a template literal'), line: 6, column: 21, endLine: 6, endColumn: 33 },
        { messageId: 'interpolatedMessage', data: ts('string concatenation'), line: 7, column: 31, endLine: 7, endColumn: 54 },
      ],
    },
    {
      // a class of the project with level methods makes loggers, whatever the instance is called
      code: 'class AuditTrail { info(m: string) {} error(m: string) {} }\nconst trail = new AuditTrail();\ntrail.error(`charge ${id} failed`);',
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 13, endLine: 3, endColumn: 34 }],
    },
    {
      // option loggers: a project logger whose message is the second argument
      code: "import { Audit } from './audit';\nAudit.info('billing', `charged ${id}`, { id });",
      options: [{ loggers: [{ name: 'Audit', messageArgument: 1 }] }],
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 23, endLine: 2, endColumn: 38 }],
    },
    {
      code: 'console.log("ready");',
      errors: [{ messageId: 'bareOutput', data: { name: 'console.log' }, line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      code: 'const { log } = console;\nlog("x");',
      errors: [{ messageId: 'bareOutput', data: { name: 'log' }, line: 2, column: 1, endLine: 2, endColumn: 4 }],
    },
    {
      code: "import { logger as log } from './logger';\nlog.info(`user ${id} created`);",
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 10, endLine: 2, endColumn: 30 }],
    },
    {
      code: "import pino from 'pino';\nconst base = pino();\nconst child = base.child({ a: 1 });\nchild.error('failed for ' + id);",
      errors: [{ messageId: 'interpolatedMessage', data: ts('string concatenation'), line: 4, column: 13, endLine: 4, endColumn: 31 }],
    },
    {
      code: 'class S { constructor(private readonly logger: Logger) {} run() { this.logger.warn(`slow ${ms}`); } }',
      errors: [{ messageId: 'interpolatedMessage', line: 1, column: 84, endLine: 1, endColumn: 96 }],
    },
    {
      code: "import winston from 'winston';\nconst logger = winston.createLogger({});\nlogger.log('info', `x ${y}`);",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 20, endLine: 3, endColumn: 28 }],
    },
    {
      // a console call with an interpolated message gets the bare-output message only
      code: 'console.info(`user ${id}`);',
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 13 }],
    },
    {
      code: '#!/usr/bin/env node\nconsole.log("x");',
      options: [{ checkCli: true }],
      errors: [{ messageId: 'bareOutput', line: 2, column: 1 }],
    },
    {
      code: "import util from 'node:util';\nimport { logger } from './l';\nlogger.info(util.format('u %s', id));",
      errors: [{ messageId: 'interpolatedMessage', data: ts('util.format()'), line: 3, column: 13 }],
    },
  ],
});

pyTester.run('no-unstructured-logging', ruleUnderTest, {
  valid: [
    // a fatal message at import, right before the process stops (logging is not set up yet)
    'import os\nif os.environ.get("OLD_SETTING"):\n    print("OLD_SETTING is no longer supported")\n    raise SystemExit(1)',
    // lazy arguments are structured enough by default
    'import logging\nlog = logging.getLogger(__name__)\nlog.info("user %s", uid)',
    // constant message with extra=
    'import logging\nlog = logging.getLogger(__name__)\nlog.info("user created", extra={"user": uid})',
    // shadowed print: a parameter
    dedent`
      def render(print):
          print("not the builtin")
    `,
    // CLI module: argparse imported
    'import argparse\nprint("usage")',
    // peer suppressions: Ruff's T201 for prints, G004 and pylint for f-string log messages
    'print(x)  # noqa: T201',
    '# ruff: noqa: T201\nprint(x)',
    'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"a {x}")  # noqa: G004',
    'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"a {x}")  # pylint: disable=logging-fstring-interpolation',
    // scripts and test files: not reported
    { code: 'print("migrated")', filename: 'scripts/migrate.py' },
    { code: 'print("x")', filename: 'app/tests.py' },
    // a cyclopts CLI
    'import cyclopts\nprint("usage")',
    // main guard counts as CLI code
    dedent`
      def main():
          return 0

      if __name__ == "__main__":
          print(main())
    `,
    // allowed
    { code: 'print("x")', options: [{ allow: ['print'] }] },
    // a non-logger with an info method
    'metrics.info(f"x {y}")',
    // a constant translation, a translation of a value, and a local function called `_` are not templates formatted
    'import logging\nlog = logging.getLogger(__name__)\nlog.info(_("Decrypting done"))\nlog.info(_(status_text).format(name))',
    'import logging\nlog = logging.getLogger(__name__)\ndef _(s):\n    return s.upper()\nlog.info(_("user {}").format(uid))',
    // an attribute the class sets to something else is not a logger
    'class W:\n    def __init__(self):\n        self.progress = ProgressBar()\n    def run(self):\n        self.progress.info(f"{x} done")',

    // noqa naming the rule
    'print("x")  # noqa: rule-to-test/no-unstructured-logging',
  ],
  invalid: [
    // inside a function the logger is configured by the time it runs, exit or not
    {
      code: 'import sys\ndef stop():\n    print("stopping")\n    sys.exit(1)',
      errors: [{ messageId: 'bareOutput', data: { name: 'print' }, line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      // the formatter's parentheses around a long message
      code: 'import logging\nlog = logging.getLogger(__name__)\nlog.info((f"user {uid}"))',
      errors: [
        {
          messageId: 'interpolatedMessage',
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 24,
          // the parentheses go with the message: `(("user %s", uid))` would log a tuple
          suggestions: [{ messageId: 'useLazyArgs', output: 'import logging\nlog = logging.getLogger(__name__)\nlog.info("user %s", uid)' }],
        },
      ],
    },
    {
      // a logger that is a call result
      code: 'import logging\nfrom prefect import get_run_logger\nlogging.getLogger(__name__).info(f"a {x}")\nget_run_logger().debug("b " + x)',
      errors: [
        {
          messageId: 'interpolatedMessage',
          line: 3,
          column: 34,
          endLine: 3,
          endColumn: 42,
          suggestions: [{ messageId: 'useLazyArgs', output: 'import logging\nfrom prefect import get_run_logger\nlogging.getLogger(__name__).info("a %s", x)\nget_run_logger().debug("b " + x)' }],
        },
        { messageId: 'interpolatedMessage', line: 4, column: 24, endLine: 4, endColumn: 32 },
      ],
    },
    {
      // attributes not named log/logger: `self.logger_`, `self._LOGGER`
      code: 'class A:\n    def f(self, x):\n        self.logger_.info(f"a {x}")\n        self._LOGGER.warning(f"b {x}")',
      errors: [
        { messageId: 'interpolatedMessage', line: 3, column: 27, endLine: 3, endColumn: 35 },
        { messageId: 'interpolatedMessage', line: 4, column: 30, endLine: 4, endColumn: 38 },
      ],
    },
    {
      // a translation formatted afterwards (gettext's `_`, a `self._` alias, ngettext), on a `self.<core>.log` receiver
      code: dedent`
        from gettext import ngettext
        class DecrypterThread:
            def run(self):
                self.pyload.log.info(self._("Decrypting starts: {}").format(self.active.name))
                self.pyload.log.error(_("failed: %s") % exc)
                self.pyload.log.warning(ngettext("{} link", "{} links", n).format(n))
                self.pyload.log.debug(_(f"raw {x}"))
      `,
      errors: [
        { messageId: 'interpolatedMessage', data: py('str.format()'), line: 4, column: 30, endLine: 4, endColumn: 86 },
        { messageId: 'interpolatedMessage', data: py('%-formatting'), line: 5, column: 31, endLine: 5, endColumn: 52 },
        { messageId: 'interpolatedMessage', data: py('str.format()'), line: 6, column: 33, endLine: 6, endColumn: 77 },
        { messageId: 'interpolatedMessage', data: py('an f-string'), line: 7, column: 31, endLine: 7, endColumn: 44 },
      ],
    },
    {
      // loggers known by where they come from: an attribute the class sets from getLogger, a class with level methods
      code: dedent`
        import logging
        class AuditTrail:
            def info(self, msg): ...
            def error(self, msg): ...
        class Worker:
            events = logging.getLogger("events")
            def __init__(self):
                self.audit = logging.getLogger("audit")
                self.trail = AuditTrail()
            def run(self, job):
                self.audit.warning(f"job {job}")
                self.events.info("job " + job)
                self.trail.error(f"job {job} failed")
      `,
      errors: [
        { messageId: 'interpolatedMessage', line: 11, column: 28, endLine: 11, endColumn: 40 },
        { messageId: 'interpolatedMessage', line: 12, column: 26, endLine: 12, endColumn: 38 },
        { messageId: 'interpolatedMessage', line: 13, column: 26, endLine: 13, endColumn: 45 },
      ],
    },
    {
      // a logger name the module never binds (a star import, or a NameError waiting to happen)
      code: 'def f(value):\n    logger.error("bad value: {}".format(value))',
      errors: [{ messageId: 'interpolatedMessage', data: py('str.format()'), line: 2, column: 18, endLine: 2, endColumn: 47 }],
    },
    {
      // option loggers: the message is the second argument
      code: 'from app.audit import Audit\nAudit.info("billing", f"charged {x}")',
      options: [{ loggers: [{ name: 'Audit', messageArgument: 1 }] }],
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 23, endLine: 2, endColumn: 37 }],
    },
    {
      // a code of another tool silences nothing of ours
      code: 'print(x)  # noqa: E501',
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      code: 'print("ready")',
      errors: [{ messageId: 'bareOutput', data: { name: 'print' }, line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      code: 'from pprint import pprint as pp\npp(state)',
      errors: [{ messageId: 'bareOutput', data: { name: 'pp' }, line: 2, column: 1, endLine: 2, endColumn: 3 }],
    },
    {
      code: dedent`
        import logging as lg
        logger = lg.getLogger(__name__)

        def handle(user):
            logger.info(f"user {user.id} logged in")
      `,
      errors: [
        {
          messageId: 'interpolatedMessage',
          data: py('an f-string'),
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useLazyArgs',
              data: { args: 'user.id' },
              output: dedent`
                import logging as lg
                logger = lg.getLogger(__name__)

                def handle(user):
                    logger.info("user %s logged in", user.id)
              `,
            },
          ],
        },
      ],
    },
    {
      code: 'import logging\nlogging.warning("disk %s full" % disk)',
      errors: [{ messageId: 'interpolatedMessage', data: py('%-formatting'), line: 2, column: 17, endLine: 2, endColumn: 38 }],
    },
    {
      code: 'from loguru import logger\nlogger.error("failed: {}".format(err))',
      errors: [{ messageId: 'interpolatedMessage', data: py('str.format()'), line: 2, column: 14, endLine: 2, endColumn: 38 }],
    },
    {
      code: 'import structlog\nlog = structlog.get_logger()\nlog.info("job " + job_id)',
      errors: [{ messageId: 'interpolatedMessage', data: py('string concatenation'), line: 3, column: 10, endLine: 3, endColumn: 25 }],
    },
    {
      code: 'import logging\nlog = logging.getLogger()\nlog.info("user %s", uid)',
      options: [{ allowLazyFormatArgs: false }],
      errors: [{ messageId: 'interpolatedMessage', data: py('lazy %-arguments'), line: 3, column: 10 }],
    },
    {
      code: 'import logging\nlog = logging.getLogger()\nlog.log(logging.INFO, f"x {y}")',
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 23 }],
    },
    {
      // emoji before the call: columns count UTF-16 units
      code: 'x = "😀😀"; print(x)',
      errors: [{ messageId: 'bareOutput', line: 1, column: 13, endColumn: 18 }],
    },
    {
      code: 'import argparse\nprint("x")',
      options: [{ checkCli: true }],
      errors: [{ messageId: 'bareOutput', line: 2, column: 1 }],
    },
    {
      // a bare noqa does not silence runtime-ops (documented choice)
      code: 'print("x")  # noqa',
      errors: [{ messageId: 'bareOutput', line: 1, column: 1 }],
    },
  ],
});

/** An interpolated-message error at a position, with the given suggestions (`[]`: none offered). */
function interpolated(how: string, remedy: string, at: [number, number, number, number], suggestions: unknown[]) {
  const [line, column, endLine, endColumn] = at;
  return { messageId: 'interpolatedMessage', data: { how, remedy }, line, column, endLine, endColumn, suggestions } as never;
}

const PINO = "import pino from 'pino';\nconst logger = pino();\n";

// Suggestion: a template literal message on a (fields, message) logger becomes a fields object and a constant message.
tsTester.run('no-unstructured-logging suggestions (TS/JS)', ruleUnderTest, {
  valid: [],
  invalid: [
    {
      code: `${PINO}logger.info(\`user \${userId} from \${req.ip}\`);`,
      errors: [
        interpolated('a template literal', tsRemedy, [3, 13, 3, 44], [
          {
            messageId: 'useFields',
            data: { fields: '{ userId, ip: req.ip }' },
            output: `${PINO}logger.info({ userId, ip: req.ip }, 'user {userId} from {ip}');`,
          },
        ]),
      ],
    },
    {
      // a child logger of a pino logger; `this.` chains; a quote and a newline in the text are escaped
      code: "import pino from 'pino';\nconst log = pino().child({ svc: 'api' });\nclass C { run() { log.warn(`can't reach ${this.upstream.host}\\n`); } }",
      errors: [
        interpolated('a template literal', tsRemedy, [3, 28, 3, 65], [
          {
            messageId: 'useFields',
            data: { fields: '{ host: this.upstream.host }' },
            output:
              "import pino from 'pino';\nconst log = pino().child({ svc: 'api' });\nclass C { run() { log.warn({ host: this.upstream.host }, 'can\\'t reach {host}\\n'); } }",
          },
        ]),
      ],
    },
    {
      // Fastify / pino-http request logger; the same value twice is one field
      code: 'app.post("/orders", async (request) => { request.log.info(`order ${order.id} for ${order.id}`); });',
      errors: [
        interpolated('a template literal', tsRemedy, [1, 59, 1, 94], [
          {
            messageId: 'useFields',
            data: { fields: '{ id: order.id }' },
            output: 'app.post("/orders", async (request) => { request.log.info({ id: order.id }, \'order {id} for {id}\'); });',
          },
        ]),
      ],
    },
    // No suggestion: a call in a hole (evaluating it earlier or not at all could change behaviour)
    { code: `${PINO}logger.info(\`user \${user.getId()}\`);`, errors: [interpolated('a template literal', tsRemedy, [3, 13, 3, 35], [])] },
    // No suggestion: other arguments after the message
    { code: `${PINO}logger.info(\`user \${id}\`, extra);`, errors: [interpolated('a template literal', tsRemedy, [3, 13, 3, 25], [])] },
    // No suggestion: two different values would get the same field name
    { code: `${PINO}logger.info(\`\${a.id} -> \${b.id}\`);`, errors: [interpolated('a template literal', tsRemedy, [3, 13, 3, 33], [])] },
    // No suggestion: a field pino sets itself
    { code: `${PINO}logger.info(\`got \${msg}\`);`, errors: [interpolated('a template literal', tsRemedy, [3, 13, 3, 25], [])] },
    // winston takes the message first: the fields object goes after the constant message
    {
      code: "import winston from 'winston';\nconst logger = winston.createLogger({});\nlogger.info(`user ${id} from ${req.ip}`);",
      errors: [
        interpolated('a template literal', tsRemedy, [3, 13, 3, 40], [
          {
            messageId: 'useFieldsAfter',
            data: { fields: '{ id, ip: req.ip }' },
            output: "import winston from 'winston';\nconst logger = winston.createLogger({});\nlogger.info('user {id} from {ip}', { id, ip: req.ip });",
          },
        ]),
      ],
    },
    // a child of a winston logger, imported by name; log4js likewise takes the message first
    {
      code: "import { createLogger } from 'winston';\nconst log = createLogger().child({ svc: 'api' });\nlog.warn(`retrying ${this.job.id}`);",
      errors: [
        interpolated('a template literal', tsRemedy, [3, 10, 3, 35], [
          {
            messageId: 'useFieldsAfter',
            data: { fields: '{ id: this.job.id }' },
            output: "import { createLogger } from 'winston';\nconst log = createLogger().child({ svc: 'api' });\nlog.warn('retrying {id}', { id: this.job.id });",
          },
        ]),
      ],
    },
    {
      code: "import log4js from 'log4js';\nconst logger = log4js.getLogger('orders');\nlogger.error(`order ${orderId} failed`);",
      errors: [
        interpolated('a template literal', tsRemedy, [3, 14, 3, 39], [
          {
            messageId: 'useFieldsAfter',
            data: { fields: '{ orderId }' },
            output: "import log4js from 'log4js';\nconst logger = log4js.getLogger('orders');\nlogger.error('order {orderId} failed', { orderId });",
          },
        ]),
      ],
    },
    // No suggestion: a field winston sets itself
    {
      code: "import winston from 'winston';\nconst logger = winston.createLogger({});\nlogger.info(`got ${message}`);",
      errors: [interpolated('a template literal', tsRemedy, [3, 13, 3, 29], [])],
    },
    // NestJS's Logger prints a trailing object after the message (a trailing string would be its context): fields after
    {
      code: "import { Logger } from '@nestjs/common';\nconst logger = new Logger('Orders');\nlogger.log(`order ${orderId}`);",
      errors: [
        interpolated('a template literal', tsRemedy, [3, 12, 3, 30], [
          {
            messageId: 'useFieldsAfter',
            data: { fields: '{ orderId }' },
            output: "import { Logger } from '@nestjs/common';\nconst logger = new Logger('Orders');\nlogger.log('order {orderId}', { orderId });",
          },
        ]),
      ],
    },
    // NestJS: the message is first even when a context follows; a context argument means no suggestion
    {
      code: "import { Logger } from '@nestjs/common';\nLogger.error(`order ${orderId} failed`, 'Orders');",
      errors: [interpolated('a template literal', tsRemedy, [2, 14, 2, 39], [])],
    },
    // NestJS through nestjs-pino: an error or fields first, then the message, then the context
    {
      code: "import { Logger } from '@nestjs/common';\nLogger.error(error, `job ${jobId} failed`, LOG_CONTEXT);",
      errors: [interpolated('a template literal', tsRemedy, [2, 21, 2, 42], [])],
    },
    // pino/bunyan: an error or fields object first, the message second
    {
      code: `${PINO}logger.error(err, \`order \${orderId} failed\`);\nlogger.info({ orderId }, 'order ' + orderId);`,
      errors: [interpolated('a template literal', tsRemedy, [3, 19, 3, 44], []), interpolated('string concatenation', tsRemedy, [4, 26, 4, 44], [])],
    },
    // No suggestion: a logger of unknown origin may be winston, log4js or NestJS
    { code: "import { logger } from './logger';\nlogger.info(`user ${id}`);", errors: [interpolated('a template literal', tsRemedy, [2, 13, 2, 25], [])] },
  ],
});

// Suggestion: an f-string message on a standard-library logger becomes a constant %s message with lazy arguments.
pyTester.run('no-unstructured-logging suggestions (Python)', ruleUnderTest, {
  valid: [],
  invalid: [
    {
      code: 'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"user {user_id} from {request.ip}")',
      errors: [
        interpolated('an f-string', pyRemedy, [3, 10, 3, 45], [
          {
            messageId: 'useLazyArgs',
            data: { args: 'user_id, request.ip' },
            output: 'import logging\nlog = logging.getLogger(__name__)\nlog.info("user %s from %s", user_id, request.ip)',
          },
        ]),
      ],
    },
    {
      // the logging module itself; literal % doubled, {{ }} unescaped, keyword arguments kept
      code: "import logging\nlogging.error(f'{pct}% of {{quota}} used', exc_info=True)",
      errors: [
        interpolated('an f-string', pyRemedy, [2, 15, 2, 42], [
          {
            messageId: 'useLazyArgs',
            data: { args: 'pct' },
            output: "import logging\nlogging.error('%s%% of {quota} used', pct, exc_info=True)",
          },
        ]),
      ],
    },
    {
      // a raw f-string keeps its r prefix; getChild of a stdlib logger
      code: 'import logging\nlog = logging.getLogger("app").getChild("db")\nlog.warning(rF"no file {path} in \\d")',
      errors: [
        interpolated('an f-string', pyRemedy, [3, 13, 3, 37], [
          {
            messageId: 'useLazyArgs',
            data: { args: 'path' },
            output: 'import logging\nlog = logging.getLogger("app").getChild("db")\nlog.warning(r"no file %s in \\d", path)',
          },
        ]),
      ],
    },
    // No suggestion: a conversion, a format spec or a self-documenting `=` changes what is printed
    { code: 'import logging\nlogging.info(f"user {uid!r}")', errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 29], [])] },
    { code: 'import logging\nlogging.info(f"took {ms:.2f}")', errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 30], [])] },
    { code: 'import logging\nlogging.info(f"{uid=}")', errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 23], [])] },
    // No suggestion: a call in a hole
    { code: 'import logging\nlogging.info(f"user {user.name()}")', errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 35], [])] },
    // No suggestion: another positional argument, or the level form
    { code: 'import logging\nlogging.info(f"user {uid}", extra_arg)', errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 27], [])] },
    { code: 'import logging\nlogging.log(logging.INFO, f"user {uid}")', errors: [interpolated('an f-string', pyRemedy, [2, 27, 2, 40], [])] },
    // No suggestion: structlog and loguru do not take %s arguments
    { code: 'import structlog\nlog = structlog.get_logger()\nlog.info(f"user {uid}")', errors: [interpolated('an f-string', pyRemedy, [3, 10, 3, 23], [])] },
    { code: 'from loguru import logger\nlogger.info(f"user {uid}")', errors: [interpolated('an f-string', pyRemedy, [2, 13, 2, 26], [])] },
    // No suggestion when lazy arguments are not allowed
    {
      code: 'import logging\nlogging.info(f"user {uid}")',
      options: [{ allowLazyFormatArgs: false }],
      errors: [interpolated('an f-string', pyRemedy, [2, 14, 2, 27], [])],
    },
  ],
});
