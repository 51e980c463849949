/**
 * The Python syntax tree that rules see: plain, identity-stable objects converted once per file
 * from tree-sitter's tree (whose node wrappers are neither plain nor stable).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser, Query, type Tree, type TreeCursor } from 'web-tree-sitter';
import { blankOffsets, blankTypeParamDefaults } from './grammar-gaps.js';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column in UTF-16 code units, as ESLint counts them. */
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

/** One node of the converted tree. `type` is tree-sitter-python's node type. */
export interface PyNode {
  type: string;
  /** Named nodes are grammar nodes; unnamed ones are tokens kept because they sit in a field (operators). */
  named: boolean;
  /** Start and end offsets in UTF-16 units (the same as `range`, without allocating it). */
  readonly start: number;
  readonly end: number;
  readonly range: [number, number];
  readonly loc: SourceLocation;
  parent: PyNode | null;
  /** Named children and fielded tokens, in source order. Comments are in `PyModule.comments` instead. */
  children: PyNode[];
  /** The field this node occupies in its parent (`function`, `arguments`, `left`, ...), or null. */
  field: string | null;
  /** First child in each field; repeated fields (`alternative`, `operators`) are found through `children`. */
  readonly fields: Record<string, PyNode | undefined>;
  /** Unfielded keyword tokens of this node, such as `async` on a function_definition or `not`. */
  keywords: readonly string[];
  /** Source text of leaf nodes (identifiers, string contents, numbers, operators) and of `string_content`; undefined for other inner nodes. */
  text: string | undefined;
}

export interface PyComment {
  type: 'comment';
  range: [number, number];
  loc: SourceLocation;
  /** The comment text without the leading `#`. */
  value: string;
}

export interface PyModule extends PyNode {
  comments: PyComment[];
}

export interface ParseError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 units. */
  column: number;
}

export type ParseOutcome = { ok: true; ast: PyModule } | { ok: false; errors: ParseError[] };

const require = createRequire(import.meta.url);

// The grammar is loaded once, when the plugin is imported, so that `parse` can stay synchronous
// as ESLint requires. Top-level await is fine: ESLint imports configs and plugins as ESM.
// `Parser.init` fills the object it is given with the WebAssembly module's exports (see DirectWalker).
const wasm: Partial<CursorExports> = {};
await Parser.init(wasm as object);
const python = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
const parser = new Parser();
parser.setLanguage(python);

/**
 * What the grammar says about each node type, by numeric id. Every cursor call crosses into WASM,
 * and the walk is most of the conversion's cost, so the walk asks only what the tables cannot
 * answer: named-ness comes from the grammar, tokens (anonymous nodes) are never entered, leaf types
 * are never asked for children, and only the tokens that can fill a field (operators) are asked
 * for their field.
 */
interface GrammarNodeType {
  type: string;
  named: boolean;
  fields?: Record<string, { types: { type: string; named: boolean }[] }>;
  children?: unknown;
  subtypes?: unknown;
}
const grammarTypes = JSON.parse(
  readFileSync(require.resolve('tree-sitter-python/src/node-types.json'), 'utf8'),
) as GrammarNodeType[];
const leafTypeNames = new Set(
  grammarTypes.filter((t) => t.named && !t.fields && !t.children && !t.subtypes).map((t) => t.type),
);
const fieldTokenNames = new Set(
  grammarTypes.flatMap((t) => Object.values(t.fields ?? {}).flatMap((f) => f.types.filter((x) => !x.named).map((x) => x.type))),
);
const typeNames: string[] = [];
const typeIsNamed: boolean[] = [];
const typeIsLeaf: boolean[] = [];
const typeIsFieldToken: boolean[] = [];
const typeIsKeyword: boolean[] = [];
for (let id = 0; id < python.nodeTypeCount; id++) {
  const name = python.nodeTypeForId(id) ?? '';
  typeNames[id] = name;
  typeIsNamed[id] = python.nodeTypeIsNamed(id);
  typeIsLeaf[id] = leafTypeNames.has(name);
  typeIsFieldToken[id] = !typeIsNamed[id] && fieldTokenNames.has(name);
  typeIsKeyword[id] = !typeIsNamed[id] && /^[a-z]+$/.test(name);
}
const fieldNames: (string | null)[] = [null];
for (let id = 1; id <= python.fieldCount; id++) fieldNames[id] = python.fieldNameForId(id);

