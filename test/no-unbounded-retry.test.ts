import dedent from 'dedent';
import { describe, expect, it } from 'vitest';
import rule from '../rules/no-unbounded-retry/index.js';
import { fixtureFiles, lintFixture } from './fixture-runner.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;

const NO_LIMIT = 'no attempt limit or deadline';
const loopAround = (call: string, reason = NO_LIMIT) => ({ subject: `Retry loop around \`${call}\``, reason });
const recursion = (name: string) => ({ subject: `Recursive retry of \`${name}\``, reason: 'no attempt argument moves towards a bound' });
const TENACITY = { subject: 'tenacity @retry', reason: 'no stop=' };
const tsLoop = loopAround('op()');
const pyLoop = loopAround('op()');

const SLEEP = 'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\n';

tsTester.run('no-unbounded-retry', ruleUnderTest, {
  valid: [
    // attempt counter checked against a bound in the catch
    SLEEP +
      dedent`
      async function f() {
        let attempt = 0;
        while (true) {
          try { return await op(); } catch (e) { if (++attempt > 5) throw e; await sleep(100); }
        }
      }
    `,
    // deadline from Date.now()
    SLEEP +
      dedent`
      async function f() {
        const deadline = Date.now() + 5000;
        for (;;) {
          try { return await op(); } catch (e) { if (Date.now() > deadline) throw e; await sleep(100); }
        }
      }
    `,
    // bounded header, waits, rethrows the last error after the loop
    SLEEP +
      dedent`
      async function f() {
        let last;
        for (let i = 0; i < 3; i++) {
          try { return await op(); } catch (e) { last = e; await sleep(100 * 2 ** i); }
        }
        throw last;
      }
    `,
    // consumer loop: the try never leaves the loop
    'async function f(q) { while (true) { const job = await q.next(); try { await run(job); } catch (e) { q.nack(job); } } }',
    // the catch always rethrows: no second attempt
    'async function f() { while (true) { try { return await op(); } catch (e) { throw e; } } }',
    // walking a list by index is failover, not retry
    'async function f(hosts) { for (let i = 0; i < hosts.length; i++) { try { return await get(hosts[i]); } catch {} } return null; }',
    // recursion with an attempt argument that is checked
    'async function f(n = 0) { try { return await op(); } catch (e) { if (n > 3) throw e; return f(n + 1); } }',
    // p-retry with a finite retries count
    "import pRetry from 'p-retry'; pRetry(run, { retries: 5 });",
    // a local function with a `forever` option is not a retry library
    'const pRetry = (fn, o) => fn(o); pRetry(run, { forever: true });',
    // silentExhaustion off: the loop pauses, so nothing is left to report
    {
      code: SLEEP + 'async function f() {\n  for (let i = 0; i < 3; i++) {\n    try { await op(); return; } catch { await sleep(10); }\n  }\n}',
      options: [{ checkExhaustion: false }],
    },
    // checkBackoff off: a bounded loop that rethrows and does not pause is accepted
    {
      code: 'async function f() {\n  for (let i = 0; i < 3; i++) {\n    try { return await op(); } catch {}\n  }\n  return false;\n}',
      options: [{ checkBackoff: false }],
    },
    // every check switched off
    {
      code: 'async function f() { while (true) { try { return await op(); } catch {} } }',
      options: [{ checkUnbounded: false, checkBackoff: false, checkExhaustion: false }],
    },
  ],
  invalid: [
    {
      code: SLEEP + 'async function f() {\n  while (true) {\n    try { await op(); break; } catch { await sleep(1000); }\n  }\n}',
      errors: [{ messageId: 'unbounded', data: tsLoop, line: 3, column: 3, endLine: 3, endColumn: 8 }],
    },
    {
      code: 'async function f() { for (;;) { try { return await op(); } catch {} } }',
      errors: [{ messageId: 'unbounded', data: tsLoop, line: 1, column: 22, endLine: 1, endColumn: 25 }],
    },
    {
      code: 'async function f() { do { try { return await op(); } catch {} } while (true); }',
      errors: [{ messageId: 'unbounded', data: tsLoop, line: 1, column: 22, endLine: 1, endColumn: 24 }],
    },
    {
      // flag set only on the success path
      code: SLEEP + 'async function f() {\n  let ok = false;\n  while (!ok) { try { await op(); ok = true; } catch { await sleep(5); } }\n}',
      errors: [{ messageId: 'unbounded', data: tsLoop, line: 4, column: 3, endLine: 4, endColumn: 8 }],
    },
    {
      // unbounded wins over noBackoff: one finding
      code: 'async function f() { while (true) { try { return await op(); } catch {} } }',
      errors: [{ messageId: 'unbounded', line: 1, column: 22, endLine: 1, endColumn: 27 }],
    },
    {
      // with unbounded switched off, the same loop is reported for its missing pause
      code: 'async function f() { while (true) { try { return await op(); } catch {} } }',
      options: [{ checkUnbounded: false }],
      errors: [{ messageId: 'noBackoff', line: 1, column: 22, endLine: 1, endColumn: 27 }],
    },
    {
      code: 'async function f() {\n  for (let i = 0; i < 3; i++) {\n    try { return await op(); } catch {}\n  }\n  return false;\n}',
      errors: [{ messageId: 'noBackoff', line: 2, column: 3, endLine: 2, endColumn: 6 }],
    },
    {
      code: SLEEP + 'async function f() {\n  for (let i = 0; i < 3; i++) {\n    try { await op(); return; } catch { await sleep(10); }\n  }\n}',
      errors: [{ messageId: 'silentExhaustion', line: 3, column: 3, endLine: 3, endColumn: 6 }],
    },
    {
      code: 'async function connect() {\n  try { return await open(); } catch { return connect(); }\n}',
      errors: [{ messageId: 'unbounded', data: recursion('connect'), line: 2, column: 47, endLine: 2, endColumn: 54 }],
    },
    {
      code: 'function sub(c) {\n  c.on().catch(() => setTimeout(() => sub(c), 10));\n}',
      errors: [{ messageId: 'unbounded', data: recursion('sub'), line: 2, column: 39, endLine: 2, endColumn: 42 }],
    },
    {
      code: "import pRetry from 'p-retry';\npRetry(run, { forever: true });",
      errors: [{ messageId: 'unbounded', data: { subject: 'p-retry call', reason: 'forever: true' }, line: 2, column: 15, endLine: 2, endColumn: 28 }],
    },
    {
      code: "const retry = require('async-retry');\nretry(run, { retries: Infinity });",
      errors: [{ messageId: 'unbounded', data: { subject: 'async-retry call', reason: 'retries: Infinity' }, line: 2, column: 14, endLine: 2, endColumn: 31 }],
    },
  ],
});

