import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';
import { DEFAULT_HEALTH_PATHS, DEFAULT_LIVENESS_PATHS } from './paths.js';

export type MessageIds = 'constantHealthCheck';

export interface Options {
  /** Last path segments (or trailing segment sequences) that name a health or readiness probe. */
  healthPaths: string[];
  /** Last path segments of liveness probes, where a constant answer is correct; they win over healthPaths. */
  livenessPaths: string[];
}

export default createRule<MessageIds, Options>({
  name: 'no-constant-health-check',
  // Health routes of deployed programs; scripts, examples and tests may stub them.
  roles: ['service', 'cli', 'library'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow health and readiness endpoints that always answer the same status without checking anything',
      rationale:
        'Orchestrators and load balancers route traffic by the readiness probe. A health route that always answers 200 keeps a pod in rotation while its database, queue or downstream API is unreachable, so users get errors instead of being sent to a healthy replica. Liveness probes are different: they must stay constant, or a dependency outage restarts every pod.',
      recommended: true,
      precision: 'high',
      tags: ['reliability', 'health-check', 'kubernetes'],
    },
    // One sentence with the facts; what to check and how to answer is in the rule's page.
    messages: {
      constantHealthCheck: 'Health route {{path}} always answers the same status without checking anything.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          healthPaths: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Path endings that make a route a health or readiness probe: a last segment such as "healthz", or several segments such as "api/status".',
          },
          livenessPaths: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Path endings of liveness probes, which may answer a constant 200; they take precedence over healthPaths.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ healthPaths: [...DEFAULT_HEALTH_PATHS], livenessPaths: [...DEFAULT_LIVENESS_PATHS] }],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
