/**
 * What a JSON text says that JSON.parse does not keep: keys repeated inside one object (JSON.parse
 * keeps the last silently; AWS Organizations rejects the document; Terraform reads a repeated
 * block type, `resource` say, as two blocks) and number literals not written in the shortest form
 * of the double JSON.parse reads (it rounds 9007199254740993 to 9007199254740992, 1e400 to
 * Infinity; Terraform reads numbers with arbitrary precision, so two such literals it tells apart
 * could read as one double). Texts must be valid JSON; readers return [] for any other.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JSON path of a child: `$.plans.gold`, `$.plans['my-plan']`, `$.regions['@@assign'][0]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return `${parent}.${key}`;
  return `${parent}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
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

/** A number literal whose value JSON.parse rounds. */
export interface InexactNumber {
  readonly path: string;
  /** The literal as written. */
  readonly literal: string;
  /** What JSON.parse reads. */
  readonly parsed: number;
  readonly line: number;
}

interface Visitor {
  /** `pathOf` builds the JSON path of the key only when asked (a stack holds thousands of keys). */
  key?(pathOf: () => string, key: string, seen: boolean, offset: number): void;
  number?(pathOf: () => string, literal: string, offset: number): void;
}

/**
 * Walks a valid JSON text, calling `visitor` for each object key and number literal; nothing for an invalid text. `knownValid`: the
 * caller has already parsed it (one JSON.parse less). Paths are built from a stack of segments only when a visitor asks.
 */
function walk(text: string, visitor: Visitor, knownValid = false): void {
  if (!knownValid) {
    try {
      JSON.parse(text);
    } catch {
      return;
    }
  }
  let i = 0;
  const segments: (string | number)[] = [];
  const pathOf = (): string => segments.reduce<string>((path, segment) => childPath(path, segment), '$');
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    let escaped = false;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') escaped = true;
      i += text[i] === '\\' ? 2 : 1;
    }
    i += 1;
    // Only a string with an escape needs JSON's reading; the others are their characters.
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const readValue = (): void => {
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
        segments.push(key);
        visitor.key?.(pathOf, key, seen.has(key), keyAt);
        seen.add(key);
        readValue();
        segments.pop();
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
        segments.push(index);
        readValue();
        segments.pop();
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
    const start = i;
    while (i < text.length && !',]} \t\n\r'.includes(text[i] ?? '')) i += 1;
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) visitor.number?.(pathOf, text.slice(start, i), start);
  };
  readValue();
}

/** Keys repeated inside one object of a JSON text. */
export function findDuplicateKeys(text: string, knownValid = false): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  walk(text, { key: (pathOf, key, seen, offset) => (seen ? found.push({ path: pathOf(), key, line: lineAndColumn(text, offset).line }) : undefined) }, knownValid);
  return found;
}

/** The exact decimal value of a JSON number literal (or of String(number)): digits without leading or trailing zeros, and an exponent; '0' for any zero. */
function decimalValue(literal: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return literal;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const first = digits.search(/[1-9]/);
  if (first < 0) return '0';
  const significant = digits.slice(first).replace(/0+$/, '');
  // The value is 0.<significant> x 10^power.
  const power = BigInt(exponent) + BigInt(whole.length - first);
  return `${sign}0.${significant}e${power}`;
}

/**
 * Number literals whose decimal value is not that of the shortest form of the double JSON.parse
 * reads (String(number)): only those can read as one double while their values differ. `1.0`,
 * `1e2`, `-0` are the value of their double's shortest form; `9007199254740993`, `1e400` are not.
 */
export function findInexactNumbers(text: string, knownValid = false): InexactNumber[] {
  const found: InexactNumber[] = [];
  walk(
    text,
    {
      number: (pathOf, literal, offset) => {
        const parsed = Number(literal);
        // A literal that is its double's shortest form (35, 180, 0.5: nearly all) needs no decimal comparison.
        if (String(parsed) !== literal && decimalValue(literal) !== decimalValue(String(parsed))) found.push({ path: pathOf(), literal, parsed, line: lineAndColumn(text, offset).line });
      },
    },
    knownValid,
  );
  return found;
}

/** A JSON text that repeats a key in one object: its message says which, where, and why that is refused (after the file's name). */
export class RepeatedKeyError extends Error {}

/**
 * The value of a JSON text as every reader of a file reads one: JSON.parse (its SyntaxError for a text that is not JSON), but a key
 * repeated in one object is a RepeatedKeyError, not the last of them kept and the others silently dropped (a second
 * `resource_changes`, `ResourceTagMappingList` or stack of an imports file would hide what the first says).
 */
export function parseUniqueJson(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  const [first] = findDuplicateKeys(text, true);
  if (first !== undefined) throw new RepeatedKeyError(`repeats the key "${first.key}" at ${first.path} (line ${first.line}): JSON readers keep only the last, so what the others say would be silently dropped`);
  return value;
}

/**
 * A JSON document a plan or stack holds as a string (a policy, an event pattern, a filter policy), read by the one walker above:
 * its value as JSON.parse reads it, and the first key it repeats in one object, if any; undefined for text that is not JSON.
 * JSON.parse keeps the last of repeated keys, which is what hashicorp/aws does with the documents it normalizes before sending
 * them (vault, key and topic policies, event patterns, filter policies: the plan holds them normalized); where the receiver
 * refuses a repeated key instead (AWS Organizations policy content), the caller says the apply would fail rather than judge the
 * last reading.
 */
export function readEmbeddedJson(text: string): { readonly value: unknown; readonly repeated?: DuplicateKey } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  const [repeated] = findDuplicateKeys(text, true);
  return repeated === undefined ? { value } : { value, repeated };
}