pyTester.run('no-unbounded-retry', ruleUnderTest, {
  valid: [
    // a save retried at once when a concurrent writer took the generated code (bounded, re-raises)
    dedent`
      from django.db import IntegrityError, transaction
      class Coded:
          def save(self, *args, **kwargs):
              for attempt in range(3):
                  self.assign_code()
                  try:
                      with transaction.atomic():
                          return super().save(*args, **kwargs)
                  except IntegrityError:
                      if attempt == 2:
                          raise
    `,
    // attempt counter with a raise
    dedent`
      import time
      def f():
          attempt = 0
          while True:
              try:
                  return op()
              except OSError:
                  attempt += 1
                  if attempt >= 5:
                      raise
                  time.sleep(attempt)
    `,
    // deadline on time.monotonic()
    dedent`
      import time
      def f():
          deadline = time.monotonic() + 30
          while True:
              try:
                  return op()
              except OSError:
                  if time.monotonic() > deadline:
                      raise
                  time.sleep(1)
    `,
    // for ... else raises after the last attempt
    dedent`
      import time
      def f():
          for attempt in range(3):
              try:
                  op()
                  break
              except OSError:
                  time.sleep(2 ** attempt)
          else:
              raise RuntimeError("gave up")
    `,
    // bounded itertools.count
    dedent`
      import itertools, time
      def f():
          for n in itertools.count(1):
              try:
                  return op()
              except OSError:
                  if n == 5:
                      raise
                  time.sleep(n)
    `,
    // consumer loop
    dedent`
      def run(q):
          while True:
              job = q.get()
              try:
                  handle(job)
              except Exception:
                  log.exception("job failed")
    `,
    // a paced decorator that restarts a listener whose body runs forever is its supervisor
    'from tenacity import retry, wait_exponential\n@retry(wait=wait_exponential(min=1, max=30))\ndef listen():\n    while True:\n        handle(pubsub.get_message(timeout=5))',
    'import backoff\n@backoff.on_exception(backoff.expo, ConnectionError)\ndef consume(self):\n    while not self.stopped:\n        self.handle(self.queue.get())',
    // tenacity with stop, backoff with max_tries
    'from tenacity import retry, stop_after_attempt\n@retry(stop=stop_after_attempt(3))\ndef f(): pass',
    'import backoff\n@backoff.on_exception(backoff.expo, OSError, max_tries=5)\ndef f(): pass',
    // a project function called retry
    'def retry(n): return lambda f: f\n@retry(3)\ndef f(): pass',
    // bounded recursion
    dedent`
      def fetch(url, attempt=0):
          try:
              return get(url)
          except OSError:
              if attempt > 3:
                  raise
              return fetch(url, attempt + 1)
    `,
    // silentExhaustion off, noBackoff left on: the loop sleeps, so nothing is reported
    {
      code: 'import time\nfor attempt in range(3):\n    try:\n        op()\n        break\n    except OSError:\n        time.sleep(1)',
      options: [{ checkExhaustion: false }],
    },
    // checkBackoff off: a bounded loop with for-else raise and no pause is accepted
    {
      code: 'for _ in range(3):\n    try:\n        op()\n        break\n    except OSError:\n        pass\nelse:\n    raise RuntimeError("gave up")',
      options: [{ checkBackoff: false }],
    },
    // every check switched off
    {
      code: 'while True:\n    try:\n        op()\n        break\n    except OSError:\n        pass',
      options: [{ checkUnbounded: false, checkBackoff: false, checkExhaustion: false }],
    },
    // suppressed with noqa
    'while True:  # noqa: rule-to-test/no-unbounded-retry\n    try:\n        op()\n        break\n    except OSError:\n        pass',
  ],
  invalid: [
    {
      code: dedent`
        import time
        def f():
            while True:
                try:
                    return op()
                except OSError:
                    time.sleep(1)
      `,
      errors: [{ messageId: 'unbounded', data: pyLoop, line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      code: 'while 1:\n    try:\n        op()\n        break\n    except OSError:\n        pass',
      errors: [{ messageId: 'unbounded', data: pyLoop, line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      code: dedent`
        import itertools as it
        async def f():
            async for _ in it.count():
                pass
            for n in it.count():
                try:
                    return await op()
                except OSError:
                    continue
      `,
      errors: [{ messageId: 'unbounded', data: pyLoop, line: 5, column: 5, endLine: 5, endColumn: 8 }],
    },
    {
      code: dedent`
        import time
        connected = False
        while not connected:
            try:
                client.ping()
                connected = True
            except OSError:
                time.sleep(1)
      `,
      errors: [{ messageId: 'unbounded', data: loopAround('client.ping()'), line: 3, column: 1, endLine: 3, endColumn: 6 }],
    },
    {
      code: 'for _ in range(3):\n    try:\n        return_value = op()\n        break\n    except OSError:\n        pass\nelse:\n    raise RuntimeError("gave up")',
      errors: [{ messageId: 'noBackoff', line: 1, column: 1, endLine: 1, endColumn: 4 }],
    },
    {
      // unbounded off: the endless loop without a pause is reported as noBackoff
      code: 'while True:\n    try:\n        op()\n        break\n    except OSError:\n        pass',
      options: [{ checkUnbounded: false }],
      errors: [{ messageId: 'noBackoff', line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      code: dedent`
        import time
        def f():
            for attempt in range(3):
                try:
                    op()
                    break
                except OSError:
                    time.sleep(2 ** attempt)
            return None
      `,
      errors: [{ messageId: 'silentExhaustion', line: 3, column: 5, endLine: 3, endColumn: 8 }],
    },
    {
      code: dedent`
        class Client:
            def connect(self):
                try:
                    self.sock.connect()
                except OSError:
                    self.connect()
      `,
      errors: [{ messageId: 'unbounded', data: recursion('connect'), line: 6, column: 13, endLine: 6, endColumn: 25 }],
    },
    {
      code: 'from tenacity import retry\n@retry\ndef f(): pass',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 1, endLine: 2, endColumn: 7 }],
    },
    // without a wait=, or around one call, the same decorator is an endless retry
    {
      code: 'from tenacity import retry\n@retry()\ndef listen():\n    while True:\n        handle(pubsub.get_message(timeout=5))',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 1, endLine: 2, endColumn: 9 }],
    },
    {
      code: 'from tenacity import retry, wait_exponential\n@retry(wait=wait_exponential(max=30))\ndef upload(chunk):\n    return drive.next_chunk(chunk)',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 1, endLine: 2, endColumn: 38 }],
    },
    {
      code: 'import tenacity as t\n@t.retry(stop=t.stop_never)\ndef f(): pass',
      errors: [{ messageId: 'unbounded', data: { subject: 'tenacity @retry', reason: 'stop=t.stop_never' }, line: 2, column: 1, endLine: 2, endColumn: 28 }],
    },
    {
      code: 'from tenacity import Retrying\nfor attempt in Retrying():\n    with attempt:\n        op()',
      errors: [{ messageId: 'unbounded', data: { subject: 'tenacity Retrying', reason: 'no stop=' }, line: 2, column: 16, endLine: 2, endColumn: 26 }],
    },
    {
      code: 'import backoff\n@backoff.on_predicate(backoff.constant, interval=1)\ndef f(): pass',
      errors: [
        { messageId: 'unbounded', data: { subject: '@backoff.on_predicate', reason: 'no max_tries or max_time' }, line: 2, column: 1, endLine: 2, endColumn: 52 },
      ],
    },
    {
      code: 'from retrying import retry\n@retry(wait_fixed=1000)\ndef f(): pass',
      errors: [
        { messageId: 'unbounded', data: { subject: 'retrying @retry', reason: 'no stop_max_attempt_number or stop_max_delay' }, line: 2, column: 1, endLine: 2, endColumn: 24 },
      ],
    },
  ],
});

