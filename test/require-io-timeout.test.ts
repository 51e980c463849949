import dedent from 'dedent';
import rule from '../rules/require-io-timeout/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const ruleUnderTest = rule as never;

/** An exact span: 1-based line and column, end exclusive. */
const span = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });
/** `missingTimeout` with its full data. */
const missing = (call: string, option: string, client: string) => ({ messageId: 'missingTimeout', data: { call, option, client } });
/** `disabledTimeout` with its full data. */
const disabled = (call: string, option: string, client: string) => ({ messageId: 'disabledTimeout', data: { call, option, client } });
/** The `addTimeout` suggestion and the code it leaves. */
const suggest = (text: string, output: string) => ({ suggestions: [{ messageId: 'addTimeout', data: { text }, output }] });
const noSuggestion = { suggestions: [] };

const SIGNAL = 'signal: AbortSignal.timeout(10_000)';

tsTester.run('require-io-timeout', ruleUnderTest, {
  valid: [
    // a variable that may be an options object built elsewhere (with a signal or a timeout) is not judged
    "import http from 'node:http';\nexport function get(options) { return http.get(options, (res) => res.resume()); }",
    // a child process in a script runs a local tool a person watches: checked in service code only
    { code: "import { execSync } from 'child_process';\nexecSync('pg_dump app');", filename: 'scripts/backup.ts' },
    // a signal bounds fetch: AbortSignal.timeout, a combined signal, a controller's signal
    "await fetch(url, { signal: AbortSignal.timeout(5000) });",
    "await fetch(url, { signal: AbortSignal.any([req.signal, AbortSignal.timeout(5000)]) });",
    "const controller = new AbortController();\nawait fetch(url, { signal: controller.signal });",
    // options built elsewhere are unknown: a variable, a spread, a Request object
    'await fetch(url, init);',
    "await fetch(url, { ...init, method: 'POST' });",
    'const request = new Request(url, init);\nawait fetch(request);',
    'async function f(req: Request) { return fetch(req); }',
    // a shadowed fetch is not the global one
    "function probe(fetch: (u: string) => Promise<unknown>) { return fetch('https://x'); }",
    "import { fetch } from './test-doubles';\nawait fetch('https://x');",
    // axios: the config's position depends on the verb
    "import axios from 'axios';\nawait axios.get(url, { timeout: 5000 });",
    "import axios from 'axios';\nawait axios.post(url, body, { timeout: 5000 });",
    "import axios from 'axios';\nawait axios({ url, method: 'GET', timeout: 5000 });",
    "import axios from 'axios';\nawait axios.request(config);",
    // an instance created with a timeout, or given one afterwards
    "import axios from 'axios';\nconst api = axios.create({ timeout: 5000 });\nawait api.get('/x');",
    "import axios from 'axios';\nconst api = axios.create({ baseURL });\napi.defaults.timeout = 5000;\nawait api.get('/x');",
    "import axios from 'axios';\nclass C { http = axios.create({ timeout: 1000 }); run() { return this.http.post('/x', {}); } }",
    // a module default
    "import axios from 'axios';\naxios.defaults.timeout = 5000;\nawait axios.get(url);",
    // CommonJS require is followed
    "const axios = require('axios');\naxios.defaults.timeout = 5000;\nawait axios.get(url);",
    // got, superagent, http
    "import got from 'got';\nawait got(url, { timeout: { request: 5000 } });",
    "import superagent from 'superagent';\nawait superagent.post(url).send(body).timeout(5000);",
    "import superagent from 'superagent';\nconst req = superagent.get(url);",
    "import http from 'node:http';\nconst req = http.request(url, (res) => res.resume());\nreq.setTimeout(5000, () => req.destroy());",
    "import https from 'https';\nhttps.get(options, (res) => res.resume());",
    // pg
    "import pg from 'pg';\nconst pool = new pg.Pool({ connectionString, statement_timeout: 10000 });",
    // child_process
    "import { exec } from 'node:child_process';\nexec('ls', { timeout: 1000 }, cb);",
    // a variable at 1 may be the arguments or the options (with a timeout)
    "const { execFileSync } = require('child_process');\nexecFileSync('git', gitOptions);",
    // local programs with no outbound dependency, in service code too
    "import { execSync } from 'node:child_process';\nexecSync('node -v');",
    "import { execSync } from 'node:child_process';\nexecSync('rm packages/**/.parcelrc');",
    "import { execFileSync } from 'node:child_process';\nexecFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel']);",
    "import { spawnSync } from 'node:child_process';\nspawnSync('/usr/bin/open', [reportPath]);",
    // got 12+ exports itself by name too: a bounded call through the named import
    "import { got } from 'got';\nawait got.head(url, { timeout: { request: 5000 } });",
    // got takes the URL inside the options too
    "import { got } from 'got';\nawait got.post({ url, json: body, timeout: { request: 5000 } });",
    // a surrounding deadline
    "import pTimeout from 'p-timeout';\nawait pTimeout(fetch(url), { milliseconds: 5000 });",
    "await withTimeout(fetch(url), 5000);",
    // an awaited call in a shutdown handler is no-unbounded-shutdown-await's finding
    "process.on('SIGTERM', async () => { await fetch(url, { method: 'POST' }); });",
    "async function shutdown() { await fetch(url); }",
    "async function stop() { await fetch(url); }\nprocess.once('SIGINT', stop);",
    // option clients: a wrapper called with its bounding option
    { code: "import { apiFetch } from './http';\nawait apiFetch('/users', { timeout: 3000 });", options: [{ clients: [{ name: 'apiFetch', option: 'timeout' }] }] },
    { code: "import { apiFetch } from './http';\nawait apiFetch('/users', opts);", options: [{ clients: [{ name: 'apiFetch', option: 'timeout' }] }] },
    // option timeoutWrappers
    { code: 'await guard(fetch(url));', options: [{ timeoutWrappers: ['guard'] }] },
    // roles: tests and browser code are not checked
    { code: 'await fetch(url);', filename: 'src/api.test.ts' },
    { code: "document.title = 'x';\nawait fetch(url);", filename: 'web/app.ts' },
    // suppression the ESLint way
    '// eslint-disable-next-line rule-to-test/require-io-timeout\nawait fetch(url);',
  ],
  invalid: [
    {
      code: 'await fetch(url);',
      errors: [{ ...missing('fetch()', 'signal', 'fetch'), ...span(1, 7, 1, 12), ...suggest(SIGNAL, `await fetch(url, { ${SIGNAL} });`) }],
    },
    {
      code: "await fetch(url, { method: 'POST' });",
      errors: [{ ...missing('fetch()', 'signal', 'fetch'), ...span(1, 7, 1, 12), ...suggest(SIGNAL, `await fetch(url, { method: 'POST', ${SIGNAL} });`) }],
    },
    {
      code: "await globalThis.fetch(url, {});",
      errors: [{ ...missing('globalThis.fetch()', 'signal', 'fetch'), ...span(1, 7, 1, 23), ...suggest(SIGNAL, `await globalThis.fetch(url, { ${SIGNAL} });`) }],
    },
    {
      code: "import fetch from 'node-fetch';\nawait fetch(url);",
      errors: [{ ...missing('fetch()', 'signal', 'node-fetch'), ...span(2, 7, 2, 12), ...suggest(SIGNAL, `import fetch from 'node-fetch';\nawait fetch(url, { ${SIGNAL} });`) }],
    },
    {
      code: "import { request } from 'undici';\nawait request(url);",
      errors: [{ ...missing('request()', 'signal', 'undici'), ...span(2, 7, 2, 14), ...suggest(SIGNAL, `import { request } from 'undici';\nawait request(url, { ${SIGNAL} });`) }],
    },
    {
      // the config of a data verb is the third argument
      code: "import axios from 'axios';\nawait axios.post(url);",
      errors: [{ ...missing('axios.post()', 'timeout', 'axios'), ...span(2, 7, 2, 17), ...suggest('timeout: 10_000', "import axios from 'axios';\nawait axios.post(url, undefined, { timeout: 10_000 });") }],
    },
    {
      code: "import axios from 'axios';\nawait axios.get(url, { timeout: 0 });",
      errors: [{ ...disabled('axios.get()', 'timeout: 0', 'axios'), ...span(2, 7, 2, 16), ...noSuggestion }],
    },
    {
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL });\nawait api.get('/x');",
      errors: [{ ...missing('api.get()', 'timeout', 'its axios instance'), ...span(3, 7, 3, 14), ...suggest('timeout: 10_000', "import axios from 'axios';\nconst api = axios.create({ baseURL });\nawait api.get('/x', { timeout: 10_000 });") }],
    },
    {
      // an instance created with the limit off ignores the module default
      code: "import axios from 'axios';\naxios.defaults.timeout = 5000;\nclass C { http = axios.create({ timeout: 0 }); run() { return this.http('/x'); } }",
      errors: [{ ...missing('this.http()', 'timeout', 'its axios instance'), ...span(3, 63, 3, 72), ...suggest('timeout: 10_000', "import axios from 'axios';\naxios.defaults.timeout = 5000;\nclass C { http = axios.create({ timeout: 0 }); run() { return this.http('/x', { timeout: 10_000 }); } }") }],
    },
    {
      code: "const got = require('got');\nawait got.post(url, { json: body });",
      errors: [{ ...missing('got.post()', 'timeout', 'got'), ...span(2, 7, 2, 15), ...suggest('timeout: { request: 10_000 }', "const got = require('got');\nawait got.post(url, { json: body, timeout: { request: 10_000 } });") }],
    },
    {
      code: "import request from 'superagent';\nawait request.get(url).set('a', 'b');",
      errors: [{ ...missing('request.get()', '.timeout()', 'superagent'), ...span(2, 7, 2, 18), ...suggest('.timeout(10_000)', "import request from 'superagent';\nawait request.get(url).timeout(10_000).set('a', 'b');") }],
    },
    {
      code: "import http from 'node:http';\nhttp.get('http://x', (res) => res.resume());",
      errors: [{ ...missing('http.get()', 'signal', 'node:http'), ...span(2, 1, 2, 9), ...suggest(SIGNAL, `import http from 'node:http';\nhttp.get('http://x', { ${SIGNAL} }, (res) => res.resume());`) }],
    },
    // a variable that holds the arguments (an array literal, or named for them): no options, so no timeout
    {
      code: "import { execFile } from 'child_process';\nexport function shot(url, chrome) {\n  const flags = ['--headless', url];\n  execFile(chrome, flags, (error) => {});\n}",
      errors: [{ ...missing('execFile()', 'timeout', 'child_process'), ...span(4, 3, 4, 11), ...suggest('timeout: 10_000', "import { execFile } from 'child_process';\nexport function shot(url, chrome) {\n  const flags = ['--headless', url];\n  execFile(chrome, flags, { timeout: 10_000 }, (error) => {});\n}") }],
    },
    {
      code: "const { execFileSync } = require('child_process');\nexecFileSync('git', args);",
      errors: [{ ...missing('execFileSync()', 'timeout', 'child_process'), ...span(2, 1, 2, 13), ...suggest('timeout: 10_000', "const { execFileSync } = require('child_process');\nexecFileSync('git', args, { timeout: 10_000 });") }],
    },
    // a parameter named for an address holds a URL, not an options object that might carry a signal
    {
      code: "import https from 'https';\nexport function check(targetUrl) {\n  https.request(targetUrl, (res) => res.resume()).end();\n}",
      errors: [{ ...missing('https.request()', 'signal', 'node:http'), ...span(3, 3, 3, 16), ...suggest(SIGNAL, `import https from 'https';\nexport function check(targetUrl) {\n  https.request(targetUrl, { ${SIGNAL} }, (res) => res.resume()).end();\n}`) }],
    },
    {
      code: "import { Pool } from 'pg';\nconst pool = new Pool();",
      errors: [{ ...missing('new Pool()', 'connectionTimeoutMillis', 'pg'), ...span(2, 14, 2, 22), ...suggest('connectionTimeoutMillis: 10_000', "import { Pool } from 'pg';\nconst pool = new Pool({ connectionTimeoutMillis: 10_000 });") }],
    },
    {
      // a network tool, a remote git command, a shell pipeline or a command built at run time may wait on another system
      code: "import { execSync, execFileSync } from 'node:child_process';\nexecSync('curl -sS https://example.com');\nexecFileSync('git', ['fetch', 'origin']);\nexecSync('node -v | tee v.txt');\nexecSync(`git ${sub}`);",
      errors: [
        { ...missing('execSync()', 'timeout', 'child_process'), ...span(2, 1, 2, 9), ...suggest('timeout: 10_000', "import { execSync, execFileSync } from 'node:child_process';\nexecSync('curl -sS https://example.com', { timeout: 10_000 });\nexecFileSync('git', ['fetch', 'origin']);\nexecSync('node -v | tee v.txt');\nexecSync(`git ${sub}`);") },
        { ...missing('execFileSync()', 'timeout', 'child_process'), ...span(3, 1, 3, 13), ...suggest('timeout: 10_000', "import { execSync, execFileSync } from 'node:child_process';\nexecSync('curl -sS https://example.com');\nexecFileSync('git', ['fetch', 'origin'], { timeout: 10_000 });\nexecSync('node -v | tee v.txt');\nexecSync(`git ${sub}`);") },
        { ...missing('execSync()', 'timeout', 'child_process'), ...span(4, 1, 4, 9), ...suggest('timeout: 10_000', "import { execSync, execFileSync } from 'node:child_process';\nexecSync('curl -sS https://example.com');\nexecFileSync('git', ['fetch', 'origin']);\nexecSync('node -v | tee v.txt', { timeout: 10_000 });\nexecSync(`git ${sub}`);") },
        { ...missing('execSync()', 'timeout', 'child_process'), ...span(5, 1, 5, 9), ...suggest('timeout: 10_000', "import { execSync, execFileSync } from 'node:child_process';\nexecSync('curl -sS https://example.com');\nexecFileSync('git', ['fetch', 'origin']);\nexecSync('node -v | tee v.txt');\nexecSync(`git ${sub}`, { timeout: 10_000 });") },
      ],
    },
    {
      // got 12+ exports itself by name: `import { got } from 'got'` is the same client
      code: "import { got } from 'got';\nawait got.head(url);",
      errors: [{ ...missing('got.head()', 'timeout', 'got'), ...span(2, 7, 2, 15), ...suggest('timeout: { request: 10_000 }', "import { got } from 'got';\nawait got.head(url, { timeout: { request: 10_000 } });") }],
    },
    {
      code: "import { got } from 'got';\nawait got.post({ url, json: body });",
      errors: [{ ...missing('got.post()', 'timeout', 'got'), ...span(2, 7, 2, 15), ...suggest('timeout: { request: 10_000 }', "import { got } from 'got';\nawait got.post({ url, json: body, timeout: { request: 10_000 } });") }],
    },
    {
      code: "import { exec } from 'node:child_process';\nexec('make', (err) => done(err));",
      errors: [{ ...missing('exec()', 'timeout', 'child_process'), ...span(2, 1, 2, 5), ...suggest('timeout: 10_000', "import { exec } from 'node:child_process';\nexec('make', { timeout: 10_000 }, (err) => done(err));") }],
    },
    {
      // a non-awaited call in a shutdown handler is not the shutdown rule's: reported here
      code: "process.on('SIGTERM', () => { fetch(url).catch(() => {}); });",
      errors: [{ ...missing('fetch()', 'signal', 'fetch'), ...span(1, 31, 1, 36), ...suggest(SIGNAL, `process.on('SIGTERM', () => { fetch(url, { ${SIGNAL} }).catch(() => {}); });`) }],
    },
    {
      // option clients: a wrapper called without its option
      code: "import { apiFetch } from './http';\nawait apiFetch('/users', { method: 'GET' });",
      options: [{ clients: [{ name: 'apiFetch', option: 'timeout' }] }],
      errors: [{ ...missing('apiFetch()', 'timeout', 'apiFetch'), ...span(2, 7, 2, 15), ...noSuggestion }],
    },
  ],
});

