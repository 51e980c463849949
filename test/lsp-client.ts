/**
 * A minimal Language Server Protocol client over stdio, for the editor test: JSON-RPC 2.0 messages
 * framed with `Content-Length` headers. It sends requests and notifications, answers the server's
 * own requests with a handler, and collects `textDocument/publishDiagnostics` notifications.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface LspMessage {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Answers a request the server sends to the client (`workspace/configuration`, ...). */
export type ServerRequestHandler = (method: string, params: unknown) => unknown;

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly published = new Map<string, unknown[]>();
  private readonly publishWaiters: { uri: string; resolve: (diagnostics: unknown[]) => void }[] = [];
  /** Everything the server wrote to stderr, for failure messages. */
  stderr = '';
  private exited = false;

  constructor(command: string, args: string[], cwd: string, private readonly onServerRequest: ServerRequestHandler) {
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`language server exited (code ${code}, signal ${signal}); stderr:\n${this.stderr}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    });
  }

  /** Send a request and wait for its result, failing after `timeoutMs`. */
  request<T = unknown>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms; server stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The diagnostics last published for a document, waiting up to `timeoutMs` for the first publication. */
  publishedDiagnostics(uri: string, timeoutMs = 20_000): Promise<unknown[]> {
    const known = this.published.get(uri);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const waiter = { uri, resolve };
      this.publishWaiters.push(waiter);
      setTimeout(() => {
        const index = this.publishWaiters.indexOf(waiter);
        if (index >= 0) {
          this.publishWaiters.splice(index, 1);
          reject(new Error(`no diagnostics published for ${uri} within ${timeoutMs} ms`));
        }
      }, timeoutMs);
    });
  }

  /** Ask the server to shut down, then make sure the process is gone, whatever happens. */
  async close(): Promise<void> {
    try {
      if (!this.exited) {
        await this.request('shutdown', null, 5_000);
        this.notify('exit', null);
      }
    } catch {
      // The process is killed below either way.
    } finally {
      await new Promise<void>((resolve) => {
        if (this.exited) return resolve();
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 2_000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private send(message: LspMessage): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Split the stdout stream into messages: a header block, a blank line, then Content-Length bytes. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header: ${header}`);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as LspMessage);
    }
  }

  private dispatch(message: LspMessage): void {
    if (message.method && message.id !== undefined) {
      // A request from the server: answer it.
      let result: unknown = null;
      try {
        result = this.onServerRequest(message.method, message.params);
      } catch (error) {
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: String(error) } });
        return;
      }
      this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null });
      return;
    }
    if (message.method) {
      if (message.method === 'textDocument/publishDiagnostics') {
        const { uri, diagnostics } = message.params as { uri: string; diagnostics: unknown[] };
        this.published.set(uri, diagnostics);
        for (const waiter of this.publishWaiters.filter((w) => w.uri === uri)) {
          this.publishWaiters.splice(this.publishWaiters.indexOf(waiter), 1);
          waiter.resolve(diagnostics);
        }
      }
      return;
    }
    if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`LSP error ${message.error.code}: ${message.error.message}`));
      else pending.resolve(message.result);
    }
  }
}