tsTester.run('no-unbounded-retry: what is and is not a retry', ruleUnderTest, {
  valid: [
    // a new name in a field of the object the attempt is given: a search, in both loop forms
    dedent`
      async function f(doc, base) {
        let n = 0;
        while (true) {
          try { return await repo.create(doc); } catch { n++; doc.name = \`\${base} (\${n})\`; }
        }
      }
    `,
    dedent`
      async function f(doc, base) {
        for (let i = 1; i <= 10; i++) {
          try { return await repo.create(doc); } catch { doc['name'] = \`\${base} (\${i})\`; }
        }
        throw new Error('no free name');
      }
    `,
    // called again after a unique violation, with a code from an enum: a write conflict, like the loop form
    dedent`
      enum PrismaError { UNIQUE_CONSTRAINT_VIOLATION = 'P2002' }
      class Servers {
        async create(input) {
          try {
            return await this.prisma.server.create({ data: { subdomain: randomSubdomain() } });
          } catch (error) {
            if (error.code === PrismaError.UNIQUE_CONSTRAINT_VIOLATION) return this.create(input);
            throw error;
          }
        }
      }
    `,
    // a new name every round: a search, not a retry
    "async function f(base) {\n  let name = base; let n = 1;\n  while (true) {\n    try { return await db.create({ name }); } catch { n++; name = `${base} (${n})`; }\n  }\n}",
    // the next port every round
    dedent`
      async function f(port) {
        for (;;) { try { await server.listen(port); return port; } catch { port += 1; } }
      }
    `,
    // a smaller batch every round
    dedent`
      function f(items) {
        while (true) { try { return send(items); } catch { items = items.slice(0, items.length / 2); } }
      }
    `,
    // evicting the next entry every round
    dedent`
      function f(cache, key, value) {
        while (true) { try { store(cache, key, value); return; } catch { cache.delete(cache.keys().next().value); } }
      }
    `,
    // asking a person again
    dedent`
      import { input } from '@inquirer/prompts';
      async function f() {
        while (true) { try { return JSON.parse(await input({ message: 'json' })); } catch {} }
      }
    `,
    // asking a person again through readline
    dedent`
      import * as readline from 'node:readline/promises';
      async function f() {
        const rl = readline.createInterface({ input: process.stdin });
        while (true) { try { return JSON.parse(await rl.question('json? ')); } catch {} }
      }
    `,
    // sleep an interval, then work
    dedent`
      async function f() {
        while (true) { await sleep(60000); try { await sync(); break; } catch {} }
      }
    `,
    // a deadline signal made before the loop
    dedent`
      async function f(url) {
        const signal = AbortSignal.timeout(30000);
        while (!signal.aborted) { try { return await fetch(url, { signal }); } catch { await sleep(1000); } }
        throw new Error('gave up');
      }
    `,
    // a project deadline wrapper around the loop
    dedent`
      const f = (url) => withTimeout(30000, async () => {
        while (true) { try { return await fetch(url); } catch { await sleep(1000); } }
      });
    `,
    // a write conflict retried until the other writer is done
    dedent`
      async function f(id) {
        while (true) {
          try { return await db.bump(id); } catch (err) { if (err.code === 'P2034') continue; throw err; }
        }
      }
    `,
    // recursion that normalises its input once
    dedent`
      async function load(path) {
        try { return await import(path); } catch (err) { if (!path.endsWith('.js')) return load(path + '.js'); throw err; }
      }
    `,
    // the attempt moves towards its bound inside an options object
    dedent`
      async function get(url, { attempt = 0 } = {}) {
        try { return await fetch(url); } catch (e) { if (attempt > 3) throw e; return get(url, { attempt: attempt + 1 }); }
      }
    `,
    // a backoff in the queue defaults covers the job options
    dedent`
      import { Queue } from 'bullmq';
      const q = new Queue('mail', { defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } } });
      q.add('send', {}, { attempts: 8 });
    `,
    // an injected queue whose defaults are not in view: only endless attempts are judged
    dedent`
      import { Queue } from 'bullmq';
      class S { constructor(private readonly q: Queue) {} run() { return this.q.add('x', {}, { attempts: 3 }); } }
    `,
  ],
  invalid: [
    {
      // a counter the attempt only tests is a counter, not a new input: both loop forms are the same retry
      code: dedent`
        async function f(url) {
          let attempt = 0;
          while (true) {
            try {
              if (attempt > 0) log.info('retrying');
              return await fetch(url);
            } catch (err) {
              attempt++;
              if (attempt >= 5) throw err;
            }
          }
        }
        async function g(url) {
          for (let attempt = 0; attempt < 5; attempt++) {
            try {
              if (attempt > 0) log.info('retrying');
              return await fetch(url);
            } catch (err) {
              if (attempt === 4) throw err;
            }
          }
        }
      `,
      errors: [
        { messageId: 'noBackoff', data: { subject: 'Retry loop around `fetch()`', reason: 'no pause before the next attempt' }, line: 3, column: 3, endLine: 3, endColumn: 8 },
        { messageId: 'noBackoff', data: { subject: 'Retry loop around `fetch()`', reason: 'no pause before the next attempt' }, line: 14, column: 3, endLine: 14, endColumn: 6 },
      ],
    },
    {
      // a counter counted down in a conditional expression bounds the loop; it still retries at once
      code: dedent`
        async function f(url) {
          let triesLeft = 3;
          while (true) {
            try {
              return await send(url);
            } catch (err) {
              triesLeft = err.permanent ? 0 : triesLeft - 1;
              if (triesLeft === 0) throw err;
            }
          }
        }
      `,
      errors: [{ messageId: 'noBackoff', data: { subject: 'Retry loop around `send()`', reason: 'no pause before the next attempt' }, line: 3, column: 3, endLine: 3, endColumn: 8 }],
    },
    {
      // a constant that is not a conflict code guards nothing: the recursion is still endless
      code: dedent`
        enum Codes { RESET = 'ECONNRESET' }
        class Servers {
          async create(input) {
            try {
              return await this.http.post('/servers', input);
            } catch (error) {
              if (error.code === Codes.RESET) return this.create(input);
              throw error;
            }
          }
        }
      `,
      errors: [{ messageId: 'unbounded', data: recursion('create'), line: 7, column: 46, endLine: 7, endColumn: 57 }],
    },
    {
      // a conditional success exit, then a throw into the loop's own catch: still a retry loop
      code: dedent`
        async function f(url) {
          while (true) {
            try {
              const res = await fetch(url);
              if (res.ok) return res;
              throw new Error('HTTP ' + res.status);
            } catch {
              await sleep(1000);
            }
          }
        }
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Retry loop around `fetch()`", "reason": "no attempt limit or deadline"}, line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      // the counter only sets the pause: bounded, and the last failure is dropped
      code: dedent`
        async function f(url) {
          for (let attempt = 0; attempt < 5; attempt++) {
            try { await fetch(url); return; } catch { await new Promise((r) => setTimeout(r, 100 * 2 ** attempt)); }
          }
        }
      `,
      errors: [{ messageId: "silentExhaustion", data: {"subject": "Retry loop around `fetch()`"}, line: 2, column: 3, endLine: 2, endColumn: 6 }],
    },
    {
      // the attempt is tested but passed on unchanged
      code: dedent`
        async function get(url, attempt = 0) {
          try { return await fetch(url); } catch (e) { if (attempt > 3) throw e; return get(url, attempt); }
        }
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Recursive retry of `get`", "reason": "no attempt argument moves towards a bound"}, line: 2, column: 81, endLine: 2, endColumn: 84 }],
    },
    {
      // the attempt is left to its default, so it starts again
      code: dedent`
        async function get(url, attempt = 0) {
          try { return await fetch(url); } catch (e) { if (attempt > 3) throw e; return get(url); }
        }
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Recursive retry of `get`", "reason": "no attempt argument moves towards a bound"}, line: 2, column: 81, endLine: 2, endColumn: 84 }],
    },
    {
      // a timeout per attempt bounds the attempt, not the loop
      code: dedent`
        async function f(url) {
          while (true) {
            try { return await fetch(url, { signal: AbortSignal.timeout(5000) }); } catch { await sleep(1000); }
          }
        }
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Retry loop around `fetch()`", "reason": "no attempt limit or deadline"}, line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      // long call text is cut in the message
      code: dedent`
        async function f() {
          while (true) {
            try { return await this.connectionPoolForTheReportingDatabase.acquireConnection(); } catch {}
          }
        }
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Retry loop around `this.connectionPoolForTheReportingDatab\u2026()`", "reason": "no attempt limit or deadline"}, line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      // BullMQ retries at once without a backoff
      code: dedent`
        import { Queue } from 'bullmq';
        const q = new Queue('mail', { defaultJobOptions: { attempts: 5 } });
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "BullMQ queue `mail`", "reason": "attempts: 5 and no backoff"}, line: 2, column: 52, endLine: 2, endColumn: 63 }],
    },
    {
      // endless attempts
      code: dedent`
        import { Queue } from 'bullmq';
        const q = new Queue('mail');
        q.add('send', {}, { attempts: Infinity, backoff: 1000 });
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "BullMQ job `send`", "reason": "attempts: Infinity"}, line: 3, column: 21, endLine: 3, endColumn: 39 }],
    },
    {
      // Bull (through require) retries at once without a backoff
      code: dedent`
        const Queue = require('bull');
        const q = new Queue('mail', 'redis://localhost');
        q.add({ id: 1 }, { attempts: 3 });
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "Bull job", "reason": "attempts: 3 and no backoff"}, line: 3, column: 20, endLine: 3, endColumn: 31 }],
    },
    {
      // a huge attempt count is no limit
      code: dedent`
        import { BullModule } from '@nestjs/bullmq';
        BullModule.registerQueue({ name: 'x', defaultJobOptions: { attempts: 1e9 } });
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "BullMQ queue", "reason": "attempts: 1e9"}, line: 2, column: 60, endLine: 2, endColumn: 73 }],
    },
  ],
});

pyTester.run('no-unbounded-retry: what is and is not a retry', ruleUnderTest, {
  valid: [
    // reconnect once: the flag the first failure sets sends the second failure to the raise
    dedent`
      from smtplib import SMTPServerDisconnected
      def send(self, message):
          connection_error = None
          while True:
              try:
                  self.server.sendmail(message)
                  break
              except SMTPServerDisconnected as e:
                  if not connection_error:
                      self.connect()
                      connection_error = e
                  else:
                      raise RuntimeError(f"could not send: {e}")
    `,
    // leaves when standard input closes: it asks a person, through a helper
    dedent`
      import logging
      logger = logging.getLogger(__name__)
      def setup():
          while True:
              try:
                  _create_chat_configuration()
                  break
              except EOFError:
                  return
              except Exception as e:
                  logger.error("failed: %s", e)
    `,
    // a pure in-process copy retried while another thread changes the dict
    dedent`
      from copy import deepcopy
      def edit(store, uuid):
          default = None
          while not default:
              try:
                  default = deepcopy(store.data["watching"][uuid])
              except RuntimeError:
                  continue
          return default
    `,
    dedent`
      import time
      def due(store):
          uuids = []
          while True:
              try:
                  for k in sorted(store.data["watching"].items(), key=lambda item: item[1].get("last_checked", 0)):
                      uuids.append(k[0])
              except RuntimeError:
                  time.sleep(0.1)
                  uuids = []
              else:
                  break
          return uuids
    `,
    // a new name in a field of the object the attempt is given: a search, in both loop forms
    dedent`
      from sqlalchemy.exc import IntegrityError
      def create(self, data):
          original_name = data["name"]
          attempts = 0
          while True:
              try:
                  data["slug"] = slugify(data["name"])
                  return super().create(data)
              except IntegrityError:
                  self.session.rollback()
                  attempts += 1
                  if attempts >= 10:
                      raise
                  data["name"] = f"{original_name} ({attempts})"
    `,
    dedent`
      from sqlalchemy.exc import IntegrityError
      def create(self, document):
          original_name = document.name
          for i in range(1, 11):
              try:
                  return super().create(document)
              except IntegrityError:
                  self.session.rollback()
                  document.name = f"{original_name} ({i})"
                  if i >= 10:
                      raise
    `,
    // called again after a unique violation: a write conflict, like the loop form
    dedent`
      import secrets
      from psycopg.errors import UniqueViolation
      def create(data):
          try:
              return insert(data, token=secrets.token_hex(4))
          except UniqueViolation:
              return create(data)
    `,
    // a new name every round: a search, not a retry
    dedent`
      from django.db import IntegrityError
      def f(base):
          name, n = base, 1
          while True:
              try:
                  return Page.objects.create(name=name)
              except IntegrityError:
                  n += 1
                  name = f"{base} ({n})"
    `,
    // the counted twin of the rename loop
    dedent`
      from django.db import IntegrityError
      def f(base):
          for i in range(2, 50):
              try:
                  return Page.objects.create(name=f"{base}-{i}")
              except IntegrityError:
                  continue
    `,
    // the next port every round
    dedent`
      def f(sock, port):
          while True:
              try:
                  sock.bind(("", port))
                  return port
              except OSError:
                  port += 1
    `,
    // a smaller batch every round
    dedent`
      import os
      def f(prog, argv):
          while True:
              try:
                  return os.execv(prog, argv)
              except OSError:
                  argv = argv[: len(argv) // 2]
    `,
    // evicting the next entry every round
    dedent`
      def f(store, entries, key, value):
          while True:
              try:
                  store.write(key, value, entries)
                  return
              except MemoryError:
                  entries.popitem(last=False)
    `,
    // asking a person again
    dedent`
      def f():
          while True:
              try:
                  return int(input("n? "))
              except ValueError:
                  print("again")
    `,
    // sleep an interval, then work
    dedent`
      import time
      def f(client):
          while True:
              time.sleep(60)
              try:
                  client.refresh()
                  break
              except OSError:
                  pass
    `,
    // optimistic locking with redis WATCH
    dedent`
      import redis
      def f(pipe):
          while True:
              try:
                  pipe.watch("k")
                  pipe.execute()
                  break
              except redis.WatchError:
                  continue
    `,
    // recursion that normalises its input once
    dedent`
      import json
      def parse(value):
          try:
              return json.loads(value)
          except ValueError:
              if '"' not in value:
                  return parse('"' + value + '"')
              raise
    `,
    // asyncio.timeout around the loop
    dedent`
      import asyncio
      async def f():
          async with asyncio.timeout(30):
              while True:
                  try:
                      return await op()
                  except OSError:
                      await asyncio.sleep(1)
    `,
    // a project deadline context manager around the loop
    dedent`
      import asyncio
      async def f(seconds):
          async with timeout_async(seconds):
              while True:
                  try:
                      return await op()
                  except OSError:
                      await asyncio.sleep(1)
    `,
    // threading.Timer passes the changed attempt in args=
    dedent`
      import threading
      def sub(retries=3):
          try:
              client.subscribe()
          except OSError:
              if retries <= 0:
                  raise
              threading.Timer(5, sub, args=(retries - 1,)).start()
    `,
    // a bounded Celery retry with a countdown
    dedent`
      from celery import shared_task
      @shared_task(bind=True, max_retries=5)
      def sync(self, x):
          try:
              push(x)
          except OSError as exc:
              raise self.retry(exc=exc, countdown=30)
    `,
    // max_retries=None without any retry
    dedent`
      from celery import shared_task
      @shared_task(max_retries=None)
      def sync(x):
          push(x)
    `,
    // RQ Retry with intervals
    dedent`
      from rq import Retry
      q.enqueue(f, retry=Retry(max=3, interval=[10, 30, 60]))
    `,
    // arq Retry with defer
    dedent`
      from arq import Retry
      async def job(ctx):
          raise Retry(defer=ctx["job_try"] * 10)
    `,
  ],
  invalid: [
    {
      // a flag checked but never set by the branch that goes round bounds nothing
      code: dedent`
        from smtplib import SMTPServerDisconnected
        def send(self, message):
            connection_error = None
            while True:
                try:
                    self.server.sendmail(message)
                    break
                except SMTPServerDisconnected as e:
                    if not connection_error:
                        self.connect()
                    else:
                        raise RuntimeError("could not send")
      `,
      errors: [{ messageId: 'unbounded', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      // a counter the attempt only tests is a counter, not a new input: both loop forms are the same retry
      code: dedent`
        def f(url):
            attempt = 0
            while True:
                try:
                    if attempt > 0:
                        log.info("retrying")
                    return fetch(url)
                except OSError:
                    attempt += 1
                    if attempt >= 5:
                        raise
        def g(url):
            for attempt in range(5):
                try:
                    if attempt > 0:
                        log.info("retrying")
                    return fetch(url)
                except OSError:
                    if attempt == 4:
                        raise
      `,
      errors: [
        { messageId: 'noBackoff', data: loopAround('fetch()', 'no sleep or backoff before the next attempt'), line: 3, column: 5, endLine: 3, endColumn: 10 },
        { messageId: 'noBackoff', data: loopAround('fetch()', 'no sleep or backoff before the next attempt'), line: 13, column: 5, endLine: 13, endColumn: 8 },
      ],
    },
    {
      // a counter counted down in a conditional expression bounds the loop; it still retries at once
      code: dedent`
        def request(url, retry):
            tries_left = 3 if retry else 1
            while True:
                try:
                    return _request(url)
                except TransportError as e:
                    tries_left = 0 if e.permanent else tries_left - 1
                    if tries_left == 0:
                        raise
      `,
      errors: [{ messageId: 'noBackoff', data: loopAround('_request()', 'no sleep or backoff before the next attempt'), line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      // RuntimeError around an outbound call is a failed attempt, not a concurrent change of a dict
      code: dedent`
        import requests
        def f(url):
            while True:
                try:
                    return requests.post(url, timeout=5)
                except RuntimeError:
                    pass
      `,
      errors: [{ messageId: 'unbounded', data: loopAround('requests.post()'), line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      // without the EOFError exit, a loop around a helper that may prompt is still a retry
      code: dedent`
        def setup():
            while True:
                try:
                    _create_admin_user()
                    break
                except Exception as e:
                    logger.error(e)
      `,
      errors: [{ messageId: 'unbounded', data: loopAround('_create_admin_user()'), line: 2, column: 5, endLine: 2, endColumn: 10 }],
    },
    {
      // a conditional success exit, then a throw into the loop's own catch: still a retry loop
      code: dedent`
        import time
        def f(session, url):
            while True:
                try:
                    resp = session.get(url)
                    if resp.ok:
                        return resp
                    raise RuntimeError(resp.status_code)
                except RuntimeError:
                    time.sleep(1)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Retry loop around `session.get()`", "reason": "no attempt limit or deadline"}, line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      // the same insert after IntegrityError is a retry
      code: dedent`
        import time
        from django.db import IntegrityError
        def f(slug):
            while True:
                try:
                    return Page.objects.create(slug=slug)
                except IntegrityError:
                    time.sleep(1)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Retry loop around `Page.objects.create()`", "reason": "no attempt limit or deadline"}, line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      // the attempt is tested but passed on unchanged
      code: dedent`
        def get(url, attempt=0):
            try:
                return fetch(url)
            except OSError:
                if attempt > 3:
                    raise
                return get(url, attempt)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Recursive retry of `get`", "reason": "no attempt argument moves towards a bound"}, line: 7, column: 16, endLine: 7, endColumn: 19 }],
    },
    {
      // a bound task that retries itself with max_retries=None
      code: dedent`
        from celery import shared_task
        @shared_task(bind=True, max_retries=None)
        def sync(self, x):
            try:
                push(x)
            except OSError as exc:
                raise self.retry(exc=exc)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Celery task `sync`", "reason": "max_retries=None"}, line: 2, column: 25, endLine: 2, endColumn: 41 }],
    },
    {
      // self.retry(max_retries=None)
      code: dedent`
        from celery import shared_task
        @shared_task(bind=True)
        def sync(self, x):
            try:
                push(x)
            except OSError as exc:
                raise self.retry(exc=exc, max_retries=None)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Celery task `sync`", "reason": "max_retries=None"}, line: 7, column: 35, endLine: 7, endColumn: 51 }],
    },
    {
      // self.retry(countdown=0)
      code: dedent`
        from celery import shared_task
        @shared_task(bind=True)
        def sync(self, x):
            try:
                push(x)
            except OSError as exc:
                raise self.retry(exc=exc, countdown=0)
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "Celery task `sync`", "reason": "countdown=0"}, line: 7, column: 35, endLine: 7, endColumn: 46 }],
    },
    {
      // autoretry_for with max_retries=None
      code: dedent`
        from celery import Celery
        app = Celery()
        @app.task(autoretry_for=(OSError,), max_retries=None)
        def sync(x):
            push(x)
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Celery task `sync`", "reason": "max_retries=None"}, line: 3, column: 37, endLine: 3, endColumn: 53 }],
    },
    {
      // RQ requeues at once without an interval
      code: dedent`
        from rq import Retry
        q.enqueue(f, retry=Retry(max=3))
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "RQ Retry", "reason": "no interval"}, line: 2, column: 20, endLine: 2, endColumn: 32 }],
    },
    {
      // RQ Retry with no real maximum
      code: dedent`
        import math
        from rq import Retry
        q.enqueue(f, retry=Retry(max=math.inf, interval=10))
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "RQ Retry", "reason": "max=math.inf"}, line: 3, column: 26, endLine: 3, endColumn: 38 }],
    },
    {
      // Dramatiq with a huge max_retries
      code: dedent`
        import dramatiq
        @dramatiq.actor(max_retries=10_000)
        def f(): pass
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "Dramatiq actor", "reason": "max_retries=10_000"}, line: 2, column: 17, endLine: 2, endColumn: 35 }],
    },
    {
      // Dramatiq with min_backoff=0
      code: dedent`
        import dramatiq
        @dramatiq.actor(min_backoff=0)
        def f(): pass
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "Dramatiq actor", "reason": "min_backoff=0"}, line: 2, column: 17, endLine: 2, endColumn: 30 }],
    },
    {
      // arq Retry() without defer
      code: dedent`
        from arq import Retry
        async def job(ctx):
            raise Retry()
      `,
      errors: [{ messageId: "noBackoff", data: {"subject": "arq Retry", "reason": "no defer"}, line: 3, column: 11, endLine: 3, endColumn: 18 }],
    },
    {
      // arq func with endless max_tries
      code: dedent`
        from arq.worker import func
        functions = [func(job, max_tries=float("inf"))]
      `,
      errors: [{ messageId: "unbounded", data: {"subject": "arq job", "reason": "max_tries=float(\"inf\")"}, line: 2, column: 24, endLine: 2, endColumn: 46 }],
    },
  ],
});

