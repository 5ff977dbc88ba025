/**
 * `npm run validate-policy` on the policy fixtures. Two cases run the built bundle (node
 * dist/cli/validate-policy.js) to prove the process contract: a valid file (exit 0) and unreadable
 * files (exit 1, one line each, no stack trace). The variations call runValidatePolicy in-process.
 */
import { join } from 'node:path';
import { runValidatePolicy } from '../../cli/validate-policy';
import { ensureBuilt, runCommand, runScript, STACK_TRACE_LINE } from '../support/cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'policies');
/** `npm run validate-policy -- ...args` in the fixtures folder, in-process. */
const run = (...args: string[]) => runCommand(runValidatePolicy, args, FIXTURES);
/** The same, as `node dist/cli/validate-policy.js ...args`. */
const spawn = (...args: string[]) => runScript(join('cli', 'validate-policy.js'), args, FIXTURES);
const USAGE = 'usage: backup-estate validate-policy [--partial] <policy.json> [more.json ...]';

beforeAll(() => ensureBuilt(join('cli', 'validate-policy.js')));

describe('npm run validate-policy (dist/cli/validate-policy.js)', () => {
  it('exits 0 and prints "<file>: valid" for a valid policy (spawned)', () => {
    const result = spawn('aws-doc-example.json');
    expect(result).toEqual({ status: 0, stdout: 'aws-doc-example.json: valid\n', stderr: '' });
    expect(run('aws-doc-example.json')).toEqual(result);
  });

  it('exits 0 when the only problems are warnings, printing them on stderr', () => {
    const result = run('aws-doc-example-newer-keys.json');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('aws-doc-example-newer-keys.json: valid\n');
    expect(result.stderr.split('\n')).toEqual([
      'warning aws-doc-example-newer-keys.json: $.plans.PII_Backup_Plan.rules.Hourly.target_logically_air_gapped_backup_vault_arn: is documented by AWS but not modelled by this tool: it is passed through unchecked',
      'warning aws-doc-example-newer-keys.json: $.plans.PII_Backup_Plan.rules.Hourly.index_actions: is documented by AWS but not modelled by this tool: it is passed through unchecked',
      '',
    ]);
  });

  it('exits 1 on an invalid policy: errors, then warnings, then a summary, on stderr', () => {
    const result = run('aws-doc-example-3.json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      "error   aws-doc-example-3.json: $.plans.PII_Backup_Plan.rules.Hourly.copy_actions['arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault'].lifecycle.delete_after_days: must be at least move_to_cold_storage_after_days + 90 = 270 (AWS keeps cold-storage recovery points at least 90 days); got 28",
      'warning aws-doc-example-3.json: $.plans.PII_Backup_Plan.rules.Hourly.index_actions: is documented by AWS but not modelled by this tool: it is passed through unchecked',
      'aws-doc-example-3.json: invalid (1 error, 1 warning)',
      '',
    ]);
  });

  it('reads a child policy that sets only what differs from its parent (AWS Example 5) as invalid alone, and with --partial as valid with a warning per key the parent must set', () => {
    expect(run('aws-doc-example-5-child.json')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'error   aws-doc-example-5-child.json: $.plans.PII_Backup_Plan.selections: is required\naws-doc-example-5-child.json: invalid (1 error, 0 warnings)\n',
    });
    expect(run('--partial', 'aws-doc-example-5-child.json')).toEqual({
      status: 0,
      stdout: 'aws-doc-example-5-child.json: valid\n',
      stderr:
        'warning aws-doc-example-5-child.json: $.plans.PII_Backup_Plan.selections: is required in the effective policy: a partial (child) policy leaves it to the parent it is merged with, which must set it\n',
    });
  });

  it('checks every file given and exits 1 when any is invalid', () => {
    const result = run('aws-doc-example.json', 'too-many-rules.json', 'duplicate-keys.json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('aws-doc-example.json: valid\n');
    expect(result.stderr.split('\n')).toEqual([
      'error   too-many-rules.json: $.plans.gold.rules: has 11 rules; a plan accepts at most 10',
      'too-many-rules.json: invalid (1 error, 0 warnings)',
      'error   duplicate-keys.json: $.plans.gold.rules.daily: duplicate key "daily" (line 11): AWS Organizations rejects duplicate keys',
      'duplicate-keys.json: invalid (1 error, 0 warnings)',
      '',
    ]);
  });

  it('reports invalid JSON, a missing file and a directory clearly, without a stack trace (spawned)', () => {
    const result = spawn('not-json.json', 'missing.json', '.', 'aws-doc-example.json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('aws-doc-example.json: valid\n');
    expect(result.stderr.split('\n')).toEqual([
      "error   not-json.json: $: invalid JSON: Expected property name or '}' in JSON at line 6, column 1",
      'not-json.json: invalid (1 error, 0 warnings)',
      'error   missing.json: $: cannot read file: no such file',
      'error   .: $: cannot read file: is a directory',
      '',
    ]);
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run('not-json.json', 'missing.json', '.', 'aws-doc-example.json')).toEqual(result);
  });

  it.each([
    ['no argument', [], 'validate-policy: no policy file given'],
    ['only "--"', ['--'], 'validate-policy: no policy file given'],
    ['an unknown option', ['--strict', 'aws-doc-example.json'], 'validate-policy: unknown option --strict'],
  ])('exits 2 with a usage line on %s', (_, args, first) => {
    const result = run(...args);
    expect(result).toEqual({ status: 2, stdout: '', stderr: `${first}; ${USAGE}\n` });
  });

  it('prints the usage on --help and exits 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(USAGE);
  });
});
