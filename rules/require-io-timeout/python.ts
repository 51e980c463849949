import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyFixer, PyRuleContext, PySuggestion, PyVisitor } from '../../src/rule.js';
import { fileRole } from '../../src/analysis/role.js';
import { outboundCallOf, receiverKey, type PyOutboundCall } from '../../src/analysis/python/clients.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import { commandWords, isLocalCommand } from '../../src/analysis/local-commands.js';
import { shutdownHandlerAround } from '../../src/analysis/python/shutdown-handlers.js';
import { boundedByCallers, DEADLINE_CALLS, isLibraryDeadlineContext } from '../../src/analysis/python/deadlines.js';
import { projectIndex, type PyModuleFacts } from '../../src/analysis/project/index.js';
import { packageSetsSocketTimeout } from '../../src/analysis/project/package-defaults.js';
import type { MessageIds, Options } from './index.js';

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ clients, timeoutWrappers }] = context.options;
  const wrappers = new Set(timeoutWrappers);
  const { sourceCode } = context;
  let scopes: PythonScopes;

  return {
    module() {
      scopes = scopesOf(sourceCode.ast);
    },
    call(node: PyNode) {
      const call = outboundCallOf(node, scopes, sourceCode.text, clients);
      if (!call || call.bounded !== false) return;
      // A child process in a script or CLI runs a local tool with its output on the terminal (`git`,
      // `msgcat`, a deploy step): a person sees it hang. In service code nobody does.
      if (call.client === 'subprocess' && fileRole(context).role !== 'service') return;
      // In a service too, a program that only works on this machine (`rm`, `git rev-parse`,
      // `msgcat`) has no dependency to wait for.
      if (call.client === 'subprocess' && runsLocalCommand(node)) return;
      if (underDeadline(node)) return;
      // `socket.setdefaulttimeout(n)` in another module of the package, run in the same process.
      if (call.socketDefault && !call.disabled && packageSetsSocketTimeout(projectIndex(context as never).index, context)) return;
      // `timeout=None` on a long-lived subscription that a reconnect loop (or the generator's
      // consumer) keeps open: a read timeout would only cut the idle stream.
      if (call.disabled && isSubscriptionStream(node)) return;
      // An awaited call, or a blocking `proc.wait()` / `proc.communicate()`, in a shutdown handler is
      // no-unbounded-shutdown-await's finding.
      if ((isAwaited(node) || isPopenWait(node)) && shutdownHandlerAround(node, scopes)) return;
      // `proc.kill()` then `proc.communicate()`: reaping a child that SIGKILL has ended returns at once.
      if (isPopenWait(node) && killedBefore(node)) return;
      // Every caller bounds the call's function (`asyncio.wait_for(task, n)`, a job time limit).
      // A blocking call is bounded only by a job's time limit (the worker kills the job); an awaited
      // one by `wait_for` and deadline blocks too.
      if (boundedByCallerOf(node)) return;
      const suggestion = suggestionFor(node, call);
      context.report({
        node: node.fields.function ?? node,
        messageId: call.disabled ? 'disabledTimeout' : 'missingTimeout',
        data: { call: call.label, option: optionLabel(call), client: call.client },
        suggest: suggestion ? [suggestion] : [],
      });
    },
  };

  /**
   * Whether a `subprocess` call runs a local program written in the code:
   * `subprocess.run(["git", "rev-parse", "--show-toplevel"])`, `subprocess.call("msgcat a.po", shell=True)`.
   * A command built at run time is not known; `Popen(...).wait()` is judged on the `Popen` call.
   */
  function runsLocalCommand(node: PyNode): boolean {
    let target: PyNode | undefined = node;
    const callee = node.fields.function;
    const method = callee?.type === 'attribute' ? callee.fields.attribute?.text : undefined;
    // `proc.wait()` on `proc = subprocess.Popen([...])`, or `subprocess.Popen([...]).communicate()`.
    if ((method === 'wait' || method === 'communicate') && callee?.fields.object) {
      const receiver = callee.fields.object;
      const binding = receiver.type === 'identifier' ? scopes.resolve(receiver) : undefined;
      target = receiver.type === 'call' ? receiver : binding?.kind === 'assignment' && binding.value?.type === 'call' ? binding.value : undefined;
    }
    if (!target) return false;
    const args = keywordArgument(target, 'args') ?? positionalArguments(target)[0];
    if (!args) return false;
    if (args.type === 'list' || args.type === 'tuple') {
      const words = args.children.filter((c) => c.named).map((c) => stringValue(c) ?? '\0');
      return isLocalCommand(words);
    }
    const command = stringValue(args);
    const words = command === undefined ? undefined : commandWords(command);
    return words !== undefined && isLocalCommand(words);
  }

  /** The keyword as the message shows it: `timeout`, `timeout=None`, `timeout set on its client`. */
  function optionLabel(call: PyOutboundCall): string {
    if (call.disabling) return sourceCode.text.slice(call.disabling.start, call.disabling.end);
    return call.inherited ? `${call.missing} set on its client` : call.missing;
  }

  /** Whether the call is the operand of `await`. */
  function isAwaited(node: PyNode): boolean {
    return node.parent?.type === 'await';
  }

  /**
   * Whether the receiver of `proc.wait()` / `proc.communicate()` was sent `kill()` by an earlier
   * statement of the same block (`p.kill()`, `self.process.kill()`; names resolved, as the client facts key receivers). `terminate()`
   * does not count: a child may catch SIGTERM and go on.
   */
  function killedBefore(node: PyNode): boolean {
    const receiver = node.fields.function?.fields.object;
    if (!receiver) return false;
    let statement: PyNode | undefined = node;
    while (statement.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module') statement = statement.parent;
    const block = statement.parent;
    if (!block) return false;
    for (const sibling of block.children) {
      if (sibling === statement) return false;
      const call = sibling.type === 'expression_statement' ? sibling.children[0] : undefined;
      const callee = call?.type === 'call' ? call.fields.function : undefined;
      if (callee?.type !== 'attribute' || callee.fields.attribute?.text !== 'kill' || !callee.fields.object) continue;
      const key = receiverKey(callee.fields.object, scopes);
      if (key !== undefined && key === receiverKey(receiver, scopes)) return true;
    }
    return false;
  }

  /** `proc.wait()` / `proc.communicate()`: the waits no-unbounded-shutdown-await judges itself. */
  function isPopenWait(node: PyNode): boolean {
    const method = node.fields.function?.type === 'attribute' ? node.fields.function.fields.attribute?.text : undefined;
    return method === 'wait' || method === 'communicate';
  }

  /**
   * Whether a deadline around the call bounds it: a timeout wrapper given the call, or, for an awaited
   * call, `asyncio.wait_for(...)` or an `async with asyncio.timeout(...)` block. A blocking call inside
   * an asyncio deadline is not bounded by it: the event loop cannot cancel it.
   */
  function underDeadline(node: PyNode): boolean {
    const awaited = isAwaited(node);
    for (let child = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'function_definition' || current.type === 'lambda') return false;
      if (current.type === 'call' && child.field === 'arguments') {
        const callee = current.fields.function;
        const name = callee ? scopes.qualifiedName(callee) : undefined;
        const local = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' ? callee.fields.attribute?.text : undefined;
        if ((local && wrappers.has(local)) || (name && wrappers.has(name))) return true;
        if (name && DEADLINE_CALLS.has(name)) return true;
      }
      if (awaited && current.type === 'with_statement' && child.field === 'body' && withHasDeadline(current)) return true;
    }
    return false;
  }

  function withHasDeadline(statement: PyNode): boolean {
    const items = statement.children.find((child) => child.type === 'with_clause')?.children ?? [];
    return items.some((item) => {
      let value = item.fields.value;
      if (value?.type === 'as_pattern') value = value.children[0];
      return value !== undefined && isLibraryDeadlineContext(value, scopes);
    });
  }

  /**
   * Whether a call opens a stream (`client.stream(...)`, a websocket) that a loop of the same
   * function reconnects (`while running: async with client.stream(...)`), or that a generator
   * hands on line by line: a subscription that idles until an event arrives.
   */
  function isSubscriptionStream(node: PyNode): boolean {
    const callee = node.fields.function;
    const method = callee?.type === 'attribute' ? callee.fields.attribute?.text : undefined;
    if (method !== 'stream' && method !== 'ws_connect') return false;
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'while_statement') return true;
      if (current.type === 'function_definition' || current.type === 'lambda') return false;
    }
    return false;
  }

  function boundedByCallerOf(node: PyNode): boolean {
    const { index, module } = projectIndex(context as never);
    return boundedByCallers(index, module as PyModuleFacts, node, { cancellable: isAwaited(node) });
  }

  function suggestionFor(node: PyNode, call: PyOutboundCall): PySuggestion<MessageIds> | undefined {
    const text = call.suggestion;
    if (!text) return undefined;
    const disabling = call.disabling;
    if (disabling) return { messageId: 'addTimeout', data: { text }, fix: (fixer: PyFixer) => fixer.replaceText(disabling, text) };
    const args = node.fields.arguments;
    if (args?.type !== 'argument_list') return undefined;
    const last = [...args.children].reverse().find((child) => child.named);
    // `f(a, b)` → `f(a, b, timeout=10)`; `f()` → `f(timeout=10)`
    return {
      messageId: 'addTimeout',
      data: { text },
      fix: (fixer: PyFixer) => (last ? fixer.insertTextAfter(last, `, ${text}`) : fixer.replaceTextRange([args.end - 1, args.end - 1], text)),
    };
  }
}
