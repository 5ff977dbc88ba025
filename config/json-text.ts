/**
 * Reads a `.json` config as JSON, not as YAML (which would accept trailing commas, comments and
 * single quotes). One iterative pass over the text finds what JSON.parse would refuse, described in
 * plain words at its line and column, plus what it would let through silently: a key given twice
 * in one map (JSON.parse keeps the last) and nesting deeper than MAX_NESTING_DEPTH. Then JSON.parse
 * builds the value.
 */
import { error, joinPath, Problem } from '../core/problems';
import { MAX_NESTING_DEPTH, nestingMessage } from './raw-input';

export interface ParsedJson {
  readonly raw?: unknown;
  readonly problems: Problem[];
}

/** "line 3, column 7" of a character offset in `text` (both 1-based). */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    start = index + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** The first thing JSON.parse would refuse (or a nesting too deep to read), at a character offset. */
class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly path = '',
  ) {}
}

interface Container {
  readonly kind: 'map' | 'list';
  readonly path: string;
  /** Keys of a map so far, with the offset of their first occurrence. */
  readonly keys: Map<string, number>;
  /** The current key (map) or the number of items so far (list). */
  key: string;
  items: number;
}

type Expecting = 'root' | 'map-first' | 'map-next' | 'colon' | 'map-value' | 'list-first' | 'list-next' | 'after' | 'end';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WORD = /[A-Za-z0-9_$.+-]+/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const VALUE = 'a value (text in double quotes, a number, true, false, null, { or [)';

/** What stands at `offset`, for "found ...". */
function found(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  WORD.lastIndex = offset;
  const word = WORD.exec(text)?.[0];
  if (word !== undefined) return `"${word.length > 40 ? `${word.slice(0, 40)}...` : word}"`;
  const c = text[offset];
  if (c === "'") return `"'" (JSON quotes text with double quotes only)`;
  if (c === '/') return '"/" (JSON has no comments)';
  if (c === '"') return 'text in double quotes (is a comma missing?)';
  const code = c.charCodeAt(0);
  return code < 0x20 ? `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : `"${c}"`;
}

/** Offset after the string starting at `start` (a double quote); throws on what JSON refuses inside strings. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      if (next === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) throw new SyntaxProblem(i, 'a \\u escape needs four hexadecimal digits');
        i += 5;
      } else if (ESCAPES.has(next)) {
        i += 1;
      } else {
        throw new SyntaxProblem(i, `"\\${next}" is not an escape JSON knows (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
      }
    } else if (c.charCodeAt(0) < 0x20) {
      throw new SyntaxProblem(i, c === '\n' || c === '\r' ? 'the text in double quotes is not closed on its line' : 'a control character in quoted text must be escaped (\\t, \\uXXXX)');
    }
  }
  throw new SyntaxProblem(start, 'the text in double quotes is never closed');
}

function scan(text: string, prefix: string): Problem[] {
  const problems: Problem[] = [];
  const stack: Container[] = [];
  let expecting = 'root' as Expecting; // a cast: the closures below change it, which narrowing cannot see
  let i = 0;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return joinPath(top.path, top.kind === 'map' ? top.key : String(top.items));
  };
  const valueDone = () => {
    expecting = stack.length === 0 ? 'end' : 'after';
  };
  const open = (kind: 'map' | 'list') => {
    const path = childPath();
    if (stack.length >= MAX_NESTING_DEPTH) throw new SyntaxProblem(i, nestingMessage, path);
    stack.push({ kind, path, keys: new Map(), key: '', items: 0 });
    expecting = kind === 'map' ? 'map-first' : 'list-first';
    i += 1;
  };
  const close = () => {
    stack.pop();
    i += 1;
    valueDone();
  };
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i])) i++;
    const c = text[i];
    if (c === undefined && expecting === 'end') return problems;
    const top = stack[stack.length - 1];
    switch (expecting) {
      case 'map-first':
      case 'map-next': {
        if (c === '}') {
          if (expecting === 'map-next') throw new SyntaxProblem(i, 'a comma before "}": JSON allows no comma after the last entry of a map');
          close();
          break;
        }
        if (c !== '"') throw new SyntaxProblem(i, `expected a key in double quotes; found ${found(text, i)}`);
        const end = skipString(text, i);
        const key = JSON.parse(text.slice(i, end)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) {
          problems.push(error(joinPath(top.path, key), `${prefix}${lineAndColumn(text, i)}: "${key}" is given twice in one map (first at ${lineAndColumn(text, first)}); JSON would keep only the last`));
        } else top.keys.set(key, i);
        top.key = key;
        i = end;
        expecting = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') throw new SyntaxProblem(i, `expected ":" after the key "${top.key}"; found ${found(text, i)}`);
        i += 1;
        expecting = 'map-value';
        break;
      case 'after':
        if (c === ',') {
          if (top.kind === 'list') top.items += 1;
          expecting = top.kind === 'map' ? 'map-next' : 'list-next';
          i += 1;
        } else if (c === (top.kind === 'map' ? '}' : ']')) {
          close();
        } else {
          throw new SyntaxProblem(i, `expected "," or "${top.kind === 'map' ? '}' : ']'}" after a value in a ${top.kind}; found ${found(text, i)}`);
        }
        break;
      case 'end':
        throw new SyntaxProblem(i, `expected the end of the file after the whole value; found ${found(text, i)}`);
      default: {
        // root, map-value, list-first, list-next: a value
        if (c === ']' && expecting !== 'root' && expecting !== 'map-value') {
          if (expecting === 'list-next') throw new SyntaxProblem(i, 'a comma before "]": JSON allows no comma after the last item of a list');
          close();
        } else if (c === '{' || c === '[') {
          open(c === '{' ? 'map' : 'list');
        } else if (c === '"') {
          i = skipString(text, i);
          valueDone();
        } else {
          NUMBER.lastIndex = i;
          LITERAL.lastIndex = i;
          const token = (c === '-' || (c >= '0' && c <= '9') ? NUMBER : LITERAL).exec(text)?.[0];
          WORD.lastIndex = i;
          if (token === undefined || token !== WORD.exec(text)?.[0]) throw new SyntaxProblem(i, `expected ${VALUE}; found ${found(text, i)}`);
          i += token.length;
          valueDone();
        }
      }
    }
  }
}

/** Parses JSON text; every problem names the file (when `name` is given), the line and the column. */
export function parseJsonText(text: string, name?: string): ParsedJson {
  const prefix = name === undefined ? '' : `${name}, `;
  try {
    const problems = scan(text, prefix);
    if (problems.length > 0) return { problems };
  } catch (cause) {
    if (!(cause instanceof SyntaxProblem)) throw cause;
    return { problems: [error(cause.path, `${prefix}${lineAndColumn(text, cause.offset)}: ${cause.message}`)] };
  }
  try {
    return { raw: JSON.parse(text), problems: [] };
  } catch (cause) {
    // The scan above refuses what JSON.parse refuses: this is a safety net, never expected.
    const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0].slice(0, 200);
    return { problems: [error('', `${prefix}the JSON cannot be read: ${reason}`)] };
  }
}
