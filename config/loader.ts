/**
 * Reads a YAML or JSON config file into a plain object, reporting syntax errors with the file name,
 * line and column. `.json` files are read as JSON (./json-text.ts), anything else as YAML. Nothing
 * recursive runs on a file before its size and its nesting depth are known to be sane.
 */
import { readFileSync, statSync } from 'node:fs';
import { describeReadError } from '../core/file-errors';
import { Composer, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type CST, type Node } from 'yaml';
import { error, joinPath, Problem } from '../core/problems';
import { textOf } from '../core/text';
import { parseJsonText } from './json-text';
import { MAX_NESTING_DEPTH, nestingMessage } from './raw-input';

/**
 * Largest config file read: 1 MiB. The bundled organization example holds 4 KB; a YAML file of
 * 1 MiB (4,800 plans, 16 times the per-Region quota) takes about a second to parse and 4 MiB
 * eight seconds (measured): past this size a file is a mistake, not an estate.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedFile {
  readonly raw?: unknown;
  readonly problems: Problem[];
}

export type ConfigFormat = 'yaml' | 'json';

/** JSON for a `.json` file, YAML for anything else (.yaml, .yml). */
export const formatOf = (path: string): ConfigFormat => (/\.json$/i.test(path) ? 'json' : 'yaml');

export interface ParseOptions {
  /** @default 'yaml' */
  readonly format?: ConfigFormat;
  /** The file name, for messages. @default none */
  readonly name?: string;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * Where a collection nests deeper than MAX_NESTING_DEPTH in the YAML's concrete syntax tree, walked
 * without recursion. The yaml parser that builds the tree is iterative; its composer and toJS
 * recurse once per level, and overflow the stack at about 1,250 levels (MAX_NESTING_DEPTH).
 */
function tooDeepYaml(tokens: readonly CST.Token[], lines: LineCounter): string | undefined {
  const pending: { node: unknown; depth: number }[] = tokens.map((node) => ({ node, depth: 0 }));
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const node = item.node as { type?: unknown; offset?: number };
    let depth = item.depth;
    if (!Array.isArray(node) && COLLECTIONS.has(node.type as string)) {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) {
        const at = lines.linePos(node.offset ?? 0);
        return `line ${at.line}, column ${at.col}`;
      }
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push({ node: child, depth });
    }
  }
  return undefined;
}

/** The YAML parser's most frequent errors in plain words (its own text follows in parentheses). */
const PLAIN_YAML_ERRORS: Readonly<Record<string, string>> = {
  MISSING_CHAR: 'a { [ or quote is not closed, or a comma or colon is missing',
  BAD_INDENT: 'the indentation does not line up: YAML nests by indentation, with spaces',
  TAB_AS_INDENT: 'a tab indents this line: YAML indents with spaces only',
  DUPLICATE_KEY: 'this key is already in the same map: YAML would keep only the last one',
  BLOCK_AS_IMPLICIT_KEY: 'a key is missing its colon, or a value runs over several lines without quotes',
  MULTILINE_IMPLICIT_KEY: 'a key is missing its colon, or a value runs over several lines without quotes',
  UNEXPECTED_TOKEN: 'unexpected text here: check the colons, dashes and indentation around it',
  BAD_SCALAR_START: 'a value cannot start with this character unquoted: put the value in quotes',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a line ---): keep one',
};
/**
 * The first document of the concrete syntax tree `tokens` (what yaml's parseDocument does, from
 * tokens parsed once: the depth check reads the same tree); a second document is an error.
 */
function composeDocument(tokens: readonly CST.Token[], text: string): Document.Parsed {
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, merge: true });
  let document: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!document) document = next;
    else {
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(..., forceDoc = true) always yields a document, empty for an empty text.
  if (!document) throw new Error('the YAML composer produced no document');
  return document;
}

/** How YAML reads a key that is not text, for the message. */
function keyReading(value: unknown): string {
  if (value === null) return 'as null (no key at all)';
  if (typeof value === 'number') return `as the number ${String(value)}`;
  if (typeof value === 'boolean') return `as the boolean ${String(value)}`;
  return `as ${typeof value}`;
}

/** The file's text, its line positions and the file-name prefix of messages. */
interface KeySource {
  readonly text: string;
  readonly prefix: string;
  readonly at: (offset: number) => string;
}

/**
 * Map keys that would not reach the config as written. JavaScript objects key by text: the yaml
 * package writes a key YAML reads as a number, boolean or null as String(value), so `007:` became
 * the key "7", `1e3:` "1000", `True:` "true" and `~:` "" (a tag key a selection then looks for on
 * no resource), and `1:` beside `"1":` collapsed into one key, past the duplicate-key check. Such a
 * key is refused unless it reads back as written (`2024:`, `true:`); a list or map as a key always is.
 * Aliases are skipped (their anchor is checked where it is written). Depth is bounded (tooDeepYaml).
 */
