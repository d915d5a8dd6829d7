/**
 * A Pulumi stack config file (Pulumi.NAME.yaml) edited the way its owner wrote it: `withKeys`
 * sets the keys of one config namespace and leaves every other byte of the file as it was
 * (comments, key order, quoting, blank lines, indentation). The file is parsed with the `yaml`
 * package's document API, which gives each node its place in the text; a key of the namespace
 * is replaced where it stands (the lines from its key to the end of its value), a new one goes
 * after the last key of `config:`, and only those lines are written anew. The result is read
 * back and must give exactly the intended data, or nothing is written.
 *
 * A `config:` map (or a top level) written in flow style (`config: {a: 1, b: 2}`) has no lines of
 * its own to splice: that file is written anew from its document (comments kept, layout the
 * library's).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  Document,
  isMap,
  isScalar,
  parse,
  parseDocument,
  Scalar,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { ImportError } from "./importOrg";

/** A stack config file as read. */
export interface StackFile {
  /** Its path. */
  file: string;
  /** The text as read (empty when there is no such file yet). */
  text: string;
  /** The parsed document (nodes carry their offsets in `text`). */
  doc: Document.Parsed;
  /** The `config` map as plain data (empty when the file has none). */
  config: Record<string, unknown>;
}

/**
 * Reads the stack config file `file`; a missing file reads as an empty one. Throws an
 * ImportError when it is not YAML, or its top level or its `config` is not a map.
 */
export function readStackFile(file: string): StackFile {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const doc = parseDocument(text);
  let data: unknown;
  try {
    if (doc.errors.length) throw doc.errors[0];
    data = doc.toJS() ?? {}; // throws on an alias without its anchor
  } catch (err) {
    throw new ImportError(
      `${path.basename(file)} is not valid YAML (${(err as Error).message.split("\n")[0]})`,
    );
  }
  const config = isPlainMap(data) ? (data.config ?? {}) : undefined;
  if (!isPlainMap(data) || !isPlainMap(config))
    throw new ImportError(`${path.basename(file)} is not a Pulumi stack config file (no config map)`);
  return { file, text, doc, config };
}

/** The keys of `config` in `namespace` (`namespace:*`), in file order. */
export function keysIn(f: StackFile, namespace: string): string[] {
  return Object.keys(f.config).filter((k) => k.startsWith(`${namespace}:`));
}

/**
 * The file's text with the `namespace:*` keys of `config` set to `values` (keys without the
 * namespace): a key the file has keeps its place, one it lacks is added after the last key of
 * `config:` (which is added when missing), and one not in `values` is taken out. Everything
 * outside those keys' lines stays byte for byte. Throws an ImportError, and nothing is to be
 * written, when the result would not read back as exactly that data.
 */
export function withKeys(f: StackFile, namespace: string, values: Record<string, unknown>): string {
  const wanted = new Map(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [`${namespace}:${k}`, asWritten(v)]),
  );
  const ours = (k: unknown): k is string => typeof k === "string" && k.startsWith(`${namespace}:`);
  const top = f.doc.contents;
  const cfg = isMap(top) ? top.get("config", true) : undefined;
  const blockMaps = isMap(top) ? !top.flow && !(isMap(cfg) && cfg.flow && cfg.items.length) : top === null;
  const text = blockMaps ? spliced(f, ours, wanted) : rewritten(f, ours, wanted);

  // What the file must read back as: every other key as it was, ours replaced in place, the
  // new ones after them, in order.
  const data = (f.doc.toJS() ?? {}) as Record<string, unknown>;
  const config = Object.entries((data.config ?? {}) as Record<string, unknown>)
    .filter(([k]) => !ours(k) || wanted.has(k))
    .map(([k, v]) => [k, ours(k) ? wanted.get(k) : v] as const);
  for (const [k, v] of wanted) if (!config.some(([c]) => c === k)) config.push([k, v]);
  const expected = { ...data, config: Object.fromEntries(config) };
  const back = parseDocument(text);
  let why = back.errors[0]?.message;
  if (!why)
    try {
      if (!isDeepStrictEqual(back.toJS(), expected)) why = "the file would read back differently";
    } catch (err) {
      why = (err as Error).message; // e.g. an alias to an anchor in a key that goes
    }
  if (why)
    throw new ImportError(
      `${path.basename(f.file)}: the ${namespace}:* keys cannot be written in place ` +
        `(${why.split("\n")[0]}); nothing written: remove those keys by hand and run again`,
    );
  return text;
}

