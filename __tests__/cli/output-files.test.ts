/**
 * Commands that write several files write all of them or none (cli/output-file.ts writeOutputs,
 * and synth's cli/output.ts writeAtomically): a file they cannot write (a folder in its place, no
 * permission) is exit 2 naming it, and every other output keeps its bytes; no temporary file is
 * left behind. plan-role's write errors are messages, not stack traces.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdopt } from '../../cli/adopt';
import { runAffected } from '../../cli/affected';
import { runCoverage } from '../../cli/coverage';
import { OutputFileError, writeOutputs } from '../../cli/output-file';
import { runPlanRole } from '../../cli/plan-role';
import { runReport } from '../../cli/report';
import { runRunbook } from '../../cli/runbook';
import { runSynth } from '../../main';
import { PLAN_ROLE_OVERRIDE_FILE } from '../../rollout/plan-role';
import { ensureBuilt, ROOT, runCommand, runScript, scratchProject, snapshotDir, STACK_TRACE_LINE, type RunResult } from '../support/cli';

const FIXTURES = join(__dirname, '..', 'fixtures');
const OLD = 'old output\n';

/**
 * Permission cases run as nobody (uid 65534) when the tests run as root, who writes anywhere. Nobody must then reach the repository
 * and its node_modules: a clone under a folder only root may enter (a CI's mktemp -d) is out of its reach, and those cases are
 * skipped there (they run wherever nobody can read the repository, as in a checkout under /work or a home folder).
 */
