/**
 * `npm run guard` as a user runs it, in a scratch folder holding plan files (and a copy of the
 * default config, examples/single-account.yaml). One case runs the built bundle (node
 * dist/cli/guard.js) to prove the process contract: a blocked plan, with the default config and
 * --markdown (exit 1, the summary on stdout and in the file, the verdict on stderr). The
 * variations (every usage error, every plan-file defect, the config options) call runGuard
 * in-process (runCommand).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGuard } from '../../cli/guard';
import { ensureBuilt, ROOT, runCommand, runScript, STACK_TRACE_LINE, type RunResult } from '../support/cli';
import { STACK, VAULT, LOCK } from './plans';

const FIXTURES = join(__dirname, '..', 'fixtures', 'guard');
const ALLOWED_CONFIG = join(FIXTURES, 'allowed.yaml');

const scratchDirs: string[] = [];

beforeAll(() => ensureBuilt('cli/guard.js'));

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm run guard -- ...args` in `cwd` (in-process), without BACKUP_CONFIG unless given. */
const guard = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runCommand(runGuard, args, cwd, env);

/** `node dist/cli/guard.js ...args` in `cwd`, without BACKUP_CONFIG unless given. */
const spawnGuard = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runScript('cli/guard.js', args, cwd, env);

/** A scratch folder with fixtures copied in as `<dest>` (relative paths), and the examples. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'guard-cli-'));
  scratchDirs.push(dir);
  for (const [dest, fixture] of Object.entries(files)) {
    mkdirSync(join(dir, dest, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, dest));
  }
  mkdirSync(join(dir, 'examples'));
  copyFileSync(join(ROOT, 'examples', 'single-account.yaml'), join(dir, 'examples', 'single-account.yaml'));
  return dir;
}

describe('npm run guard (cli/guard.ts)', () => {
  it('passes a create-only plan: exit 0, the summary on stdout, the verdict on stderr', () => {
    const dir = scratch({ [`${STACK}.json`]: 'create-only.json' });
    const result = guard([`${STACK}.json`], dir);
    expect(result.stderr).toBe(`guard ${STACK}: passed (0 allowed by config)\n`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Backup plan guard: passed');
    expect(result.stdout).toContain(`### \`${STACK}\`: passed\n\n| Creates | Updates | Replaces | Deletes | Unchanged |\n| ---: | ---: | ---: | ---: | ---: |\n| 5 | 0 | 0 | 0 | 0 |`);
  });

  it('blocks a vault replacement with the default config (exit 1) and writes the summary to --markdown as well (spawned)', () => {
    const dir = scratch({ [`plans/${STACK}/plan.json`]: 'vault-replace.json' });
    const result = spawnGuard([`plans/${STACK}/plan.json`, '--markdown', 'out/guard.md'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`guard ${STACK}: blocked: ${VAULT} (replace), ${LOCK} (replace)\n`);
    expect(result.stdout).toContain('## Backup plan guard: 2 blocked changes');
    expect(result.stdout).toContain(`Replacing ${VAULT} destroys its recovery points`);
    expect(readFileSync(join(dir, 'out', 'guard.md'), 'utf8')).toBe(result.stdout);
    // The in-process command the other cases call prints, writes and returns exactly what the process does.
    const again = scratch({ [`plans/${STACK}/plan.json`]: 'vault-replace.json' });
    expect(guard([`plans/${STACK}/plan.json`, '--markdown', 'out/guard.md'], again)).toEqual(result);
    expect(readFileSync(join(again, 'out', 'guard.md'), 'utf8')).toBe(result.stdout);
  });

  it('lets through what --config allows for that stack, and only that', () => {
    const dir = scratch({ [`${STACK}.json`]: 'vault-replace.json', 'workload-prod-us-east-1.json': 'lock-delete.json' });
    const result = guard([`${STACK}.json`, 'workload-prod-us-east-1.json', `--config=${ALLOWED_CONFIG}`], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('### Allowed by config');
    expect(result.stdout).toContain('Reason given: Renaming the vault; its recovery points were copied to workload-prod-archive first (CHG-1234).');
    expect(result.stderr.split('\n')).toEqual([
      `warning workload-prod-us-east-1.json: ${ALLOWED_CONFIG} has no stack workload-prod-us-east-1: guard.allowedChanges cannot match it (stacks: ${STACK})`,
      `guard ${STACK}: blocked: ${LOCK} (replace)`,
      'guard workload-prod-us-east-1: passed (1 allowed by config)',
      '',
    ]);
  });

  it('reads BACKUP_CONFIG, and --stack names the stack of a single file', () => {
    const dir = scratch({ 'vault.json': 'vault-replace.json', 'allowed.yaml': 'allowed.yaml' });
    const wrongStack = guard(['vault.json'], dir, { BACKUP_CONFIG: 'allowed.yaml' });
    expect(wrongStack.status).toBe(1);
    expect(wrongStack.stderr).toContain('allowed.yaml has no stack vault');
    const named = guard(['vault.json', '--stack', STACK], dir, { BACKUP_CONFIG: 'allowed.yaml' });
    expect(named.stderr).toBe(`guard ${STACK}: blocked: ${LOCK} (replace)\n`);
  });

  it('names stacks after their folder with --stack-name-from-path', () => {
    const dir = scratch({ [`plans/${STACK}/show.json`]: 'vault-replace.json' });
    const result = guard([`plans/${STACK}/show.json`, '--stack-name-from-path', '--config', ALLOWED_CONFIG], dir);
    expect(result.stderr).toBe(`guard ${STACK}: blocked: ${LOCK} (replace)\n`);
  });

  it('prints the config errors and exits 1 when the config is invalid', () => {
    const dir = scratch({ [`${STACK}.json`]: 'create-only.json' });
    const result = guard([`${STACK}.json`, '--config', join(FIXTURES, 'invalid-guard.yaml')], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error   guard.allowedChanges.0.reason: must explain the change in at least 10 characters\n' +
        `${join(FIXTURES, 'invalid-guard.yaml')}: 1 error; the guard needs a valid config to read guard.allowedChanges\n`,
    );
  });

  const USAGE =
    '; usage: backup-estate guard [plan.json ...] [--base <synth dir | rollout.json | config file> [--synth-dir cdktf.out]] [--config backup.yaml] [--stack NAME | --stack-name-from-path] [--markdown out.md]\n';

  it.each([
    [[], 'no plan file given (and no --base)'],
    [['a.json', '--color'], 'unknown option --color'],
    [['a.json', '--stack-name-from-path=yes'], '--stack-name-from-path takes no value (got --stack-name-from-path=yes)'],
    [['a.json', '--config'], '--config needs a value'],
    [['a.json', 'b.json', '--stack', 'x'], '--stack names the stack of a single plan file; with several files, name them <stack>.json or <stack>/plan.json'],
    [['a.json', '--stack', 'x', '--stack-name-from-path'], '--stack and --stack-name-from-path exclude each other'],
  ])('exits 2 on the usage error %j', (args, message) => {
    const result = guard(args, scratch({}));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`guard: ${message}${USAGE}`);
  });

  it('exits 2 with one clear line on plan files that are missing, binary, not JSON or not a plan', () => {
    const dir = scratch({ 'state.json': 'state-not-plan.json', 'a/workload.json': 'create-only.json', 'b/workload.json': 'create-only.json' });
    writeFileSync(join(dir, 'tfplan.bin'), 'PK\u0003\u0004binary');
    writeFileSync(join(dir, 'text.json'), 'Terraform will perform the following actions:');
    writeFileSync(join(dir, 'other.json'), '{"resources": []}');
    // What the guard once passed: a bare format_version, and a vault deletion without its type.
    writeFileSync(join(dir, 'version-only.json'), '{"format_version":"1.2"}');
    const whole = JSON.parse(readFileSync(join(FIXTURES, 'lock-delete.json'), 'utf8')) as { resource_changes: Record<string, unknown>[] };
    writeFileSync(join(dir, 'untyped.json'), JSON.stringify({ ...whole, resource_changes: [{ address: VAULT, mode: 'managed', change: { actions: ['delete'] } }] }));
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...whole, format_version: '2.0' }));
    const cases: [string[], string][] = [
      [['missing.json'], 'guard: cannot read plan file missing.json: no such file\n'],
      [['examples'], 'guard: cannot read plan file examples: is a directory\n'],
      [['tfplan.bin'], 'guard: tfplan.bin is a binary plan file: run `terraform show -json tfplan.bin > plan.json` and pass plan.json\n'],
      [['state.json'], 'guard: state.json is Terraform state (terraform show -json without a plan file), not a plan: expected the output of `terraform show -json <planfile>`\n'],
      [['other.json'], 'guard: other.json has no format_version: expected the output of `terraform show -json <planfile>`\n'],
      [['version-only.json'], 'guard: version-only.json has no terraform_version, planned_values, configuration or resource_changes: it is not a whole plan; expected the output of `terraform show -json <planfile>`\n'],
      [['untyped.json'], `guard: untyped.json resource_changes[0] (${VAULT}) has no type\n`],
      [['v2.json'], 'guard: v2.json has format_version 2.0; this guard reads plan format 1.x\n'],
      [['a/workload.json', 'b/workload.json'], 'guard: a/workload.json and b/workload.json are both plans of stack workload: give one plan per stack\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = guard(args, dir);
      expect([args, result.status, result.stderr, result.stdout]).toEqual([args, 2, stderr, '']);
    }
    const text = guard(['text.json'], dir);
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/^guard: text\.json is not JSON \(.+\): expected the output of `terraform show -json <planfile>`\n$/);
    expect(text.stderr).not.toContain('    at ');
    expect(text.stderr).not.toMatch(STACK_TRACE_LINE);
  });

  it('reads a plan that starts with a UTF-8 byte-order mark (as some Windows tools write it)', () => {
    const dir = scratch({});
    writeFileSync(join(dir, `${STACK}.json`), `\uFEFF${readFileSync(join(FIXTURES, 'vault-replace.json'), 'utf8')}`);
    const result = guard([`${STACK}.json`], dir);
    expect(result.stderr).toBe(`guard ${STACK}: blocked: ${VAULT} (replace), ${LOCK} (replace)\n`);
    expect(result.status).toBe(1);
    // Only at the start: a mark anywhere else is not JSON.
    writeFileSync(join(dir, 'inner.json'), `{\uFEFF"format_version": "1.2"}`);
    const inner = guard(['inner.json'], dir);
    expect(inner.status).toBe(2);
    expect(inner.stderr).toMatch(/^guard: inner\.json is not JSON \(.+\): expected the output of `terraform show -json <planfile>`\n$/);
  });

  it('passes a real plan without changes, which has no resource_changes', () => {
    const dir = scratch({ [`${STACK}.json`]: 'no-changes-empty.json' });
    const result = guard([`${STACK}.json`], dir);
    expect([result.status, result.stderr]).toEqual([0, `guard ${STACK}: passed (0 allowed by config)\n`]);
  });

  it('does not pass a real -target plan that lacks `complete` (as Terraform before 1.8 writes it): exit 1, the partial plan named on stderr', () => {
    const result = guard([`${STACK}.json`], scratch({ [`${STACK}.json`]: 'target-unmarked.json' }));
    expect([result.status, result.stderr]).toEqual([
      1,
      `guard ${STACK}: not passed: The plan lists no change for 1 resource of its prior state (\`aws_backup_vault.gone\`), though a whole plan lists every one (unchanged ones as no-op): it was made with -target, which a plan without \`complete\` (Terraform before 1.8 writes none) does not otherwise say; the rest of the configuration is not planned, so it is not passed; guard a plan made without -target.\n`,
    ]);
    expect(result.stdout.split('\n')[0]).toBe('## Backup plan guard: 1 plan not passed (errored, incomplete, not fully read or refused by AWS)');
  });

  it('prints its help with --help', () => {
    const result = guard(['--help'], scratch({}));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('<stack>/plan.json or <stack>/tfplan.json -> the folder name');
    expect(existsSync(join(ROOT, 'dist', 'cli', 'guard.js'))).toBe(true);
  });
  describe('a plan is judged as the stack its AWS provider names', () => {
    const planFor = (accountIds: string[], region: string, extra: Record<string, unknown> = {}) => ({
      ...JSON.parse(readFileSync(join(FIXTURES, 'create-only.json'), 'utf8')),
      configuration: { provider_config: { aws: { name: 'aws', expressions: { allowed_account_ids: { constant_value: accountIds }, region: { constant_value: region } } } }, root_module: {} },
      ...extra,
    });
    const write = (plan: unknown) => {
      const dir = scratch({});
      writeFileSync(join(dir, `${STACK}.json`), JSON.stringify(plan));
      return dir;
    };

    it('refuses a plan of another account or Region than the stack its file names (exit 2): it would get that stack\'s allowances', () => {
      const result = guard([`${STACK}.json`], write(planFor(['333333333333'], 'eu-west-1')));
      expect(result.stderr).toBe(
        `guard: ${STACK}.json is a plan of account 333333333333 in eu-west-1 (its AWS provider), but stack ${STACK} is account 111122223333 in eu-west-1: name each plan file after its own stack\n`,
      );
      expect(result.status).toBe(2);
      expect(guard([`${STACK}.json`], write(planFor(['111122223333'], 'us-east-1'))).status).toBe(2);
    });

    it('passes the plan of its own account and Region; an errored one says "not passed" on stderr (exit 1)', () => {
      expect(guard([`${STACK}.json`], write(planFor(['111122223333'], 'eu-west-1'))).status).toBe(0);
      const errored = guard([`${STACK}.json`], write(planFor(['111122223333'], 'eu-west-1', { errored: true })));
      expect(errored.stderr).toBe(`guard ${STACK}: not passed: Terraform reported errors while planning: this plan is not the whole change, so it is not passed; fix the errors and plan again.\n`);
      expect(errored.status).toBe(1);
    });
  });
});