pyTester.run('require-io-timeout', ruleUnderTest, {
  valid: [
    // a child process in a script runs a local tool a person watches: checked in service code only
    { code: 'import subprocess\nsubprocess.check_output(["git", "status"])', filename: 'scripts/release.py' },
    'import requests\nrequests.get(url, timeout=5)',
    'import requests\nrequests.get(url, timeout=(3.05, 27))',
    // keywords built elsewhere are unknown
    'import requests\nrequests.post(url, **kwargs)',
    // a shadowed or unrelated name
    'def get(url):\n    return url\nget("https://x")',
    'import requests\ndef f(requests):\n    return requests.get(url)',
    // sessions given a timeout after creation
    dedent`
      import functools
      import requests
      s = requests.Session()
      s.request = functools.partial(s.request, timeout=5)
      s.get(url)
    `,
    dedent`
      import requests
      s = requests.Session()
      s.mount("https://", TimeoutAdapter(timeout=5))
      s.get(url)
    `,
    // the socket default bounds the standard library's clients (not requests)
    'import socket\nimport urllib.request\nsocket.setdefaulttimeout(10)\nurllib.request.urlopen(url)',
    'import smtplib\nsmtplib.SMTP("mail", 25, None, 10)',
    // `smtplib.SMTP()` without a host does not connect
    'import smtplib\nsmtp = smtplib.SMTP()',
    // libpq connect_timeout in the DSN; redis socket_timeout in the URL
    'import psycopg\npsycopg.connect("host=db connect_timeout=5")',
    'import redis\nredis.from_url("redis://cache:6379/0?socket_timeout=5")',
    // httpx and aiohttp are bounded by default
    'import httpx\nhttpx.get(url)',
    'import httpx\nwith httpx.Client() as c:\n    c.get(url)',
    // positional timeouts
    'import subprocess\np = subprocess.Popen(cmd)\np.wait(30)\np.communicate(None, 30)',
    // reaping a child after SIGKILL returns at once
    'import subprocess\ndef stop(cmd):\n    p = subprocess.Popen(cmd)\n    try:\n        return p.communicate(timeout=30)\n    except subprocess.TimeoutExpired:\n        p.kill()\n        return p.communicate()',
    'import subprocess\nclass Converter:\n    def __init__(self, cmd):\n        self.process = subprocess.Popen(cmd)\n    def abort(self):\n        self.process.kill()\n        self.process.communicate()',
    // local programs with no outbound dependency, in service code too
    'import subprocess\nsubprocess.run(["git", "rev-parse", "--show-toplevel"], check=True)',
    'import subprocess\nsubprocess.call("msgcat --use-first -o out.po a.po", shell=True)',
    'import subprocess\nsubprocess.check_call(args=["osascript", "-e", script])',
    'import subprocess\nproc = subprocess.Popen(["xdg-open", path])\nproc.wait()',
    'import subprocess\ncpu = subprocess.check_output(["sysctl", "-n", "machdep.cpu.brand_string"]).strip()',
    'import subprocess as sp\ndef vainfo(device):\n    return sp.run(["vainfo", "--display", "drm", "--device", device], capture_output=True)',
    'from celery.result import AsyncResult\nAsyncResult(task_id).get(10)',
    // an awaited call under an asyncio deadline
    dedent`
      import asyncio
      async def f(client):
          async with asyncio.timeout(5):
              return await client.get(url, timeout=None)
    `,
    // awaited in a shutdown handler: no-unbounded-shutdown-await's finding; so is proc.wait() there
    dedent`
      import atexit
      import subprocess
      proc = subprocess.Popen(cmd)
      def stop():
          proc.wait()
      atexit.register(stop)
    `,
    // option clients and timeoutWrappers
    { code: 'from app.http import call_api\ncall_api("/x", timeout_s=3)', options: [{ clients: [{ name: 'call_api', option: 'timeout_s' }] }] },
    { code: 'import requests\nguarded(requests.get(url))', options: [{ timeoutWrappers: ['guarded'] }] },
    // tests are not checked
    { code: 'import requests\nrequests.get(url)', filename: 'tests/test_api.py' },
    // suppression the ESLint way and with noqa
    'import requests\n# eslint-disable-next-line rule-to-test/require-io-timeout\nrequests.get(url)',
  ],
  invalid: [
    {
      code: 'import requests\nrequests.get(url)',
      errors: [{ ...missing('requests.get()', 'timeout', 'requests'), ...span(2, 1, 2, 13), ...suggest('timeout=10', 'import requests\nrequests.get(url, timeout=10)') }],
    },
    {
      code: 'from requests import post as p\np(url, json=body)',
      errors: [{ ...missing('p()', 'timeout', 'requests'), ...span(2, 1, 2, 2), ...suggest('timeout=10', 'from requests import post as p\np(url, json=body, timeout=10)') }],
    },
    {
      code: dedent`
        import requests
        class Client:
            def __init__(self):
                self.session = requests.Session()
            def get(self, path):
                return self.session.get(path)
      `,
      errors: [{ ...missing('self.session.get()', 'timeout', 'requests'), ...span(6, 16, 6, 32), ...suggest('timeout=10', 'import requests\nclass Client:\n    def __init__(self):\n        self.session = requests.Session()\n    def get(self, path):\n        return self.session.get(path, timeout=10)') }],
    },
    {
      // a session kept as a class attribute, shared by the instances
      code: dedent`
        import requests
        class Douban:
            session = requests.Session()
            def search(self, url):
                return self.session.get(url)
      `,
      errors: [{ ...missing('self.session.get()', 'timeout', 'requests'), ...span(5, 16, 5, 32), ...suggest('timeout=10', 'import requests\nclass Douban:\n    session = requests.Session()\n    def search(self, url):\n        return self.session.get(url, timeout=10)') }],
    },
    {
      code: 'import requests\nwith requests.Session() as s:\n    s.get(url)',
      errors: [{ ...missing('s.get()', 'timeout', 'requests'), ...span(3, 5, 3, 10), ...suggest('timeout=10', 'import requests\nwith requests.Session() as s:\n    s.get(url, timeout=10)') }],
    },
    {
      // the socket default does not reach requests, which passes None down itself
      code: 'import socket\nimport requests\nsocket.setdefaulttimeout(5)\nrequests.get(url)',
      errors: [{ ...missing('requests.get()', 'timeout', 'requests'), ...span(4, 1, 4, 13), ...suggest('timeout=10', 'import socket\nimport requests\nsocket.setdefaulttimeout(5)\nrequests.get(url, timeout=10)') }],
    },
    {
      code: 'from smtplib import SMTP_SSL\nwith SMTP_SSL("mail.internal") as smtp:\n    smtp.login(user, password)',
      errors: [{ ...missing('SMTP_SSL()', 'timeout', 'smtplib'), ...span(2, 6, 2, 14), ...suggest('timeout=10', 'from smtplib import SMTP_SSL\nwith SMTP_SSL("mail.internal", timeout=10) as smtp:\n    smtp.login(user, password)') }],
    },
    {
      code: 'import redis\nr = redis.Redis()',
      errors: [{ ...missing('redis.Redis()', 'socket_timeout', 'redis'), ...span(2, 5, 2, 16), ...suggest('socket_timeout=10', 'import redis\nr = redis.Redis(socket_timeout=10)') }],
    },
    {
      code: 'import psycopg2\npsycopg2.connect(dsn)',
      errors: [{ ...missing('psycopg2.connect()', 'connect_timeout', 'psycopg'), ...span(2, 1, 2, 17), ...suggest('connect_timeout=10', 'import psycopg2\npsycopg2.connect(dsn, connect_timeout=10)') }],
    },
    {
      // a network tool, a remote git command or a command built at run time may wait on another system
      code: 'import subprocess\nsubprocess.run(["git", "fetch", "origin"])\nsubprocess.run(f"rsync -a {src} {dst}", shell=True)',
      errors: [
        { ...missing('subprocess.run()', 'timeout', 'subprocess'), ...span(2, 1, 2, 15), ...suggest('timeout=60', 'import subprocess\nsubprocess.run(["git", "fetch", "origin"], timeout=60)\nsubprocess.run(f"rsync -a {src} {dst}", shell=True)') },
        { ...missing('subprocess.run()', 'timeout', 'subprocess'), ...span(3, 1, 3, 15), ...suggest('timeout=60', 'import subprocess\nsubprocess.run(["git", "fetch", "origin"])\nsubprocess.run(f"rsync -a {src} {dst}", shell=True, timeout=60)') },
      ],
    },
    {
      // terminate() can be caught: the child may go on; and another object's kill() says nothing of this one
      code: 'import subprocess\np = subprocess.Popen(cmd)\nq = subprocess.Popen(cmd)\np.terminate()\nq.kill()\np.wait()',
      errors: [{ ...missing('p.wait()', 'timeout', 'subprocess'), ...span(6, 1, 6, 7), ...suggest('timeout=60', 'import subprocess\np = subprocess.Popen(cmd)\nq = subprocess.Popen(cmd)\np.terminate()\nq.kill()\np.wait(timeout=60)') }],
    },
    {
      code: 'import subprocess\np = subprocess.Popen(cmd)\nout, err = p.communicate()',
      errors: [{ ...missing('p.communicate()', 'timeout', 'subprocess'), ...span(3, 12, 3, 25), ...suggest('timeout=60', 'import subprocess\np = subprocess.Popen(cmd)\nout, err = p.communicate(timeout=60)') }],
    },
    {
      code: 'r = send_email.apply_async((user_id,))\nr.get()',
      errors: [{ ...missing('r.get()', 'timeout', 'Celery'), ...span(2, 1, 2, 6), ...suggest('timeout=60', 'r = send_email.apply_async((user_id,))\nr.get(timeout=60)') }],
    },
    {
      code: 'import httpx\nhttpx.post(url, timeout=None)',
      errors: [{ ...disabled('httpx.post()', 'timeout=None', 'httpx'), ...span(2, 1, 2, 11), ...suggest('timeout=10', 'import httpx\nhttpx.post(url, timeout=10)') }],
    },
    {
      code: 'import httpx\nc = httpx.Client(timeout=None)\nc.get(url)',
      errors: [
        { ...disabled('httpx.Client()', 'timeout=None', 'httpx'), ...span(2, 5, 2, 17), ...suggest('timeout=10', 'import httpx\nc = httpx.Client(timeout=10)\nc.get(url)') },
        { ...disabled('c.get()', 'timeout set on its client', 'httpx'), ...span(3, 1, 3, 6), ...suggest('timeout=10', 'import httpx\nc = httpx.Client(timeout=None)\nc.get(url, timeout=10)') },
      ],
    },
    {
      // aiohttp's default has a limit; an empty ClientTimeout() has none and no unit to suggest
      code: 'import aiohttp\nasync def f():\n    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout()) as s:\n        pass',
      errors: [{ ...disabled('aiohttp.ClientSession()', 'timeout=aiohttp.ClientTimeout()', 'aiohttp'), ...span(3, 16, 3, 37), ...noSuggestion }],
    },
    {
      // a blocking call is not cancelled by an asyncio deadline
      code: dedent`
        import asyncio
        import requests
        async def f():
            async with asyncio.timeout(5):
                return requests.get(url)
      `,
      errors: [{ ...missing('requests.get()', 'timeout', 'requests'), ...span(5, 16, 5, 28), ...suggest('timeout=10', 'import asyncio\nimport requests\nasync def f():\n    async with asyncio.timeout(5):\n        return requests.get(url, timeout=10)') }],
    },
    {
      // option clients
      code: 'from app.http import call_api\ncall_api("/x")',
      options: [{ clients: [{ name: 'call_api', option: 'timeout_s' }] }],
      errors: [{ ...missing('call_api()', 'timeout_s', 'call_api'), ...span(2, 1, 2, 9), ...noSuggestion }],
    },
  ],
});

