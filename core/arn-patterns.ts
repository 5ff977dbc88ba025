/**
 * ARN patterns as AWS Backup selections write them (`*` = any run of characters) and as this tool
 * writes resource types' ARN shapes (`%` = any run within one ARN field): whether two patterns can
 * match one ARN, whether a pattern matches an ARN, and whether a pattern takes in every ARN another
 * one can match (a notResources entry excluding a whole resource pattern or type).
 */
/** A pattern as tokens: a literal character, `*` (any run) or `%` (any run without a colon). */
type PatternToken = { readonly literal: string } | { readonly star: 'any' | 'field' };

const tokensOf = (pattern: string): PatternToken[] => [...pattern].map((char) => (char === '*' ? { star: 'any' } : char === '%' ? { star: 'field' } : { literal: char }));

/** Can this star produce `char`? */
const starTakes = (star: 'any' | 'field', char: string): boolean => star === 'any' || char !== ':';

/**
 * True when some string matches both patterns (`*` = any run of characters, `%` = any run
 * within one ARN field). A search over pairs of positions: each step consumes one character both
 * patterns can produce, or skips a star.
 */
export function patternsOverlap(a: string, b: string): boolean {
  const x = tokensOf(a);
  const y = tokensOf(b);
  const seen = new Set<number>();
  const width = y.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    if (seen.has(i * width + j)) continue;
    seen.add(i * width + j);
    if (i === x.length && j === y.length) return true;
    const p = x[i];
    const q = y[j];
    if (p && 'star' in p) stack.push([i + 1, j]);
    if (q && 'star' in q) stack.push([i, j + 1]);
    if (!p || !q) continue;
    if ('literal' in p && 'literal' in q) {
      if (p.literal === q.literal) stack.push([i + 1, j + 1]);
    } else if ('literal' in p && 'star' in q) {
      if (starTakes(q.star, p.literal)) stack.push([i + 1, j]);
    } else if ('star' in p && 'literal' in q) {
      if (starTakes(p.star, q.literal)) stack.push([i, j + 1]);
    }
  }
  return false;
}

/**
 * True when `value` matches `pattern` (`*` = any run of characters, or of characters other than
 * white space when not `starSpansWhiteSpace`; `?` = one character when `questionMark`).
 */
export function matchesPattern(pattern: string, value: string, questionMark = false, starSpansWhiteSpace = true): boolean {
  let regex = '^';
  for (const char of pattern) regex += char === '*' ? (starSpansWhiteSpace ? '.*' : '\\S*') : questionMark && char === '?' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${regex}$`, 's').test(value);
}

/**
 * A character no pattern an author writes holds: filled in for another pattern's wildcards, only a
 * wildcard of the outer pattern can take it (a literal of it never does), and a `*` that takes it
 * takes any other run as well.
 */
const FRESH = '\uE000';

/**
 * Two fillers for the wildcards of a pattern, of one and of two fresh characters, so that a `?` of
 * the outer pattern (one character) cannot stand for a wildcard of the inner one.
 */
const FILLERS = [{ any: FRESH, field: FRESH }, { any: FRESH + FRESH, field: FRESH + FRESH }] as const;

/**
 * True when `outer` (`*` any run, or any run without white space when not `starSpansWhiteSpace`;
 * `?` one character, IAM's reading, unless not `questionMark`) matches every ARN `inner` (a listed ARN, an ARN pattern or a type's shape) can
 * match: it matches `inner` with its wildcards filled with fresh characters, once and twice. A
 * literal of `outer` can never match a fresh character, so each is taken by a wildcard of `outer`;
 * filled with visible characters instead ('zq7'), "*z*" covered every pattern with a wildcard.
 */
export function patternCovers(outer: string, inner: string, questionMark = true, starSpansWhiteSpace = true): boolean {
  if (outer === '*' || outer === inner) return true;
  return FILLERS.every((filler) => matchesPattern(outer, [...inner].map((char) => (char === '*' ? filler.any : char === '%' ? filler.field : char)).join(''), questionMark, starSpansWhiteSpace));
}

/**
 * True when `pattern` (`*` any run, `?` read as a wildcard too, IAM's reading) matches no ARN of any
 * of `shapes` (`%` fields) with field `index` (3 the Region, 4 the account) set to `value`, of those
 * that have the field: a Region or account the pattern can never name, however its `*` spans colons.
 */
export function patternMissesField(pattern: string, shapes: readonly string[], index: number, value: string): boolean {
  const widest = pattern.replace(/\?/g, '*');
  // Shapes without the field (an S3 bucket has no Region or account) say nothing of it.
  const open = shapes.map((shape) => shape.split(':')).filter((fields) => fields[index] === '%');
  return open.length > 0 && !open.some((fields) => patternsOverlap(widest, fields.map((field, at) => (at === index ? value : field)).join(':')));
}
