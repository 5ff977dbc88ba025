/**
 * Loads a CommonJS bundle with V8's code cache. `<bundle>.cache`, written at build time
 * (scripts/build.mjs, after a run of the bundle), holds the compiled code of the functions that run
 * used, so a later process skips parsing and compiling them: about a quarter of `validate`'s start.
 * A cache from another Node.js (V8) version or of other bundle bytes is rejected by V8 and the
 * bundle compiles as usual: the cache changes speed, never behaviour. It is read only from beside
 * the bundle, inside the installed package (never from a shared folder such as /tmp, where another
 * user could plant one).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface LoadedBundle {
  readonly exports: Record<string, unknown>;
  /** The compiled bundle: its createCachedData() after a run is the next cache. */
  readonly script: Script;
  /** Whether V8 refused the cache (another Node.js version); undefined without a cache. */
  readonly cacheRejected: boolean | undefined;
}

export const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

/** Runs `bundle` as Node.js would require it (its own exports, require, __filename and __dirname). */
export function loadBundle(bundle: string, options: { useCache?: boolean } = {}): LoadedBundle {
  const cacheFile = cacheFileOf(bundle);
  const cachedData = options.useCache !== false && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const source = readFileSync(bundle, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} as Record<string, unknown>, filename: bundle, id: bundle, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  return { exports: module.exports, script, cacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected };
}

/** Loads `bundle` without a cache, calls `warm` with its exports, then writes the cache of what ran. */
export function writeCodeCache(bundle: string, warm: (exports: Record<string, unknown>) => void): number {
  const loaded = loadBundle(bundle, { useCache: false });
  warm(loaded.exports);
  const data = loaded.script.createCachedData();
  writeFileSync(cacheFileOf(bundle), new Uint8Array(data.buffer, data.byteOffset, data.length));
  return data.length;
}
