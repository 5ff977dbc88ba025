/**
 * "Did you mean" helpers: the edit distance between two words, the closest of several words, and
 * the allowed key a misspelt key most likely meant. Config field hints, backup policy key hints and
 * Region hints (./regions.ts) all measure typos with it.
 */

/** Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The first of `candidates` closest to `word` within `maxDistance` edits (word itself when listed), or undefined. */
export function closest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The allowed snake_case key a misspelt key most likely meant: the key lower-cased with - and
 * blanks as _ when that is allowed, else the first closest key within an edit distance of 2.
 */
export function suggest(key: string, allowed: readonly string[]): string | undefined {
  return closest(key.toLowerCase().replace(/[-\s]/g, '_'), allowed);
}
