import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeReadError } from '../core/file-errors';
import { decodeText, undecodableReason } from '../core/text';

/**
 * A JSON file the config names (relative to `baseDir`), read as every reader of the tool reads one (core/text.ts decodeText: a
 * byte order mark dropped, UTF-16 with its mark decoded), its text and value; or why not, after `"<file>" ` in a message. Bytes that
 * are not UTF-8 are refused: decoded leniently, a Latin-1 byte would become U+FFFD in what reaches AWS (a tag value no resource carries).
 */
export function readInputJson(file: string, baseDir: string): { readonly text: string; readonly document: unknown } | { readonly reason: string } {
  try {
    const bytes = readFileSync(resolve(baseDir, file));
    const bad = undecodableReason(bytes);
    if (bad !== undefined) return { reason: bad };
    const text = decodeText(bytes);
    return { text, document: JSON.parse(text) as unknown };
  } catch (cause) {
    return { reason: cause instanceof SyntaxError ? `is not valid JSON (${cause.message})` : `cannot be read (${describeReadError(cause)})` };
  }
}
