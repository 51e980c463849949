/**
 * The Python floor, as a whole process: read every .py/.pyi file under a folder and parse it with
 * tree-sitter (the same WebAssembly grammar the plugin uses), nothing else. `npm run bench` times
 * this process against the whole runtime-ops command over the same files.
 *
 *   node floor.js <dir>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));

const stack = [path.resolve(process.argv[2] ?? '.')];
let files = 0;
while (stack.length) {
  const dir = stack.pop()!;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) stack.push(full);
    else if (entry.isFile() && /\.pyi?$/.test(entry.name)) {
      parser.parse(readFileSync(full, 'utf8'))?.delete();
      files++;
    }
  }
}
process.stdout.write(`${JSON.stringify({ files })}\n`);
