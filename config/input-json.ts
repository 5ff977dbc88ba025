import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeReadError } from '../core/file-errors';
import { parseUniqueJson, RepeatedKeyError } from '../core/json-text';
import { textOf } from '../core/text';

/**
 * A JSON file the config names (relative to `baseDir`), read as every reader of the tool reads one (core/text.ts textOf: a
 * byte order mark dropped, UTF-16 with its mark decoded, bytes that decode to U+FFFD refused: a Latin-1 byte would reach AWS as a
 * tag value no resource carries), its text and value; or why not, after `"<file>" ` in a message. A key repeated in one object
 * is refused (core/json-text.ts parseUniqueJson), unless `repeatedKeys` is 'caller': a policy file lists each one itself.
 */
export function readInputJson(file: string, baseDir: string, repeatedKeys: 'refuse' | 'caller' = 'refuse'): { readonly text: string; readonly document: unknown } | { readonly reason: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(baseDir, file));
  } catch (cause) {
    return { reason: `cannot be read (${describeReadError(cause)})` };
  }
  const read = textOf(bytes);
  if ('reason' in read) return read;
  try {
    return { text: read.text, document: repeatedKeys === 'refuse' ? parseUniqueJson(read.text) : (JSON.parse(read.text) as unknown) };
  } catch (cause) {
    if (cause instanceof RepeatedKeyError) return { reason: cause.message };
    return { reason: `is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})` };
  }
}
