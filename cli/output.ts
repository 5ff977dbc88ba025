/** Writing synthesized output so that a failed run never leaves a half-written cdktf.out. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)).map((file) => join(entry.name, file)) : [entry.name],
  );
}

/**
 * Runs `write` into a staging folder beside `outdir`, then moves each file into place (one rename
 * each) and removes stack folders that no longer exist. A run that throws leaves `outdir`
 * exactly as it was; `.terraform` folders and lock files inside live stacks are kept.
 */
export function writeAtomically(outdir: string, write: (dir: string) => void): void {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
  try {
    write(staging);
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
