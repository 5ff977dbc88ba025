/**
 * A split synth (half of the stacks in a worker thread, see cli/synth-stacks.ts) writes exactly
 * the bytes a serial synth writes: every stack, cdktf's manifest, rollout.json and compliance.json.
 * BACKUP_ESTATE_PARALLEL_MIN_STACKS lowers the threshold so the 9-stack organization example splits.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runScript, scratchProject, snapshotDir } from '../support/cli';

const contents = (dir: string): Record<string, string> =>
  Object.fromEntries(Object.entries(snapshotDir(dir)).map(([file, value]) => [file, value.slice(value.indexOf(':') + 1)]));

const describeIfCores = availableParallelism() >= 2 ? describe : describe.skip;

describeIfCores('split synth (worker thread)', () => {
  it('writes the same bytes as a serial synth, findings included', () => {
    const serial = scratchProject();
    const split = scratchProject();
    const args = ['examples/organization.yaml'];
    const serialRun = runScript('main.js', args, serial, { BACKUP_ESTATE_PARALLEL_MIN_STACKS: '1000000' });
    const splitRun = runScript('main.js', args, split, { BACKUP_ESTATE_PARALLEL_MIN_STACKS: '2' });
    expect([serialRun.status, splitRun.status]).toEqual([0, 0]);
    expect(splitRun.stderr).toBe(serialRun.stderr);
    const expected = contents(join(serial, 'cdktf.out'));
    expect(Object.keys(expected)).toContain('manifest.json');
    expect(Object.keys(expected).filter((file) => file.endsWith('cdk.tf.json'))).toHaveLength(9);
    expect(contents(join(split, 'cdktf.out'))).toEqual(expected);
  });
});

describeIfCores('split synth (worker thread) failing', () => {
  it('a worker that cannot load its modules answers with its error: the synth fails at once, writing nothing', () => {
    // A copy of the package whose worker cannot load cdktf (the main thread can).
    const copy = mkdtempSync(join(tmpdir(), 'estate-broken-worker-'));
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true, filter: (path) => !path.includes('standalone') });
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    renameSync(join(copy, 'dist', 'cli', 'synth-worker.js'), join(copy, 'dist', 'cli', 'synth-worker-real.js'));
    writeFileSync(
      join(copy, 'dist', 'cli', 'synth-worker.js'),
      [
        "const Module = require('node:module');",
        'const load = Module.prototype.require;',
        "Module.prototype.require = function (id) { if (id === 'cdktf') throw new Error('cannot load cdktf here'); return load.apply(this, arguments); };",
        "require('./synth-worker-real.js');",
      ].join('\n'),
    );
    const project = scratchProject();
    const run = spawnSync(process.execPath, [join(copy, 'dist', 'main.js'), 'examples/organization.yaml'], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, BACKUP_ESTATE_PARALLEL_MIN_STACKS: '2', NODE_PATH: join(ROOT, 'node_modules') },
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the synth worker failed: Error: cannot load cdktf here');
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });
});
