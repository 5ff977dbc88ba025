/**
 * The text of a file as the tools that write it encode it: UTF-8, with a leading byte order mark
 * dropped (PowerShell 7's utf8BOM, some editors), or UTF-16 with its byte order mark (Windows
 * PowerShell 5's `>` and Out-File write UTF-16 LE): an AWS CLI export or a `terraform show -json`
 * redirected there is read as what it says, not refused as "not JSON". Bytes without a UTF-16
 * byte order mark are UTF-8.
 */
export function decodeText(data: { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number }): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // TextDecoder drops the byte order mark of its own encoding (ignoreBOM defaults to false).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
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
