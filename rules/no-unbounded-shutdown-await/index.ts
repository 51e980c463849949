import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'unboundedAwait' | 'unboundedBlockingCall' | 'unboundedPoll' | 'unboundedThen' | 'unboundedCallPath';

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
    // One sentence with the facts; the remedy (a timer, a timeout argument, a forced exit) is in the rule's page.
    messages: {
      unboundedAwait: '`await {{what}}` in {{handler}} has no time limit.',
      unboundedBlockingCall: '`{{call}}` in {{handler}} waits with no timeout.',
      unboundedPoll: 'The `{{loop}}` loop in {{handler}} polls with no deadline.',
      unboundedThen: '`{{what}}.{{method}}(…)` in {{handler}} waits with no time limit.',
      unboundedCallPath: 'The call {{path}} in {{handler}} waits with no time limit.',
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
