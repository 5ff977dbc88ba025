/** Writing synthesized output so that a failed run never leaves a half-written cdktf.out. */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)).map((file) => join(entry.name, file)) : [entry.name],
  );
}

/**
 * Runs `write` into a staging folder beside `outdir`, then moves each file into place (one rename
 * each, or the whole folder when `outdir` does not exist yet) and removes stack folders that no
 * longer exist. A run that throws leaves `outdir` exactly as it was; `.terraform` folders and lock
 * files inside live stacks are kept.
 */
export function writeAtomically(outdir: string, write: (dir: string) => void): void {
  const target = resolve(outdir);
  // mkdir (not mkdtemp, which makes it 0700): the staging folder may become the output folder itself.
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(staging);
  try {
    write(staging);
    if (!existsSync(target)) {
      // Nothing to keep (no .terraform folders, no stale stacks): one rename moves everything.
      renameSync(staging, target);
      return;
    }
    for (const file of filesUnder(staging)) {
      const destination = join(target, file);
      mkdirSync(dirname(destination), { recursive: true });
      try {
        renameSync(join(staging, file), destination);
      } catch {
        cpSync(join(staging, file), destination);
      }
    }
    const stacksDir = join(target, 'stacks');
    const current = new Set(existsSync(join(staging, 'stacks')) ? readdirSync(join(staging, 'stacks')) : []);
    for (const stale of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
      if (!current.has(stale)) rmSync(join(stacksDir, stale), { recursive: true, force: true });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
