/**
 * The project's files as the project index sees them: listed once per project (re-listed when a
 * folder changes), read with a size cap, and re-validated by modification time and size, as
 * eslint-plugin-import's export map is, so that a language server that keeps the plugin loaded sees
 * an edited module on the next lint.
 *
 * Nothing outside the project root is read: the linted code is untrusted, and a pull request must
 * not make the linter read files outside the checkout. Symbolic links are not followed.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside, STAT_TRUST_MS } from './manifest.js';

/** Source files larger than this are not read (generated bundles, data misnamed as code). */
export const MAX_SOURCE_BYTES = 1_000_000;

/** Files listed per project at most: beyond it, cross-file facts are simply not found. */
export const MAX_LISTED_FILES = 10_000;

/** Folders never entered: dependencies, build output, virtual environments, caches. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.venv', 'venv', 'env', '__pycache__', '.tox', '.nox', 'site-packages', '.git', '.hg', '.svn', '.next', '.nuxt', '.turbo', '.cache', '.mypy_cache', '.pytest_cache', '.ruff_cache']);

export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
export const PY_EXTENSIONS = ['.py', '.pyi'];

/** What the index spent, for the bench and for debugging. Counters only grow. */
export interface IndexCost {
  /** Project folders listed (each listing walks the tree once). */
  listings: number;
  /** Files whose text was read from disk. */
  filesRead: number;
  /** Files parsed (each at most once per version of its content). */
  filesParsed: number;
  /** Queries that looked beyond the linted file (importers, definitions, schemas). */
  queries: number;
  /** Milliseconds spent in listing, reading and parsing other files and answering queries. */
  ms: number;
}

export const indexCost: IndexCost = { listings: 0, filesRead: 0, filesParsed: 0, queries: 0, ms: 0 };

/** Add the time `work` takes to the index's cost (nested calls are counted once). */
let timing = 0;
export function timed<T>(work: () => T): T {
  if (timing > 0) return work();
  const started = performance.now();
  timing++;
  try {
    return work();
  } finally {
    timing--;
    indexCost.ms += performance.now() - started;
  }
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** A regular file's stamp, or undefined when it is missing, not a regular file, or too large. */
export function stampOf(file: string): FileStamp | undefined {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

/** How long a folder's entries are trusted before its modification time is checked again. */
const FOLDER_TRUST_MS = STAT_TRUST_MS;

/** Folders remembered at most before all are forgotten (a bound on memory, not an eviction policy). */
const MAX_REMEMBERED_FOLDERS = 20_000;

interface FolderEntries {
  /** Names of the regular files and of the folders in it (symbolic links are neither); undefined when it is no folder. */
  files: Set<string> | undefined;
  folders: Set<string> | undefined;
  mtimeMs: number;
  checkedAt: number;
}

const folderEntries = new Map<string, FolderEntries>();

/**
 * The entries of a folder, for resolving imports. Resolution tries each import against several
 * folders and extensions from every module that has it, and most candidates do not exist (issue 19:
 * on a Python project of 800 files, one `lstat` per candidate took a tenth of the run). A folder is
 * listed once instead and its listing trusted for half a second, then re-checked by its modification
 * time, as the project's listing is: a language server sees a file added after that.
 */
function entriesOf(dir: string, root: string): FolderEntries {
  const now = Date.now();
  const cached = folderEntries.get(dir);
  if (cached && now - cached.checkedAt < FOLDER_TRUST_MS) return cached;
  // A folder whose parent does not list it is not read (most candidates' folders do not exist); the
  // project root's own parent is never read.
  if (dir !== root && !entriesOf(path.dirname(dir), root).folders?.has(path.basename(dir))) {
    return remember(dir, { files: undefined, folders: undefined, mtimeMs: 0, checkedAt: now });
  }
  let mtimeMs: number;
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return remember(dir, { files: undefined, folders: undefined, mtimeMs: 0, checkedAt: now });
    mtimeMs = stat.mtimeMs;
  } catch {
    return remember(dir, { files: undefined, folders: undefined, mtimeMs: 0, checkedAt: now });
  }
  if (cached?.files && cached.mtimeMs === mtimeMs) {
    cached.checkedAt = now;
    return cached;
  }
  const files = new Set<string>();
  const folders = new Set<string>();
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) files.add(entry.name);
      else if (entry.isDirectory()) folders.add(entry.name);
    }
  } catch {
    return remember(dir, { files: undefined, folders: undefined, mtimeMs: 0, checkedAt: now });
  }
  return remember(dir, { files, folders, mtimeMs, checkedAt: now });
}

function remember(dir: string, entries: FolderEntries): FolderEntries {
  if (folderEntries.size >= MAX_REMEMBERED_FOLDERS && !folderEntries.has(dir)) folderEntries.clear();
  folderEntries.set(dir, entries);
  return entries;
}

/**
 * Whether `file` is a regular file no larger than MAX_SOURCE_BYTES, for resolving an import inside
 * the project `root` (its folder's listing may be half a second old, see `entriesOf`). What is read
 * goes through `readSource`, which checks the file's stamp itself.
 */
