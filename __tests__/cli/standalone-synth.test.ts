/**
 * The self-contained synth (dist/standalone/synth.js: dependencies inlined, `node synth.js` with no
 * node_modules) that the pipeline's plan and apply jobs run on their own stacks: it writes exactly
 * the bytes of `npm run synth` for the stacks it is given.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../cli/synthesize';
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT } from '../support/cli';

const STACKS = ['payments-us-east-1', 'central-eu-west-1'];

it('synthesizes the stacks it is given, byte for byte as npm run synth, from a folder without node_modules', () => {
  // Built only when named (a no-op when dist/standalone is newer than the sources).
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'synth-standalone'], { cwd: ROOT, stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'standalone-synth-'));
  try {
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'dist', 'standalone', 'synth.js'), join(dir, 'tool', 'synth.js'));
    const run = spawnSync(process.execPath, ['tool/synth.js', 'examples/organization.yaml', '--stack', STACKS.join(',')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`Synthesized 2 stack(s) from examples/organization.yaml into cdktf.out/stacks: central-eu-west-1, payments-us-east-1\n`);
    expect(synthesize(join(dir, 'examples', 'organization.yaml'), { outdir: join(dir, 'reference') }).ok).toBe(true);
    for (const stack of STACKS) {
      const file = join('stacks', stack, 'cdk.tf.json');
      expect(readFileSync(join(dir, 'cdktf.out', file), 'utf8')).toBe(readFileSync(join(dir, 'reference', file), 'utf8'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
