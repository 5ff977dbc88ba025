/**
 * Writing synthesized output so that a failed run never leaves a half-written cdktf.out, and an
 * unchanged file is never touched: it keeps its bytes and its modification time, so make, CI
 * caches and anything else that looks at files sees only the stacks that really changed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describeReadError } from './files';
import { OutputFileError } from './output-file';

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

/** A temporary name beside `destination`, in its own folder (so that the last step is a rename within one folder). */
const besideOf = (destination: string): string => join(dirname(destination), `.${basename(destination)}.${process.pid}.tmp`);

/**
 * Moves each of `files` (relative paths) from `staging` into `target`, all or none: first every one
 * to a temporary name beside its destination (what a folder it cannot write in refuses), then each
 * renamed over its destination. A file it cannot place is OutputFileError naming it, and leaves
 * `target` as it was: the temporary files and the folders it created are removed.
 */
function placeAll(outdir: string, staging: string, target: string, files: readonly string[]): void {
  const placed: { temp: string; destination: string }[] = [];
  const folders: string[] = [];
  let current: string | undefined;
  try {
    for (const file of files) {
      current = file;
      const destination = join(target, file);
      const created = mkdirSync(dirname(destination), { recursive: true });
      if (created !== undefined) folders.push(created);
      // A folder in the file's place would fail the last rename, after others were placed: found first.
      if (existsSync(destination) && statSync(destination).isDirectory()) throw Object.assign(new Error(`EISDIR: ${destination}`), { code: 'EISDIR' });
      const temp = besideOf(destination);
      placed.push({ temp, destination });
      try {
        renameSync(join(staging, file), temp);
      } catch {
        // Where a rename cannot (another device), a copy does the same; where neither can, the copy's error says why.
        cpSync(join(staging, file), temp);
      }
    }
    for (const { temp, destination } of placed) {
      current = relative(target, destination);
      renameSync(temp, destination);
    }
  } catch (cause) {
    for (const { temp } of placed) rmSync(temp, { force: true });
    for (const folder of folders.reverse()) rmSync(folder, { recursive: true, force: true });
    throw new OutputFileError(`cannot write ${join(outdir, current ?? '')}: ${describeReadError(cause)}; nothing was written`);
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
 * folder was new. A run that throws leaves `outdir` exactly as it was; `.terraform` folders and
 * lock files inside live stacks are kept.
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
    placeAll(outdir, staging, target, written);
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
