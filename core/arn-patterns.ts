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
 * Two fillers for the wildcards of a pattern: one plain, one with the separators ARNs use, so that
 * only a pattern whose own wildcards stand where these do matches the pattern with both in place.
 */
const FILLERS = [{ any: 'zq7', field: 'zq7' }, { any: 'x-y/z:w', field: 'x-y/z' }] as const;

/**
 * True when `outer` (a notResources entry: `*` any run, `?` one character, IAM's reading, which
 * excludes the most) matches every ARN `inner` (a listed ARN, an ARN pattern or a type's shape) can
 * match: it matches `inner` itself and `inner` with its wildcards filled in two different ways. A
 * literal in `outer` where `inner` has a wildcard fails the second filling at least.
 */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  return FILLERS.every((filler) => matchesPattern(outer, [...inner].map((char) => (char === '*' ? filler.any : char === '%' ? filler.field : char)).join(''), true));
}
