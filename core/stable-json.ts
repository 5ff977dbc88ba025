/**
 * Deterministic JSON: object keys sorted by code unit at every level, two-space indent, and empty
 * containers written as "{\n}" / "[\n]": byte-for-byte the format cdktf writes its manifest.json in
 * (json-stable-stringify with { space: 2 }), so a manifest merged from two synth threads reads as
 * one cdktf wrote. Our own code, so a change of cdktf's private dependencies cannot break us.
 */
import { compareStrings } from './order';

/** `value` as stable JSON (see the file comment). Throws on a cycle, as JSON.stringify does. */
export function stableJson(value: unknown, space = 2): string {
  const pad = (level: number): string => ' '.repeat(space * level);
  const seen = new Set<object>();
  const write = (input: unknown, level: number): string | undefined => {
    let node = input;
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined || typeof node === 'function' || typeof node === 'symbol') return undefined;
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    if (seen.has(node)) throw new TypeError('stableJson: the value holds a cycle');
    seen.add(node);
    let body: string[];
    let open: string;
    let close: string;
    if (Array.isArray(node)) {
      body = node.map((item) => write(item, level + 1) ?? 'null');
      [open, close] = ['[', ']'];
    } else {
      const record = node as Record<string, unknown>;
      body = Object.keys(record)
        .sort(compareStrings)
        .flatMap((key) => {
          const text = write(record[key], level + 1);
          return text === undefined ? [] : [`${JSON.stringify(key)}: ${text}`];
        });
      [open, close] = ['{', '}'];
    }
    seen.delete(node);
    const inner = body.length > 0 ? `${body.map((line) => `${pad(level + 1)}${line}`).join(',\n')}\n` : '';
    return `${open}\n${inner}${pad(level)}${close}`;
  };
  return write(value, 0) ?? 'undefined';
}
