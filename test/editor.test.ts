/**
 * The editor path: the ESLint language server that the VS Code ESLint extension runs
 * (`vscode-eslint-language-server` from vscode-langservers-extracted), driven headless over stdio,
 * lints a .ts and a .py file of a workspace whose eslint.config.mjs spreads `configs.recommended`,
 * and reports runtime-ops diagnostics with the rule's documentation link; a change to an imported
 * module on disk shows in the next diagnostics of the file that it calls, without a restart.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { LspClient } from './lsp-client.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PLUGIN = path.join(ROOT, 'dist', 'src', 'index.js');
const SERVER = createRequire(path.join(ROOT, 'package.json')).resolve('vscode-langservers-extracted/bin/vscode-eslint-language-server');
const RULE = 'runtime-ops/no-unstructured-logging';
const DOCS_URL = plugin.rules['no-unstructured-logging'].meta.docs.url;

const TS_SOURCE = `import pino from 'pino';
const logger = pino();

export function createOrder(orderId: string) {
  console.log('creating order', orderId);
  logger.info(\`order \${orderId} created\`);
}
`;

const PY_SOURCE = `import logging

log = logging.getLogger(__name__)


def create_order(order_id):
    print("creating order", order_id)
    log.info(f"order {order_id} created")
`;

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  source: string;
  code: string;
  codeDescription?: { href: string };
  message: string;
}

interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}

interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { edits: TextEdit[] }[];
}

/** The settings the VS Code extension sends for a workspace folder (see ../shared/NOTES.md). */
function serverSettings(workspace: string) {
  return {
    validate: 'on',
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    useESLintClass: false,
    packageManager: 'npm',
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: undefined,
    workspaceFolder: { name: path.basename(workspace), uri: pathToFileURL(workspace).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

describe('ESLint language server (VS Code ESLint extension)', () => {
  let workspace: string;
  let client: LspClient;
  const appliedEdits: WorkspaceEdit[] = [];

  beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'runtime-ops-editor-'));
    // The server loads `eslint` from the workspace, as in a real project.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    writeFileSync(
      path.join(workspace, 'eslint.config.mjs'),
      `import runtimeOps from ${JSON.stringify(pathToFileURL(PLUGIN).href)};\n\nexport default [...runtimeOps.configs.recommended];\n`,
    );
    writeFileSync(path.join(workspace, 'orders.ts'), TS_SOURCE);
    writeFileSync(path.join(workspace, 'orders.py'), PY_SOURCE);

    client = new LspClient(process.execPath, [SERVER, '--stdio'], workspace, (method, params) => {
      if (method === 'workspace/applyEdit') {
        appliedEdits.push((params as { edit: WorkspaceEdit }).edit);
        return { applied: true };
      }
      if (method === 'workspace/configuration') {
        return (params as { items: unknown[] }).items.map(() => serverSettings(workspace));
      }
      // client/registerCapability, window/workDoneProgress/create, eslint/* requests: acknowledge.
      return null;
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ name: path.basename(workspace), uri: pathToFileURL(workspace).href }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, applyEdit: true },
        textDocument: {
          diagnostic: { dynamicRegistration: false },
          publishDiagnostics: { codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    client.notify('initialized', {});
  });

  afterAll(async () => {
    await client?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** Open a document and pull its diagnostics (falling back to published ones). */
  async function diagnosticsOf(file: string, languageId: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(path.join(workspace, file)).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text: readFileSync(path.join(workspace, file), 'utf8') },
    });
    const report = await client.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    if (report.kind === 'full' && report.items) return report.items;
    return (await client.publishedDiagnostics(uri)) as Diagnostic[];
  }

  /** The fields a user sees: position, rule id, link, message start. */
  function summary(diagnostics: Diagnostic[]) {
    return diagnostics.map((d) => ({
      range: d.range,
      source: d.source,
      code: d.code,
      href: d.codeDescription?.href,
      message: d.message.split(';')[0],
    }));
  }

  it('reports the TypeScript file with documentation links', async () => {
    const diagnostics = await diagnosticsOf('orders.ts', 'typescript');
    expect(summary(diagnostics), client.stderr).toEqual([
      {
        range: { start: { line: 4, character: 2 }, end: { line: 4, character: 13 } },
        source: 'eslint',
        code: RULE,
        href: DOCS_URL,
        message: '`console.log` writes unstructured output',
      },
      {
        range: { start: { line: 5, character: 14 }, end: { line: 5, character: 40 } },
        source: 'eslint',
        code: RULE,
        href: DOCS_URL,
        message: 'Log message is built with a template literal',
      },
    ]);
    expect(diagnostics.every((d) => d.severity === 1)).toBe(true);
  });

  it('reports the Python file with documentation links', async () => {
    const diagnostics = await diagnosticsOf('orders.py', 'python');
    expect(summary(diagnostics), client.stderr).toEqual([
      {
        range: { start: { line: 6, character: 4 }, end: { line: 6, character: 9 } },
        source: 'eslint',
        code: RULE,
        href: DOCS_URL,
        message: '`print` writes unstructured output',
      },
      {
        range: { start: { line: 7, character: 13 }, end: { line: 7, character: 40 } },
        source: 'eslint',
        code: RULE,
        href: DOCS_URL,
        message: 'Log message is built with an f-string',
      },
    ]);
    expect(diagnostics.every((d) => d.severity === 1)).toBe(true);
  });

  it('offers the "disable for this line" quick fix in Python with a // comment (why docs/editor.md says to write # by hand)', async () => {
    const uri = pathToFileURL(path.join(workspace, 'orders.py')).href;
    const diagnostics = await diagnosticsOf('orders.py', 'python');
    const actions = await client.request<{ title: string; command?: { command: string; arguments: unknown[] } }[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [diagnostics[0]], only: ['quickfix'] } },
    );
    const disable = actions.find((action) => action.title === `Disable ${RULE} for this line`);
    expect(disable?.command?.command).toBe('eslint.applyDisableLine');
    // The server answers the command with a workspace/applyEdit request to the client.
    appliedEdits.length = 0;
    await client.request('workspace/executeCommand', disable!.command);
    const edits = appliedEdits.flatMap((edit) => edit.changes?.[uri] ?? edit.documentChanges?.flatMap((change) => change.edits) ?? []);
    expect(edits.map((edit) => ({ line: edit.range.start.line, newText: edit.newText }))).toEqual([
      { line: 6, newText: `    // eslint-disable-next-line ${RULE}\n` },
    ]);
  });

  it('follows a change to an imported module on disk without a restart (project index)', async () => {
    const LAZY = 'runtime-ops/no-lazy-env-read';
    writeFileSync(path.join(workspace, 'config.ts'), 'export function databaseUrl() {\n  return process.env.DATABASE_URL;\n}\n');
    writeFileSync(path.join(workspace, 'main.ts'), "import { databaseUrl } from './config';\nexport const url = databaseUrl();\n");
    // A new file is seen once its folder's listing is half a second old (README, Editor).
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Only the entry point's top level calls it: startup code, no finding.
    const before = await diagnosticsOf('config.ts', 'typescript');
    expect(before.filter((d) => d.code === LAZY), client.stderr).toEqual([]);
    // main.ts now calls it from a request handler too; config.ts itself is unchanged.
    writeFileSync(path.join(workspace, 'main.ts'), "import { databaseUrl } from './config';\nexport const url = databaseUrl();\nexport function handler() {\n  return databaseUrl();\n}\n");
    const uri = pathToFileURL(path.join(workspace, 'config.ts')).href;
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: readFileSync(path.join(workspace, 'config.ts'), 'utf8') }] });
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(report.items.filter((d) => d.code === LAZY).map((d) => d.range)).toEqual([{ start: { line: 1, character: 9 }, end: { line: 1, character: 33 } }]);
  });

  it('follows edits: a fixed Python document comes back clean', async () => {
    const uri = pathToFileURL(path.join(workspace, 'orders.py')).href;
    const fixed = 'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef create_order(order_id):\n    log.info("order created", extra={"order_id": order_id})\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(report).toEqual({ kind: 'full', items: [] });
  });
});
