import { readFileSync } from 'node:fs';
import path from 'node:path';
import dedent from 'dedent';
import { ROOT } from './fixture-runner.js';
import rule from '../rules/require-graceful-shutdown/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;
const FIXTURES = path.join(ROOT, 'fixtures', 'require-graceful-shutdown');
const missing = (start: string) => ({ messageId: 'missingHandler', data: { start } });
const exitEarly = (signals: string) => ({ messageId: 'exitBeforeDrain', data: { signals } });
const late = (signals: string, step: string, line: number, start: string, startLine: number) => ({ messageId: 'handlerRegisteredLate', data: { signals, step, line, start, startLine } });
const orphan = (child: string) => ({ messageId: 'orphanedChild', data: { child } });
const unsafe = (signals: string, handler: string, work: string) => ({ messageId: 'unsafeHandlerWork', data: { signals, handler, work } });
const offMain = (fn: string, how: string) => ({ messageId: 'signalOffMainThread', data: { fn, how } });
const only = (option: string, value = false) => [{ [option]: value }];

const EXPRESS = "import express from 'express';\nconst app = express();\n";

tsTester.run('require-graceful-shutdown', ruleUnderTest, {
  valid: [
    // a SIGTERM listener is a shutdown path
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`,
    // through `import process from 'node:process'`, and for a signal list
    `${EXPRESS}import process from 'node:process';\nconst server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => server.close());`,
    // a listener registered inside a function counts too
    `${EXPRESS}function onStop(close: () => void) {\n  process.on('SIGINT', close);\n}\nconst server = app.listen(3000);\nonStop(() => server.close());`,
    // shutdown libraries
    "import http from 'node:http';\nimport { createLightship } from 'lightship';\nconst server = http.createServer();\ncreateLightship();\nserver.listen(3000);",
    "import http from 'node:http';\nimport { createHttpTerminator } from 'http-terminator';\nconst server = http.createServer();\nconst terminator = createHttpTerminator({ server });\nserver.listen(3000);",
    "import http from 'node:http';\nimport stoppable from 'stoppable';\nconst server = stoppable(http.createServer());\nserver.listen(3000);",
    // NestJS with enableShutdownHooks
    "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(3000);\n}",
    // a start inside an exported function runs when another module calls it: that module is the entry point
    `${EXPRESS}export function start() {\n  return app.listen(3000);\n}`,
    // an app exported for a runner (a test, a serverless adapter) starts nothing
    `${EXPRESS}export default app;`,
    // listen on something the file cannot identify is not a start
    'export function start(server: { listen(port: number): void }) {\n  server.listen(3000);\n}',
    // a `while (true)` without awaits is a retry or a computation, not a consumer
    'while (true) {\n  if (tryOnce()) break;\n}',
    // a loop that can end by itself (its own break) is a drain, not a consumer
    'async function main() {\n  while (true) {\n    const job = await queue.pop();\n    if (!job) break;\n    await handle(job);\n  }\n}\nvoid main();',
    // a loop in a function nobody calls at top level (a Lambda handler)
    'export async function handler() {\n  while (true) {\n    if (await tryOnce()) return;\n  }\n}',
    // switched off
    { code: `${EXPRESS}app.listen(3000);`, options: only('checkMissingHandler') },
    // scripts are exempt
    { code: `${EXPRESS}app.listen(3000);`, filename: 'scripts/dev-server.ts' },
    // the handler module this entry imports registers SIGTERM (multi-file case on disk)
    { code: "import express from 'express';\nimport { installShutdown } from './lifecycle';\nconst app = express();\nconst server = app.listen(3000);\ninstallShutdown(server);", filename: path.join(FIXTURES, 'project-ts-handler', 'server.ts') },
    // the module that imports this one registers SIGTERM (index.ts imports ./server)
    { code: "import express from 'express';\nexport const app = express();\nexport const server = app.listen(3000);", filename: path.join(FIXTURES, 'project-ts-importer', 'server.ts') },
    // exitBeforeDrain: exiting in the close callback, after an await, or after a cleanup call
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => {\n  server.close(() => process.exit(0));\n});`,
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', async () => {\n  await db.end();\n  process.exit(0);\n});`,
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGINT', () => {\n  db.close();\n  process.exit(0);\n});`,
    // a forced-exit timer bounds the drain
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => {\n  setTimeout(() => process.exit(1), 10_000).unref();\n  process.exit(0);\n});`,
    // a handler table registered in a loop over its keys
    `${EXPRESS}const server = app.listen(3000);\nconst handlers = { SIGTERM: () => server.close() };\nfor (const sig of Object.keys(handlers)) process.on(sig, handlers[sig]);`,
    // the forced-exit check is the one both shutdown rules share: a SIGKILL to itself ends the process too
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => {\n  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 10_000).unref();\n  process.exit(0);\n});`,
    // a CLI that exits on Ctrl-C has nothing to drain
    { code: "#!/usr/bin/env node\nprocess.on('SIGINT', () => process.exit(130));", filename: 'bin/tool.ts' },
    // SIGHUP is not a stop signal
    `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());\nprocess.on('SIGHUP', () => process.exit(0));`,
    { code: `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));`, options: only('checkExitBeforeDrain') },
    // handlerRegisteredLate: registered before the await, under a condition, or after a quick step
    "async function main() {\n  process.on('SIGTERM', stop);\n  await db.connect();\n}",
    `${EXPRESS}async function main(flag: boolean) {\n  app.listen(3000);\n  await db.connect();\n  if (flag) process.on('SIGTERM', stop);\n}`,
    `${EXPRESS}async function main() {\n  app.listen(3000);\n  const key = await computeHash();\n  process.on('SIGTERM', stop);\n}`,
    { code: `${EXPRESS}async function main() {\n  app.listen(3000);\n  await db.connect();\n  process.on('SIGTERM', stop);\n}`, options: only('checkHandlerRegisteredLate') },
    // slow steps before the program takes work leave nothing in flight: the default SIGTERM action loses nothing
    "async function main() {\n  await db.connect();\n  process.on('SIGTERM', stop);\n}",
    "await db.connect();\nfor (const s of ['SIGINT', 'SIGTERM']) process.once(s, stop);",
    // registered straight after the awaited start: no request callback runs before it
    "import { NestFactory } from '@nestjs/core';\nasync function main() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n  process.on('SIGTERM', () => app.close());\n}",
    // missingHandler: a SIGTERM listener registered through a wrapper of the file
    `${EXPRESS}function onSignal(signal, handler) {\n  process.once(signal, handler);\n}\nconst server = app.listen(3000);\nonSignal('SIGTERM', () => server.close());`,
    // exitBeforeDrain: a handler registered only for test or coverage runs is test tooling
    `${EXPRESS}const server = app.listen(3000);\nif (EnvSet.values.isIntegrationTest) {\n  process.on('SIGINT', () => process.exit(0));\n}`,
    `${EXPRESS}const server = app.listen(3000);\nprocess.env.NODE_ENV === 'test' && process.on('SIGTERM', () => process.exit(0));`,
    // orphanedChild: stopped on shutdown, detached on purpose, exported, or no long-running start
    `${EXPRESS}import { spawn } from 'node:child_process';\nconst proxy = spawn('envoy');\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => { proxy.kill(); server.close(); });`,
    `${EXPRESS}import { spawn } from 'node:child_process';\nconst proxy = spawn('envoy', [], { detached: true });\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`,
    `${EXPRESS}import { spawn } from 'node:child_process';\nexport const proxy = spawn('envoy');\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`,
    "import { spawn } from 'node:child_process';\nconst proxy = spawn('envoy');",
    { code: `${EXPRESS}import { spawn } from 'node:child_process';\nconst proxy = spawn('envoy');\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`, options: only('checkOrphanedChild') },
  ],
  invalid: [
    { code: `${EXPRESS}app.listen(3000);`, errors: [{ ...missing('`app.listen()`'), line: 3, column: 1, endLine: 3, endColumn: 11 }] },
    // the same entry without the handler module beside it
    {
      code: "import express from 'express';\nimport { installShutdown } from './lifecycle';\nconst app = express();\nconst server = app.listen(3000);\ninstallShutdown(server);",
      filename: path.join(FIXTURES, 'project-elsewhere', 'server.ts'),
      errors: [{ ...missing('`app.listen()`'), line: 4, column: 16, endLine: 4, endColumn: 26 }],
    },
    // CommonJS
    { code: "const express = require('express');\nconst server = express().listen(3000);", errors: [{ ...missing('`server.listen()`'), line: 2, column: 16, endLine: 2, endColumn: 32 }] },
    // `process` shadowed by a parameter is not the process
    { code: `${EXPRESS}function attach(process: NodeJS.EventEmitter) {\n  process.on('SIGTERM', () => undefined);\n}\napp.listen(3000);`, errors: [{ ...missing('`app.listen()`'), line: 6, column: 1, endLine: 6, endColumn: 11 }] },
    // SIGHUP and beforeExit are not shutdown paths
    { code: `${EXPRESS}process.on('SIGHUP', reload);\nprocess.on('beforeExit', flush);\napp.listen(3000);`, errors: [{ ...missing('`app.listen()`'), line: 5, column: 1, endLine: 5, endColumn: 11 }] },
    // Fastify onClose alone
    { code: "import Fastify from 'fastify';\nconst app = Fastify();\napp.addHook('onClose', async () => db.end());\nawait app.listen({ port: 3000 });", errors: [{ ...missing('`app.listen()`'), line: 4, column: 7, endLine: 4, endColumn: 17 }] },
    // hapi
    { code: "import Hapi from '@hapi/hapi';\nconst server = Hapi.server({ port: 3000 });\nawait server.start();", errors: [{ ...missing('`server.start()`'), line: 3, column: 7, endLine: 3, endColumn: 19 }] },
    // a start in a callback of top-level code, reached through two functions
    { code: `${EXPRESS}function serve() {\n  db.connect().then(() => app.listen(3000));\n}\nfunction main() {\n  serve();\n}\nmain();`, errors: [{ ...missing('`app.listen()`'), line: 4, column: 27, endLine: 4, endColumn: 37 }] },
    // Koa and a Node http server
    { code: "import Koa from 'koa';\nimport { createServer } from 'node:http';\nconst app = new Koa();\ncreateServer(app.callback()).listen(3000);", errors: [{ ...missing('`server.listen()`'), line: 4, column: 1, endLine: 4, endColumn: 36 }] },
    // NestJS microservice without enableShutdownHooks
    { code: "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.startAllMicroservices();\n}\nbootstrap();", errors: [{ ...missing('`app.startAllMicroservices()`'), line: 4, column: 9, endLine: 4, endColumn: 34 }] },
    // kafkajs consumer
    { code: "import { Kafka } from 'kafkajs';\nconst kafka = new Kafka({ brokers: ['kafka:9092'] });\nconst consumer = kafka.consumer({ groupId: 'billing' });\nawait consumer.run({ eachMessage: handle });", errors: [{ ...missing('`consumer.run()`'), line: 4, column: 7, endLine: 4, endColumn: 19 }] },
    // BullMQ worker
    { code: "import { Worker } from 'bullmq';\nnew Worker('emails', handle);", errors: [{ ...missing('`new Worker()`'), line: 2, column: 5, endLine: 2, endColumn: 11 }] },
    // a consumer loop in main()
    { code: 'async function main() {\n  for (;;) {\n    await handle(await queue.pop());\n  }\n}\nvoid main();', errors: [{ ...missing('This consumer loop'), line: 2, column: 3, endLine: 2, endColumn: 6 }] },
    // a top-level loop on a stop flag
    { code: 'let stopping = false;\nwhile (!stopping) {\n  await handle(await queue.pop());\n}', errors: [{ ...missing('This consumer loop'), line: 2, column: 1, endLine: 2, endColumn: 6 }] },
    // exitBeforeDrain
    {
      code: `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGTERM', () => {\n  console.log('bye');\n  process.exit(0);\n});`,
      errors: [{ ...exitEarly('SIGTERM'), line: 6, column: 3, endLine: 6, endColumn: 18 }],
    },
    { code: `${EXPRESS}const server = app.listen(3000);\nprocess.on('SIGINT', () => process.exit(0));`, errors: [{ ...exitEarly('SIGINT'), line: 4, column: 28, endLine: 4, endColumn: 43 }] },
    { code: `${EXPRESS}const server = app.listen(3000);\nprocess.once('SIGTERM', process.exit);`, errors: [{ ...exitEarly('SIGTERM'), line: 4, column: 25, endLine: 4, endColumn: 37 }] },
    // a service module without a start of its own still has something to drain
    { code: "function stop() {\n  process.exit(0);\n}\nprocess.on('SIGTERM', stop);", errors: [{ ...exitEarly('SIGTERM'), line: 2, column: 3, endLine: 2, endColumn: 18 }] },
    // missingHandler: the wrapper is only given SIGHUP
    {
      code: `${EXPRESS}function onSignal(signal, handler) {\n  process.once(signal, handler);\n}\nconst server = app.listen(3000);\nonSignal('SIGHUP', () => server.closeIdleConnections());`,
      errors: [{ ...missing('`app.listen()`'), line: 6, column: 16, endLine: 6, endColumn: 26 }],
    },
    // handlerRegisteredLate: a slow step after the server started taking work, before the registration
    {
      code: "import { NestFactory } from '@nestjs/core';\nasync function main() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n  await cache.warm();\n  process.on('SIGTERM', () => app.close());\n}",
      errors: [{ ...late('SIGTERM', 'cache.warm()', 5, 'app.listen()', 4), line: 6, column: 3, endLine: 6, endColumn: 13 }],
    },
    {
      code: `${EXPRESS}const server = app.listen(3000);\nawait db.connect();\nfor (const s of ['SIGINT', 'SIGTERM']) process.once(s, stop);`,
      errors: [{ ...late('SIGINT/SIGTERM', 'db.connect()', 4, 'app.listen()', 3), line: 5, column: 40, endLine: 5, endColumn: 52 }],
    },
    // exitBeforeDrain: `NODE_ENV !== 'test'` is the production branch
    {
      code: `${EXPRESS}const server = app.listen(3000);\nif (process.env.NODE_ENV !== 'test') {\n  process.on('SIGTERM', () => process.exit(0));\n}`,
      errors: [{ ...exitEarly('SIGTERM'), line: 5, column: 31, endLine: 5, endColumn: 46 }],
    },
    // orphanedChild
    {
      code: `${EXPRESS}import { fork } from 'node:child_process';\nconst renderer = fork('./renderer.js');\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`,
      errors: [{ ...orphan('renderer'), line: 4, column: 18, endLine: 4, endColumn: 22 }],
    },
    {
      code: `${EXPRESS}import cp from 'node:child_process';\nclass Pool {\n  start() {\n    this.child = cp.spawn('worker');\n  }\n}\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`,
      errors: [{ ...orphan('this.child'), line: 6, column: 18, endLine: 6, endColumn: 26 }],
    },
  ],
});

