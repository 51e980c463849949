import { createRule } from '../../src/rule.js';
import type { ClientWrapper } from '../../src/analysis/ts/clients.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'missingTimeout' | 'disabledTimeout' | 'addTimeout';

export interface Options {
  /** The project's own outbound clients (wrappers) and the option or keyword that bounds each. */
  clients: ClientWrapper[];
  /** Functions that put a deadline on the call or promise they are given (`pTimeout(p, ms)`). */
  timeoutWrappers: string[];
}

export default createRule<MessageIds, Options>({
  name: 'require-io-timeout',
  // A hung cron job or CLI is an outage too; tests, browser code and generated files are not checked.
  roles: ['service', 'cli', 'script', 'library'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a time limit on outbound calls whose library default waits forever',
      rationale:
        'An HTTP request, database connection, child process or task result whose library default is "wait forever" turns one hung dependency into a hung request, worker slot or job. The caller never fails, so retries, circuit breakers and alerts above it never fire, and the process keeps the slot until it is restarted.',
      recommended: true,
      precision: 'high',
      tags: ['reliability', 'timeouts', 'availability'],
    },
    hasSuggestions: true,
    messages: {
      missingTimeout: '`{{call}}` has no {{option}}, and {{client}} waits without limit by default.',
      disabledTimeout: '`{{call}}` turns its time limit off ({{option}}), so it can wait forever.',
      addTimeout: 'Add `{{text}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          clients: {
            type: 'array',
            description:
              'The project\'s own outbound clients: `name` is a function (or method) name, or its imported qualified name; `option` is the option key (TS) or keyword (Python) that bounds a call to it, e.g. { "name": "apiFetch", "option": "timeout" }. A call without that option is reported.',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string', description: 'Function or method name (`apiFetch`, `http_get`) or qualified name (`./http.request`, `app.http.get`).' },
                option: { type: 'string', description: 'The option key or keyword argument that bounds the call (`timeout`, `signal`, `timeout_s`).' },
              },
              required: ['name', 'option'],
              additionalProperties: false,
            },
          },
          timeoutWrappers: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Names of functions that put a deadline on the call or awaitable they are given (`pTimeout(fetch(url), 5000)`, `with_timeout(client.get(url))`); calls inside their arguments are bounded.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        clients: [],
        timeoutWrappers: ['pTimeout', 'withTimeout', 'promiseTimeout', 'timeoutPromise', 'raceTimeout', 'with_timeout'],
      },
    ],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