/** One change to the text: `[start, end)` replaced by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The byte-preserving edit: only the lines of the namespace's keys are written. */
function spliced(f: StackFile, ours: (k: unknown) => k is string, wanted: Map<string, unknown>): string {
  const src = f.text;
  const eol = src.includes("\r\n") ? "\r\n" : "\n";
  const top = f.doc.contents as YAMLMap | null; // a block map, or nothing (no text, or comments only)
  const configPair = top?.items.find((p) => isScalar(p.key) && p.key.value === "config");
  const cfg = configPair && isMap(configPair.value) ? configPair.value : undefined;
  const edits: Edit[] = [];

  if (cfg?.items.length) {
    const first = cfg.items[0].key as Scalar;
    const column = first.range![0] - lineStart(src, first.range![0]);
    const step = Math.max(column - columnOf(src, configPair!.key as Scalar), 1);
    const render = (k: string, v: unknown, comment?: string) => renderPair(k, v, column, step, eol, comment);
    const done = new Set<string>();
    for (const pair of cfg.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (!ours(key)) continue;
      const span = pairSpan(src, pair);
      done.add(key);
      edits.push({ ...span, text: wanted.has(key) ? render(key, wanted.get(key), span.comment) : "" });
    }
    const added = [...wanted].filter(([k]) => !done.has(k)).map(([k, v]) => render(k, v));
    if (added.length) {
      const at = pairSpan(src, cfg.items[cfg.items.length - 1]).end;
      edits.push({ start: at, end: at, text: newlineBefore(src, at, eol) + added.join("") });
    }
  } else {
    // No key in config yet: the `config:` line and the keys, where config stands or at the end.
    const topColumn = top?.items.length ? columnOf(src, top.items[0].key as Scalar) : 0;
    const items = [...wanted].map(([k, v]) => renderPair(k, v, topColumn + 2, 2, eol)).join("");
    const block = (comment?: string) =>
      `${" ".repeat(topColumn)}config:${comment ? ` ${comment}` : ""}${eol}${items}`;
    if (configPair) {
      const span = pairSpan(src, configPair);
      edits.push({ ...span, text: block(span.comment) });
    } else {
      const at = top?.items.length ? pairSpan(src, top.items[top.items.length - 1]).end : src.length;
      edits.push({ start: at, end: at, text: newlineBefore(src, at, eol) + block() });
    }
  }

  let out = src;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The whole file written anew from its document (a flow-style map has no lines to splice). */
function rewritten(f: StackFile, ours: (k: unknown) => k is string, wanted: Map<string, unknown>): string {
  const doc = f.doc.clone() as Document;
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}); // e.g. a file of `~`
  const top = doc.contents as YAMLMap;
  top.flow = false;
  const found: unknown = top.get("config", true);
  const config: YAMLMap = isMap(found) ? found : doc.createNode({});
  if (!isMap(found)) top.set("config", config);
  config.flow = false;
  for (const pair of [...config.items])
    if (isScalar(pair.key) && ours(pair.key.value) && !wanted.has(pair.key.value)) config.delete(pair.key);
  for (const [k, v] of wanted) config.set(k, quoteAmbiguous(doc.createNode(v)));
  return doc.toString({ lineWidth: 0 });
}

/**
 * Where a pair of a block map stands: from the start of its key's line to the end of its value's
 * last line, and the comment on its key's line (`key: value # this` or `key: # this`), which a
 * replacement keeps.
 */
function pairSpan(src: string, pair: Pair): Edit & { comment?: string } {
  const key = pair.key as Scalar;
  const value = pair.value as Scalar | null;
  const start = lineStart(src, key.range![0]);
  const contentEnd = value?.range ? value.range[1] : key.range![1];
  const end = src[contentEnd - 1] === "\n" ? contentEnd : pastLine(src, contentEnd);
  const keyLineEnd = pastLine(src, key.range![1]);
  const after = value?.range && value.range[0] < keyLineEnd ? value.range[1] : key.range![1];
  const comment =
    after <= keyLineEnd ? /^\s*:?\s*(#.*?)\r?\n?$/.exec(src.slice(after, keyLineEnd))?.[1] : undefined;
  return { start, end, text: "", comment };
}

/** `key: value` as block YAML at `column`, nested levels `step` further in, ending in `eol`. */
function renderPair(
  key: string,
  value: unknown,
  column: number,
  step: number,
  eol: string,
  comment?: string,
): string {
  const doc = new Document({ [key]: value });
  quoteAmbiguous(doc.contents);
  const lines = doc.toString({ indent: step, lineWidth: 0 }).replace(/\n$/, "").split("\n");
  if (comment) lines[0] += ` ${comment}`;
  const pad = " ".repeat(column);
  return lines.map((l) => (l ? pad + l : l)).join(eol) + eol;
}

/**
 * Double-quotes every string of `node` that a YAML reader could take for something else
 * (a number, a boolean, a date, null) under YAML 1.1 or 1.2: the Pulumi CLI's reader mixes both,
 * e.g. a plain 2024-01-01 is a date to it and "+13175550100" a number.
 */
function quoteAmbiguous<T extends Node | null>(node: T): T {
  if (!node) return node;
  visit(node, {
    Scalar(_, s) {
      if (typeof s.value !== "string") return;
      const value = s.value;
      const readsAs = (version: "1.1" | "1.2") => {
        try {
          return parse(value, { version });
        } catch {
          return undefined;
        }
      };
      if (readsAs("1.1") !== value || readsAs("1.2") !== value) s.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return node;
}

/** The offset where the line holding offset `i` starts. */
function lineStart(src: string, i: number): number {
  return src.lastIndexOf("\n", i - 1) + 1;
}

/** The offset just past the newline that ends the line holding offset `i` (or the text's end). */
function pastLine(src: string, i: number): number {
  const n = src.indexOf("\n", i);
  return n < 0 ? src.length : n + 1;
}

/** The column of a node in its line. */
function columnOf(src: string, node: Scalar): number {
  return node.range![0] - lineStart(src, node.range![0]);
}

/** A line break when text inserted at `at` would otherwise continue the last line of `src`. */
function newlineBefore(src: string, at: number, eol: string): string {
  return at > 0 && src[at - 1] !== "\n" ? eol : "";
}

/** `value` as YAML keeps it: a map's undefined fields left out, an undefined list item null. */
function asWritten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : asWritten(v)));
  if (!isPlainMap(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, asWritten(v)]),
  );
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