pyTester.run('require-io-timeout: streams, caller deadlines, asynchronous connections', ruleUnderTest, {
  valid: [
    // a subscription stream reconnected by its loop
    dedent`
      import httpx
      async def paid_invoices(url):
          async with httpx.AsyncClient() as client:
              while True:
                  async with client.stream("GET", url, timeout=None) as r:
                      async for line in r.aiter_lines():
                          yield line
    `,
    // the caller bounds the call: a task awaited through asyncio.wait_for
    dedent`
      import asyncio
      import httpx
      async def pay(url):
          async with httpx.AsyncClient() as client:
              return await client.post(url, timeout=None)
      async def pay_bounded(url):
          task = asyncio.create_task(pay(url))
          return await asyncio.wait_for(task, timeout=30)
    `,
    // the only caller is a job with a time limit
    dedent`
      import requests
      from rq.decorators import job
      def ping(url):
          requests.get(url)
      @job("queries", timeout=30)
      def test_connection(url):
          ping(url)
    `,
    // an asynchronous psycopg2 connection returns at once
    'import psycopg2\nconn = psycopg2.connect(dsn, async_=True)',
    // absolute trio deadlines
    dedent`
      import httpx
      import trio
      async def f(url, deadline):
          async with httpx.AsyncClient() as client:
              with trio.fail_at(deadline):
                  return await client.get(url, timeout=None)
              with trio.move_on_at(deadline):
                  return await client.get(url, timeout=None)
    `,
  ],
  invalid: [
    {
      // a one-shot stream read, no loop around it
      code: dedent`
        import httpx
        async def status(url):
            async with httpx.AsyncClient() as client:
                async with client.stream("GET", url, timeout=None) as r:
                    async for line in r.aiter_lines():
                        return line
      `,
      errors: [
        {
          ...disabled('client.stream()', 'timeout=None', 'httpx'),
          ...span(4, 20, 4, 33),
          ...suggest('timeout=10', 'import httpx\nasync def status(url):\n    async with httpx.AsyncClient() as client:\n        async with client.stream("GET", url, timeout=10) as r:\n            async for line in r.aiter_lines():\n                return line'),
        },
      ],
    },
    {
      // one caller awaits it without a deadline
      code: dedent`
        import asyncio
        import httpx
        async def pay(url):
            async with httpx.AsyncClient() as client:
                return await client.post(url, timeout=None)
        async def pay_bounded(url):
            return await asyncio.wait_for(pay(url), timeout=30)
        async def pay_unbounded(url):
            return await pay(url)
      `,
      errors: [
        {
          ...disabled('client.post()', 'timeout=None', 'httpx'),
          ...span(5, 22, 5, 33),
          ...suggest('timeout=10', 'import asyncio\nimport httpx\nasync def pay(url):\n    async with httpx.AsyncClient() as client:\n        return await client.post(url, timeout=10)\nasync def pay_bounded(url):\n    return await asyncio.wait_for(pay(url), timeout=30)\nasync def pay_unbounded(url):\n    return await pay(url)'),
        },
      ],
    },
    {
      // a job without a time limit does not bound it
      code: dedent`
        import requests
        from rq.decorators import job
        def ping(url):
            requests.get(url)
        @job("queries")
        def test_connection(url):
            ping(url)
      `,
      errors: [{ ...missing('requests.get()', 'timeout', 'requests'), ...span(4, 5, 4, 17), ...suggest('timeout=10', 'import requests\nfrom rq.decorators import job\ndef ping(url):\n    requests.get(url, timeout=10)\n@job("queries")\ndef test_connection(url):\n    ping(url)') }],
    },
  ],
});
