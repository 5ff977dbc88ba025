/**
 * backup-estate adopt as a user runs it, in a scratch project: adopt the single-account fixture,
 * then validate and synth the written config as any other (the validator and the rule pack run on
 * it; synth writes the import blocks), and what adopt refuses: overwriting, a missing --from, an
 * export it cannot read, an adopted config that does not validate, a config edited after adopt
 * whose imports no longer match (the rule pack names adoption.imports).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdopt } from '../../cli/adopt';
import { runValidate } from '../../cli/validate';
import { runSynth } from '../../main';
import { runCommand, STACK_TRACE_LINE, type RunResult } from '../support/cli';

const EXPORT = join(__dirname, '..', 'fixtures', 'adopt', 'single-account');
const dirs: string[] = [];
const project = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-cli-'));
  dirs.push(dir);
  return dir;
};
const adopt = (args: readonly string[], cwd: string): RunResult => runCommand(runAdopt, args, cwd);

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('backup-estate adopt', () => {
  let dir: string;
  let first: RunResult;
  beforeAll(() => {
    dir = project();
    first = adopt(['--from', EXPORT], dir);
  });

  it('writes the config, its import blocks and the report, prints every report item and what to do next (exit 0)', () => {
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const out = first.stdout.split('\n');
    expect(out.filter((line) => /^(not-represented|kept|changed|warning) /.test(line))).toHaveLength(33); // 31, the first apply opting in EKS, which the export does not list, and adding DisassociateRecoveryPoint to prod-main's deletion deny
    expect(out.slice(-3)).toEqual([
      `Wrote backup.yaml with adopt/imports.json (15 import blocks: acme-prod-eu-west-1 14, acme-prod-eu-central-1 1) and adopt/report.md beside it, from ${EXPORT}.`,
      'backup.yaml: valid; stacks: acme-prod-eu-west-1, acme-prod-eu-central-1. Next: review adopt/report.md, then backup-estate synth and terraform plan in each stack (imports and in-place updates only).',
      '',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['adopt', 'backup.yaml']);
    expect(readdirSync(join(dir, 'adopt')).sort()).toEqual(['imports.json', 'report.md']);
  });

  it('leaves a config that validate accepts and synth turns into stacks with exactly those import blocks', () => {
    const validate = runCommand(runValidate, [], dir);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toBe('backup.yaml: valid (17 warning(s)); stacks: acme-prod-eu-west-1, acme-prod-eu-central-1\n');
    expect(validate.stderr).toContain('compliance: 0 error(s), 6 warning(s), 3 suppressed');
    const synth = runCommand(runSynth, [], dir);
    expect(synth.status).toBe(0);
    const imports = JSON.parse(readFileSync(join(dir, 'adopt', 'imports.json'), 'utf8')).stacks as Record<string, Record<string, string>>;
    for (const [stack, entries] of Object.entries(imports)) {
      const json = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(json.import).toEqual(Object.entries(entries).map(([to, id]) => ({ to, id })));
      // Every block targets a resource the stack manages.
      for (const { to } of json.import as { to: string }[]) expect(json.resource[to.split('.')[0]][to.split('.')[1]]).toBeDefined();
    }
  });

  it('overwrites nothing without --force (exit 1), and with it writes again', () => {
    const before = readFileSync(join(dir, 'backup.yaml'), 'utf8');
    writeFileSync(join(dir, 'backup.yaml'), '# mine\n');
    expect(adopt(['--from', EXPORT], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'backup.yaml, adopt/imports.json, adopt/report.md exist: adopt overwrites nothing without --force, so it wrote nothing\n',
    });
    expect(readFileSync(join(dir, 'backup.yaml'), 'utf8')).toBe('# mine\n');
    expect(adopt(['--from', EXPORT, '--force'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'backup.yaml'), 'utf8')).toBe(before);
  });

  it('checks its arguments and the export (exit 2), never with a stack trace', () => {
    const usage = 'usage: backup-estate adopt --from EXPORT_DIR [--config backup.yaml] [--force]';
    const cwd = project();
    expect(adopt([], cwd)).toEqual({ status: 2, stdout: '', stderr: `adopt: --from is required; ${usage}\n` });
    expect(adopt(['--from'], cwd)).toEqual({ status: 2, stdout: '', stderr: `adopt: --from needs a value; ${usage}\n` });
    expect(adopt(['--from', EXPORT, '--dry-run'], cwd)).toEqual({ status: 2, stdout: '', stderr: `adopt: unknown option --dry-run; ${usage}\n` });
    // A flag it lists, given a value: not "unknown option --force".
    expect(adopt(['--from', EXPORT, '--force=yes'], cwd)).toEqual({ status: 2, stdout: '', stderr: `adopt: --force takes no value (got --force=yes); ${usage}\n` });
    const missing = adopt(['--from', 'no-such-export'], cwd);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: `${join(cwd, 'no-such-export')} is not a folder: give the folder scripts/export-estate.sh wrote (--out)\n` });
    expect(missing.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('writes an adopted config that does not validate, and says why (exit 1)', () => {
    const from = project();
    cpSync(EXPORT, from, { recursive: true });
    const plan = join(from, '111122223333/eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/plan.json');
    const json = JSON.parse(readFileSync(plan, 'utf8'));
    delete json.BackupPlan.Rules[0].Lifecycle.DeleteAfterDays; // forever, into a vault locked to at most 400 days
    writeFileSync(plan, JSON.stringify(json));
    const cwd = project();
    const result = adopt(['--from', from, '--config', 'estate.yaml'], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        'error   plans.prod-daily.rules.DailyBackups.lifecycle.deleteAfterDays: retention of 36500 days is outside the lock range of vault "prod-main" (7-400 days): AWS Backup fails these jobs',
        'estate.yaml: the adopted config does not validate (1 error(s)); fix them, then backup-estate validate',
        '',
      ].join('\n'),
    );
    expect(readdirSync(cwd).sort()).toEqual(['adopt', 'estate.yaml']);
    expect(readFileSync(join(cwd, 'adopt', 'report.md'), 'utf8')).toContain('## The adopted config does not validate yet');
  });

  it('refuses a config changed after adopt whose import blocks no longer match, at adoption.imports', () => {
    // A copy of the first project, as adopt left it.
    const cwd = project();
    cpSync(join(dir, 'backup.yaml'), join(cwd, 'backup.yaml'));
    cpSync(join(dir, 'adopt'), join(cwd, 'adopt'), { recursive: true });
    const config = readFileSync(join(cwd, 'backup.yaml'), 'utf8');
    // The vault key renamed: its address changes, so its import would target nothing.
    writeFileSync(join(cwd, 'backup.yaml'), config.replace('  prod-dr:\n', '  dr:\n    name: prod-dr\n').replaceAll('prod-dr: {}', 'dr: {}'));
    const validate = runCommand(runValidate, [], cwd);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain(
      'error   adoption.imports (acme-prod-eu-central-1 aws_backup_vault.vault-prod-dr_vault_7F8A9676): imports "prod-dr" into aws_backup_vault.vault-prod-dr_vault_7F8A9676, which this stack does not manage: the config changed since the imports were written [BACKUP-ESTATE-IMPORT-TARGET]\n',
    );
  });
});
