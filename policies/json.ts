/** JSON helpers for policy documents: JSON paths, deterministic serialization, duplicate keys, character counts. */
import { KEY_ORDER } from './model';
import { compareStrings } from '../core/order';

export type JsonObject = Record<string, unknown>;

/** "a string", "a list", "null" ...: what a value is, for messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A value quoted for a message, shortened past 80 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JSON path of a child: `$.plans.gold`, `$.plans['my-plan']`, `$.regions['@@assign'][0]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return `${parent}.${key}`;
  return `${parent}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

const RANK = new Map(KEY_ORDER.map((key, index) => [key, index]));

function compareKeys(a: string, b: string): number {
  const rankA = RANK.get(a);
  const rankB = RANK.get(b);
  if (rankA !== undefined || rankB !== undefined) {
    if (rankA === undefined) return 1;
    if (rankB === undefined) return -1;
    return rankA - rankB;
  }
  return compareStrings(a, b);
}

/** Recursively copies `value` with object keys in a stable order (grammar keys first, free names sorted). */
export function canonicalize(value: unknown, seen: Set<object> = new Set()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) throw new TypeError('cannot serialize a circular structure');
  seen.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.map((item) => canonicalize(item, seen));
  } else {
    const object: JsonObject = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      const item = (value as JsonObject)[key];
      if (item !== undefined) object[key] = canonicalize(item, seen);
    }
    copy = object;
  }
  seen.delete(value);
  return copy;
}

/** Line (1-based) and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export interface DuplicateKey {
  readonly path: string;
  readonly key: string;
  readonly line: number;
}

/**
 * Keys repeated inside one object of a JSON text (JSON.parse keeps the last silently; AWS
 * Organizations rejects the document). `text` must be valid JSON; returns [] if it is not.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i += 1;
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      const seen = new Set<string>();
      while (i < text.length) {
        skipSpace();
        const keyAt = i;
        const key = readString();
        skipSpace();
        i += 1; // ':'
        const keyPath = childPath(path, key);
        if (seen.has(key)) found.push({ path: keyPath, key, line: lineAndColumn(text, keyAt).line });
        seen.add(key);
        readValue(keyPath);
        skipSpace();
        const separator = text[i];
        i += 1;
        if (separator !== ',') return;
      }
      return;
    }
    if (c === '[') {
      i += 1;
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; i < text.length; index += 1) {
        readValue(childPath(path, index));
        skipSpace();
        const separator = text[i];
        i += 1;
        if (separator !== ',') return;
      }
      return;
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i] ?? '')) i += 1;
  };
  try {
    JSON.parse(text);
    readValue('$');
  } catch {
    return found;
  }
  return found;
}

/** Characters as AWS counts them (code points, not UTF-16 units). */
export function characters(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0xdc00 || unit > 0xdfff) count += 1; // a low surrogate completes the character before it
  }
  return count;
}
