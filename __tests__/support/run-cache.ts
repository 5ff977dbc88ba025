/**
 * Results the test files of one jest run share: a bundled example's model and synth folder are
 * computed once per run instead of once per file that asks (jest gives every file fresh modules, so
 * a module-level cache lasts one file; about twenty files ask for the same three examples).
 *
 * The cache lives in the run's scratch folder (global-setup.js passes it as BACKUP_ESTATE_RUN_CACHE;
 * global-teardown.js removes it), so it never outlives the sources it was computed from. Outside a
 * jest run with that setup nothing is cached. Values travel by structured clone (node:v8), which
 * keeps a model's plain objects, arrays, Maps, Sets, undefined, NaN and shared references; folders
 * are handed out as fresh copies, so a test may change its copy. Two workers computing the same entry
 * at once both finish; the first rename wins and the other's result is dropped.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

const root = (): string | undefined => process.env.BACKUP_ESTATE_RUN_CACHE || undefined;

/** A hash of a folder's files (names and contents, recursively): the part of a key that says which inputs a result came from. */
export function folderHash(dir: string): string {
  const hash = createHash('sha1');
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path}\u0000`).update(readFileSync(path, 'latin1')).update('\u0000');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const entryPath = (cache: string, kind: string, key: string): string => join(cache, `${kind}-${createHash('sha1').update(key).digest('hex')}`);

/** `compute()`, or the value an earlier file of this run computed for the same kind and key (a structured clone). */
export function sharedValue<T>(kind: string, key: string, compute: () => T): T {
  const cache = root();
  if (cache === undefined) return compute();
  const path = entryPath(cache, kind, key);
  if (existsSync(path)) return deserialize(new Uint8Array(readFileSync(path))) as T;
  const value = compute();
  mkdirSync(cache, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, new Uint8Array(serialize(value)));
  renameSync(partial, path);
  return value;
}

/**
 * A fresh copy of the folder `make(dir)` fills, made once per run for the same kind and key. Without
 * a run cache, `make` fills a fresh folder directly.
 */
export function sharedFolder(kind: string, key: string, make: (dir: string) => void): string {
  const fresh = join(mkdtempSync(join(tmpdir(), `${kind}-`)), 'out');
  const cache = root();
  if (cache === undefined) {
    make(fresh);
    return fresh;
  }
  const path = entryPath(cache, kind, key);
  if (!existsSync(path)) {
    mkdirSync(cache, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    make(partial);
    try {
      renameSync(partial, path);
    } catch {
      // Another worker renamed its own first (a folder cannot replace a non-empty one): use that.
      rmSync(partial, { recursive: true, force: true });
    }
  }
  cpSync(path, fresh, { recursive: true });
  return fresh;
}