function keyProblems(node: unknown, path: string, source: KeySource, problems: Problem[]): void {
  if (isSeq(node)) node.items.forEach((item, index) => keyProblems(item, joinPath(path, String(index)), source, problems));
  if (!isMap(node)) return;
  const seen = new Map<string, string>();
  for (const { key, value } of node.items) {
    if (isAlias(key)) continue;
    const scalar = isScalar(key) ? key : undefined;
    // A YAML 1.1 merge key (<<) resolves to a symbol and is no key of the result.
    if (typeof scalar?.value === 'symbol') continue;
    const range = (key as Node | null)?.range;
    const where = source.at(range?.[0] ?? node.range?.[0] ?? 0);
    if (!scalar) {
      problems.push(error(path, `${source.prefix}${where}: a key is a list or a map: keys are names; write the key as text`));
      continue;
    }
    // As written in the file (quotes included), and what it becomes.
    const written = range ? source.text.slice(range[0], range[1]) : String(scalar.value);
    const result = scalar.value === null ? '' : String(scalar.value);
    if (typeof scalar.value !== 'string' && result !== written) {
      problems.push(error(joinPath(path, written), `${source.prefix}${where}: the key ${written} is read by YAML ${keyReading(scalar.value)}, so it would become the key "${result}": write it in quotes ("${written}")`));
      continue;
    }
    const keyPath = joinPath(path, result);
    const earlier = seen.get(result);
    if (earlier !== undefined) problems.push(error(keyPath, `${source.prefix}${where}: the key ${written} and the key ${earlier} of the same map both become the key "${result}": YAML would keep only the last`));
    seen.set(result, `${written} (${where})`);
    keyProblems(value, keyPath, source, problems);
  }
}

/** Parses YAML. Duplicate keys are errors: YAML would otherwise keep the last silently. */
function parseYamlText(text: string, prefix: string): LoadedFile {
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const deep = tooDeepYaml(tokens, lines);
  if (deep !== undefined) return { problems: [error('', `${prefix}${deep}: ${nestingMessage}`)] };
  const document = composeDocument(tokens, text);
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        const original = e.message.split('\n')[0] ?? '';
        const unclosed = /end with an? ([}\]])/.exec(original)?.[1];
        const plain = unclosed !== undefined ? `a ${unclosed === '}' ? '{' : '['} opened before here is not closed with ${unclosed}` : Object.hasOwn(PLAIN_YAML_ERRORS, e.code) ? PLAIN_YAML_ERRORS[e.code] : undefined;
        return error('', `${prefix}line ${at.line}, column ${at.col}: ${plain === undefined ? original : `${plain} (YAML: ${original})`}`);
      }),
    };
  }
  const at = (offset: number) => {
    const position = lines.linePos(offset);
    return `line ${position.line}, column ${position.col}`;
  };
  // A tag the schema does not know (`!Ref`, `!custom`): yaml keeps the bare text and only warns, so what the tag asked for would silently not happen.
  const tags = document.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED').map((w) => error('', `${prefix}${at(w.pos[0])}: ${w.message.split(' at line')[0]}: YAML tags other than the standard ones (!!str, !!int, ...) mean nothing here; remove it and write the value itself`));
  const keys: Problem[] = [];
  keyProblems(document.contents, '', { text, prefix, at }, keys);
  if (tags.length > 0 || keys.length > 0) return { problems: [...tags, ...keys] };
  try {
    // Anchors and aliases are welcome (shared rules, Region lists); only a runaway expansion is refused.
    return { raw: document.toJS({ maxAliasCount: 10_000 }), problems: [] };
  } catch (cause) {
    return { problems: [error('', `${prefix}the YAML cannot be expanded: ${cause instanceof Error ? cause.message : String(cause)}`)] };
  }
}

/** Parses a config text as YAML or JSON into a map of settings. */
export function parseConfigText(text: string, options: ParseOptions = {}): LoadedFile {
  const prefix = options.name === undefined ? '' : `${options.name}, `;
  // A byte order mark (Windows editors) is no part of the JSON; the YAML parser skips it itself.
  const file = options.format === 'json' ? parseJsonText(text.replace(/^\uFEFF/, ''), options.name) : parseYamlText(text, prefix);
  if (file.problems.length > 0) return file;
  const { raw } = file;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [error('', 'the file must hold a map of settings (version, account, vaults, plans, ...)')] };
  }
  return { raw, problems: [] };
}

export function readConfigFile(path: string): LoadedFile {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { problems: [error('', `cannot read config file "${path}": it is a folder; name the config file in it`)] };
    const { size } = stat;
    if (size > MAX_CONFIG_BYTES) {
      return { problems: [error('', `config file "${path}" holds ${size} bytes; a config may hold at most ${MAX_CONFIG_BYTES} (1 MiB)`)] };
    }
    bytes = readFileSync(path);
  } catch (cause) {
    return { problems: [error('', `cannot read config file "${path}": ${describeReadError(cause)}`)] };
  }
  // As every file the tool reads (core/text.ts): UTF-8 with or without a byte order mark, UTF-16 with one (YAML processors read both;
  // Notepad's "Unicode" and Windows PowerShell 5's Out-File write it), never U+FFFD in place of a byte that is neither.
  const read = textOf(bytes);
  if ('reason' in read) return { problems: [error('', `${path} ${read.reason}`)] };
  return parseConfigText(read.text, { format: formatOf(path), name: path });
}