const EMPTY_KEYWORDS: readonly string[] = Object.freeze([]);

/** Every node type tree-sitter-python can produce, named and unnamed. */
export function pythonNodeTypes(): string[] {
  return [...new Set(typeNames.filter(Boolean))];
}

/** Line start offsets of `text`, for turning offsets into positions (CRLF, CR and LF all end a line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The cursor operations the conversion uses. `web-tree-sitter`'s `TreeCursor` provides them, but
 * copies the cursor's state into WebAssembly memory before every call and back after every move:
 * about three quarters of the walk's time. `DirectWalker` calls the same exported C functions and
 * leaves the state where the C side keeps it, in the module's transfer buffer, for the whole walk.
 * It relies on internals of web-tree-sitter 0.27.2 (pinned exactly in package.json), so it is
 * used only after a self-check at load shows it converts a sample exactly as `TreeCursor` does.
 */
interface Walker {
  readonly nodeTypeId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldId: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

interface CursorExports {
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

class DirectWalker implements Walker {
  readonly #c: CursorExports;
  readonly #tree: number;
  constructor(c: CursorExports, tree: Tree) {
    this.#c = c;
    this.#tree = (tree as unknown as Record<number, number>)[0];
    // `rootNode` leaves the root node in the transfer buffer, where `cursor_new` reads it.
    void tree.rootNode;
    c._ts_tree_cursor_new_wasm(this.#tree);
  }
  get nodeTypeId(): number {
    return this.#c._ts_tree_cursor_current_node_type_id_wasm(this.#tree);
  }
  get startIndex(): number {
    return this.#c._ts_tree_cursor_start_index_wasm(this.#tree);
  }
  get endIndex(): number {
    return this.#c._ts_tree_cursor_end_index_wasm(this.#tree);
  }
  get currentFieldId(): number {
    return this.#c._ts_tree_cursor_current_field_id_wasm(this.#tree);
  }
  gotoFirstChild(): boolean {
    return this.#c._ts_tree_cursor_goto_first_child_wasm(this.#tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.#c._ts_tree_cursor_goto_next_sibling_wasm(this.#tree) === 1;
  }
  gotoParent(): boolean {
    return this.#c._ts_tree_cursor_goto_parent_wasm(this.#tree) === 1;
  }
  delete(): void {
    this.#c._ts_tree_cursor_delete_wasm(this.#tree);
  }
}

const CURSOR_EXPORTS: (keyof CursorExports)[] = [
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
];

/** Convert a parsed, error-free tree with the direct walker or the public cursor. */
function convertTree(tree: Tree, text: string, direct: boolean): PyModule {
  if (direct) {
    const walker = new DirectWalker(wasm as CursorExports, tree);
    try {
      return convert(walker, text);
    } finally {
      walker.delete();
    }
  }
  const cursor = tree.walk();
  try {
    return convert(cursor, text);
  } finally {
    cursor.delete();
  }
}

/** A sample with every kind of walk step: nesting, fields, operator tokens, keywords, comments, strings. */
export const SELF_CHECK_SAMPLE = [
  'import os as o, sys',
  'from a.b import (c as d, e)',
  '@decorator(x=1)',
  'async def f(a, *args, b: int = 2, **kw) -> "T":',
  '    """doc 😀"""  # comment',
  '    async with g() as h, i:',
  '        await h(f"{a!r:>{b}} {{x}}", *args, **kw)',
  '    while not a and b is not None or c not in d:',
  '        a += 1; b = a if a % 2 else -a ** 2',
  '    return [x for x in range(3) if x], {k: v for k, v in kw.items()}, lambda q=1: q',
  'class K(Base, metaclass=M):',
  '    x: int = 1',
  '    match x:',
  '        case [1, *rest] if rest: pass',
  '        case {"k": v, **others}: pass',
  'try:',
  '    pass',
  'except* (A, B) as e:',
  '    raise X from e',
  'finally:',
  '    del a[1:2, ::3]',
  '',
].join('\n');

/** Every converted node, in order, as one string: equal signatures mean equal trees. */
export function treeSignature(root: PyModule): string {
  const parts: string[] = [];
  const stack: PyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    parts.push(`${node.type}@${node.start}-${node.end}:${node.field ?? ''}:${node.named}:${node.keywords.join(',')}:${node.text ?? ''}(${node.children.length}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return `${parts.join('|')}#${root.comments.map((c) => c.range.join('-')).join(',')}`;
}

/** Whether the direct walker is available and agrees with the public cursor on the sample. */
function directWalkerWorks(): boolean {
  if (!CURSOR_EXPORTS.every((name) => typeof wasm[name] === 'function')) return false;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(SELF_CHECK_SAMPLE);
    if (!tree || tree.rootNode.hasError) return false;
    return treeSignature(convertTree(tree, SELF_CHECK_SAMPLE, true)) === treeSignature(convertTree(tree, SELF_CHECK_SAMPLE, false));
  } catch {
    return false;
  } finally {
    tree?.delete();
  }
}

/** Which walk the conversion uses in this process: `direct` unless the self-check failed. */
export let conversionWalk: 'direct' | 'public' = 'public';

/** For tests: parse and convert `text` with the named walk. */
export function parsePythonWith(text: string, walk: 'direct' | 'public'): ParseOutcome {
  return parseWith(text, walk === 'direct');
}

/** Parse Python source. Never throws for bad input: a syntax error comes back as `{ ok: false }`. */
export function parsePython(text: string): ParseOutcome {
  return parseWith(text, conversionWalk === 'direct');
}

/**
 * Trees of files parsed recently, by path, kept up to this much source (UTF-16 units; a tree takes
 * about 30 bytes of heap per character, so at most about 30 MB).
 */
export const MAX_RECENT_TREE_CHARS = 1024 * 1024;

const recentTrees = new Map<string, { text: string; ast: PyModule; linted: boolean }>();
let recentChars = 0;

/**
 * Parse the source of a file, or hand back the tree parsed from that file's same text a moment ago
 * (issue 19): the project index parses the modules a file imports, and ESLint then lints them,
 * which parsed them a second time. Trees are read-only once made, so one tree can serve both; the
 * text must be equal (an editor's unsaved buffer is parsed anew), and the path keeps two files with
 * the same text apart (facts of a module are cached by its tree).
 *
 * `for: 'lint'` (ESLint's parse) takes a tree at most once: rules cache per-file answers by tree,
 * some of them from the lint's settings, so a second lint of the same text (an editor re-lint after
 * a settings change, RuleTester cases that differ only in settings) gets a tree of its own. The
 * index (`for: 'index'`) may reuse any tree, a linted one included.
 */
export function parsePythonFile(file: string, text: string, use: 'lint' | 'index'): ParseOutcome {
  const cached = recentTrees.get(file);
  if (cached) {
    recentTrees.delete(file);
    recentChars -= cached.text.length;
    if (cached.text === text && (use === 'index' || !cached.linted)) {
      remember(file, { text, ast: cached.ast, linted: cached.linted || use === 'lint' });
      return { ok: true, ast: cached.ast };
    }
  }
  const outcome = parsePython(text);
  if (outcome.ok) remember(file, { text, ast: outcome.ast, linted: use === 'lint' });
  return outcome;
}

function remember(file: string, entry: { text: string; ast: PyModule; linted: boolean }): void {
  if (entry.text.length > MAX_RECENT_TREE_CHARS) return;
  recentTrees.set(file, entry);
  recentChars += entry.text.length;
  for (const [oldest, old] of recentTrees) {
    if (recentChars <= MAX_RECENT_TREE_CHARS) break;
    recentTrees.delete(oldest);
    recentChars -= old.text.length;
  }
}

function parseWith(text: string, direct: boolean): ParseOutcome {
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    // `:=` right inside an f-string replacement field is a format spec, not a walrus (grammar-gaps.ts).
    if (tree && text.includes(':=')) {
      const offsets = formatSpecEquals(tree);
      if (offsets.length) {
        const fixed = parser.parse(blankOffsets(text, offsets));
        if (fixed && (!fixed.rootNode.hasError || tree.rootNode.hasError)) {
          tree.delete();
          tree = fixed;
        } else fixed?.delete();
      }
    }
    if (!tree) return { ok: false, errors: [{ message: 'tree-sitter could not parse this file', line: 1, column: 1 }] };
    if (tree.rootNode.hasError) {
      const retried = reparseWithoutTypeParamDefaults(text, direct);
      if (retried) return retried;
      const cursor = tree.walk();
      try {
        return { ok: false, errors: [firstError(cursor, text)] };
      } finally {
        cursor.delete();
      }
    }
    return { ok: true, ast: convertTree(tree, text, direct) };
  } finally {
    // WASM memory is not garbage-collected: every tree must be freed, or a large run grows per file.
    tree?.delete();
  }
}

let walrusInFString: Query | null = null;

/** Offsets of the `=` of each `:=` that the grammar took for a walrus directly in an f-string field. */
function formatSpecEquals(tree: Tree): number[] {
  walrusInFString ??= new Query(parser.language!, '(interpolation expression: (named_expression) @walrus)');
  const offsets: number[] = [];
  for (const { node } of walrusInFString.captures(tree.rootNode)) {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child?.type === ':=') {
        offsets.push(child.startIndex + 1);
        break;
      }
    }
  }
  return offsets;
}

