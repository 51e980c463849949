import dedent from 'dedent';
import rule from '../rules/no-unstructured-logging/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;
const tsRemedy = "logger.info({ userId }, 'user created')";
const pyRemedy = 'extra={...}, keyword arguments with structlog/loguru, or lazy "%s" arguments';
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
    // constant concatenation
    "import { logger } from './log'; logger.warn('a' + 'b');",
  ],
  invalid: [
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
    // noqa naming the rule
    'print("x")  # noqa: rule-to-test/no-unstructured-logging',
  ],
  invalid: [
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
      errors: [{ messageId: 'interpolatedMessage', data: py('an f-string'), line: 5, column: 17, endLine: 5, endColumn: 44 }],
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
