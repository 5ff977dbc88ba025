/** JSON helpers for policy documents: deterministic serialization, character counts (JSON paths and duplicate keys: core/json-text.ts). */
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

/** Characters as AWS counts them (code points, not UTF-16 units). */
export function characters(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0xdc00 || unit > 0xdfff) count += 1; // a low surrogate completes the character before it
  }
  return count;
}
