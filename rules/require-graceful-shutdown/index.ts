import { createRule } from '../../src/rule.js';
import { detectTypeScript } from './typescript.js';
import { detectPython } from './python.js';

export type MessageIds = 'missingHandler' | 'unsafeHandlerWork' | 'exitBeforeDrain' | 'signalOffMainThread' | 'orphanedChild' | 'handlerRegisteredLate';

export interface Options {
  /** Report long-running entry points with no SIGTERM/SIGINT path. */
  checkMissingHandler: boolean;
  /** Report logging, printing, locks, joins and I/O inside Python `signal.signal` handlers. */
  checkUnsafeHandlerWork: boolean;
  /** Report TS signal handlers that call `process.exit()` before draining anything. */
  checkExitBeforeDrain: boolean;
  /** Report `signal.signal` called from a function that runs in a thread (Python). */
  checkSignalOffMainThread: boolean;
  /** Report child processes kept by a long-running entry point that no shutdown path stops. */
  checkOrphanedChild: boolean;
  /** Report a TS SIGTERM handler registered only after a slow awaited step that follows the start of serving, in the same function. */
  checkHandlerRegisteredLate: boolean;
}

const OPTION_DESCRIPTIONS: Record<keyof Options, string> = {
  checkMissingHandler: 'Report an entry point that starts a long-running process (server listen, worker, consumer loop) and has no SIGTERM/SIGINT shutdown path (message missingHandler).',
  checkUnsafeHandlerWork: 'Report logging, printing, locks, joins/waits and file or socket I/O in the body of a Python signal.signal handler (message unsafeHandlerWork).',
  checkExitBeforeDrain: 'Report a TS/JS signal handler that calls process.exit() before closing the server or awaiting any cleanup, with no forced-exit timer (message exitBeforeDrain).',
  checkSignalOffMainThread: 'Report signal.signal called in a function that runs in a thread, where Python raises ValueError (message signalOffMainThread).',
  checkOrphanedChild: 'Report a child process kept by a long-running entry point (in a module variable or instance attribute) that no shutdown path terminates (message orphanedChild).',
  checkHandlerRegisteredLate: 'Report a TS/JS SIGTERM handler registered only after an awaited slow step that comes after the server or worker has started taking work, in the same function (message handlerRegisteredLate).',
};

export default createRule<MessageIds, Options>({
  name: 'require-graceful-shutdown',
  // Services and long-running CLIs (a consumer started from `__main__`); scripts that end have nothing to drain.
  roles: ['service', 'cli'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require long-running processes to handle SIGTERM and shut down cleanly',
      rationale:
        'Orchestrators stop a process with SIGTERM and kill it with SIGKILL after a grace period. A server or worker with no SIGTERM path drops in-flight requests and jobs on every deploy; a handler that exits before draining does the same; a Python handler that logs or takes a lock can deadlock the process it interrupts; and child processes nobody stops outlive their parent.',
      recommended: true,
      precision: 'high',
      tags: ['reliability', 'shutdown', 'availability'],
    },
    messages: {
      missingHandler: '{{start}} runs until stopped, but no SIGTERM/SIGINT handler here or in imported modules drains it.',
      unsafeHandlerWork: 'The {{signals}} handler {{handler}} {{work}}; a signal handler can interrupt that same call and deadlock.',
      exitBeforeDrain: 'The {{signals}} handler calls process.exit() before closing the server or awaiting cleanup.',
      signalOffMainThread: 'signal.signal() in {{fn}}, {{how}}, raises ValueError: only the main thread may set handlers.',
      orphanedChild: 'Child process `{{child}}` is kept but no SIGTERM path terminates it; it outlives the process.',
      handlerRegisteredLate: '{{signals}} handler registered after `await {{step}}` (line {{line}}); `{{start}}` (line {{startLine}}) already serves.',
    },
    schema: [
      {
        type: 'object',
        properties: Object.fromEntries(Object.entries(OPTION_DESCRIPTIONS).map(([option, description]) => [option, { type: 'boolean', description }])),
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        checkMissingHandler: true,
        checkUnsafeHandlerWork: true,
        checkExitBeforeDrain: true,
        checkSignalOffMainThread: true,
        checkOrphanedChild: true,
        checkHandlerRegisteredLate: true,
      },
    ],
  },
  typescript: detectTypeScript,
  python: detectPython,
});