/**
 * A file that failed only because of PEP 696 type parameter defaults, which the grammar does not
 * know: parse it again with the defaults blanked out (see grammar-gaps.ts). Null when the
 * file has no defaults or still fails.
 */
function reparseWithoutTypeParamDefaults(text: string, direct: boolean): ParseOutcome | null {
  // Cheap guard: a type parameter list needs a `[` followed later by `=`.
  if (!text.includes('[')) return null;
  const blanked = blankTypeParamDefaults(text);
  if (blanked === null) return null;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(blanked);
    if (!tree || tree.rootNode.hasError) return null;
    // Node texts come from the original source: the blanked characters only ever sat inside the
    // type parameter list, so every other node reads exactly what the file says.
    return { ok: true, ast: convertTree(tree, text, direct) };
  } finally {
    tree?.delete();
  }
}

const EMPTY_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];
const EMPTY_FIELDS: Record<string, PyNode | undefined> = Object.freeze({});

/** Offsets to 1-based lines, shared by every node of one file for their lazy `loc`. */
class LineIndex {
  constructor(readonly starts: number[]) {}

  /** Position of an offset: binary search over line starts. */
  position(offset: number): Position {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] };
  }
}

/**
 * A converted node. Identity-stable, with only data as own properties; `range` and `loc` are
 * computed on first use from the start/end offsets: most nodes are never asked, and creating
 * three location objects per node up front was most of the conversion's garbage.
 */