describe('no-unbounded-retry messages', () => {
  it('are one short sentence with the facts: at most 120 characters on every fixture finding', async () => {
    const messages: string[] = [];
    for (const file of fixtureFiles('no-unbounded-retry')) {
      const result = await lintFixture(file, 'runtime-ops/no-unbounded-retry');
      messages.push(...result.messages.filter((m) => m.ruleId === 'runtime-ops/no-unbounded-retry').map((m) => m.message));
    }
    expect(messages.length).toBeGreaterThan(40);
    expect(messages.filter((message) => message.length > 120)).toEqual([]);
  }, 120_000);
});

const NO_PAUSE = 'no sleep or backoff before the next attempt';

pyTester.run('no-unbounded-retry: challenges, supervisors, readiness waits, raising exhaustion', ruleUnderTest, {
  valid: [
    // an absolute trio deadline around the loop bounds it (the deadline list shared with require-io-timeout)
    dedent`
      import time
      import trio
      async def connect(deadline):
          with trio.fail_at(deadline):
              while True:
                  try:
                      return await op()
                  except OSError:
                      await trio.sleep(1)
    `,
    // a solver step before the attempt: each round answers a new captcha
    dedent`
      def login(self, user):
          for i in range(10):
              data = self.api_request("RequestCaptcha")
              answer = self.captcha.decrypt(data["captcha_url"])
              try:
                  return self.api_request("login", user=user, response=answer)
              except BadHeader:
                  continue
    `,
    // the attempt works on the reply of the previous failure
    dedent`
      def solve(self, exc):
          for _i in range(3):
              try:
                  return solve_page(self, exc.content)
              except BadHeader as exc:
                  continue
    `,
    // a supervisor of a background task: logs, waits, restarts
    dedent`
      import asyncio
      async def restart(func):
          try:
              return await func()
          except Exception:
              logger.error("failed")
              await asyncio.sleep(5)
              return await restart(func)
      def start(job):
          return asyncio.create_task(restart(job))
    `,
    // an accept loop restarted after it fails
    dedent`
      import socket, time
      class Listener:
          def serve(self):
              try:
                  while True:
                      self.sock.accept()
              except socket.timeout:
                  return self.serve()
              except OSError:
                  time.sleep(240)
                  return self.serve()
    `,
    // waits once for the database; the caller's next query fails loudly
    dedent`
      import time
      def wait_for_db(db):
          retried = False
          while not retried:
              try:
                  db.execute("SELECT 1")
                  return
              except OSError:
                  time.sleep(30)
              retried = True
    `,
    // the for-else calls a method of the class that raises
    dedent`
      import time
      class Account:
          def fail(self, msg):
              raise RuntimeError(msg)
          def signin(self, user):
              for attempt in range(3):
                  try:
                      return self.api.login(user)
                  except OSError:
                      time.sleep(2 ** attempt)
              else:
                  self.fail("login failed")
    `,
    // a project logger method named after the level logs the exhaustion
    dedent`
      import time
      def signin(self, user):
          for attempt in range(3):
              try:
                  return self.api.login(user)
              except OSError:
                  time.sleep(2 ** attempt)
          else:
              self.log_error("login failed")
    `,
  ],
  invalid: [
    {
      // the same request again, the reply only logged: a retry
      code: dedent`
        def plain(self, url):
            for i in range(3):
                try:
                    return self.api.request(url)
                except BadHeader as exc:
                    self.log_debug(exc.content)
      `,
      errors: [{ messageId: 'silentExhaustion', data: { subject: 'Retry loop around `self.api.request()`' }, line: 2, column: 5, endLine: 2, endColumn: 8 }],
    },
    {
      // a supervisor that restarts at once
      code: dedent`
        import asyncio
        async def restart(func):
            try:
                return await func()
            except Exception:
                logger.error("failed")
                return await restart(func)
        def start(job):
            return asyncio.ensure_future(restart(job))
      `,
      errors: [{ messageId: 'noBackoff', data: { subject: 'Recursive retry of `restart`', reason: NO_PAUSE }, line: 7, column: 22, endLine: 7, endColumn: 29 }],
    },
    {
      // a one-shot call restarted by itself is a retry, paced or not
      code: dedent`
        import time
        def fetch(client):
            try:
                return client.get("/status")
            except OSError:
                time.sleep(5)
                return fetch(client)
      `,
      errors: [{ messageId: 'unbounded', data: recursion('fetch'), line: 7, column: 16, endLine: 7, endColumn: 21 }],
    },
    {
      // the readiness shape around work whose result matters drops the last failure
      code: dedent`
        import time
        def send_twice(client, message):
            retried = False
            while not retried:
                try:
                    client.send(message)
                    return
                except OSError:
                    time.sleep(30)
                retried = True
      `,
      errors: [{ messageId: 'silentExhaustion', data: { subject: 'Retry loop around `client.send()`' }, line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      // the for-else calls a method that does not raise
      code: dedent`
        import time
        class Account:
            def fail(self, msg):
                self.notes.append(msg)
            def signin(self, user):
                for attempt in range(3):
                    try:
                        return self.api.login(user)
                    except OSError:
                        time.sleep(2 ** attempt)
                else:
                    self.fail("login failed")
      `,
      errors: [{ messageId: 'silentExhaustion', data: { subject: 'Retry loop around `self.api.login()`' }, line: 6, column: 9, endLine: 6, endColumn: 12 }],
    },
  ],
});

tsTester.run('no-unbounded-retry: periodic schedules', ruleUnderTest, {
  valid: [
    // the timers of a module (`unlimited-timeout`) schedule the same way
    dedent`
      const { setTimeout } = require('unlimited-timeout');
      function start(check, interval) {
        const safeBeat = async () => {
          try {
            await check();
            setTimeout(safeBeat, interval);
          } catch (e) {
            console.error(e);
            setTimeout(safeBeat, interval);
          }
        };
        setTimeout(safeBeat, interval);
      }
    `,
    // the success path schedules the next beat too: the catch keeps the schedule going
    dedent`
      declare function check(): Promise<void>;
      export function start(interval: number) {
        const beat = async () => {
          await check();
          setTimeout(safeBeat, interval);
        };
        const safeBeat = async () => {
          try {
            await beat();
          } catch (e) {
            console.error(e);
            setTimeout(safeBeat, interval);
          }
        };
        safeBeat();
      }
    `,
  ],
  invalid: [
    {
      // scheduled again only from its failure path
      code: dedent`
        declare function send(): Promise<void>;
        export function start() {
          const connect = async () => {
            try {
              await send();
            } catch (e) {
              console.error(e);
              setTimeout(connect, 5000);
            }
          };
          connect();
        }
      `,
      errors: [{ messageId: 'unbounded', data: recursion('connect'), line: 8, column: 18, endLine: 8, endColumn: 25 }],
    },
  ],
});
