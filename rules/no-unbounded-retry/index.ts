import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'unbounded' | 'noBackoff' | 'silentExhaustion';

export interface Options {
  /** Report retries with no attempt limit or deadline (loops, recursion, retry libraries). */
  checkUnbounded: boolean;
  /** Report retry loops that try again immediately after a failure. */
  checkBackoff: boolean;
  /** Report bounded retry loops whose final failure is dropped. */
  checkExhaustion: boolean;
}

export default createRule<MessageIds, Options>({
  name: 'no-unbounded-retry',
  // A retry that never gives up hangs a cron job or a CLI as surely as a service.
  roles: ['service', 'cli', 'script', 'library'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow retries that never give up, retry without waiting, or drop the final failure',
      rationale:
        'A retry that never gives up hammers a failing dependency forever and never reaches a terminal state that anyone sees: the request hangs, the worker stalls and no alert fires. Retrying without a pause turns one outage into a self-inflicted load spike, and a bounded retry that drops its last error lets the caller carry on as if the operation had succeeded.',
      recommended: true,
      precision: 'high',
      tags: ['reliability', 'retry', 'resilience'],
    },
    messages: {
      // One short sentence with the facts; the remedy is on the rule page (and in the SARIF help).
      unbounded: '{{subject}} never gives up: {{reason}}.',
      noBackoff: '{{subject}} retries at once after a failure: {{reason}}.',
      silentExhaustion: '{{subject}} drops the last error when every attempt fails.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkUnbounded: {
            type: 'boolean',
            description: 'Report retry loops, recursive retries and retry-library configurations with no attempt limit or deadline (message `unbounded`).',
          },
          checkBackoff: {
            type: 'boolean',
            description: 'Report retry loops whose failure path does not wait before the next attempt (message `noBackoff`).',
          },
          checkExhaustion: {
            type: 'boolean',
            description: 'Report bounded retry loops whose final failure is neither thrown, raised, logged nor returned (message `silentExhaustion`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkUnbounded: true, checkBackoff: true, checkExhaustion: true }],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
