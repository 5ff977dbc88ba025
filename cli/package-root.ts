/** Where the backup-estate package is (a clone, or node_modules/backup-estate), for its version and shipped files. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the package.json named backup-estate above `from` (this file's folder by default). */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'backup-estate') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no backup-estate package.json above ${from}`);
    dir = parent;
  }
}

/** The package's own package.json. */
export function packageManifest(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
}

/** The package's version (package.json). */
export function packageVersion(): string {
  return packageManifest().version;
}