const py = (code: string) => `${dedent(code)}\n`;

pyTester.run('require-graceful-shutdown', ruleUnderTest, {
  valid: [
    // a SIGTERM handler, through `from signal import signal, SIGTERM`
    py(`
      from signal import SIGTERM, signal
      stop = False
      def on_term(signum, frame):
          global stop
          stop = True
      if __name__ == "__main__":
          signal(SIGTERM, on_term)
          while not stop:
              work()
    `),
    // asyncio add_signal_handler and anyio's signal receiver
    py(`
      import asyncio, signal
      async def main():
          asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
          while True:
              await step()
      if __name__ == "__main__":
          asyncio.run(main())
    `),
    py(`
      import anyio, signal
      async def main():
          with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
              while True:
                  await step()
    `),
    // runners that own the signals
    py(`
      import uvicorn
      if __name__ == "__main__":
          uvicorn.run("app:app")
    `),
    py(`
      from aiohttp import web
      def main():
          web.run_app(make_app())
    `),
    py(`
      from rq import Worker
      if __name__ == "__main__":
          Worker(["default"]).work()
    `),
    // a loop that is not endless, and a loop outside any entry point
    py(`
      if __name__ == "__main__":
          for item in load():
              handle(item)
    `),
    py(`
      def poll():
          while True:
              step()
    `),
    // loops that end by themselves: a break of their own, a return, the tested flag set in the loop
    py(`
      def main():
          while True:
              line = input("> ")
              if line == "quit":
                  break
      if __name__ == "__main__":
          main()
    `),
    py(`
      def main():
          done = False
          while not done:
              done = step()
    `),
    // scripts are exempt
    { code: py(`
      if __name__ == "__main__":
          while True:
              step()
    `), filename: 'scripts/backfill.py' },
    { code: py(`
      if __name__ == "__main__":
          while True:
              step()
    `), options: only('checkMissingHandler') },
    // the handler is installed by a module this entry imports (multi-file case on disk)
    {
      code: py(`
        from lifecycle import install_signal_handlers, stopping
        if __name__ == "__main__":
            install_signal_handlers()
            while not stopping.is_set():
                work()
      `),
      filename: path.join(FIXTURES, 'project-py-handler', 'service.py'),
    },
    // the module that imports this one installs the handler before calling main() (cli.py imports worker)
    {
      code: py(`
        import threading
        stopping = threading.Event()
        def main():
            while not stopping.is_set():
                work()
      `),
      filename: path.join(FIXTURES, 'project-py-importer', 'worker.py'),
    },
    // unsafeHandlerWork: flags, events, the wake-up pipe and sys.exit are safe; str.join is not a join
    py(`
      import os, signal, sys
      def on_term(signum, frame):
          stop.set()
          os.write(wake_fd, b"x")
          reason = ", ".join(["term"])
          sys.exit(0)
      signal.signal(signal.SIGTERM, on_term)
    `),
    // reaping an exited child in a SIGCHLD handler
    py(`
      import os, signal
      def reap(signum, frame):
          os.wait()
      signal.signal(signal.SIGCHLD, reap)
    `),
    // waits without a timeout in a SIGTERM handler are no-unbounded-shutdown-await's finding
    py(`
      import signal
      def on_term(signum, frame):
          worker.join()
      signal.signal(signal.SIGTERM, on_term)
    `),
    // restoring the default is not a handler; loop.add_signal_handler callbacks run in the loop
    py(`
      import signal
      signal.signal(signal.SIGINT, signal.SIG_DFL)
      loop.add_signal_handler(signal.SIGTERM, lambda: print("stopping"))
    `),
    // a shadowed print is not the builtin
    py(`
      import signal
      def on_term(signum, frame, print=stop.set):
          print()
      signal.signal(signal.SIGTERM, on_term)
    `),
    { code: py(`
      import logging, signal
      def on_term(signum, frame):
          logging.info("bye")
      signal.signal(signal.SIGTERM, on_term)
    `), options: only('checkUnsafeHandlerWork') },
    // signalOffMainThread: the main thread, and a thread that sets no handler
    py(`
      import signal, threading
      def run():
          work()
      def main():
          signal.signal(signal.SIGTERM, on_term)
          threading.Thread(target=run).start()
    `),
    { code: py(`
      import signal, threading
      def run():
          signal.signal(signal.SIGTERM, on_term)
      threading.Thread(target=run).start()
    `), options: only('checkSignalOffMainThread') },
    // orphanedChild: terminated on SIGTERM, kept in a local, or no long-running entry point
    py(`
      import signal, subprocess
      proc = subprocess.Popen(["exporter"])
      def on_term(signum, frame):
          proc.terminate()
      def main():
          signal.signal(signal.SIGTERM, on_term)
          while True:
              step()
    `),
    py(`
      import subprocess
      proc = subprocess.Popen(["exporter"])
    `),
    { code: py(`
      import atexit, signal, subprocess
      proc = subprocess.Popen(["exporter"])
      def main():
          signal.signal(signal.SIGTERM, on_term)
          while True:
              step()
    `), options: only('checkOrphanedChild') },
  ],
  invalid: [
    {
      code: py(`
        def main():
            while True:
                step()
        if __name__ == "__main__":
            main()
      `),
      errors: [{ ...missing('The endless loop in `main()`'), line: 2, column: 5, endLine: 2, endColumn: 10 }],
    },
    // the same entry without the handler module beside it
    {
      code: py(`
        from lifecycle import install_signal_handlers, stopping
        if __name__ == "__main__":
            install_signal_handlers()
            while not stopping.is_set():
                work()
      `),
      filename: path.join(FIXTURES, 'project-elsewhere', 'service.py'),
      errors: [{ ...missing('The endless loop in the __main__ block'), line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    // followed through asyncio.run and a project function; atexit and KeyboardInterrupt do not count
    {
      code: py(`
        import asyncio, atexit
        async def consume():
            while not stopping:
                await step()
        async def main():
            atexit.register(close)
            try:
                await consume()
            except KeyboardInterrupt:
                pass
        if __name__ == "__main__":
            asyncio.run(main())
      `),
      errors: [{ ...missing('The endless loop in `main()`'), line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    // typer command, Kafka consumer
    {
      code: py(`
        import typer
        from kafka import KafkaConsumer
        app = typer.Typer()
        @app.command()
        def consume():
            consumer = KafkaConsumer("orders")
            for message in consumer:
                handle(message)
      `),
      errors: [{ ...missing('The consumer loop in the command `consume()`'), line: 7, column: 5, endLine: 7, endColumn: 8 }],
    },
    // a server's serve_forever, a SIGHUP-only handler
    {
      code: py(`
        import signal
        from http.server import HTTPServer
        def main():
            signal.signal(signal.SIGHUP, reload)
            HTTPServer(("", 8000), Handler).serve_forever()
      `),
      errors: [{ ...missing('`serve_forever()` in `main()`'), line: 5, column: 5, endLine: 5, endColumn: 52 }],
    },
    // unsafeHandlerWork
    {
      code: py(`
        import logging, signal
        log = logging.getLogger(__name__)
        def on_term(signum, frame):
            stop.set()
            log.warning("stopping")
            print("bye")
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_term)
      `),
      errors: [{ ...unsafe('SIGTERM/SIGINT', '`on_term()`', 'logs (`log.warning`)'), line: 5, column: 5, endLine: 5, endColumn: 28 }],
    },
    {
      // a table of handlers by signal, and a handler installed through the module's own wrapper
      code: py(`
        import logging, signal
        log = logging.getLogger(__name__)
        def on_term(signum, frame):
            log.warning("stopping")
        def on_quit(signum, frame):
            print("bye")
        def install(sig, fn):
            signal.signal(sig, fn)
        for sig, handler in {signal.SIGTERM: on_term}.items():
            signal.signal(sig, handler)
        install(signal.SIGQUIT, on_quit)
      `),
      errors: [
        { ...unsafe('SIGTERM', '`on_term()`', 'logs (`log.warning`)'), line: 4, column: 5, endLine: 4, endColumn: 28 },
        { ...unsafe('SIGQUIT', '`on_quit()`', 'prints'), line: 6, column: 5, endLine: 6, endColumn: 17 },
      ],
    },
    {
      code: py(`
        import signal
        class Service:
            def stop(self, signum, frame):
                with open("/tmp/stopped", "w") as marker:
                    marker.write("1")
            def run(self):
                signal.signal(signal.SIGUSR1, self.stop)
      `),
      errors: [{ ...unsafe('SIGUSR1', '`Service.stop()`', 'opens a file (`open`)'), line: 4, column: 14, endLine: 4, endColumn: 39 }],
    },
    {
      code: py(`
        import signal
        signal.signal(signal.SIGTERM, lambda s, f: print("bye"))
      `),
      errors: [{ ...unsafe('SIGTERM', '(a lambda)', 'prints'), line: 2, column: 44, endLine: 2, endColumn: 56 }],
    },
    // a join with a timeout is still a blocking wait in a handler
    {
      code: py(`
        import signal
        def on_term(signum, frame):
            worker.join(5)
        signal.signal(signal.SIGTERM, on_term)
      `),
      errors: [{ ...unsafe('SIGTERM', '`on_term()`', 'joins (`worker.join`)'), line: 3, column: 5, endLine: 3, endColumn: 19 }],
    },
    // signalOffMainThread
    {
      code: py(`
        import signal
        from threading import Thread
        def run():
            signal.signal(signal.SIGTERM, on_term)
        Thread(target=run).start()
      `),
      errors: [{ ...offMain('`run()`', 'started as a `Thread` target'), line: 4, column: 5, endLine: 4, endColumn: 43 }],
    },
    {
      code: py(`
        import asyncio, signal
        def install():
            signal.signal(signal.SIGINT, on_int)
        async def main():
            await asyncio.to_thread(install)
      `),
      errors: [{ ...offMain('`install()`', 'run by `asyncio.to_thread()`'), line: 3, column: 5, endLine: 3, endColumn: 41 }],
    },
    // orphanedChild: atexit does not run on SIGTERM
    {
      code: py(`
        import atexit, signal, subprocess
        proc = subprocess.Popen(["exporter"])
        atexit.register(proc.terminate)
        def main():
            signal.signal(signal.SIGTERM, on_term)
            while True:
                step()
      `),
      errors: [{ ...orphan('proc'), line: 2, column: 8, endLine: 2, endColumn: 24 }],
    },
    {
      code: py(`
        import multiprocessing, signal
        class Supervisor:
            def start(self):
                self.child = multiprocessing.Process(target=work)
        def main():
            signal.signal(signal.SIGTERM, on_term)
            while True:
                step()
      `),
      errors: [{ ...orphan('self.child'), line: 4, column: 22, endLine: 4, endColumn: 45 }],
    },
  ],
});

// A file the package.json scripts start under a process manager (pm2, nodemon, forever) is exempt, like one
// handed to uvicorn; the same project's file started with plain `node` is not.
const pm2Fixture = (name: string) => {
  const filename = path.join(FIXTURES, 'project-pm2', name);
  return { code: readFileSync(filename, 'utf8'), filename };
};
tsTester.run('require-graceful-shutdown (process managers)', ruleUnderTest, {
  valid: [pm2Fixture('proxy-server.js'), pm2Fixture('dev-server.js')],
  invalid: [{ ...pm2Fixture('api-server.js'), errors: [{ ...missing('`app.listen()`'), line: 6, column: 1, endLine: 6, endColumn: 11 }] }],
});
