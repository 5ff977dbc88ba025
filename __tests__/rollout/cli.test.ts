/** `npm run atlantis` as a user runs it: the built dist/cli/atlantis.js in a scratch project. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atlantisConfig } from '../../rollout/atlantis';
import { buildRollout, rolloutJson } from '../../rollout/rollout';
import { ROOT, runScript } from '../support/cli';
import { estateStacks } from './estate';

const rollout = buildRollout(estateStacks());

/** A scratch project; with `rolloutAt`, a rollout file there (relative to the project). */
function project(rolloutAt?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'estate-atlantis-'));
  if (rolloutAt) {
    mkdirSync(join(dir, rolloutAt, '..'), { recursive: true });
    writeFileSync(join(dir, rolloutAt), rolloutJson(rollout));
  }
  return dir;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
});

describe('npm run atlantis (dist/cli/atlantis.js)', () => {
  it('asks for a synth when there is no rollout: exit 1, one line, no stack trace, nothing written', () => {
    const dir = project();
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('atlantis: cdktf.out/rollout.json: not found: run npm run synth first\n');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('writes atlantis.yaml from cdktf.out/rollout.json by default and says what it wrote', () => {
    const dir = project('cdktf.out/rollout.json');
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote atlantis.yaml: 9 project(s) in 4 wave(s), terraform workflow, from cdktf.out/rollout.json\n');
    expect(readFileSync(join(dir, 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout));
  });

  it('takes --rollout, --out (creating its folder), --binary tofu and --when-modified', () => {
    const dir = project('build/rollout.json');
    const args = ['--rollout', 'build/rollout.json', '--out=ci/atlantis.yaml', '--binary', 'tofu', '--when-modified', '*.tf.json', '--when-modified', '../../../estate.yaml'];
    const result = runScript('cli/atlantis.js', args, dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote ci/atlantis.yaml: 9 project(s) in 4 wave(s), tofu workflow, from build/rollout.json\n');
    expect(readFileSync(join(dir, 'ci', 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout, { terraformBinary: 'tofu', autoplanWhenModified: ['*.tf.json', '../../../estate.yaml'] }));
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('reports an invalid rollout line by line, exit 1, without a stack trace', () => {
    const dir = project();
    mkdirSync(join(dir, 'cdktf.out'));
    writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), JSON.stringify({ version: 1, generatedBy: 'x', stacks: [], waves: 'no' }));
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('atlantis: cdktf.out/rollout.json: waves: must be an array of arrays of stack names\n');
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('rejects unknown arguments and binaries with the usage', () => {
    const dir = project('cdktf.out/rollout.json');
    const unknown = runScript('cli/atlantis.js', ['--output', 'x.yaml'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^atlantis: unknown argument "--output"\nusage: npm run atlantis/);
    const binary = runScript('cli/atlantis.js', ['--binary', 'terragrunt'], dir);
    expect(binary.status).toBe(1);
    expect(binary.stderr).toBe('atlantis: --binary must be terraform or tofu; got "terragrunt"\n');
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });
});
