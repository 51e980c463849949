/**
 * RuleTester tables for the role decisions that need a project around the file: each `filename`
 * points into a `fixtures/<rule>/project-<case>/` folder whose package.json or pyproject.toml says
 * what the project is (a browser app, a desktop app, a CLI package, a Next.js app, a server...).
 * The tables run with `projectKind: 'service'` (see rule-tester.ts): what a manifest's
 * dependencies say about its own project comes first. (A released library in a monorepo is
 * covered by fixtures and test/roles.test.ts: the setting makes every undeclared project a service.)
 */
import dedent from 'dedent';
import logging from '../rules/no-unstructured-logging/index.js';
import timeout from '../rules/require-io-timeout/index.js';
import { pyTester, tsTester } from './rule-tester.js';

const LOGGING = 'fixtures/no-unstructured-logging';
const TIMEOUT = 'fixtures/require-io-timeout';
const SIGNAL = 'signal: AbortSignal.timeout(10_000)';

tsTester.run('no-unstructured-logging: roles decided by the project', logging as never, {
  valid: [
    // a module of a React + Vite app that imports no UI framework itself
    { code: 'console.log(`loaded ${n} projects`);', filename: `${LOGGING}/project-browser-app/src/store.ts` },
    // an Electron app's main process
    { code: 'console.log(`update ${version} downloaded`);', filename: `${LOGGING}/project-desktop-app/src/updater.js` },
    // a module of a package with a bin and no server framework
    { code: 'console.log(`${passed} passed`);', filename: `${LOGGING}/project-cli-package/src/report.ts` },
    // a Next.js app's component, a client page, and a `*.client.ts` module of the same app
    { code: 'export function Form() { console.log(`render ${id}`); return null; }', filename: `${LOGGING}/project-next-app/components/settings-form.tsx` },
    { code: "'use client';\nexport default function Page() { console.log(`render ${id}`); return null; }", filename: `${LOGGING}/project-next-app/app/settings/page.tsx` },
    { code: 'console.debug(`step ${step}`);', filename: `${LOGGING}/project-next-app/app/api/ai/detect.client.ts` },
    // a file run by a package.json script that is not long-running (`tsx src/scan-translations.ts`)
    { code: 'console.error(`${n} keys missing`);', filename: `${LOGGING}/project-package-scripts/src/scan-translations.ts` },
    // Vite's client-side constants make browser code
    { code: 'const base = import.meta.env.VITE_API_URL;\nconsole.log(`api at ${base}`);', filename: 'src/config.ts' },
  ],
  invalid: [
    {
      // react and koa: a server framework makes deployed code
      code: 'console.log(`saved ${id}`);',
      filename: `${LOGGING}/project-react-server/src/save.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      // an App Router page without 'use client' is a server component
      code: 'export default function Page() { console.log(`render ${id}`); return null; }',
      filename: `${LOGGING}/project-next-app/app/settings/page.tsx`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 34, endLine: 1, endColumn: 45 }],
    },
    {
      // `server/` code inside a browser app's package
      code: 'console.log(`proxying ${path}`);',
      filename: `${LOGGING}/project-browser-app/server/proxy.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      // a workspace package (its entry is TypeScript source) below the monorepo's Dockerfile
      code: 'console.log(`notifying ${id}`);',
      filename: `${LOGGING}/project-monorepo/packages/internal/src/mail.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      // a Next.js route handler
      code: 'export async function GET() { console.log(`orders ${n}`); }',
      filename: `${LOGGING}/project-next-app/app/api/users/route.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 31, endLine: 1, endColumn: 42 }],
    },
    {
      // server actions in a component file
      code: "'use server';\nexport async function cancel(id: string) { console.log(`cancel ${id}`); }",
      filename: `${LOGGING}/project-next-app/app/orders/cancel.tsx`,
      errors: [{ messageId: 'bareOutput', line: 2, column: 44, endLine: 2, endColumn: 55 }],
    },
    {
      // started by `npm start`: the file a long-running script runs is the service
      code: 'console.log(`request ${path}`);',
      filename: `${LOGGING}/project-package-scripts/src/server.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      // published, but it depends on express: the monorepo's Dockerfile deploys it
      code: 'console.log(`placed ${id}`);',
      filename: `${LOGGING}/project-monorepo/packages/api/src/place.ts`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      // `import.meta.env.API_URL` is not a Vite client constant
      code: 'const base = import.meta.env.API_URL;\nconsole.log(`api at ${base}`);',
      filename: 'src/config.ts',
      errors: [{ messageId: 'bareOutput', line: 2, column: 1, endLine: 2, endColumn: 12 }],
    },
  ],
});

pyTester.run('no-unstructured-logging: Python roles decided by the project', logging as never, {
  valid: [
    // invoke tasks are a command-line program
    { code: dedent`
        from invoke import task

        @task
        def bootstrap(c):
            print("creating settings")
      `, filename: `${LOGGING}/project-py-tasks/shop/tasks.py` },
    // a maintainer's helper in the project's extras/
    { code: 'print(author)', filename: `${LOGGING}/project-py-tasks/extras/authors/update.py` },
  ],
  invalid: [
    {
      code: 'print(request.path)',
      filename: `${LOGGING}/project-py-tasks/shop/urls.py`,
      errors: [{ messageId: 'bareOutput', line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
  ],
});

tsTester.run('require-io-timeout: roles decided by the project', timeout as never, {
  valid: [
    // a hook of a browser app whose own package.json holds react and vite
    { code: 'export const fetcher = (path: string) => fetch(path).then((res) => res.json());', filename: `${TIMEOUT}/project-admin-ui/src/hooks/api/getters/fetcher.ts` },
    // Vite's client-side constants make browser code
    { code: 'await fetch(`${import.meta.env.VITE_BACKEND_API_URL}/docs`);', filename: 'src/helpers/published-docs.ts' },
  ],
  invalid: [
    {
      // the same call in the server package beside it
      code: 'await fetch(url);',
      filename: `${TIMEOUT}/project-admin-ui/server/src/proxy.ts`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 7, endLine: 1, endColumn: 12, suggestions: [{ messageId: 'addTimeout', output: `await fetch(url, { ${SIGNAL} });` }] }],
    },
  ],
});

pyTester.run('require-io-timeout: Python roles decided by the project', timeout as never, {
  valid: [
    // a Semgrep rule's test cases: example code, never run
    { code: 'import requests\n# ruleid: no-requests\nrequests.get(url)', filename: '.semgrep/security/requests/no-requests.py' },
  ],
  invalid: [
    {
      code: 'import requests\nrequests.get(url)',
      filename: 'semgrep_rules/security/requests/no_requests.py',
      errors: [{ messageId: 'missingTimeout', line: 2, column: 1, endLine: 2, endColumn: 13, suggestions: [{ messageId: 'addTimeout', output: 'import requests\nrequests.get(url, timeout=10)' }] }],
    },
  ],
});
