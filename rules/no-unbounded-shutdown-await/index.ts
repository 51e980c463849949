import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'unboundedAwait' | 'unboundedBlockingCall';

export interface Options {
  /** Functions that are shutdown handlers by name alone, in either naming style. */
  shutdownFunctions: string[];
  /** Wrappers that put a time limit on the promise or coroutine they are given (`pTimeout(p, ms)`). */
  timeoutFunctions: string[];
}

export default createRule<MessageIds, Options>({
  name: 'no-unbounded-shutdown-await',
  // Shutdown paths of long-running programs; a script that ends has none to bound.
  roles: ['service', 'cli', 'library'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow waits without a time limit in shutdown handlers',
      rationale:
        'A shutdown path that waits without a bound turns a clean restart into a hung process: one connection that never closes, one worker that never finishes, and the handler waits until the orchestrator runs out of patience and kills the process with SIGKILL, losing whatever was still in flight and skipping every cleanup step after the stuck one.',
      recommended: true,
      precision: 'high',
      tags: ['reliability', 'shutdown', 'availability'],
    },
    messages: {
      unboundedAwait:
        'This await in {{handler}} has no time limit, so one dependency that never answers hangs shutdown until the process is killed; bound it with {{remedy}}, or arm a forced-exit timer before the first wait.',
      unboundedBlockingCall:
        '`{{call}}` in {{handler}} blocks with no timeout, so a stuck thread, child process or queue hangs shutdown until the process is killed; {{remedy}}, or arm a forced-exit timer before the first wait.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          shutdownFunctions: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Function and method names that are shutdown handlers by name alone (both naming styles may be listed: "gracefulShutdown", "graceful_shutdown").',
          },
          timeoutFunctions: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Names of wrappers that put a time limit on the promise or awaitable they are given, such as "pTimeout" or "withTimeout"; awaiting their result is bounded.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        shutdownFunctions: [
          'shutdown',
          'gracefulShutdown',
          'onShutdown',
          'handleShutdown',
          'graceful_shutdown',
          'on_shutdown',
          'handle_shutdown',
        ],
        timeoutFunctions: ['pTimeout', 'withTimeout', 'promiseTimeout', 'timeoutPromise', 'raceTimeout', 'with_timeout'],
      },
    ],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
