/**
 * Writing synthesized output so that a failed run never leaves a half-written cdktf.out, and an
 * unchanged file is never touched: it keeps its bytes and its modification time, so make, CI
 * caches and anything else that looks at files sees only the stacks that really changed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeReadError } from './files';
import { OutputFileError, writeOutputs } from './output-file';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)).map((file) => join(entry.name, file)) : [entry.name],
  );
}

/** True when `target` is a file holding exactly the bytes of `staged`. */
function sameFile(staged: string, target: string): boolean {
  try {
    const stat = statSync(target);
    if (!stat.isFile() || stat.size !== statSync(staged).size) return false;
    // latin1 maps each byte to one character: equal strings are equal bytes.
    return readFileSync(staged, 'latin1') === readFileSync(target, 'latin1');
  } catch {
    // No such file (or unreadable): it must be written.
    return false;
  }
}

export interface WriteOptions {
  /**
   * Remove stack folders the new output no longer has. Off under `cdktf synth`, whose CLI removes
   * them itself after the app ends (and fails on a folder already gone). @default true
   */
  readonly removeStale?: boolean;
}

/**
 * Runs `write` into a staging folder beside `outdir`, then moves each changed or new file into
 * place (one rename each, or the whole folder when `outdir` does not exist yet), leaves each file
 * whose bytes are the same untouched (same bytes, same modification time), and removes stack
 * folders that no longer exist (unless `removeStale` is false). Returns the files written, relative to `outdir`, or 'all' when the
 * folder was new. A run that throws while writing leaves `outdir` exactly as it was (writeOutputs: all or none; its error
 * ends "; nothing was written" only then); a stale stack folder it cannot remove throws after the new stacks are written, and
 * says so. `.terraform` folders and lock files inside live stacks are kept.
 */
export function writeAtomically(outdir: string, write: (dir: string) => void, options: WriteOptions = {}): string[] | 'all' {
  const target = resolve(outdir);
  // A file where the folder goes is the user's to move (exit 2), not an internal error found after the whole synth.
  if (existsSync(target) && !statSync(target).isDirectory()) throw new OutputFileError(`cannot write ${outdir}: it is a file, not a folder`);
  // mkdir (not mkdtemp, which makes it 0700): the staging folder may become the output folder itself.
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(staging);
  } catch (cause) {
    throw new OutputFileError(`cannot write ${outdir}: ${describeReadError(cause)}`);
  }
  try {
    write(staging);
    if (!existsSync(target)) {
      // Nothing to keep (no .terraform folders, no stale stacks): one rename moves everything.
      renameSync(staging, target);
      return 'all';
    }
    const written = filesUnder(staging).filter((file) => !sameFile(join(staging, file), join(target, file)));
    try {
      // All or none, by the mechanism every command's output files go through.
      writeOutputs(written.map((file) => ({ path: join(target, file), from: join(staging, file), shown: join(outdir, file) })));
    } catch (cause) {
      // writeOutputs names the files already in place when it failed after renames began: "nothing was written" only when true.
      const written = cause instanceof OutputFileError ? cause.written : [];
      throw new OutputFileError(`${(cause as Error).message}${written.length === 0 ? '; nothing was written' : ''}`, written);
    }
    if (options.removeStale === false) return written;
    const stacksDir = join(target, 'stacks');
    const current = new Set(existsSync(join(staging, 'stacks')) ? readdirSync(join(staging, 'stacks')) : []);
    for (const stale of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
      if (current.has(stale)) continue;
      try {
        rmSync(join(stacksDir, stale), { recursive: true, force: true });
      } catch (cause) {
        // The new stacks are in place; the folder of one the config no longer has is not gone, and a pipeline would still plan it.
        throw new OutputFileError(`cannot remove ${join(outdir, 'stacks', stale)} (a stack this config no longer has): ${describeReadError(cause)}; the other stacks are written`);
      }
    }
    return written;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
