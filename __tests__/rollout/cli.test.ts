/**
 * `npm run atlantis` as a user runs it, in a scratch project. Three cases run the built bundle (node
 * dist/cli/atlantis.js) to prove the process contract with the default paths: no rollout or an
 * invalid one (exit 2, its problems on stderr, nothing written) and a rollout written to
 * atlantis.yaml (exit 0). The variations call runAtlantis in-process (runCommand).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAtlantis } from '../../cli/atlantis';
import { atlantisConfig } from '../../rollout/atlantis';
import { buildRollout, rolloutJson } from '../../rollout/rollout';
import { ensureBuilt, ROOT, runCommand, runScript, STACK_TRACE_LINE, type RunResult } from '../support/cli';
import { estateStacks } from './estate';

const rollout = buildRollout(estateStacks());

/** A scratch project; with `rolloutAt`, a rollout file there (relative to the project). */
function project(rolloutAt?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'estate-atlantis-'));
  // The default config (examples/single-account.yaml) and the organization with its policy file.
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  if (rolloutAt) {
    mkdirSync(join(dir, rolloutAt, '..'), { recursive: true });
    writeFileSync(join(dir, rolloutAt), rolloutJson(rollout));
  }
  return dir;
}

/** `npm run atlantis -- ...args` in `cwd`, in-process. */
const atlantis = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runCommand(runAtlantis, args, cwd, env);

const DEFAULT_FILES = { configFiles: ['examples/single-account.yaml'] };

beforeAll(() => ensureBuilt('cli/atlantis.js'));

