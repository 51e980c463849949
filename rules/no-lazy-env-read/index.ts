import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';
import { DEFAULT_STARTUP_FUNCTIONS } from './startup-names.js';

export type MessageIds = 'lazyRead' | 'lazyComputedRead' | 'validatedRead' | 'uncalledValidator';

export interface Options {
  /** Variable names never reported (`NODE_ENV` is a build-time constant in most bundlers). */
  allow: string[];
  /** Names of functions that build configuration or start the program; reads inside them are startup reads. */
  startupFunctions: string[];
  /** Directory names whose files are one-shot programs (migrations, scripts): every read there is a startup read. */
  scriptDirectories: string[];
}

export default createRule<MessageIds, Options>({
  name: 'no-lazy-env-read',
  // A script or CLI runs once, so every read in it is a startup read; a library's reads are its users' decision.
  roles: ['service'],
  // A validator nothing calls is the finding itself: the dead-code role must not hide it.
  aboutUncalledCode: ['uncalledValidator'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading environment variables inside functions that run after startup',
      rationale:
        'Configuration should be read from the environment once, at startup, and validated there. A read inside a request handler, job or helper fails late: a missing or malformed variable goes unnoticed until traffic reaches that code path, the process passes its health checks with broken configuration, and values can drift when something changes the environment at run time.',
      recommended: true,
      precision: 'high',
      tags: ['configuration', 'reliability', 'startup'],
    },
    messages: {
      lazyRead:
        'Environment variable {{name}} is read inside {{fn}}, after startup: a bad value surfaces only when it runs.',
      lazyComputedRead:
        'An environment variable with a computed name is read inside {{fn}}, after startup.',
      validatedRead:
        '{{name}} is validated at startup ({{library}}, {{file}}) but read again, unvalidated, inside {{fn}}.',
      uncalledValidator:
        '{{fn}} validates the environment ({{library}}) but nothing in the project calls it.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Environment variable names that may be read anywhere (default ["NODE_ENV"]).',
          },
          startupFunctions: {
            type: 'array',
            // Patterns are matched in linear time, and their size is capped (an inline `eslint` comment can set them).
            items: { type: 'string', maxLength: 256 },
            maxItems: 1000,
            uniqueItems: true,
            description:
              'Names of functions that build configuration or start the program, in either naming style (loadConfig or load_config); `*` matches any run of name characters. Replaces the default list.',
          },
          scriptDirectories: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'More directory names whose files are one-shot programs run to completion; reads anywhere in them are startup reads. The project model already treats scripts/, migrations/, bin/, examples/, tools/ and the like as scripts (see the README, "Roles"), so the default is empty.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allow: ['NODE_ENV'], startupFunctions: DEFAULT_STARTUP_FUNCTIONS, scriptDirectories: [] }],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
