import { readFileSync } from 'node:fs';
import { parseUniqueJson, RepeatedKeyError } from './json-text';
import { textOf } from './text';

/** File-reading (and writing) errors in words, for every message that names a file (never a bare errno code or a stack trace). */
export function describeReadError(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a symbolic link that leads back to itself';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

/** The text of a file the tool wrote (core/text.ts textOf, as every file), or an Error naming it and why it cannot be read; `hint` ends the message. */
export function readTextFile(path: string, hint = ''): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new Error(`${path}: cannot read: ${describeReadError(cause)}${hint}`);
  }
  const read = textOf(bytes);
  if ('reason' in read) throw new Error(`${path} ${read.reason}${hint}`);
  return read.text;
}

/**
 * The value of a JSON file the tool wrote (rollout.json, sizes.json, a stack's cdk.tf.json, ...),
 * or an Error naming the file and why: it cannot be read (in words: a folder in its place, no
 * permission), it is not valid JSON or it repeats a key. `hint` ends the messages (": synthesize again"). Its bytes are read
 * by textOf, as every other file the tool reads: a byte order mark (a file an editor saved again) is not "not valid JSON".
 */
export function readJsonFile(path: string, hint = ''): unknown {
  const text = readTextFile(path, hint);
  try {
    return parseUniqueJson(text);
  } catch (cause) {
    if (cause instanceof RepeatedKeyError) throw new Error(`${path} ${cause.message}${hint}`);
    throw new Error(`${path}: not valid JSON: ${(cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ')}${hint}`);
  }
}
