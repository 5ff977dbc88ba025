/**
 * scripts/export-estate.sh against a stand-in AWS CLI (support/fake-aws.sh) that answers each call
 * from an export fixture: the script must write back exactly the fixture's files (so the layout
 * adopt reads is the one the script writes), make read-only calls only (list, describe, get), and
 * turn a call it may not make into a `.error` file and exit 1.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'export-estate.sh');
const FIXTURES = join(__dirname, '..', 'fixtures', 'adopt');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Export {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
  /** "<service> <operation>" of every call, in order. */
  readonly calls: string[];
}

/** Runs the script in a scratch folder with the fake CLI answering from `account` (an export fixture's account folder). */
function exportWith(account: string, args: readonly string[]): Export {
  const dir = mkdtempSync(join(tmpdir(), 'export-script-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  symlinkSync(join(__dirname, '..', 'support', 'fake-aws.sh'), join(dir, 'bin', 'aws'));
  const result = spawnSync('bash', [SCRIPT, ...args, '--out', 'out'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, FAKE_AWS_EXPORT: account, FAKE_AWS_LOG: join(dir, 'calls.log'), HOME: dir },
  });
  let log = '';
  try {
    log = readFileSync(join(dir, 'calls.log'), 'utf8');
  } catch {
    // no call made
  }
  const calls = log.split('\n').filter(Boolean).map((line) => line.split(' ').slice(0, 2).join(' '));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, out: join(dir, 'out'), calls };
}

/** Every file under `dir` with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('scripts/export-estate.sh', () => {
  it('writes one folder per account and Region with the output of each call under its fixed name: the layout adopt reads', () => {
    const account = join(FIXTURES, 'single-account', '111122223333');
    const result = exportWith(account, ['--region', 'eu-west-1', '--region=eu-central-1']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Exported account 111122223333 (eu-west-1 eu-central-1) into out/111122223333\n');
    expect(result.status).toBe(0);
    expect(tree(join(result.out, '111122223333'))).toEqual(tree(account));
    // Read-only: only list, describe and get calls; every documented call is made.
    expect(result.calls.filter((call) => !/^[a-z]+ (list|describe|get)-/.test(call))).toEqual([]);
    expect([...new Set(result.calls)].sort()).toEqual([
      'backup describe-backup-vault',
      'backup describe-region-settings',
      'backup get-backup-plan',
      'backup get-backup-selection',
      'backup get-backup-vault-access-policy',
      'backup get-backup-vault-notifications',
      'backup get-restore-testing-plan',
      'backup get-restore-testing-selection',
      'backup list-backup-plans',
      'backup list-backup-selections',
      'backup list-backup-vaults',
      'backup list-frameworks',
      'backup list-report-plans',
      'backup list-restore-testing-plans',
      'backup list-restore-testing-selections',
      'backup list-tags',
      'iam list-account-aliases',
      'kms describe-key',
      'sts get-caller-identity',
    ]);
  });

  it('exports the Organizations backup policies of a management account with --organization, and a call it may not make as a .error file (exit 1)', () => {
    const fixture = join(FIXTURES, 'organization', '111111111111');
    const account = join(mkdtempSync(join(tmpdir(), 'export-denied-')), '111111111111');
    dirs.push(join(account, '..'));
    cpSync(fixture, account, { recursive: true });
    rmSync(join(account, 'organizations', 'delegated-administrators.json'));
    const result = exportWith(account, ['--organization']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        'export-estate.sh: organizations list-delegated-administrators failed: An error occurred (AccessDeniedException) when calling the list-delegated-administrators operation: not in the fixture (organizations/delegated-administrators.json)',
        'export-estate.sh: some calls could not be made (see the .error files): adopt reports what they leave unknown',
        '',
      ].join('\n'),
    );
    const { 'organizations/delegated-administrators.json.error': denied, ...exported } = tree(join(result.out, '111111111111'));
    expect(denied).toContain('(AccessDeniedException)');
    const { 'organizations/delegated-administrators.json': _absent, ...expected } = tree(fixture);
    expect(exported).toEqual(expected);
    expect([...new Set(result.calls)]).toEqual([
      'sts get-caller-identity',
      'iam list-account-aliases',
      'organizations describe-organization',
      'organizations list-policies',
      'organizations describe-policy',
      'organizations list-targets-for-policy',
      'organizations list-delegated-administrators',
    ]);
  });

  it('needs a Region (or --organization), and says how to call it (exit 2)', () => {
    const result = exportWith(join(FIXTURES, 'single-account', '111122223333'), []);
    expect(result).toMatchObject({
      status: 2,
      stderr: 'usage: export-estate.sh --region REGION [--region REGION ...] [--out DIR] [--profile NAME] [--organization] (--region may be left out with --organization)\n',
      calls: [],
    });
  });
});
