import { readFileSync } from 'node:fs';
import path from 'node:path';
import dedent from 'dedent';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixture-runner.js';
import rule from '../rules/no-unbounded-shutdown-await/index.js';
import { plugin, pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;
/** An unbounded `await <what>` in the handler named `handler`. */
const awaits = (handler: string, what: string) => ({ messageId: 'unboundedAwait', data: { handler, what } });
const blocking = (call: string, handler: string) => ({ messageId: 'unboundedBlockingCall', data: { call, handler } });
const poll = (loop: string, handler: string) => ({ messageId: 'unboundedPoll', data: { loop, handler } });
const then = (what: string, method: string, handler: string) => ({ messageId: 'unboundedThen', data: { what, method, handler } });

tsTester.run('no-unbounded-shutdown-await', ruleUnderTest, {
  valid: [
    // forced-exit timer armed before the first wait bounds every wait after it
    "process.on('SIGTERM', async () => {\n  setTimeout(() => process.exit(1), 10_000).unref();\n  await server.close();\n});",
    // the timer callback given by reference
    "process.on('SIGTERM', async () => {\n  setTimeout(process.exit, 10_000, 1);\n  await db.end();\n});",
    // Promise.race against a timer promise
    "process.on('SIGTERM', async () => {\n  await Promise.race([db.end(), new Promise((r) => setTimeout(r, 5000))]);\n});",
    // Promise.race against timers/promises setTimeout, with a continuation that throws
    "import { setTimeout as wait } from 'node:timers/promises';\nprocess.on('SIGINT', async () => {\n  await Promise.race([db.end(), wait(5000).then(() => { throw new Error('timeout'); })]);\n});",
    // AbortSignal.timeout in the call
    "process.on('SIGTERM', async () => {\n  await fetch(url, { method: 'POST', signal: AbortSignal.timeout(2000) });\n});",
    // a timeout option
    "process.on('SIGTERM', async () => {\n  await hapi.stop({ timeout: 10_000 });\n});",
    // a default timeout wrapper, and p-timeout under another local name
    "import pt from 'p-timeout';\nasync function shutdown() {\n  await withTimeout(db.end(), 5000);\n  await pt(queue.close(), { milliseconds: 5000 });\n}",
    // a configured timeout wrapper
    { code: 'async function shutdown() {\n  await bounded(db.end());\n}', options: [{ timeoutFunctions: ['bounded'] }] },
    // awaiting a timer is bounded by definition
    "import { setTimeout as sleep } from 'node:timers/promises';\nprocess.on('SIGTERM', async () => {\n  await sleep(200);\n});",
    // not a shutdown event
    "process.on('SIGUSR2', async () => {\n  await writeHeapSnapshot();\n});",
    // `process` is a parameter here, not the global
    "function attach(process: EventEmitter) {\n  process.on('SIGTERM', async () => {\n    await db.end();\n  });\n}",
    // waits inside a nested callback are not the handler's own body
    "process.on('SIGTERM', () => {\n  server.close(async () => {\n    await db.end();\n  });\n});",
    // a helper the handler awaits is not searched (the handler's await is the finding, see invalid)
    'async function closeDb() {\n  await db.end();\n}',
    // the default names are replaced by the option
    { code: 'async function shutdown() {\n  await db.end();\n}', options: [{ shutdownFunctions: ['stopAll'] }] },
    // a caller that arms the forced-exit timer bounds the function it hands over to
    "async function drain() {\n  await db.end();\n}\nprocess.on('SIGTERM', () => {\n  setTimeout(() => process.exit(1), 5000).unref();\n  void drain();\n});",
    // onModuleDestroy as a plain object property is not a NestJS lifecycle method
    'const hooks = { onModuleDestroy: async () => { await db.end(); } };',
    // a timer promise that exits bounds what follows
    "import { setTimeout as sleep } from 'node:timers/promises';\nprocess.on('SIGTERM', async () => {\n  void sleep(30_000).then(() => process.exit(1));\n  await app.close();\n});",
    // Fastify onRequest hooks are per request
    "fastify.addHook('onRequest', async (request) => {\n  await request.jwtVerify();\n});",
    // a forced exit armed first bounds a promise chain too
    "process.on('SIGINT', () => {\n  setTimeout(() => process.exit(1), 10_000).unref();\n  db.end().then(() => process.exit(0));\n});",
    // a chain on a bounded promise; a catch alone waits for nothing
    "process.on('SIGINT', () => {\n  Promise.race([db.end(), sleep(5000)]).then(() => process.exit(0));\n  db.end().catch(() => undefined);\n});",
    // a poll loop with a deadline, and one with a counter it advances
    "async function shutdown() {\n  const deadline = Date.now() + 5000;\n  while (!released && Date.now() < deadline) await sleep(250);\n  let i = 0;\n  while (!released && i < 20) { i++; await sleep(250); }\n}",
    // a loop that does not sleep is not a poll loop
    'async function shutdown() {\n  while (queue.length) queue.pop();\n}',
    // a method named close that no shutdown handler calls is not a handler
    'class Cache {\n  async close() {\n    await db.end();\n  }\n}\nconst cache = new Cache();',
    // a call given a timeout option is bounded where it is made: its function is not followed
    "class Reports {\n  async onModuleDestroy() {\n    await this.flush({ timeout: 5000 });\n  }\n  async flush(options) {\n    await fetch(url, { body: JSON.stringify(options) });\n  }\n}",
  ],
  invalid: [
    {
      // a promise chain: the exit waits for server.close() with no bound
      code: "process.on('SIGTERM', () => {\n  server.close().then(() => process.exit(0));\n});",
      errors: [{ ...then('server.close()', 'then', 'the SIGTERM handler'), line: 2, column: 3, endLine: 2, endColumn: 17 }],
    },
    {
      // a poll loop without a deadline, reported at its keyword
      code: "import { setTimeout as wait } from 'node:timers/promises';\nprocess.on('SIGTERM', async () => {\n  while (!released) await wait(250);\n});",
      errors: [{ ...poll('while (!released)', 'the SIGTERM handler'), line: 3, column: 3, endLine: 3, endColumn: 8 }],
    },
    {
      // `this.active > 0` is not a deadline; the method of an instance of a class of this file is followed
      code: "class Runner {\n  async stop() {\n    do {\n      await sleep(100);\n    } while (this.active > 0);\n  }\n}\nconst runner = new Runner();\nprocess.on('SIGTERM', () => void runner.stop());",
      errors: [{ ...poll('while (this.active > 0)', '`Runner.stop()` (run by the SIGTERM handler)'), line: 3, column: 5, endLine: 3, endColumn: 7 }],
    },
    {
      // followed through a `.then` callback, and from a property initialised with `new`
      code: "class Queue {\n  async drain() {\n    await this.done;\n  }\n}\nclass App {\n  queue = new Queue();\n  async onApplicationShutdown() {\n    await Promise.race([this.queue.drain(), sleep(1000)]);\n    this.close().then(() => this.queue.drain());\n  }\n  close() {\n    return Promise.resolve();\n  }\n}",
      errors: [{ ...awaits('`Queue.drain()` (run by the onApplicationShutdown hook)', 'this.done'), line: 3, column: 5, endLine: 3, endColumn: 20 }],
    },
    {
      code: "process.on('SIGTERM', async () => {\n  await server.close();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'server.close()'), line: 2, column: 3, endLine: 2, endColumn: 23 }],
    },
    {
      // the classic promisified close
      code: "process.on('SIGTERM', async () => {\n  await new Promise((resolve) => server.close(resolve));\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'new Promise((resolve) => server.close(r…'), line: 2, column: 3, endLine: 2, endColumn: 56 }],
    },
    {
      // registered by name, through `import process from 'node:process'`
      code: "import process from 'node:process';\nconst stop = async () => {\n  await worker.close();\n};\nprocess.once('SIGINT', stop);",
      errors: [{ ...awaits('`stop()` (the SIGINT handler)', 'worker.close()'), line: 3, column: 3, endLine: 3, endColumn: 23 }],
    },
    {
      // `() => void shutdown('x')` makes the function it calls a handler
      code: "async function closeAll(signal: string) {\n  await db.end();\n}\nprocess.on('SIGQUIT', () => void closeAll('SIGQUIT'));",
      errors: [{ ...awaits('`closeAll()` (run by the SIGQUIT handler)', 'db.end()'), line: 2, column: 3, endLine: 2, endColumn: 17 }],
    },
    {
      // a shutdown function by name; one finding per wait, loops included
      code: 'export async function gracefulShutdown() {\n  for (const c of clients) {\n    await c.disconnect();\n  }\n  await db.end();\n}',
      errors: [
        { ...awaits('`gracefulShutdown()`', 'c.disconnect()'), line: 3, column: 5, endLine: 3, endColumn: 25 },
        { ...awaits('`gracefulShutdown()`', 'db.end()'), line: 5, column: 3, endLine: 5, endColumn: 17 },
      ],
    },
    {
      code: 'async function stopAll() {\n  await db.end();\n}',
      options: [{ shutdownFunctions: ['stopAll'] }],
      errors: [{ ...awaits('`stopAll()`', 'db.end()'), line: 2, column: 3, endLine: 2, endColumn: 17 }],
    },
    {
      // withTimeout is not a wrapper once the option lists other names
      code: 'async function shutdown() {\n  await withTimeout(db.end(), 5000);\n}',
      options: [{ timeoutFunctions: ['bounded'] }],
      errors: [{ ...awaits('`shutdown()`', 'withTimeout(db.end(), 5000)'), line: 2, column: 3, endLine: 2, endColumn: 36 }],
    },
    {
      // NestJS lifecycle hook
      code: 'class PrismaService {\n  async onModuleDestroy() {\n    await this.$disconnect();\n  }\n}',
      errors: [{ ...awaits('the onModuleDestroy hook', 'this.$disconnect()'), line: 3, column: 5, endLine: 3, endColumn: 29 }],
    },
    {
      // Fastify onClose hook
      code: "fastify.addHook('onClose', async (instance) => {\n  await instance.pg.pool.end();\n});",
      errors: [{ ...awaits('the Fastify onClose hook', 'instance.pg.pool.end()'), line: 2, column: 3, endLine: 2, endColumn: 31 }],
    },
    {
      // signals registered in a loop over a literal list
      code: "['SIGINT', 'SIGTERM'].forEach((signal) => {\n  process.on(signal, async () => {\n    await app.close();\n  });\n});",
      errors: [{ ...awaits('the SIGINT/SIGTERM handler', 'app.close()'), line: 3, column: 5, endLine: 3, endColumn: 22 }],
    },
    {
      // a wait before the timer is armed is not bounded by it
      code: "process.on('SIGTERM', async () => {\n  await queue.drain();\n  setTimeout(() => process.exit(1), 5000);\n  await db.end();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'queue.drain()'), line: 2, column: 3, endLine: 2, endColumn: 22 }],
    },
    {
      // an awaited helper of this file is followed: its own wait is the one finding, not the handler's await
      code: "async function closeDb() {\n  await db.end();\n}\nprocess.on('beforeExit', async () => {\n  await closeDb();\n});",
      errors: [{ ...awaits('`closeDb()` (run by the beforeExit handler)', 'db.end()'), line: 2, column: 3, endLine: 2, endColumn: 17 }],
    },
    {
      // a race with no timer, and Promise.all with one unbounded member
      code: "async function onShutdown() {\n  await Promise.race([db.end(), redis.quit()]);\n  await Promise.all([pTimeout(db.end(), { milliseconds: 1 }), redis.quit()]);\n}",
      errors: [
        { ...awaits('`onShutdown()`', 'Promise.race([db.end(), redis.quit()])'), line: 2, column: 3, endLine: 2, endColumn: 47 },
        { ...awaits('`onShutdown()`', 'Promise.all([pTimeout(db.end(), { milli…'), line: 3, column: 3, endLine: 3, endColumn: 77 },
      ],
    },
    {
      // `this.stop()` from an inline listener
      code: "class App {\n  start() {\n    process.on('SIGHUP', () => void this.stop());\n  }\n  async stop() {\n    await this.server.close();\n  }\n}",
      errors: [{ ...awaits('`App.stop()` (run by the SIGHUP handler)', 'this.server.close()'), line: 6, column: 5, endLine: 6, endColumn: 30 }],
    },
    {
      // a handler factory: the returned function is the handler
      code: "const closer = (signal) => async () => {\n  await app.stop();\n};\nprocess.on('SIGTERM', closer('SIGTERM'));",
      errors: [{ ...awaits('the SIGTERM handler', 'app.stop()'), line: 2, column: 3, endLine: 2, endColumn: 19 }],
    },
    {
      // suppression works the ESLint way
      code: "process.on('SIGTERM', async () => {\n  // eslint-disable-next-line rule-to-test/no-unbounded-shutdown-await\n  await a();\n  await b();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'b()'), line: 4, column: 3, endLine: 4, endColumn: 12 }],
    },
  ],
});

pyTester.run('no-unbounded-shutdown-await', ruleUnderTest, {
  valid: [
    // a pool's own \`shutdown(wait=True)\` (the executor API): its caller chooses to wait
    dedent`
      import threading

      class Pool:
          def shutdown(self, wait=True):
              if wait:
                  self.worker.join()
    `,
    // asyncio.wait_for with a timeout, positional or keyword
    dedent`
      import asyncio

      async def shutdown():
          await asyncio.wait_for(engine.dispose(), 5)
          await asyncio.wait_for(redis.aclose(), timeout=3)
    `,
    // timeout context managers
    dedent`
      import asyncio
      import anyio

      async def on_shutdown(app):
          async with asyncio.timeout(5):
              await app["db"].close()
          with anyio.fail_after(2):
              await app["http"].aclose()
    `,
    // asyncio.wait with timeout=, a sleep, and a call with its own timeout=
    dedent`
      import asyncio

      async def shutdown(tasks, client):
          await asyncio.wait(tasks, timeout=10)
          await asyncio.sleep(0.5)
          await client.close(timeout=5)
    `,
    // threading.Timer with os._exit armed first
    dedent`
      import os
      import signal
      import threading

      def handle(signum, frame):
          threading.Timer(20, os._exit, args=(1,)).start()
          worker.join()

      signal.signal(signal.SIGTERM, handle)
    `,
    // signal.alarm armed first
    dedent`
      import signal

      def handle(signum, frame):
          signal.alarm(10)
          executor.shutdown()

      signal.signal(signal.SIGINT, handle)
    `,
    // string and path joins are not waits; timeouts given; non-waiting shutdown
    dedent`
      import os
      import signal

      SEP = ", "

      def handle(signum, frame):
          names = SEP.join(t.name for t in threads)
          path = os.path.join("/run", "app.pid")
          label = ", ".join([names, path])
          worker.join(5)
          proc.wait(timeout=10)
          proc.communicate(None, 10)
          lock.acquire(False)
          executor.shutdown(wait=False)

      signal.signal(signal.SIGTERM, handle)
    `,
    // a killed child cannot ignore SIGKILL: reaping it is bounded
    dedent`
      import atexit

      def stop_child():
          child.kill()
          child.wait()

      atexit.register(stop_child)
    `,
    // SIGHUP means reload in Python daemons
    dedent`
      import signal

      def reload(signum, frame):
          config_thread.join()

      signal.signal(signal.SIGHUP, reload)
    `,
    // `signal` is a parameter here, not the module
    dedent`
      def install(signal, handler):
          signal.signal(signal.SIGTERM, handler)

      def handler(signum, frame):
          worker.join()
    `,
    // lifespan: the waits before the yield are startup
    dedent`
      from contextlib import asynccontextmanager

      @asynccontextmanager
      async def lifespan(app):
          await redis.ping()
          yield
    `,
    // the default names are replaced by the option
    { code: 'async def shutdown():\n    await engine.dispose()', options: [{ shutdownFunctions: ['stop_all'] }] },
    // a configured timeout wrapper
    { code: 'async def shutdown():\n    await bounded(engine.dispose())', options: [{ timeoutFunctions: ['bounded'] }] },
    // an awaitable handed to wait_for is not a blocking call
    'import asyncio\n\nasync def shutdown(proc):\n    await asyncio.wait_for(proc.wait(), timeout=10)',
    // a startup event handler
    '@app.on_event("startup")\nasync def open_pool():\n    await pool.open()',
    // noqa naming the rule
    'async def shutdown():\n    await engine.dispose()  # noqa: rule-to-test/no-unbounded-shutdown-await',
    // a lifespan's early guard ends its own path: the code after the guard is startup
    dedent`
      from contextlib import asynccontextmanager

      @asynccontextmanager
      async def lifespan(app):
          if not settings.enabled:
              yield
              return
          await engine.connect()
          yield
    `,
    // result() of something that is not a future; a future given a timeout
    dedent`
      import atexit
      from concurrent.futures import ThreadPoolExecutor

      pool = ThreadPoolExecutor()

      def close():
          report.result()
          pool.submit(flush).result(timeout=5)

      atexit.register(close)
    `,
    // a close() that no handler calls, and a class entered by a request handler
    dedent`
      import threading

      class Cache:
          def close(self):
              self._loader.join()

      class Transaction:
          def __exit__(self, *exc):
              self._writer.join()

      def handle_request():
          with Transaction():
              pass
    `,
    // a poll loop with a deadline, and one whose counter advances
    dedent`
      import asyncio
      import time

      async def shutdown():
          deadline = time.monotonic() + 5
          while not released and time.monotonic() < deadline:
              await asyncio.sleep(0.25)
          waited = 0
          while not released and waited < 20:
              waited += 1
              await asyncio.sleep(0.25)
    `,
    // a call bounded where it is made is not followed
    dedent`
      import asyncio

      class Worker:
          async def stop(self):
              await self._task

      worker = Worker()

      async def shutdown():
          await asyncio.wait_for(worker.stop(), 5)
    `,
  ],
  invalid: [
    {
      // a method named shutdown without the executor's \`wait\` parameter is a handler by its name
      code: dedent`
        import threading

        class Pool:
            def shutdown(self):
                self.worker.join()
      `,
      errors: [{ ...blocking('self.worker.join()', '`shutdown()`'), line: 5, column: 9, endLine: 5, endColumn: 27 }],
    },
    {
      code: dedent`
        import signal

        def handle_sigterm(signum, frame):
            worker.join()

        signal.signal(signal.SIGTERM, handle_sigterm)
      `,
      errors: [{ ...blocking('worker.join()', '`handle_sigterm()` (the SIGTERM handler)'), line: 4, column: 5, endLine: 4, endColumn: 18 }],
    },
    {
      // any import style
      code: dedent`
        from signal import SIGINT, signal as on_signal

        def stop(signum, frame):
            done.wait()
            child.communicate()

        on_signal(SIGINT, stop)
      `,
      errors: [
        { ...blocking('done.wait()', '`stop()` (the SIGINT handler)'), line: 4, column: 5, endLine: 4, endColumn: 16 },
        { ...blocking('child.communicate()', '`stop()` (the SIGINT handler)'), line: 5, column: 5, endLine: 5, endColumn: 24 },
      ],
    },
    {
      // atexit, as a call and as a decorator; lock, queue and executor waits
      code: dedent`
        import atexit
        import queue
        from concurrent.futures import ThreadPoolExecutor

        jobs = queue.Queue()
        pool = ThreadPoolExecutor()

        def close():
            lock.acquire()
            jobs.join()

        atexit.register(close)

        @atexit.register
        def flush():
            pool.shutdown()
      `,
      errors: [
        { ...blocking('lock.acquire()', '`close()` (the atexit handler)'), line: 9, column: 5, endLine: 9, endColumn: 19 },
        { ...blocking('jobs.join()', '`close()` (the atexit handler)'), line: 10, column: 5, endLine: 10, endColumn: 16 },
        { ...blocking('pool.shutdown()', 'the atexit handler'), line: 16, column: 5, endLine: 16, endColumn: 20 },
      ],
    },
    {
      code: dedent`
        @app.on_event("shutdown")
        async def close_clients():
            await http.aclose()
      `,
      errors: [{ ...awaits('the shutdown event handler', 'http.aclose()'), line: 3, column: 5, endLine: 3, endColumn: 24 }],
    },
    {
      // aiohttp on_shutdown; asyncio.wait without timeout= is one finding
      code: dedent`
        import asyncio

        async def close_ws(app):
            await asyncio.wait(app["tasks"])

        app.on_shutdown.append(close_ws)
      `,
      errors: [{ ...awaits('`close_ws()` (the aiohttp on_shutdown handler)', 'asyncio.wait(app["tasks"])'), line: 4, column: 5, endLine: 4, endColumn: 37 }],
    },
    {
      // lifespan= : only the code after the yield
      code: dedent`
        async def pools(app):
            await pool.open()
            yield
            await pool.close()

        app = FastAPI(lifespan=pools)
      `,
      errors: [{ ...awaits('`pools()` (the lifespan shutdown)', 'pool.close()'), line: 4, column: 5, endLine: 4, endColumn: 23 }],
    },
    {
      // named like a lifespan (passed as lifespan= from another module)
      code: dedent`
        @asynccontextmanager
        async def get_lifespan(app):
            try:
                yield
            finally:
                await redis.close()
      `,
      errors: [{ ...awaits('the lifespan shutdown', 'redis.close()'), line: 6, column: 9, endLine: 6, endColumn: 28 }],
    },
    {
      // add_signal_handler with a lambda that schedules the coroutine
      code: dedent`
        import asyncio
        import signal

        async def stop_consumer(sig):
            await consumer.stop()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda s=sig: asyncio.create_task(stop_consumer(s)))
      `,
      errors: [{ ...awaits('`stop_consumer()` (run by the SIGTERM/SIGINT handler)', 'consumer.stop()'), line: 5, column: 5, endLine: 5, endColumn: 26 }],
    },
    {
      // a method scheduled by the signal handler through self
      code: dedent`
        import asyncio
        import signal

        class Consumer:
            def install(self, loop):
                loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.create_task(self.drain()))

            async def drain(self):
                await self.client.stop()
      `,
      errors: [{ ...awaits('`Consumer.drain()` (run by the SIGTERM handler)', 'self.client.stop()'), line: 9, column: 9, endLine: 9, endColumn: 33 }],
    },
    {
      // a wait before the alarm is not bounded; wait_for(timeout=None) waits forever
      code: dedent`
        import asyncio
        import signal

        async def graceful_shutdown():
            await asyncio.wait_for(server.wait_closed(), timeout=None)
            signal.alarm(5)
            await engine.dispose()
      `,
      errors: [{ ...awaits('`graceful_shutdown()`', 'asyncio.wait_for(server.wait_closed(), …'), line: 5, column: 5, endLine: 5, endColumn: 63 }],
    },
    {
      code: 'async def stop_all():\n    await engine.dispose()',
      options: [{ shutdownFunctions: ['stop_all'] }],
      errors: [{ ...awaits('`stop_all()`', 'engine.dispose()'), line: 2, column: 5, endLine: 2, endColumn: 27 }],
    },
    {
      code: 'async def shutdown():\n    await with_timeout(engine.dispose(), 5)',
      options: [{ timeoutFunctions: ['bounded'] }],
      errors: [{ ...awaits('`shutdown()`', 'with_timeout(engine.dispose(), 5)'), line: 2, column: 5, endLine: 2, endColumn: 44 }],
    },
    {
      // Celery worker shutdown signal
      code: dedent`
        from celery.signals import worker_shutdown

        @worker_shutdown.connect
        def stop_uploader(**kwargs):
            uploader.join()
      `,
      errors: [{ ...blocking('uploader.join()', 'the Celery worker-shutdown handler'), line: 5, column: 5, endLine: 5, endColumn: 20 }],
    },
    {
      // the method registered through self, in a loop over processes
      code: dedent`
        import atexit

        class Supervisor:
            def __init__(self):
                atexit.register(self.stop)

            def stop(self):
                for proc in self.children:
                    proc.join()
      `,
      errors: [{ ...blocking('proc.join()', '`Supervisor.stop()` (the atexit handler)'), line: 9, column: 13, endLine: 9, endColumn: 24 }],
    },
    {
      // after an early guard, only the code after the yield on the main path (and in the guard, up to its return) is shutdown
      code: dedent`
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def lifespan(app):
            if not settings.enabled:
                yield
                await cache.close()
                return
            await engine.connect()
            yield
            await engine.dispose()
      `,
      errors: [
        { ...awaits('the lifespan shutdown', 'cache.close()'), line: 7, column: 9, endLine: 7, endColumn: 28 },
        { ...awaits('the lifespan shutdown', 'engine.dispose()'), line: 11, column: 5, endLine: 11, endColumn: 27 },
      ],
    },
    {
      // the handler's method call is followed into the class; Condition.wait() and future.result() without a timeout
      code: dedent`
        import signal
        import threading
        from concurrent.futures import ThreadPoolExecutor

        class Scheduler:
            def __init__(self):
                self._cond = threading.Condition()
                self._pool = ThreadPoolExecutor()

            def stop(self):
                with self._cond:
                    self._cond.wait()
                self._pool.submit(self.flush).result()

        scheduler = Scheduler()
        signal.signal(signal.SIGTERM, lambda signum, frame: scheduler.stop())
      `,
      errors: [
        { ...blocking('self._cond.wait()', '`Scheduler.stop()` (run by the SIGTERM handler)'), line: 12, column: 13, endLine: 12, endColumn: 30 },
        { ...blocking('self._pool.submit(self.flush).result()', '`Scheduler.stop()` (run by the SIGTERM handler)'), line: 13, column: 9, endLine: 13, endColumn: 47 },
      ],
    },
    {
      // the service's own context: __aexit__ of a class entered by the coroutine asyncio.run() runs
      code: dedent`
        import asyncio

        class Service:
            async def __aenter__(self):
                return self

            async def __aexit__(self, *exc):
                await self._consumer.stop()

        async def serve():
            async with Service():
                await asyncio.Event().wait()

        asyncio.run(serve())
      `,
      errors: [{ ...awaits('`Service.__aexit__()` (the service context)', 'self._consumer.stop()'), line: 8, column: 9, endLine: 8, endColumn: 36 }],
    },
    {
      // aclosing() around a lifespan's yield runs aclose() at shutdown; a poll loop there
      code: dedent`
        import asyncio
        from contextlib import aclosing

        class Stream:
            async def aclose(self):
                while not self.released:
                    await asyncio.sleep(0.25)

        async def lifespan(app):
            async with aclosing(Stream()):
                yield
      `,
      errors: [{ ...poll('while not self.released', '`Stream.aclose()` (run by the lifespan shutdown)'), line: 6, column: 9, endLine: 6, endColumn: 14 }],
    },
    {
      // suppression with an eslint-disable comment
      code: dedent`
        async def shutdown():
            # eslint-disable-next-line rule-to-test/no-unbounded-shutdown-await
            await a()
            await b()
      `,
      errors: [{ ...awaits('`shutdown()`', 'b()'), line: 4, column: 5, endLine: 4, endColumn: 14 }],
    },
  ],
});

// Every ❌ block in the rule's doc reports and every ✅ block does not, in both languages.
// Registrations through the project's own helpers: a wrapper around process.on / signal.signal, a private
// registry of callbacks that a shutdown handler runs, and (Python) a table of handlers by signal.
tsTester.run('no-unbounded-shutdown-await (wrappers and registries)', ruleUnderTest, {
  valid: [
    // the wrapper registers for a signal that is no shutdown
    "function onSignal(signal, handler) {\n  process.on(signal, handler);\n}\nonSignal('SIGUSR2', async () => {\n  await dumpHeap();\n});",
    // a list nothing at shutdown runs is no registry
    'const hooks = [];\nasync function closeDb() {\n  await db.end();\n}\nhooks.push(closeDb);\nexport function runHooks() {\n  return hooks.map((hook) => hook());\n}',
  ],
  invalid: [
    {
      code: "function onSignal(signal, handler) {\n  process.on(signal, handler);\n}\nonSignal('SIGTERM', async () => {\n  await db.end();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'db.end()'), line: 5, column: 3, endLine: 5, endColumn: 17 }],
    },
    {
      // a wrapper with its signal fixed inside
      code: "function onTerm(handler) {\n  process.once('SIGTERM', handler);\n}\nasync function stop() {\n  await queue.close();\n}\nonTerm(stop);",
      errors: [{ ...awaits('`stop()` (the SIGTERM handler)', 'queue.close()'), line: 5, column: 3, endLine: 5, endColumn: 22 }],
    },
    {
      // a private registry run by the SIGTERM handler: the runner's await and the callback's own
      code: 'const cleanups = [];\nprocess.on(\'SIGTERM\', async () => {\n  for (const cleanup of cleanups) await cleanup();\n});\nasync function closeDb() {\n  await db.end();\n}\ncleanups.push(closeDb);\nexport function addCleanup(fn) {\n  cleanups.push(fn);\n}\naddCleanup(async () => {\n  await cache.quit();\n});',
      errors: [
        { ...awaits('the SIGTERM handler', 'cleanup()'), line: 3, column: 35, endLine: 3, endColumn: 50 },
        { ...awaits('`closeDb()` (run by the SIGTERM handler)', 'db.end()'), line: 6, column: 3, endLine: 6, endColumn: 17 },
        { ...awaits('the callback given to `addCleanup()` (run by the SIGTERM handler)', 'cache.quit()'), line: 13, column: 3, endLine: 13, endColumn: 21 },
      ],
    },
  ],
});

pyTester.run('no-unbounded-shutdown-await (wrappers, tables and registries)', ruleUnderTest, {
  valid: [
    // a table of handlers for SIGHUP only: Python daemons reload on it
    dedent`
      import signal
      import threading

      t = threading.Thread(target=print)

      def reload(signum, frame):
          t.join()

      for sig, handler in {signal.SIGHUP: reload}.items():
          signal.signal(sig, handler)
    `,
    // the wrapper is given SIGHUP
    dedent`
      import signal
      import threading

      t = threading.Thread(target=print)

      def install(sig, fn):
          signal.signal(sig, fn)

      def reload(signum, frame):
          t.join()

      install(signal.SIGHUP, reload)
    `,
  ],
  invalid: [
    {
      code: dedent`
        import signal
        import threading

        t = threading.Thread(target=print)

        def install(sig, fn):
            signal.signal(sig, fn)

        def stop(signum, frame):
            t.join()

        install(signal.SIGTERM, stop)
      `,
      errors: [{ ...blocking('t.join()', '`stop()` (the SIGTERM handler)'), line: 10, column: 5, endLine: 10, endColumn: 13 }],
    },
    {
      code: dedent`
        import signal
        import threading

        done = threading.Event()

        def stop(signum, frame):
            done.wait()

        for sig, handler in ((signal.SIGTERM, stop), (signal.SIGINT, stop)):
            signal.signal(sig, handler)
      `,
      errors: [{ ...blocking('done.wait()', '`stop()` (the SIGTERM/SIGINT handler)'), line: 7, column: 5, endLine: 7, endColumn: 16 }],
    },
    {
      // a private atexit registry: callbacks added by decorator or by call run at exit
      code: dedent`
        import atexit
        import threading

        t = threading.Thread(target=print)
        _hooks = []

        def on_exit(fn):
            _hooks.append(fn)
            return fn

        @atexit.register
        def _run_hooks():
            for hook in _hooks:
                hook()

        @on_exit
        def close():
            t.join()

        def wait_done():
            done.wait()

        done = threading.Event()
        on_exit(wait_done)
      `,
      errors: [
        { ...blocking('t.join()', '`close()` (run by the atexit handler)'), line: 18, column: 5, endLine: 18, endColumn: 13 },
        { ...blocking('done.wait()', '`wait_done()` (run by the atexit handler)'), line: 21, column: 5, endLine: 21, endColumn: 16 },
      ],
    },
  ],
});

describe('docs/rules/no-unbounded-shutdown-await.md examples', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'rules', 'no-unbounded-shutdown-await.md'), 'utf8');
  const examples: { kind: 'incorrect' | 'correct'; lang: string; code: string }[] = [];
  let kind: 'incorrect' | 'correct' | undefined;
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of doc.split('\n')) {
    if (open) {
      if (line.startsWith('```')) {
        if (kind && (open.lang === 'ts' || open.lang === 'py')) examples.push({ kind, lang: open.lang, code: open.lines.join('\n') });
        open = undefined;
      } else open.lines.push(line);
    } else if (line.startsWith('```')) open = { lang: line.slice(3).trim(), lines: [] };
    else if (line.startsWith('### ❌')) kind = 'incorrect';
    else if (line.startsWith('### ✅')) kind = 'correct';
    else if (line.startsWith('## ')) kind = undefined;
  }

  it('has incorrect and correct examples in both languages', () => {
    expect(examples.map((e) => `${e.kind}:${e.lang}`).sort()).toEqual(['correct:py', 'correct:ts', 'incorrect:py', 'incorrect:ts']);
  });

  it.each(examples.map((e) => [`${e.kind} ${e.lang}`, e] as const))('%s', async (_name, example) => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: (plugin.configs.recommended as Record<string, unknown>[]).map((config) => ({
        ...config,
        rules: { 'runtime-ops/no-unbounded-shutdown-await': 'error' },
      })) as never,
    });
    const [result] = await eslint.lintText(example.code, { filePath: path.join(ROOT, 'fixtures', `example.${example.lang}`) });
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    if (example.kind === 'incorrect') expect(result.messages.length).toBeGreaterThan(0);
    else expect(result.messages).toEqual([]);
  });
});

