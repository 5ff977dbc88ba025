/**
 * The `backup-estate` command: subcommands, --help for each, --version, exit codes, and init. The
 * dispatcher runs in-process over the built bundles (dist/); one spawn proves bin/backup-estate.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBackupEstate, SUBCOMMANDS } from '../../cli/backup-estate';
import { INIT_FILES } from '../../cli/init';
import { ensureBuilt, ROOT, runCommand, scratchProject } from '../support/cli';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const cli = (args: readonly string[], cwd: string) => runCommand((argv, io) => runBackupEstate(argv, io, join(ROOT, 'dist')), args, cwd);

beforeAll(() => {
  for (const { bundle } of Object.values(SUBCOMMANDS)) ensureBuilt(bundle);
  ensureBuilt('cli/backup-estate.js');
  ensureBuilt('cli/synth-worker.js');
});

describe('backup-estate', () => {
  it('lists its commands with --help (exit 0), and without a command (exit 2)', () => {
    const help = cli(['--help'], ROOT);
    expect(help.status).toBe(0);
    for (const name of ['init', 'validate', 'synth', 'adopt', 'affected', 'report', 'guard', 'coverage', 'runbook', 'validate-policy', 'atlantis', 'schema']) expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(help.stdout).toContain('Exit codes: 0 done');
    // plan-role refuses local state of a single account too (a runner discards it), not only an organization's.
    expect(help.stdout).toContain('\n  plan-role        before terraform in a pipeline: refuse local state (organization or single account), plan with the read-only role\n');
    expect(cli([], ROOT)).toMatchObject({ status: 2, stdout: help.stdout });
  });

  it('prints its version', () => {
    expect(cli(['--version'], ROOT)).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('refuses an unknown command (exit 2)', () => {
    expect(cli(['synthesize'], ROOT)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'unknown command "synthesize"; commands: init, validate, synth, adopt, affected, plan-role, report, guard, coverage, runbook, validate-policy, atlantis, schema (backup-estate --help)\n',
    });
  });

  it.each(Object.keys(SUBCOMMANDS))('%s --help prints its usage (exit 0) and does nothing else', (name) => {
    const dir = scratchProject();
    const result = cli([name, '--help'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: backup-estate ${name}\\b`));
    expect(cli(['help', name], dir).stdout).toBe(result.stdout);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  // The README's exit codes are "the same for every command": 2 for a usage error (report and atlantis said 1, schema wrote a file named --bogus).
  it.each(Object.keys(SUBCOMMANDS))('%s refuses an unknown option: exit 2, nothing written', (name) => {
    const dir = scratchProject();
    const result = cli([name, '--bogus'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${name}: unknown option --bogus; usage: `));
    expect(readdirSync(dir)).toEqual(['examples']);
  });

  it('schema refuses a second path and reports a path it cannot write (exit 2, no stack trace)', () => {
    const dir = scratchProject();
    expect(cli(['schema', 'a.json', 'b.json'], dir)).toEqual({ status: 2, stdout: '', stderr: 'schema: only one path can be given (got a.json and b.json); usage: backup-estate schema [path]\n' });
    writeFileSync(join(dir, 'afile'), '');
    expect(cli(['schema', 'afile/schema.json'], dir)).toEqual({ status: 2, stdout: '', stderr: 'schema: cannot write afile/schema.json: a part of its path is a file, not a folder\n' });
    // A folder that does not exist yet is made, as for every other command's output.
    expect(cli(['schema', 'missing/schema.json'], dir).status).toBe(0);
    expect(existsSync(join(dir, 'missing', 'schema.json'))).toBe(true);
  });

  it('works from any folder: the config and cdktf.out are in the working folder', () => {
    const dir = scratchProject();
    expect(cli(['init', '--account-id', '444455556666', '--region', 'us-east-1', '--name', 'demo'], dir).status).toBe(0);
    const validated = cli(['validate'], dir);
    // The starter's warnings: no copy to another Region, no alerts yet, and its monthly rule's cold
    // storage, which the types its selection by tags may reach (RDS, EC2, S3, ...; EBS without the archive opt-in) ignore.
    expect(validated).toMatchObject({ status: 0, stdout: 'backup.yaml: valid (4 warning(s)); stacks: demo-us-east-1\n' });
    // The four the README's first section lists.
    expect(validated.stderr.split('\n').filter((line) => line.startsWith('warning')).map((line) => line.split(':')[0])).toEqual([
      'warning plans.standard.rules.monthly.lifecycle.coldStorageAfterDays',
      'warning plans.standard.rules.monthly.lifecycle.optInToArchiveForSupportedResources',
      'warning alerts',
      'warning plans.standard (demo-us-east-1 aws_backup_plan.plan-standard_plan_45DFB002)',
    ]);
    const synthesized = cli(['synth'], dir);
    expect(synthesized.status).toBe(0);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'demo-us-east-1', 'cdk.tf.json'))).toBe(true);
  });

  it('runs as the installed binary (bin/backup-estate.js, spawned)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'backup-estate.js'), '--version'], { encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: `${VERSION}\n` });
  });
});

describe('backup-estate init', () => {
  it('writes backup.yaml (with the schema modeline), cdktf.json running the installed CLI, .gitignore and the pipeline', () => {
    const dir = scratchProject();
    const result = cli(['init'], dir);
    // npx cdktf finds only the cdktf library (no command) until the CLI the library's version matches is installed.
    expect(result).toEqual({
      status: 0,
      stdout: 'Wrote backup.yaml, cdktf.json, .gitignore, .github/workflows/backup-estate.yml.\nNext: npx backup-estate validate, then npx backup-estate synth (or npx cdktf synth, once the cdktf CLI is installed: npm install --save-dev cdktf-cli@0.21.0).\n',
      stderr: '',
    });
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect([manifest.dependencies['cdktf'], manifest.devDependencies['cdktf-cli']]).toEqual(['0.21.0', '0.21.0']);
    for (const file of INIT_FILES) expect(existsSync(join(dir, file))).toBe(true);
    const config = readFileSync(join(dir, 'backup.yaml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/backup-estate/backup-config.schema.json');
    expect(config).toContain('id: "111122223333"');
    expect(JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')).app).toBe('npx --no-install backup-estate synth');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['cdktf.out/', '.cdktf.out.staging-*/']));
    const workflow = readFileSync(join(dir, '.github/workflows/backup-estate.yml'), 'utf8');
    expect(workflow).toBe(readFileSync(join(ROOT, 'examples', 'pipelines', 'github-actions.yml'), 'utf8'));
    // Its setup notes ask every estate, the starter's single account included, for remote state: its jobs refuse local state.
    expect(workflow).toContain('#   - the estate keeps its state in S3 (state.backend: s3), an organization or a single account:\n#     the jobs refuse local state, which a runner discards after each run.\n');
    expect(workflow).not.toMatch(/organization estate keeps its state|An organization's state must be remote/);
  });

  it('refuses to overwrite: with any of its files present it writes nothing (exit 1)', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'cdktf.json'), '{}');
    expect(cli(['init'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'cdktf.json exists: init overwrites nothing, so it wrote nothing (move them aside, or edit them by hand)\n',
    });
    expect(existsSync(join(dir, 'backup.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'cdktf.json'), 'utf8')).toBe('{}');
  });

  it('writes nothing when a file stands where it writes a folder (a file named .github), instead of three files and a crash', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, '.github'), 'not a folder');
    expect(cli(['init'], dir)).toEqual({ status: 1, stdout: '', stderr: '.github is a file where init writes a folder, so it wrote nothing (move it aside)\n' });
    expect(['backup.yaml', 'cdktf.json', '.gitignore'].filter((file) => existsSync(join(dir, file)))).toEqual([]);
    // A link to nothing stands there just as well.
    const linked = scratchProject();
    symlinkSync(join(linked, 'nowhere'), join(linked, '.github'));
    expect(cli(['init'], linked)).toEqual({ status: 1, stdout: '', stderr: '.github is a file where init writes a folder, so it wrote nothing (move it aside)\n' });
    expect(['backup.yaml', 'cdktf.json', '.gitignore'].filter((file) => existsSync(join(linked, file)))).toEqual([]);
  });

  it('checks its arguments (exit 2)', () => {
    const dir = scratchProject();
    expect(cli(['init', '--account-id', '123'], dir)).toMatchObject({ status: 2, stderr: 'init: --account-id "123" must be 12 digits; usage: backup-estate init [--account-id 111122223333] [--region eu-west-1] [--name workload]\n' });
    expect(cli(['init', '--region', 'eu-west-9'], dir).stderr).toBe('init: --region: Region "eu-west-9" is unknown to the pinned provider hashicorp/aws 5.100.0 (terraform would fail on it): did you mean eu-west-1?; usage: backup-estate init [--account-id 111122223333] [--region eu-west-1] [--name workload]\n');
    expect(cli(['init', '--nme', 'x'], dir)).toMatchObject({ status: 2, stderr: 'init: unknown option --nme; usage: backup-estate init [--account-id 111122223333] [--region eu-west-1] [--name workload]\n' });
    expect(existsSync(join(dir, 'backup.yaml'))).toBe(false);
  });
});
