import { createRule } from '../../src/rule.js';
import type { DeclaredLogger } from '../../src/analysis/loggers.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'bareOutput' | 'interpolatedMessage' | 'useFields' | 'useFieldsAfter' | 'useLazyArgs';

export interface Options {
  /** Console methods (`error`, `table`, ...) or `print` / `pprint` that are permitted. */
  allow: string[];
  /** Python: `logger.info("user %s", uid)` defers formatting to the logging library; allow it. */
  allowLazyFormatArgs: boolean;
  /** Report bare output in command-line programs and scripts too, whose output is usually their interface. */
  checkCli: boolean;
  /** Project loggers the rule cannot recognise by origin or name, and which argument is their message. */
  loggers?: DeclaredLogger[];
}

export default createRule<MessageIds, Options>({
  name: 'no-unstructured-logging',
  // Bare output is checked in services only (see the detectors); logger calls everywhere but tests and browser code.
  roles: ['service', 'cli', 'script', 'library'],
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow bare console/print output and log messages with data interpolated into the text',
      rationale:
        'Logs are machine-read in production. Bare prints bypass the log pipeline (no level, no timestamp, no request id), and a message with values baked into its text cannot be grouped, filtered or correlated: every request writes a new, unique string.',
      recommended: true,
      precision: 'high',
      tags: ['maintainability', 'observability', 'logging'],
    },
    messages: {
      bareOutput:
        '`{{name}}` writes unstructured output; use the service logger with a constant message and fields.',
      interpolatedMessage:
        'Log message is built with {{how}}; keep it constant and pass the values as fields ({{remedy}}).',
      useFields: 'Pass {{fields}} as fields and log a constant message (pino/bunyan order: fields first).',
      useFieldsAfter: 'Log a constant message and pass {{fields}} as fields (winston/log4js order: message first).',
      useLazyArgs: 'Pass {{args}} as lazy %s arguments: the message stays constant and is formatted only when emitted.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Console methods (for example "error") or "print"/"pprint" that may be called.',
          },
          allowLazyFormatArgs: {
            type: 'boolean',
            description: 'Allow Python logging\'s lazy arguments: logger.info("user %s", uid).',
          },
          checkCli: {
            type: 'boolean',
            description: 'Also report bare output in command-line programs and scripts (see the README, "Roles").',
          },
          loggers: {
            type: 'array',
            description:
              'Project loggers recognised neither by origin nor by name: `name` is the receiver (an imported or global name, or its last segment), `messageArgument` the 0-based position of the message (default: as the rule finds it).',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string', description: 'The logger object, e.g. "Logger" for Logger.info(category, message).' },
                messageArgument: { type: 'integer', minimum: 0, description: 'Which argument is the message (0-based).' },
              },
              required: ['name'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allow: [], allowLazyFormatArgs: true, checkCli: false, loggers: [] }],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