class Node implements PyNode {
  type: string;
  named: boolean;
  parent: PyNode | null;
  children: PyNode[] = EMPTY_CHILDREN;
  field: string | null;
  keywords: readonly string[] = EMPTY_KEYWORDS;
  text: string | undefined = undefined;
  readonly start: number;
  readonly end: number;
  #fields: Record<string, PyNode | undefined> | undefined = undefined;

  constructor(type: string, named: boolean, start: number, end: number, parent: PyNode | null, field: string | null) {
    this.type = type;
    this.named = named;
    this.start = start;
    this.end = end;
    this.parent = parent;
    this.field = field;
  }

  get range(): [number, number] {
    return [this.start, this.end];
  }

  /** First child in each field, built on first use: most nodes are never asked. */
  get fields(): Record<string, PyNode | undefined> {
    if (this.#fields) return this.#fields;
    let fields = EMPTY_FIELDS;
    for (const child of this.children) {
      if (!child.field) continue;
      if (fields === EMPTY_FIELDS) fields = {};
      if (fields[child.field] === undefined) fields[child.field] = child;
    }
    return (this.#fields = fields);
  }

  /** Computed on demand (ESLint asks for reported nodes only) from the line index the module holds. */
  get loc(): SourceLocation {
    let root: PyNode = this;
    while (root.parent) root = root.parent;
    const lines = LINE_INDEX.get(root)!;
    return { start: lines.position(this.start), end: lines.position(this.end) };
  }
}

/** Each module's line index, for `loc`: kept beside the tree rather than in every node. */
const LINE_INDEX = new WeakMap<PyNode, LineIndex>();

/** Attach `child` to `parent`, in source order. */
function attach(parent: PyNode, child: PyNode): void {
  if (parent.children === EMPTY_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

/** Convert the tree under `cursor` into PyNodes, iteratively: nesting depth never touches the JS stack. */
function convert(cursor: Walker, text: string): PyModule {
  const lines = new LineIndex(lineStarts(text));
  const root = new Node('module', true, 0, text.length, null, null) as unknown as PyModule;
  LINE_INDEX.set(root, lines);
  root.comments = [];
  const comments = root.comments;
  let parent: PyNode = root;
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const typeId = cursor.nodeTypeId;
    let descend = false;
    if (typeIsNamed[typeId]) {
      const type = typeNames[typeId];
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      if (type === 'comment') {
        const pos = lines.position(start);
        comments.push({
          type: 'comment',
          range: [start, end],
          loc: { start: pos, end: { line: pos.line, column: pos.column + end - start } },
          value: text.slice(start + 1, end),
        });
      } else {
        const fieldId = cursor.currentFieldId;
        const node = new Node(type, true, start, end, parent, fieldId ? fieldNames[fieldId] : null);
        attach(parent, node);
        if (!typeIsLeaf[typeId] && cursor.gotoFirstChild()) {
          parent = node;
          descend = true;
        } else {
          node.text = text.slice(start, end);
        }
      }
    } else {
      // A token: `(`, `:`, `def`, `+`. Only operators can sit in a field; keywords are noted by name.
      const fieldId = typeIsFieldToken[typeId] ? cursor.currentFieldId : 0;
      if (fieldId) {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const node = new Node(typeNames[typeId], false, start, end, parent, fieldNames[fieldId]);
        node.text = text.slice(start, end);
        attach(parent, node);
      } else if (typeIsKeyword[typeId]) {
        if (parent.keywords === EMPTY_KEYWORDS) parent.keywords = [typeNames[typeId]];
        else (parent.keywords as string[]).push(typeNames[typeId]);
      }
    }
    if (descend) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || parent === root) return root;
      // `string_content` keeps its source even with escape sequences inside: its value is decoded from it.
      if (parent.children.length === 0 || parent.type === 'string_content') parent.text = text.slice(parent.start, parent.end);
      parent = parent.parent!;
    }
  }
}

/** The first ERROR or MISSING node in document order, as ESLint's parse error (1-based line and column). */
function firstError(cursor: TreeCursor, text: string): ParseError {
  for (;;) {
    // ERROR's type id (65535) lies outside the grammar's table: compare the name.
    const type = cursor.nodeType;
    if (type === 'ERROR' || cursor.nodeIsMissing) {
      const pos = cursor.startPosition;
      const start = cursor.startIndex;
      let message: string;
      if (cursor.nodeIsMissing) {
        message = `Missing ${JSON.stringify(type)}`;
      } else {
        const snippet = text.slice(start, Math.min(cursor.endIndex, start + 40)).split(/\r\n|[\r\n]/)[0].trim();
        message = snippet ? `Invalid syntax near ${JSON.stringify(snippet)}` : 'Invalid syntax';
      }
      return { message, line: pos.row + 1, column: pos.column + 1 };
    }
    // Only descend into subtrees that contain an error.
    if (cursor.currentNode.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return { message: 'Invalid syntax', line: 1, column: 1 };
    }
  }
}

conversionWalk = directWalkerWorks() ? 'direct' : 'public';
