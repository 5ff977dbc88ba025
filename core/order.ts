/**
 * Ordering and shape helpers every layer uses. Output must be byte-identical on every machine, so
 * strings compare by UTF-16 code unit (never localeCompare, which depends on the locale).
 */

/** Code-unit comparison of two strings: the same order on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A policy field that holds one value or a list of them (IAM's Action, Resource, condition values), as a list. */
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** A count and its noun: "1 day", "2 days" (`many` for nouns whose plural is not noun + s). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A record's entries sorted by key (code units): map order in a config never changes output. */
export function sortedEntries<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => compareStrings(a, b));
}

/** Distinct values, sorted by code unit. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a, b, c", or "none": a list in a message that may be empty. */
export const listOrNone = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));

/** "a", "a and b", "a, b and c": a list in a message. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The first few of a list for a message, the rest counted: "a, b, c and 4 more". */
export function firstFew(items: readonly string[], shown = 3): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
