/**
 * The loader of dist/standalone/cli.js (cli/code-cache.ts): a bundle runs as Node.js would require
 * it, its V8 code cache is used when V8 accepts it, and a cache V8 rejects (another Node.js, other
 * bytes) changes nothing but speed. The dispatcher's choice of bundle, and that synth and validate
 * from the fast bundle write and print exactly what the sources do (in-process).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleOf, FAST_BUNDLE, SUBCOMMANDS } from '../../cli/backup-estate';
import { cacheFileOf, loadBundle, writeCodeCache } from '../../cli/code-cache';
import { runSynth } from '../../main';
import { runValidate } from '../../cli/validate';
import { ROOT, runCommand, scratchProject, snapshotDir } from '../support/cli';

function tinyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  writeFileSync(join(dir, 'helper.js'), 'module.exports = (n) => n * 2;\n');
  writeFileSync(
    join(dir, 'bundle.js'),
    "'use strict';\nconst double = require('./helper.js');\nconst path = require('node:path');\nexports.where = () => [path.basename(__filename), __dirname];\nexports.run = (n) => double(n) + 1;\nexports.isMain = require.main === module;\n",
  );
  return join(dir, 'bundle.js');
}

describe('loadBundle and writeCodeCache', () => {
  it('runs a bundle with its own require, __filename and __dirname, never as the main module', () => {
    const bundle = tinyBundle();
    const { exports, cacheRejected } = loadBundle(bundle);
    expect([(exports.run as (n: number) => number)(20), (exports.where as () => string[])(), exports.isMain, cacheRejected]).toEqual([41, ['bundle.js', join(bundle, '..')], false, undefined]);
  });

  it('writes the cache of what a run compiled, which the next load uses', () => {
    const bundle = tinyBundle();
    const bytes = writeCodeCache(bundle, (exports) => void (exports.run as (n: number) => number)(1));
    expect(bytes).toBeGreaterThan(0);
    expect(readFileSync(cacheFileOf(bundle)).length).toBe(bytes);
    const loaded = loadBundle(bundle);
    expect([loaded.cacheRejected, (loaded.exports.run as (n: number) => number)(2)]).toEqual([false, 5]);
  });

  it('runs the same with a cache V8 rejects (another Node.js version, or of other bytes)', () => {
    const bundle = tinyBundle();
    writeFileSync(cacheFileOf(bundle), 'not a V8 code cache');
    const loaded = loadBundle(bundle);
    expect([loaded.cacheRejected, (loaded.exports.run as (n: number) => number)(3)]).toEqual([true, 7]);
    // A cache of the bundle's earlier bytes: rejected, and the new bytes run.
    writeCodeCache(bundle, () => undefined);
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('double(n) + 1', 'double(n) + 100'));
    const edited = loadBundle(bundle);
    expect([edited.cacheRejected, (edited.exports.run as (n: number) => number)(3)]).toEqual([true, 106]);
  });
});

describe('the dispatcher and the fast bundle (dist/standalone/cli.js, built by jest global setup as npm pack builds it)', () => {
  it('runs synth and validate from the fast bundle when it is there, every other command from its own bundle', () => {
    const dist = join(ROOT, 'dist');
    const chosen = Object.fromEntries(Object.entries(SUBCOMMANDS).map(([name, subcommand]) => [name, bundleOf(subcommand, dist)]));
    expect(Object.entries(chosen).filter(([, bundle]) => bundle === FAST_BUNDLE).map(([name]) => name)).toEqual(['validate', 'synth']);
    const without = mkdtempSync(join(tmpdir(), 'no-fast-bundle-'));
    expect([bundleOf(SUBCOMMANDS.synth!, without), bundleOf(SUBCOMMANDS.validate!, without)]).toEqual(['main.js', 'cli/validate.js']);
    // The cache beside it is one this Node.js accepts: the start-up the benchmark measures.
    const probe = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(join(dist, 'cli', 'backup-estate.js'))}).loadBundle(${JSON.stringify(join(dist, FAST_BUNDLE))}).cacheRejected))`], { encoding: 'utf8' });
    expect([probe.status, probe.stdout]).toEqual([0, 'false']);
  });

  it('backup-estate validate prints and exits exactly as the sources do, valid or not', () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'backup.yaml'), 'version: 1\nplans:\n  gold:\n    rules:\n      daily: { schedule: "cron(0/15 * * * ? *)" }\n');
    for (const config of ['examples/organization.yaml', 'bad/backup.yaml']) {
      const fast = spawnSync(process.execPath, [join(ROOT, 'bin', 'backup-estate.js'), 'validate', config], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
      const own = runCommand(runValidate, [config], dir);
      expect([config, fast.status, fast.stdout, fast.stderr]).toEqual([config, own.status, own.stdout, own.stderr]);
    }
  });

  it('backup-estate synth writes the bytes the sources write, with its worker thread too', () => {
    const fast = scratchProject();
    const own = scratchProject();
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'backup-estate.js'), 'synth', 'examples/organization.yaml'], {
      cwd: fast,
      encoding: 'utf8',
      // The 9-stack example split between the main thread and the package's worker bundle.
      env: { PATH: process.env.PATH, BACKUP_ESTATE_PARALLEL_MIN_STACKS: '2' },
    });
    const reference = runCommand(runSynth, ['examples/organization.yaml'], own);
    expect([run.status, run.stderr]).toEqual([reference.status, reference.stderr]);
    const contents = (dir: string) => Object.fromEntries(Object.entries(snapshotDir(join(dir, 'cdktf.out'))).map(([file, value]) => [file, value.slice(value.indexOf(':') + 1)]));
    const expected = contents(own);
    expect(Object.keys(expected).filter((file) => file.endsWith('cdk.tf.json'))).toHaveLength(9);
    expect(contents(fast)).toEqual(expected);
  });
});