// Pass-throughs to another shutdown method of the project, waits that bound themselves, and a server close after
// every connection is dropped.
const FIXTURES = path.join(ROOT, 'fixtures', 'no-unbounded-shutdown-await');
const fixture = (...parts: string[]) => {
  const filename = path.join(FIXTURES, ...parts);
  return { code: readFileSync(filename, 'utf8'), filename };
};
const callPath = (what: string, handler: string) => ({ messageId: 'unboundedCallPath', data: { path: what, handler } });

tsTester.run('no-unbounded-shutdown-await (pass-throughs and self-bounded waits)', ruleUnderTest, {
  valid: [
    // NestJS constructor injection of a class (here, of the same file) whose shutdown() reports its own waits
    'class Cache {\n  async shutdown() {}\n}\nexport class Mod {\n  constructor(private cache: Cache) {}\n  async onApplicationShutdown() {\n    await this.cache.shutdown();\n  }\n}',
    // an abstract shutdown method: each implementation is a handler by its name
    'export abstract class Cron {\n  abstract shutdown(): Promise<void>;\n  async onApplicationShutdown() {\n    await this.shutdown();\n  }\n}',
    // an interface method, and the base class's method through `super`
    'interface Closer {\n  gracefulShutdown(): Promise<void>;\n}\nexport class A {\n  constructor(private closer: Closer) {}\n  async onModuleDestroy() {\n    await this.closer.gracefulShutdown();\n  }\n}',
    'class Base {\n  async shutdown() {}\n}\nexport class Child extends Base {\n  async onModuleDestroy() {\n    await super.shutdown();\n  }\n}',
    // library shutdowns bounded by their own default timeouts
    "import { NodeSDK } from '@opentelemetry/sdk-node';\nconst sdk = new NodeSDK();\nprocess.on('SIGTERM', async () => {\n  await sdk.shutdown();\n});",
    "import * as Sentry from '@sentry/node';\nprocess.on('SIGTERM', async () => {\n  await Sentry.close();\n});",
    // every connection dropped first: close() resolves at once
    "import http from 'node:http';\nconst server = http.createServer();\nprocess.on('SIGTERM', async () => {\n  server.closeAllConnections();\n  await new Promise((resolve) => server.close(resolve));\n});",
    "const sockets = new Set();\nprocess.on('SIGTERM', async () => {\n  for (const socket of sockets) socket.destroy();\n  await new Promise((resolve) => server.close(resolve));\n});",
    // closing local file descriptors is not a wait on another system
    "import fs from 'node:fs';\nimport { promisify } from 'node:util';\nconst closeAsync = promisify(fs.close);\nprocess.on('SIGTERM', async () => {\n  await Promise.all(fds.map((fd) => closeAsync(fd)));\n});",
    fixture('project-ts-passthrough', 'src', 'workflow.module.ts'),
    fixture('project-ts-passthrough', 'src', 'workflow-memory.service.ts'),
    fixture('project-ts-passthrough', 'src', 'worker-base.service.ts'),
  ],
  invalid: [
    {
      // the injected class's shutdown() is where its wait is reported, once
      code: 'class Cache {\n  async shutdown() {\n    await redis.quit();\n  }\n}\nexport class Mod {\n  constructor(private cache: Cache) {}\n  async onApplicationShutdown() {\n    await this.cache.shutdown();\n  }\n}',
      errors: [{ ...awaits('`shutdown()`', 'redis.quit()'), line: 3, column: 5, endLine: 3, endColumn: 23 }],
    },
    {
      // a package's class is not the project's: the await stays this handler's
      code: "import { Client } from 'search-client';\nexport class Search {\n  constructor(private client: Client) {}\n  async onModuleDestroy() {\n    await this.client.shutdown();\n  }\n}",
      errors: [{ ...awaits('the onModuleDestroy hook', 'this.client.shutdown()'), line: 5, column: 5, endLine: 5, endColumn: 33 }],
    },
    {
      // a handler table: the signals are the table's keys, the handler its one function
      code: "const handlers = { SIGTERM: stop, SIGINT: stop };\nasync function stop() {\n  await db.end();\n}\nfor (const sig of Object.keys(handlers)) process.on(sig, handlers[sig]);",
      errors: [{ ...awaits('`stop()` (the SIGTERM/SIGINT handler)', 'db.end()'), line: 3, column: 3, endLine: 3, endColumn: 17 }],
    },
    {
      code: "async function stop() {\n  await db.end();\n}\nfor (const [sig, fn] of Object.entries({ SIGINT: stop, SIGTERM: stop })) process.once(sig, fn);",
      errors: [{ ...awaits('`stop()` (the SIGINT/SIGTERM handler)', 'db.end()'), line: 2, column: 3, endLine: 2, endColumn: 17 }],
    },
    {
      // Sentry.flush() without a timeout waits for the queue
      code: "import * as Sentry from '@sentry/node';\nprocess.on('SIGTERM', async () => {\n  await Sentry.flush();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'Sentry.flush()'), line: 3, column: 3, endLine: 3, endColumn: 23 }],
    },
    {
      // a close() after only some connections are dropped still waits
      code: "process.on('SIGTERM', async () => {\n  await new Promise((resolve) => server.close(resolve));\n  server.closeAllConnections();\n});",
      errors: [{ ...awaits('the SIGTERM handler', 'new Promise((resolve) => server.close(r…'), line: 2, column: 3, endLine: 2, endColumn: 56 }],
    },
    {
      ...fixture('project-ts-passthrough', 'src', 'cron.service.ts'),
      errors: [{ ...awaits('`shutdown()`', 'this.agenda.stop()'), line: 18, column: 5, endLine: 18, endColumn: 29 }],
    },
    {
      ...fixture('project-ts-passthrough', 'src', 'tracing.service.ts'),
      errors: [{ ...awaits('the onModuleDestroy hook', 'this.client.shutdown()'), line: 20, column: 5, endLine: 20, endColumn: 33 }],
    },
    {
      // Wiki.js-style kernel: parts on a global assigned with require(); stopServers() drops every socket first
      ...fixture('project-js-kernel', 'server', 'core', 'kernel.js'),
      errors: [
        { ...callPath('`stopAdmin()` -> `await new Promise((resolve) => { th…`', '`shutdown()`'), line: 14, column: 5, endLine: 14, endColumn: 35 },
        { ...awaits('`shutdown()`', 'WIKI.scheduler.stop()'), line: 16, column: 5, endLine: 16, endColumn: 32 },
      ],
    },
  ],
});