describe('npm run atlantis (dist/cli/atlantis.js, spawned)', () => {
  it('asks for a synth when there is no rollout: exit 2 (an input it cannot read, as every command), one line, no stack trace, nothing written', () => {
    const dir = project();
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('atlantis: cdktf.out/rollout.json: not found: run backup-estate synth first\n');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('reports an invalid rollout line by line, exit 2, without a stack trace', () => {
    const dir = project();
    mkdirSync(join(dir, 'cdktf.out'));
    writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), JSON.stringify({ version: 1, generatedBy: 'x', stacks: [], waves: 'no' }));
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('atlantis: cdktf.out/rollout.json: waves: must be an array of arrays of stack names\n');
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
    // In-process from another folder, the rollout is read from that folder (the message names the resolved path).
    expect(atlantis([], dir)).toEqual({ ...result, stderr: `atlantis: ${join(dir, 'cdktf.out', 'rollout.json')}: waves: must be an array of arrays of stack names\n` });
  });

  it('writes atlantis.yaml from cdktf.out/rollout.json by default and says what it wrote', () => {
    const dir = project('cdktf.out/rollout.json');
    const result = runScript('cli/atlantis.js', [], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote atlantis.yaml: 9 project(s) in 4 wave(s), terraform workflow, from cdktf.out/rollout.json; autoplan on examples/single-account.yaml, package.json, package-lock.json\n');
    expect(readFileSync(join(dir, 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout, DEFAULT_FILES));
    // The in-process command the other cases call prints, writes and returns exactly what the process does.
    const again = project('cdktf.out/rollout.json');
    expect(atlantis([], again)).toEqual(result);
    expect(readFileSync(join(again, 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout, DEFAULT_FILES));
  });
});

describe('npm run atlantis (cli/atlantis.ts runAtlantis, in-process)', () => {
  it('takes --rollout, --out (creating its folder), --binary tofu and --when-modified', () => {
    const dir = project('build/rollout.json');
    const args = ['--rollout', 'build/rollout.json', '--out=ci/atlantis.yaml', '--binary', 'tofu', '--when-modified', '*.tf.json', '--when-modified', '../../../estate.yaml'];
    const result = atlantis(args, dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote ci/atlantis.yaml: 9 project(s) in 4 wave(s), tofu workflow, from build/rollout.json; custom when_modified\n');
    expect(readFileSync(join(dir, 'ci', 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout, { terraformBinary: 'tofu', autoplanWhenModified: ['*.tf.json', '../../../estate.yaml'] }));
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });


  it('autoplans on the config actually used (--config, else BACKUP_CONFIG) and the policy files it reads', () => {
    const dir = project('cdktf.out/rollout.json');
    const organization = { configFiles: ['examples/organization.yaml', 'examples/policies/weekly-archive.json'] };
    const result = atlantis(['--config', 'examples/organization.yaml'], dir);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe('Wrote atlantis.yaml: 9 project(s) in 4 wave(s), terraform workflow, from cdktf.out/rollout.json; autoplan on examples/organization.yaml, examples/policies/weekly-archive.json, package.json, package-lock.json\n');
    expect(readFileSync(join(dir, 'atlantis.yaml'), 'utf8')).toBe(atlantisConfig(rollout, organization));
    expect(atlantis([], dir, { BACKUP_CONFIG: 'examples/organization.yaml' })).toEqual(result);
  });

  it('autoplans on the adoption imports file too: it writes the stacks\' import blocks', () => {
    const dir = project('cdktf.out/rollout.json');
    writeFileSync(join(dir, 'examples', 'imports.json'), JSON.stringify({ version: 1, stacks: {} }));
    writeFileSync(join(dir, 'examples', 'adopted.yaml'), `${readFileSync(join(dir, 'examples', 'single-account.yaml'), 'utf8')}\nadoption:\n  imports: imports.json\n`);
    const result = atlantis(['--config', 'examples/adopted.yaml'], dir);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('autoplan on examples/adopted.yaml, examples/imports.json, package.json, package-lock.json');
  });

  it('refuses the rollout of a partial synth (exit 2, nothing written): the stacks it left out would get no project, so nothing would ever plan them', () => {
    const dir = project();
    mkdirSync(join(dir, 'cdktf.out'));
    const part = buildRollout(estateStacks().filter((stack) => stack.kind !== 'workload'));
    writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), rolloutJson({ ...part, subset: { stacks: part.stacks.map((stack) => stack.name).slice(0, 1), regions: ['eu-west-1'] } }));
    const name = part.stacks[0]!.name;
    expect(atlantis([], dir)).toEqual({
      status: 2,
      stdout: '',
      stderr: `atlantis: cdktf.out/rollout.json is the synth of part of the estate (--stack ${name} --region eu-west-1): atlantis.yaml would have no project for the other stacks, so their changes would never be planned; run backup-estate synth without --stack, --account or --region first\n`,
    });
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('refuses a config outside the repository (exit 2) or with errors (exit 1), nothing written', () => {
    const dir = project('cdktf.out/rollout.json');
    const outside = atlantis(['--config', '../elsewhere.yaml'], dir);
    expect(outside).toMatchObject({ status: 2, stdout: '' });
    expect(outside.stderr).toMatch(/^atlantis: the config \.\.\/elsewhere\.yaml is outside the repository/);
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\naccount: { id: "1", name: x, region: eu-west-1 }\nvaults: {}\nplans: {}\n');
    expect(atlantis(['--config', 'bad.yaml'], dir)).toEqual({ status: 1, stdout: '', stderr: 'error   account.id: must be a 12-digit AWS account id\natlantis: bad.yaml: 1 error(s); the stacks cannot be synthesized from it\n' });
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('rejects unknown arguments and binaries with the usage: exit 2, as every command (found by the journey audit)', () => {
    const dir = project('cdktf.out/rollout.json');
    const unknown = atlantis(['--output', 'x.yaml'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^atlantis: unknown option --output; usage: backup-estate atlantis [^\n]*\n$/);
    const binary = atlantis(['--binary', 'terragrunt'], dir);
    expect(binary.status).toBe(2);
    expect(binary.stderr).toBe('atlantis: --binary must be terraform or tofu; got "terragrunt"; usage: backup-estate atlantis [--rollout cdktf.out/rollout.json] [--out atlantis.yaml] [--binary terraform|tofu] [--config backup.yaml] [--when-modified <glob>]...\n');
    expect(existsSync(join(dir, 'atlantis.yaml'))).toBe(false);
  });

  it('names an --out it cannot write, exit 2, never an internal error (found by the journey audit)', () => {
    const dir = project('cdktf.out/rollout.json');
    mkdirSync(join(dir, 'taken'));
    expect(atlantis(['--out', 'taken'], dir)).toEqual({ status: 2, stdout: '', stderr: 'cannot write taken: is a directory\n' });
  });
});
