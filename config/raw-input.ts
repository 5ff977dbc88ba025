/**
 * The first look at a parsed config, before anything recursive reads it (zod, the rules): how
 * deep it nests, whether an alias made it contain itself, and whether a key is a name JavaScript
 * objects already use. Iterative on purpose: a config 5,000 maps deep must not overflow the stack
 * of the very check that refuses it.
 */
import { error, joinPath, Problem } from '../core/problems';

/**
 * Deepest nesting of maps and lists a config may have (the file itself is level 1). The deepest
 * field of the schema is at level 8 (plans.<name>.selections.<name>.conditions.stringEquals.<tag>
 * holding a list). Measured on Node 20 with its default stack, the yaml composer and a recursive zod
 * schema both overflow at about 1,250 nested maps in a bare process (fewer under a deeper caller):
 * 64 refuses nothing real and stays 20 times below.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Keys refused anywhere in a config: the members of Object.prototype (`__proto__`, `constructor`,
 * `toString`, ...) and `prototype`. JSON.parse and the yaml package store them as own properties,
 * but zod drops a `__proto__` key without a word (so a vault keyed `__proto__` vanished), and any
 * lookup `map[key]` finds the inherited member when the key is missing.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export const reservedKeyMessage = (key: string): string =>
  `"${key}" cannot be a key: names of JavaScript object internals (__proto__, constructor, prototype, toString, ...) are refused everywhere in the config; rename it`;

export const nestingMessage = `nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep (a config needs at most 8): refused before it is read further`;

export interface RawInputCheck {
  readonly problems: Problem[];
  /** True when the value must not be read further (too deep, or containing itself): nothing recursive may run on it. */
  readonly unsafe: boolean;
}

interface Frame {
  readonly value: object;
  readonly path: string;
  readonly entries: [string, unknown][];
  next: number;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/** Depth, cycles and reserved keys of a parsed config, each problem at the path of the key. */
export function checkRawInput(raw: unknown): RawInputCheck {
  if (!isContainer(raw)) return { problems: [], unsafe: false };
  const problems: Problem[] = [];
  const onPath = new Set<object>([raw]);
  const stack: Frame[] = [{ value: raw, path: '', entries: Object.entries(raw), next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.entries.length) {
      onPath.delete(frame.value);
      stack.pop();
      continue;
    }
    const [key, child] = frame.entries[frame.next++];
    const path = joinPath(frame.path, key);
    if (!Array.isArray(frame.value) && RESERVED_KEYS.has(key)) {
      problems.push(error(path, reservedKeyMessage(key)));
      continue;
    }
    if (!isContainer(child)) continue;
    if (onPath.has(child)) {
      return { problems: [error(path, 'contains itself (a YAML alias inside its own anchor): the config would never end')], unsafe: true };
    }
    if (stack.length >= MAX_NESTING_DEPTH) return { problems: [error(path, nestingMessage)], unsafe: true };
    onPath.add(child);
    stack.push({ value: child, path, entries: Object.entries(child), next: 0 });
  }
  return { problems, unsafe: false };
}