export function isSourceFile(file: string, root: string): boolean {
  const dir = path.dirname(file);
  if (!isInside(dir, root)) return stampOf(file) !== undefined;
  return entriesOf(dir, root).files?.has(path.basename(file)) === true && stampOf(file) !== undefined;
}

/** Whether a folder exists (not through a symbolic link), for resolution: see `isSourceFile`. */
export function isFolder(dir: string, root: string): boolean {
  const parent = path.dirname(dir);
  if (dir === root || !isInside(parent, root)) {
    try {
      return lstatSync(dir).isDirectory();
    } catch {
      return false;
    }
  }
  return entriesOf(parent, root).folders?.has(path.basename(dir)) === true;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * A map that keeps its most recently used entries up to a total size (issue 19: a cache that grows
 * with the run made peak memory grow with the repository). `get` marks an entry as used; `set`
 * drops the least recently used entries until the total fits. One entry larger than the whole
 * budget is not kept at all.
 */
export class SizedCache<V> {
  readonly #entries = new Map<string, { value: V; size: number }>();
  #total = 0;
  constructor(readonly budget: number) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number): void {
    this.delete(key);
    if (size > this.budget) return;
    this.#entries.set(key, { value, size });
    this.#total += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#total <= this.budget) break;
      this.#entries.delete(oldest);
      this.#total -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#total -= entry.size;
  }

  /** The sum of the kept entries' sizes. */
  get total(): number {
    return this.#total;
  }
}

/** Source text kept for pre-filter scans and re-reads, in UTF-16 units (about 32 MB). */
export const MAX_CACHED_TEXT_CHARS = 16 * 1024 * 1024;

const texts = new SizedCache<{ stamp: FileStamp; text: string; checkedAt: number }>(MAX_CACHED_TEXT_CHARS);

/** How long a text read for a pre-filter scan is trusted before its stamp is checked again. */
const SCAN_TRUST_MS = 500;

/**
 * A file's text for a pre-filter scan over many files (which files mention a name): a text checked
 * against its stamp within the last half second is used as is, so that a query over a large
 * project does not stat every file again. Anything parsed goes through `readSource`.
 */
export function readSourceForScan(file: string): string | undefined {
  const cached = texts.get(file);
  if (cached && Date.now() - cached.checkedAt < SCAN_TRUST_MS) return cached.text;
  return readSource(file)?.text;
}

/** A file's text, cached by stamp; undefined when unreadable, too large or binary. */
export function readSource(file: string): { text: string; stamp: FileStamp } | undefined {
  const stamp = stampOf(file);
  if (!stamp) {
    texts.delete(file);
    return undefined;
  }
  const cached = texts.get(file);
  if (cached && sameStamp(cached.stamp, stamp)) {
    cached.checkedAt = Date.now();
    return cached;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  indexCost.filesRead++;
  if (text.includes('\0')) return undefined;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const entry = { stamp, text, checkedAt: Date.now() };
  texts.set(file, entry, text.length);
  return entry;
}

/** Whether `file` exists as a regular file inside `root`. */
export function isProjectFile(file: string, root: string): boolean {
  return isInside(file, root) && stampOf(file) !== undefined;
}



interface Listing {
  files: string[];
  /** Every folder walked, with its modification time when listed. */
  folders: Map<string, number>;
  checkedAt: number;
}

const listings = new Map<string, Listing>();

/** How long a listing is trusted before its folders' modification times are checked again. */
const LISTING_CHECK_MS = 500;

/**
 * The source files of a project (both languages), walked once and re-walked when a folder's
 * modification time changes (a file added or removed). Dependencies, build output, virtual
 * environments and dot-folders are skipped; at most MAX_LISTED_FILES files.
 */
export function projectFiles(root: string): readonly string[] {
  const now = Date.now();
  const cached = listings.get(root);
  if (cached) {
    if (now - cached.checkedAt < LISTING_CHECK_MS) return cached.files;
    let unchanged = true;
    for (const [dir, mtimeMs] of cached.folders) {
      try {
        if (statSync(dir).mtimeMs !== mtimeMs) {
          unchanged = false;
          break;
        }
      } catch {
        unchanged = false;
        break;
      }
    }
    if (unchanged) {
      cached.checkedAt = now;
      return cached.files;
    }
  }
  indexCost.listings++;
  const files: string[] = [];
  const folders = new Map<string, number>();
  const stack = [root];
  while (stack.length && files.length < MAX_LISTED_FILES) {
    const dir = stack.pop()!;
    let entries;
    try {
      folders.set(dir, statSync(dir).mtimeMs);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) stack.push(path.join(dir, entry.name));
      } else if (entry.isFile()) {
        const ext = path.extname(entry.name);
        if (TS_EXTENSIONS.includes(ext) || PY_EXTENSIONS.includes(ext) || entry.name === 'package.json') files.push(path.join(dir, entry.name));
      }
    }
  }
  files.sort();
  const listing = { files, folders, checkedAt: now };
  listings.set(root, listing);
  return files;
}
