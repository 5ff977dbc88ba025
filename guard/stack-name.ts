/** Which stack a plan file belongs to, from its path (the rule `npm run guard` documents). */
import { basename, dirname, resolve } from 'node:path';

/** File names (without .json) too generic to name a stack: their folder names it. */
export const GENERIC_PLAN_NAMES: readonly string[] = ['plan', 'tfplan'];

/**
 * `<dir>/<stack>.json` -> `<stack>`; `<dir>/<stack>/plan.json` (or tfplan.json) -> `<stack>`;
 * with `fromPath`, always the folder name. Undefined when the path names no stack (e.g. `/plan.json`).
 */
export function stackNameFromPath(file: string, options: { readonly fromPath?: boolean } = {}): string | undefined {
  const absolute = resolve(file);
  const folder = basename(dirname(absolute));
  const name = basename(absolute).replace(/\.json$/i, '');
  const stack = options.fromPath === true || GENERIC_PLAN_NAMES.includes(name.toLowerCase()) ? folder : name;
  return stack === '' ? undefined : stack;
}