const NOBODY_REACHES_REPOSITORY =
  process.getuid?.() !== 0 || spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'node_modules', 'cdktf', 'package.json'))})`], { uid: 65534, gid: 65534 }).status === 0;
const itWithPermissions = NOBODY_REACHES_REPOSITORY ? it : it.skip;

/** Every file under `dir` whose name marks it a temporary file of writeOutputs. */
const tempFiles = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.tmp'));

/** A command's exit code and the lines of stderr after the config's warnings. */
const verdict = (result: RunResult): [number | null, string[]] => [result.status, result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning '))];

describe('writeOutputs', () => {
  it('writes nothing when one file cannot be written: the others keep their bytes, new folders and temporary files are removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    writeFileSync(join(dir, 'a.md'), OLD);
    mkdirSync(join(dir, 'taken'));
    expect(() =>
      writeOutputs([
        { path: join(dir, 'a.md'), text: 'new\n', shown: 'a.md' },
        { path: join(dir, 'new', 'deep', 'b.md'), text: 'new\n', shown: 'new/deep/b.md' },
        { path: join(dir, 'taken'), text: 'new\n', shown: 'taken' },
      ]),
    ).toThrow(new OutputFileError('cannot write taken: is a directory'));
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'taken']);
    writeOutputs([
      { path: join(dir, 'a.md'), text: 'new a\n' },
      { path: join(dir, 'new', 'b.md'), text: 'new b\n' },
    ]);
    expect([readFileSync(join(dir, 'a.md'), 'utf8'), readFileSync(join(dir, 'new', 'b.md'), 'utf8')]).toEqual(['new a\n', 'new b\n']);
    expect(tempFiles(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses two outputs of one file (directly or through a link) before writing either, not after replacing it with a "no such file"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-twice-'));
    writeFileSync(join(dir, 'r.md'), OLD);
    symlinkSync('r.md', join(dir, 'link.md'));
    for (const second of ['r.md', 'link.md']) {
      expect(() => writeOutputs([{ path: join(dir, 'r.md'), text: 'markdown\n', shown: 'r.md' }, { path: join(dir, second), text: '{}\n', shown: second }])).toThrow(
        new OutputFileError(`cannot write ${second}: r.md names the same file, which cannot hold both`),
      );
    }
    expect([readFileSync(join(dir, 'r.md'), 'utf8'), tempFiles(dir)]).toEqual([OLD, []]);
    writeOutputs([{ path: '/dev/null', text: 'a\n' }, { path: '/dev/null', text: 'b\n' }]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('writeOutputs to a pipe or device', () => {
  it('writes /dev/null as it is (no temporary file renamed over a device), and replaces a regular file through a link', () => {
    writeOutputs([{ path: '/dev/null', text: 'discarded\n' }]);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'outputs-link-'));
    writeFileSync(join(dir, 'real.md'), OLD);
    symlinkSync('real.md', join(dir, 'link.md'));
    writeOutputs([{ path: join(dir, 'link.md'), text: 'new\n' }]);
    expect([lstatSync(join(dir, 'link.md')).isSymbolicLink(), readFileSync(join(dir, 'real.md'), 'utf8')]).toEqual([true, 'new\n']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a command that cannot write one of its files leaves the others as they were (exit 2)', () => {
  let project = '';
  beforeAll(() => {
    project = scratchProject();
    const synth = runCommand(runSynth, ['examples/single-account.yaml'], project);
    if (synth.status !== 0) throw new Error(synth.stderr);
    cpSync(join(project, 'cdktf.out'), join(project, 'base.out'), { recursive: true });
    writeFileSync(join(project, 'kept.md'), OLD);
    mkdirSync(join(project, 'taken'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const expectKept = (): void => {
    expect(readFileSync(join(project, 'kept.md'), 'utf8')).toBe(OLD);
    expect(tempFiles(project)).toEqual([]);
  };

  it('report --out with a --json it cannot write', () => {
    const result = runCommand(runReport, ['--config', 'examples/single-account.yaml', '--out', 'kept.md', '--json', 'taken'], project);
    expect(verdict(result)).toEqual([2, ['cannot write taken: is a directory']]);
    expectKept();
  });

  it('coverage --out with a --json it cannot write', () => {
    const inventory = join(FIXTURES, 'coverage', 'tagging-eu-west-1.json');
    const result = runCommand(runCoverage, ['--inventory', inventory, '--config', 'examples/single-account.yaml', '--out', 'kept.md', '--json', 'taken'], project);
    expect(verdict(result)).toEqual([2, ['cannot write taken: is a directory']]);
    expectKept();
  });

  it('affected --json with a --markdown it cannot write', () => {
    const result = runCommand(runAffected, ['--base', 'base.out', '--json', 'kept.md', '--markdown', 'taken'], project);
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'affected: cannot write taken: is a directory\n' });
    expectKept();
  });

  it('adopt --force with a folder where adopt/imports.json goes: the config is not replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adopt-outputs-'));
    writeFileSync(join(dir, 'backup.yaml'), OLD);
    mkdirSync(join(dir, 'adopt', 'imports.json'), { recursive: true });
    const result = runCommand(runAdopt, ['--from', join(FIXTURES, 'adopt', 'single-account'), '--force'], dir);
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'cannot write adopt/imports.json: is a directory\n' });
    expect(readFileSync(join(dir, 'backup.yaml'), 'utf8')).toBe(OLD);
    expect(readdirSync(join(dir, 'adopt'))).toEqual(['imports.json']);
    expect(tempFiles(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runbook: one runbook it cannot write, none written', () => {
    mkdirSync(join(project, 'books', 'orders-us-east-1.md'), { recursive: true });
    const result = runCommand(runRunbook, ['--config', 'examples/organization.yaml', '--out', 'books'], project);
    expect(verdict(result)).toEqual([2, ['cannot write books/orders-us-east-1.md: is a directory']]);
    expect(result.stdout).toBe('');
    expect(readdirSync(join(project, 'books'))).toEqual(['orders-us-east-1.md']);
  });
});

describe('synth over a cdktf.out it cannot fully write', () => {
  /** A project synthesized from multi-region.yaml, then its config edited so that every stack changes. */
  const edited = (): string => {
    const dir = scratchProject();
    const synth = runCommand(runSynth, ['examples/multi-region.yaml'], dir);
    if (synth.status !== 0) throw new Error(synth.stderr);
    const config = readFileSync(join(dir, 'examples', 'multi-region.yaml'), 'utf8');
    writeFileSync(join(dir, 'examples', 'multi-region.yaml'), config.replace('tags:\n  managed-by: backup-estate\n', 'tags:\n  managed-by: backup-estate\n  audit: changed\n'));
    return dir;
  };

  it('a folder where one stack file goes: exit 2 naming it, every other file keeps its bytes (not two of four stacks rewritten)', () => {
    const dir = edited();
    const stackFile = join('stacks', 'payments-prod-us-east-1', 'cdk.tf.json');
    rmSync(join(dir, 'cdktf.out', stackFile));
    mkdirSync(join(dir, 'cdktf.out', stackFile));
    const before = snapshotDir(join(dir, 'cdktf.out'));
    const result = runCommand(runSynth, ['examples/multi-region.yaml'], dir);
    expect(verdict(result)).toEqual([2, [`cannot write ${join(dir, 'cdktf.out', stackFile)}: is a directory; nothing was written`]]);
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
    expect(tempFiles(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  itWithPermissions('a stack folder it may not write in: exit 2 naming the file, not an internal error after rewriting the others', () => {
    ensureBuilt('main.js');
    const root = process.getuid?.() === 0;
    // Everything the user's (nobody's when the tests run as root) but one stack folder; as nobody, in a folder nobody can reach (the tests' tmpdir is root's alone).
    const asNobody = root ? { uid: 65534, gid: 65534 } : {};
    const project = edited();
    const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'estate-unwritable-'));
    cpSync(project, dir, { recursive: true });
    rmSync(project, { recursive: true, force: true });
    chmodSync(dir, 0o777);
    if (root) spawnSync('chown', ['-R', '65534:65534', dir]);
    const locked = join(dir, 'cdktf.out', 'stacks', 'payments-prod-us-east-1');
    if (root) spawnSync('chown', ['0:0', locked]);
    else chmodSync(locked, 0o555);
    const before = snapshotDir(join(dir, 'cdktf.out'));
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js'), 'examples/multi-region.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, DEBUG: undefined }, ...asNobody });
    expect(verdict({ status: result.status, stdout: result.stdout, stderr: result.stderr })).toEqual([2, ['cannot write cdktf.out/stacks/payments-prod-us-east-1/cdk.tf.json: permission denied; nothing was written']]);
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
    expect(tempFiles(dir)).toEqual([]);
    chmodSync(locked, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('synth that cannot remove a stack folder the config no longer has', () => {
  itWithPermissions('says so, naming it (exit 2), not an internal error', () => {
    ensureBuilt('main.js');
    const root = process.getuid?.() === 0;
    const project = scratchProject();
    const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'estate-stale-'));
    cpSync(project, dir, { recursive: true });
    rmSync(project, { recursive: true, force: true });
    const stale = join(dir, 'cdktf.out', 'stacks', 'old-stack');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'cdk.tf.json'), '{}\n');
    chmodSync(dir, 0o777);
    if (root) {
      spawnSync('chown', ['-R', '65534:65534', dir]);
      spawnSync('chown', ['0:0', stale]);
    } else chmodSync(stale, 0o555);
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js'), 'examples/single-account.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, DEBUG: undefined }, ...(root ? { uid: 65534, gid: 65534 } : {}) });
    expect(verdict({ status: result.status, stdout: result.stdout, stderr: result.stderr })).toEqual([2, ['cannot remove cdktf.out/stacks/old-stack (a stack this config no longer has): permission denied; the other stacks are written']]);
    chmodSync(stale, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('plan-role with an override it cannot write', () => {
  it('names the file (exit 2, no stack trace) and writes no other stack\'s override', () => {
    const dir = scratchProject();
    const synth = runCommand(runSynth, ['examples/organization.yaml'], dir);
    if (synth.status !== 0) throw new Error(synth.stderr);
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'payments-us-east-1', PLAN_ROLE_OVERRIDE_FILE));
    const before = snapshotDir(join(dir, 'cdktf.out'));
    const result = runCommand(runPlanRole, [], dir);
    expect(result).toEqual({ status: 2, stdout: '', stderr: `cannot write cdktf.out/stacks/payments-us-east-1/${PLAN_ROLE_OVERRIDE_FILE}: is a directory\n` });
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('init in a folder it cannot write in', () => {
  itWithPermissions('writes none of its files (exit 2, naming the file), not three of four and an internal error', () => {
    ensureBuilt('cli/init.js');
    const dir = mkdtempSync(join(tmpdir(), 'init-readonly-'));
    chmodSync(dir, 0o777);
    mkdirSync(join(dir, '.github'));
    chmodSync(join(dir, '.github'), 0o555);
    // root writes anywhere: run as nobody then (permissions are what this is about).
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'init.js')], { cwd: dir, encoding: 'utf8', ...asNobody });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: 'cannot write .github/workflows/backup-estate.yml: permission denied\n' });
    expect(readdirSync(dir)).toEqual(['.github']);
    expect(readdirSync(join(dir, '.github'))).toEqual([]);
    expect(existsSync(join(dir, 'backup.yaml'))).toBe(false);
    chmodSync(join(dir, '.github'), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a temporary folder it cannot create (TMPDIR a folder that does not exist)', () => {
  it('validate says so (exit 2), not an internal error', () => {
    ensureBuilt('cli/validate.js');
    const dir = scratchProject();
    const missing = join(dir, 'no-such-tmp');
    const result = runScript('cli/validate.js', ['examples/single-account.yaml'], dir, { TMPDIR: missing });
    expect(verdict(result)).toEqual([2, [`cannot create a temporary folder ${join(missing, 'backup-estate-validate-XXXXXX')}: no such file (set TMPDIR to a folder it can write in)`]]);
    rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * `project` copied where nobody (when the tests run as root) can reach and owns everything but `locked` (relative to the copy), which
 * it may not write in: root's, or mode 0555 when the tests do not run as root. Returns the copy and the options to spawn as nobody.
 */
function lockedCopy(project: string, locked: string): { dir: string; spawnAs: { uid?: number; gid?: number }; unlock: () => void } {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'estate-locked-'));
  cpSync(project, dir, { recursive: true });
  rmSync(project, { recursive: true, force: true });
  chmodSync(dir, 0o777);
  if (root) {
    spawnSync('chown', ['-R', '65534:65534', dir]);
    spawnSync('chown', ['0:0', join(dir, locked)]);
  } else chmodSync(join(dir, locked), 0o555);
  return { dir, spawnAs: root ? { uid: 65534, gid: 65534 } : {}, unlock: () => (root ? spawnSync('chown', ['65534:65534', join(dir, locked)]) : chmodSync(join(dir, locked), 0o755)) };
}

const ENV = { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, DEBUG: undefined, BACKUP_PLAN_ROLE_NAME: undefined };

describe('writeOutputs with files to remove', () => {
  it('sets each aside and puts it back when another file cannot be written; removes it when all can; none there is nothing to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-remove-'));
    writeFileSync(join(dir, 'old.json'), OLD);
    mkdirSync(join(dir, 'taken'));
    const remove = { path: join(dir, 'old.json'), remove: true, shown: 'old.json' } as const;
    expect(() => writeOutputs([remove, { path: join(dir, 'taken'), text: 'new\n', shown: 'taken' }])).toThrow(new OutputFileError('cannot write taken: is a directory'));
    expect([readFileSync(join(dir, 'old.json'), 'utf8'), readdirSync(dir).sort()]).toEqual([OLD, ['old.json', 'taken']]);
    expect(() => writeOutputs([{ path: join(dir, 'taken'), remove: true, shown: 'taken' }])).toThrow(new OutputFileError('cannot remove taken: is a directory'));
    writeOutputs([remove, { path: join(dir, 'none.json'), remove: true }, { path: join(dir, 'a.md'), text: 'new\n' }]);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(['a.md', 'taken']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('writeOutputs that fails after a file is in place', () => {
  (existsSync('/dev/full') ? it : it.skip)('says which files are already written (a device that refuses its text is written last), not only the one it could not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-full-'));
    writeFileSync(join(dir, 'a.md'), OLD);
    const names = ['a.md', 'b.md', 'c.md', 'd.md', 'e.md'];
    let error: unknown;
    try {
      writeOutputs([...names.map((name) => ({ path: join(dir, name), text: 'new\n', shown: name })), { path: '/dev/full', text: '{}\n' }]);
    } catch (cause) {
      error = cause;
    }
    // The message names the first few (synth's thousands of files would make a line of thousands); `written` holds every one.
    expect(error).toEqual(new OutputFileError('cannot write /dev/full: no space left on device; already written: a.md, b.md, c.md and 2 more'));
    expect([(error as OutputFileError).written, readFileSync(join(dir, 'a.md'), 'utf8'), tempFiles(dir)]).toEqual([names, 'new\n', []]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('synth over a stack file another user owns in a sticky folder (anyone may write it, only its owner replace it)', () => {
  (process.getuid?.() === 0 && NOBODY_REACHES_REPOSITORY ? it : it.skip)('fails before any file is renamed: "nothing was written" is true, not two of four stacks rewritten', () => {
    ensureBuilt('main.js');
    const project = scratchProject();
    expect(runCommand(runSynth, ['examples/multi-region.yaml'], project).status).toBe(0);
    const config = readFileSync(join(project, 'examples', 'multi-region.yaml'), 'utf8');
    writeFileSync(join(project, 'examples', 'multi-region.yaml'), config.replace('tags:\n  managed-by: backup-estate\n', 'tags:\n  managed-by: backup-estate\n  audit: changed\n'));
    const stack = join('cdktf.out', 'stacks', 'payments-prod-us-east-1');
    const { dir, spawnAs } = lockedCopy(project, stack);
    spawnSync('chown', ['0:0', join(dir, stack, 'cdk.tf.json')]);
    chmodSync(join(dir, stack), 0o1777);
    chmodSync(join(dir, stack, 'cdk.tf.json'), 0o666);
    const before = snapshotDir(join(dir, 'cdktf.out'));
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js'), 'examples/multi-region.yaml'], { cwd: dir, encoding: 'utf8', env: ENV, ...spawnAs });
    expect(verdict({ status: result.status, stdout: result.stdout, stderr: result.stderr })).toEqual([2, [`cannot write ${stack}/cdk.tf.json: permission denied; nothing was written`]]);
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
    expect(tempFiles(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('plan-role with an old override it cannot remove (a stack that now assumes no role)', () => {
  itWithPermissions('names it (exit 2, not an internal error) and removes none: every stack keeps its override', () => {
    ensureBuilt('cli/plan-role.js');
    const project = scratchProject();
    const path = join(project, 'examples', 'multi-region.yaml');
    const config = readFileSync(path, 'utf8');
    // A backend that assumes a role needs an override in every stack; without it, none of these single-account stacks needs one.
    writeFileSync(path, `${config}\nstate:\n  backend: s3\n  bucket: example-state\n  region: us-east-1\n  roleArn: arn:aws:iam::111122223333:role/StateWriter\n`);
    expect(runCommand(runSynth, ['examples/multi-region.yaml'], project).status).toBe(0);
    expect(runCommand(runPlanRole, ['--state-role-arn', 'arn:aws:iam::111122223333:role/StateReader'], project)).toMatchObject({ status: 0, stderr: 'plan-role: 4 of 4 stack(s) plan with the read-only role backup-estate-plan\n' });
    writeFileSync(path, `${config}\nstate:\n  backend: s3\n  bucket: example-state\n  region: us-east-1\n`);
    expect(runCommand(runSynth, ['examples/multi-region.yaml'], project).status).toBe(0);
    const stack = join('cdktf.out', 'stacks', 'payments-prod-us-east-1');
    const { dir, spawnAs, unlock } = lockedCopy(project, stack);
    const before = snapshotDir(join(dir, 'cdktf.out'));
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'plan-role.js')], { cwd: dir, encoding: 'utf8', env: ENV, ...spawnAs });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: `cannot remove ${stack}/${PLAN_ROLE_OVERRIDE_FILE}: permission denied\n` });
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
    expect((readdirSync(join(dir, 'cdktf.out'), { recursive: true }) as string[]).filter((file) => file.includes('.removed'))).toEqual([]);
    unlock();
    const done = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'plan-role.js')], { cwd: dir, encoding: 'utf8', env: ENV, ...spawnAs });
    expect([done.status, done.stderr]).toEqual([0, "plan-role: 0 of 4 stack(s) plan with the read-only role backup-estate-plan (the others assume no role: the job's own read-only credentials)\n"]);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks')).filter((name) => existsSync(join(dir, 'cdktf.out', 'stacks', name, PLAN_ROLE_OVERRIDE_FILE)))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
