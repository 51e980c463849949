/**
 * The files a run lints. The command lists them itself rather than handing folders to ESLint:
 * only regular files are read (a FIFO named `x.py` would block the run forever), symlink loops are
 * walked once, unreadable files become a result of their own instead of an exception, and
 * `--shard i/n` can take a stable share of the list.
 *
 * The checkout may come from a pull request, so nothing outside it is read: a file or folder whose
 * real path leaves the root (`env.py -> /proc/self/environ`, `all -> /`) is skipped and counted,
 * and `/proc`, `/sys` and `/dev` are never entered.
 */
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';

/** Folders that are never source: not entered at all when listing files. */
const NEVER_LINTED = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', 'site-packages']);

/** Kernel and device trees: reading there can block, never ends, or reveals the machine. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** FNV-1a over the path's UTF-16 units: stable across runs, machines and Node versions. */
export function shardOf(relativePath: string, count: number): number {
  let hash = 0x811c9dc5;
  const normalized = relativePath.split(path.sep).join('/');
  for (let i = 0; i < normalized.length; i++) {
    hash ^= normalized.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

export interface FileList {
  /** Regular, readable files that some config lints and no ignore pattern excludes, sorted. */
  files: string[];
  /** Files that would be linted but cannot be read, with the reason. */
  unreadable: { filePath: string; message: string }[];
  /** Files and folders skipped because their real path is outside the root (or in a system tree), sorted. */
  outside: string[];
}

/** Whether `target` is `root` or inside it. */
export function isInside(target: string, root: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

function inSystemTree(real: string): boolean {
  return SYSTEM_TREES.some((tree) => real === tree || real.startsWith(`${tree}/`));
}

/**
 * Every file under `paths` that ESLint would lint (some config applies and it is not ignored),
 * walking folders iteratively, skipping folders that are never source, and anything whose real
 * path is outside `root` (the working directory).
 */
export async function listLintableFiles(eslint: ESLint, paths: string[], cwd: string, root = cwd): Promise<FileList> {
  const files = new Set<string>();
  const unreadable: FileList['unreadable'] = [];
  const outside = new Set<string>();
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  // Named paths are checked whole (`linked/app.py` with `linked -> /etc`); entries found in a folder
  // already checked only when they are links themselves.
  const pending = paths.map((p) => ({ path: path.resolve(cwd, p), named: true }));
  const seen = new Set<string>();
  while (pending.length) {
    const { path: current, named } = pending.pop()!;
    let stats;
    try {
      const real = named || lstatSync(current).isSymbolicLink() ? realpathSync(current) : current;
      // A system tree is entered only when the root itself lies in it.
      if (!isInside(real, realRoot) || (inSystemTree(real) && !isInside(realRoot, real) && !inSystemTree(realRoot))) {
        outside.add(current);
        continue;
      }
      stats = statSync(current);
    } catch {
      continue; // a dangling link, an entry that vanished, or an unreadable one: nothing to lint
    }
    if (stats.isDirectory()) {
      const key = `${stats.dev}:${stats.ino}`;
      if (seen.has(key)) continue; // symlink loops
      seen.add(key);
      // ESLint answers isPathIgnored for files only; skip the folders no config ever wants.
      if (NEVER_LINTED.has(path.basename(current)) && current !== path.resolve(cwd)) continue;
      let entries: string[] = [];
      try {
        entries = readdirSync(current);
      } catch {
        continue;
      }
      for (const entry of entries) pending.push({ path: path.join(current, entry), named: false });
    } else if (stats.isFile()) {
      // No config for the file: not lintable, or ignored (ESLint's isPathIgnored asks the same).
      if ((await eslint.calculateConfigForFile(current)) === undefined) continue;
      try {
        accessSync(current, constants.R_OK);
        files.add(current);
      } catch (error) {
        unreadable.push({ filePath: current, message: `Could not read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      }
    }
    // Sockets, FIFOs and devices are never read: they are not source files and reading can block.
  }
  return { files: [...files].sort(), unreadable, outside: [...outside].sort() };
}
