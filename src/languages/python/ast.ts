/**
 * The Python syntax tree that rules see: plain, identity-stable objects converted once per file
 * from tree-sitter's tree (whose node wrappers are neither plain nor stable).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser, type Tree, type TreeCursor } from 'web-tree-sitter';

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
  fields: Record<string, PyNode | undefined>;
  /** Unfielded keyword tokens of this node, such as `async` on a function_definition or `not`. */
  keywords: readonly string[];
  /** Source text of leaf nodes (identifiers, string contents, numbers, operators); undefined for inner nodes. */
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
await Parser.init();
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

/** Parse Python source. Never throws for bad input: a syntax error comes back as `{ ok: false }`. */
export function parsePython(text: string): ParseOutcome {
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    if (!tree) return { ok: false, errors: [{ message: 'tree-sitter could not parse this file', line: 1, column: 1 }] };
    const cursor = tree.walk();
    try {
      if (tree.rootNode.hasError) return { ok: false, errors: [firstError(cursor, text)] };
      return { ok: true, ast: convert(cursor, text) };
    } finally {
      cursor.delete();
    }
  } finally {
    // WASM memory is not garbage-collected: every tree must be freed, or a large run grows per file.
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
  fields: Record<string, PyNode | undefined> = EMPTY_FIELDS;
  keywords: readonly string[] = EMPTY_KEYWORDS;
  text: string | undefined = undefined;
  readonly start: number;
  readonly end: number;
  #lines: LineIndex;
  #range: [number, number] | undefined;
  #loc: SourceLocation | undefined;

  constructor(type: string, named: boolean, start: number, end: number, parent: PyNode | null, field: string | null, lines: LineIndex) {
    this.type = type;
    this.named = named;
    this.start = start;
    this.end = end;
    this.parent = parent;
    this.field = field;
    this.#lines = lines;
  }

  get range(): [number, number] {
    return (this.#range ??= [this.start, this.end]);
  }

  get loc(): SourceLocation {
    return (this.#loc ??= { start: this.#lines.position(this.start), end: this.#lines.position(this.end) });
  }
}

/** Attach `child` to `parent`: children in source order, and the first child of each field. */
function attach(parent: PyNode, child: PyNode): void {
  if (parent.children === EMPTY_CHILDREN) parent.children = [child];
  else parent.children.push(child);
  if (child.field) {
    if (parent.fields === EMPTY_FIELDS) parent.fields = { [child.field]: child };
    else if (parent.fields[child.field] === undefined) parent.fields[child.field] = child;
  }
}

/** Convert the tree under `cursor` into PyNodes, iteratively: nesting depth never touches the JS stack. */
function convert(cursor: TreeCursor, text: string): PyModule {
  const lines = new LineIndex(lineStarts(text));
  const root = new Node('module', true, 0, text.length, null, null, lines) as unknown as PyModule;
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
        const node = new Node(type, true, start, end, parent, fieldId ? fieldNames[fieldId] : null, lines);
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
        const node = new Node(typeNames[typeId], false, start, end, parent, fieldNames[fieldId], lines);
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
      if (parent.children.length === 0) parent.text = text.slice(parent.start, parent.end);
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
