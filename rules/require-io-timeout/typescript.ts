import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { fileRole } from '../../src/analysis/role.js';
import { projectIndex } from '../../src/analysis/project/index.js';
import { packageSetsAxiosTimeout } from '../../src/analysis/project/package-defaults.js';
import { boundText, collectClientFacts, outboundCallOf, resolveClientName, type ClientFacts, type OutboundCall } from '../../src/analysis/ts/clients.js';
import { unwrap } from '../../src/analysis/ts/names.js';
import { commandWords, isLocalCommand } from '../../src/analysis/local-commands.js';
import { isAwaitedInShutdownHandler } from '../../src/analysis/ts/shutdown-handlers.js';
import type { MessageIds, Options } from './index.js';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;

/** The time limit a suggestion proposes, in milliseconds. */
const SUGGESTED_MS = 10_000;

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ clients, timeoutWrappers }] = context.options;
  const wrappers = new Set(timeoutWrappers);
  const { sourceCode } = context;
  const scopeOf = (node: Node) => sourceCode.getScope(node) as Scope;
  let facts: ClientFacts | undefined;

  function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    facts ??= collectClientFacts(sourceCode.ast, scopeOf);
    const scope = scopeOf(node);
    const call = outboundCallOf(node, scope, facts, sourceCode.text, clients);
    if (!call || call.bounded !== false) return;
    // `axios.defaults.timeout = n` in another module of the same package (set at startup).
    if (call.client === 'axios' && !call.disabled && packageSetsAxiosTimeout(projectIndex(context as never).index)) return;
    // A child process in a script or CLI runs a local tool with its output on the terminal (`git`,
    // `rm`, a build step): a person sees it hang. In service code nobody does.
    if (call.client === 'child_process' && fileRole(context).role !== 'service') return;
    // In a service too, a program that only works on this machine (`rm`, `git rev-parse`,
    // `node -v`) has no dependency to wait for.
    if (call.client === 'child_process' && node.type === 'CallExpression' && runsLocalCommand(node)) return;
    if (insideTimeoutWrapper(node)) return;
    // An awaited call in a shutdown handler is no-unbounded-shutdown-await's finding.
    if (isAwaitedInShutdownHandler(node, sourceCode)) return;
    const data = { call: call.label, option: optionLabel(call), client: call.client };
    const fix = suggestionFix(node, call);
    context.report({
      node,
      // The call is named by its callee (`fetch`, `axios.get`); a constructor by `new Pool`.
      loc: { start: node.loc.start, end: node.callee.loc.end },
      messageId: call.disabled ? 'disabledTimeout' : 'missingTimeout',
      data,
      suggest: fix ? [{ messageId: 'addTimeout', data: { text: fix.text }, fix: fix.apply }] : [],
    });
  }

  /**
   * Whether a child-process call runs a local program written in the code: `execSync('node -v')`,
   * `execFileSync('git', ['rev-parse', 'HEAD'])`. A command built at run time is not known.
   */
  function runsLocalCommand(node: TSESTree.CallExpression): boolean {
    const [first, second] = node.arguments.map(unwrap);
    const command = first ? literalText(first) : undefined;
    if (command === undefined) return false;
    if (second?.type !== 'ArrayExpression') {
      const name = resolveClientName(node.callee, scopeOf(node)) ?? '';
      const words = name.endsWith('.exec') || name.endsWith('.execSync') ? commandWords(command) : [command];
      return words !== undefined && isLocalCommand(words);
    }
    // Arguments that are not literals stand for unknown words: `['rev-parse', ref]` is still local.
    return isLocalCommand([command, ...second.elements.map((element) => (element ? literalText(unwrap(element)) : undefined) ?? '\0')]);
  }

  /** The text of a string literal or a template without placeholders. */
  function literalText(node: Node): string | undefined {
    if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
    return undefined;
  }

  /** Whether a `pTimeout(...)`-style wrapper around the call (in the same function) bounds it. */
  function insideTimeoutWrapper(node: Node): boolean {
    for (let child: Node = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return false;
      if (current.type !== 'CallExpression' || current.callee === child) continue;
      const callee = unwrap(current.callee);
      const local = callee.type === 'Identifier' ? callee.name : undefined;
      const resolved = resolveClientName(callee, scopeOf(current));
      const last = resolved?.slice(resolved.lastIndexOf('.') + 1);
      if ((local && wrappers.has(local)) || (last && wrappers.has(last)) || resolved === 'p-timeout') return true;
    }
    return false;
  }

  /** The option as a message shows it: `signal`, `timeout`, `.timeout()`; with its value when it turns the limit off. */
  function optionLabel(call: OutboundCall): string {
    if (!call.disabled || !call.options) return call.missing;
    for (const prop of call.options.properties) {
      if (prop.type === 'Property' && sourceCode.getText(prop.key).replace(/['"]/g, '') === call.missing) return sourceCode.getText(prop);
    }
    return call.missing;
  }

  function suggestionFix(node: TSESTree.CallExpression | TSESTree.NewExpression, call: OutboundCall) {
    if (!call.style || call.disabled) return undefined;
    const text = boundText(call.style, SUGGESTED_MS);
    if (call.style === 'chainTimeout') {
      return { text, apply: (fixer: TSESLint.RuleFixer) => fixer.insertTextAfter(node, text) };
    }
    if (call.options) {
      const { options } = call;
      const last = options.properties[options.properties.length - 1];
      return {
        text,
        apply: (fixer: TSESLint.RuleFixer) =>
          last ? fixer.insertTextAfter(last, `, ${text}`) : fixer.replaceText(options, `{ ${text} }`),
      };
    }
    if (call.optionsIndex === undefined) return undefined;
    const index = call.optionsIndex;
    const args = node.arguments;
    const object = `{ ${text} }`;
    if (index < args.length) {
      // `exec(cmd, callback)`: the options go before the callback.
      return { text, apply: (fixer: TSESLint.RuleFixer) => fixer.insertTextBefore(args[index], `${object}, `) };
    }
    const padding = Array.from({ length: index - args.length }, () => 'undefined');
    const added = [...padding, object].join(', ');
    if (args.length) return { text, apply: (fixer: TSESLint.RuleFixer) => fixer.insertTextAfter(args[args.length - 1], `, ${added}`) };
    // `new Pool()`, `fetch()`: fill the empty parentheses.
    const close = sourceCode.getLastToken(node);
    if (!close || close.value !== ')') return undefined;
    return { text, apply: (fixer: TSESLint.RuleFixer) => fixer.insertTextBefore(close, added) };
  }

  return {
    CallExpression: check,
    NewExpression: check,
  };
}
