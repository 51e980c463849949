import dedent from 'dedent';
import rule from '../rules/no-unbounded-retry/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;

const TS_LOOP_REMEDY = '`for (let attempt = 1; attempt <= maxAttempts; attempt++)` or a `Date.now()` deadline';
const PY_LOOP_REMEDY = '`for attempt in range(MAX_ATTEMPTS):` or a `time.monotonic()` deadline';
const RECURSION = { what: 'recursive retry', remedy: 'an attempt argument checked against a maximum' };
const TENACITY = { what: 'tenacity retry', remedy: 'stop=stop_after_attempt(5) or stop_after_delay(60)' };
const tsLoop = { what: 'retry loop', remedy: TS_LOOP_REMEDY };
const pyLoop = { what: 'retry loop', remedy: PY_LOOP_REMEDY };

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
      errors: [{ messageId: 'unbounded', data: RECURSION, line: 2, column: 47, endLine: 2, endColumn: 54 }],
    },
    {
      code: 'function sub(c) {\n  c.on().catch(() => setTimeout(() => sub(c), 10));\n}',
      errors: [{ messageId: 'unbounded', data: RECURSION, line: 2, column: 39, endLine: 2, endColumn: 42 }],
    },
    {
      code: "import pRetry from 'p-retry';\npRetry(run, { forever: true });",
      errors: [{ messageId: 'unbounded', data: { what: 'p-retry call', remedy: 'a finite `retries` and `maxRetryTime`' }, line: 2, column: 15, endLine: 2, endColumn: 28 }],
    },
    {
      code: "const retry = require('async-retry');\nretry(run, { retries: Infinity });",
      errors: [{ messageId: 'unbounded', line: 2, column: 14, endLine: 2, endColumn: 31 }],
    },
  ],
});

pyTester.run('no-unbounded-retry', ruleUnderTest, {
  valid: [
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
      errors: [{ messageId: 'unbounded', data: pyLoop, line: 3, column: 1, endLine: 3, endColumn: 6 }],
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
      errors: [{ messageId: 'unbounded', data: RECURSION, line: 6, column: 13, endLine: 6, endColumn: 25 }],
    },
    {
      code: 'from tenacity import retry\n@retry\ndef f(): pass',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 1, endLine: 2, endColumn: 7 }],
    },
    {
      code: 'import tenacity as t\n@t.retry(stop=t.stop_never)\ndef f(): pass',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 1, endLine: 2, endColumn: 28 }],
    },
    {
      code: 'from tenacity import Retrying\nfor attempt in Retrying():\n    with attempt:\n        op()',
      errors: [{ messageId: 'unbounded', data: TENACITY, line: 2, column: 16, endLine: 2, endColumn: 26 }],
    },
    {
      code: 'import backoff\n@backoff.on_predicate(backoff.constant, interval=1)\ndef f(): pass',
      errors: [
        { messageId: 'unbounded', data: { what: 'backoff decorator', remedy: 'max_tries= or max_time=' }, line: 2, column: 1, endLine: 2, endColumn: 52 },
      ],
    },
    {
      code: 'from retrying import retry\n@retry(wait_fixed=1000)\ndef f(): pass',
      errors: [
        { messageId: 'unbounded', data: { what: 'retrying decorator', remedy: 'stop_max_attempt_number= or stop_max_delay=' }, line: 2, column: 1, endLine: 2, endColumn: 24 },
      ],
    },
  ],
});
