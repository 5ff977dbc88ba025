/**
 * A split synth (half of the stacks in a worker thread, see cli/synth-stacks.ts) writes exactly
 * the bytes a serial synth writes: every stack, cdktf's manifest, rollout.json and compliance.json.
 * BACKUP_ESTATE_PARALLEL_MIN_STACKS lowers the threshold so the 9-stack organization example splits.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runScript, scratchProject, snapshotDir } from '../support/cli';

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
