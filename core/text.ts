import { isUtf8 } from 'node:buffer';

type Bytes = { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number };

const asBytes = (data: Bytes): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
const utf16Le = (bytes: Uint8Array): boolean => bytes[0] === 0xff && bytes[1] === 0xfe;
const utf16Be = (bytes: Uint8Array): boolean => bytes[0] === 0xfe && bytes[1] === 0xff;

/**
 * The text of a file as the tools that write it encode it: UTF-8, with a leading byte order mark
 * dropped (PowerShell 7's utf8BOM, some editors), or UTF-16 with its byte order mark (Windows
 * PowerShell 5's `>` and Out-File write UTF-16 LE): an AWS CLI export or a `terraform show -json`
 * redirected there is read as what it says, not refused as "not JSON". Bytes without a UTF-16
 * byte order mark are UTF-8.
 */
export function decodeText(data: Bytes): string {
  const bytes = asBytes(data);
  // TextDecoder drops the byte order mark of its own encoding (ignoreBOM defaults to false).
  if (utf16Le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  if (utf16Be(bytes)) {
    // Big endian: swap each pair and read it as little endian (every Node.js build knows utf-16le).
    const swapped = new Uint8Array(bytes.length - 2 - (bytes.length % 2));
    for (let index = 0; index < swapped.length; index += 2) {
      swapped[index] = bytes[index + 3] as number;
      swapped[index + 1] = bytes[index + 2] as number;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Where a file's bytes stop being UTF-8 (line, column, the byte), or undefined when they are all
 * UTF-8. Read as 'utf8', a byte that is not (a Latin-1 é from an old editor) silently became U+FFFD,
 * and a tag value "géld" the selection "g\uFFFDld", which no resource carries.
 */
function notUtf8(data: Bytes): string | undefined {
  const bytes = asBytes(data);
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  let column = 1;
  for (let at = 0; at < bytes.length; column++) {
    const byte = bytes[at] as number;
    // The length of the character this byte starts (0: it starts none).
    const length = byte < 0x80 ? 1 : byte >> 5 === 0b110 ? 2 : byte >> 4 === 0b1110 ? 3 : byte >> 3 === 0b11110 ? 4 : 0;
    if (length === 0 || !isUtf8(bytes.subarray(at, at + length)) || at + length > bytes.length) {
      return `line ${line}, column ${column} (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')})`;
    }
    if (byte === 0x0a) {
      line++;
      column = 0;
    }
    at += length;
  }
  return undefined;
}

/**
 * Where UTF-16 bytes (after their byte order mark) stop being UTF-16 (line, column, the code unit), or undefined: a surrogate
 * without its other half, or a last byte without its pair. TextDecoder reads either as U+FFFD, as it does a Latin-1 byte in UTF-8.
 */
function notUtf16(bytes: Uint8Array, littleEndian: boolean): string | undefined {
  const unitAt = (at: number): number => (littleEndian ? (bytes[at] as number) | ((bytes[at + 1] as number) << 8) : ((bytes[at] as number) << 8) | (bytes[at + 1] as number));
  let line = 1;
  let column = 1;
  for (let at = 2; at < bytes.length; column++) {
    if (at + 1 === bytes.length) return `line ${line}, column ${column} (a last byte 0x${(bytes[at] as number).toString(16).toUpperCase().padStart(2, '0')} without its pair)`;
    const unit = unitAt(at);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const pairedLow = high && at + 3 < bytes.length && unitAt(at + 2) >= 0xdc00 && unitAt(at + 2) <= 0xdfff;
    if ((unit >= 0xd800 && unit <= 0xdfff) !== pairedLow) return `line ${line}, column ${column} (0x${unit.toString(16).toUpperCase()}, half of a surrogate pair)`;
    if (unit === 0x0a) {
      line++;
      column = 0;
    }
    at += pairedLow ? 4 : 2;
  }
  return undefined;
}

/**
 * The one reading of every file a user hands the tool (configs, policy files, the imports file, plans, inventories, exports,
 * price tables) and of the files it wrote: UTF-8, a leading byte order mark dropped, or UTF-16 with its byte order mark (Windows
 * PowerShell 5's `>` and Out-File, Notepad's "Unicode"); or why not, never U+FFFD in place of what was written: where decodeText would
 * read U+FFFD, after the file's name in a message (`is not UTF-8 text at line 2, column 14 (byte 0xE9): save it as UTF-8`), the one
 * wording of every reader that refuses them.
 */
export function textOf(data: Bytes): { readonly text: string } | { readonly reason: string } {
  const bytes = asBytes(data);
  const utf16 = utf16Le(bytes) || utf16Be(bytes);
  const bad = utf16 ? notUtf16(bytes, utf16Le(bytes)) : notUtf8(bytes);
  return bad === undefined ? { text: decodeText(bytes) } : { reason: `is not ${utf16 ? 'UTF-16' : 'UTF-8'} text at ${bad}: save it as UTF-8` };
}
