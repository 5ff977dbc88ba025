import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, scratchProject, snapshotDir } from '../support/cli';

const INVALID = `version: 1
account: { id: "111122223333", name: demo, region: eu-west-1 }
vaults:
  main: {}
plans:
  gold:
    vault: main
    rules:
      daily: { schedule: "cron(0/15 * ? * * *)", lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 60 } }
    selections:
      all: {}
`;

describe('npm run synth (dist/main.js)', () => {
  it('synthesizes the bundled example by default into cdktf.out/stacks/<stack>/cdk.tf.json', () => {
    const project = scratchProject();
    const result = runScript('main.js', [], project);
    // Compliance warnings only (the silver tier's short retention is suppressed with a reason).
    expect(result.stderr.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(result.stderr).toContain('compliance: 0 error(s), 4 warning(s), 2 suppressed');
    expect(result.status).toBe(0);
    const compliance = JSON.parse(readFileSync(join(project, 'cdktf.out', 'compliance.json'), 'utf8'));
    expect(compliance.suppressions.map((s: { rule: string; matched: number }) => [s.rule, s.matched])).toEqual([
      ['AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION', 1],
      ['AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION', 1],
    ]);
    expect(result.stdout).toContain('Synthesized 1 stack(s) from examples/single-account.yaml');
    expect(readdirSync(join(project, 'cdktf.out', 'stacks'))).toEqual(['workload-prod-eu-west-1']);
    expect(existsSync(join(project, 'cdktf.out', 'stacks', 'workload-prod-eu-west-1', 'cdk.tf.json'))).toBe(true);
  });

  it('uses BACKUP_CONFIG, and removes stacks the new config no longer has', () => {
    const project = scratchProject();
    expect(runScript('main.js', [], project).status).toBe(0);
    const result = runScript('main.js', [], project, { BACKUP_CONFIG: 'examples/multi-region.yaml' });
    expect(result.status).toBe(0);
    expect(readdirSync(join(project, 'cdktf.out', 'stacks')).sort()).toEqual(['payments-prod-eu-central-1', 'payments-prod-eu-west-1', 'payments-prod-us-east-1', 'payments-prod-us-west-2']);
  });

  it('rejects an invalid config with every error, no stack trace, and leaves cdktf.out as it was', () => {
    const project = scratchProject();
    expect(runScript('main.js', [], project).status).toBe(0);
    const before = snapshotDir(join(project, 'cdktf.out'));
    writeFileSync(join(project, 'bad.yaml'), INVALID);
    const result = runScript('main.js', [], project, { BACKUP_CONFIG: 'bad.yaml' });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'error   plans.gold.rules.daily.schedule: runs up to 4 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field',
      'error   plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at least coldStorageAfterDays + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 60',
      'error   plans.gold.selections.all: selects every resource opted in to AWS Backup: give tags, conditions or resources',
      'warning vaults.main.accessPolicy.breakGlassPrincipals: is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)',
      'bad.yaml: 3 errors, 1 warning; nothing was written',
      '',
    ]);
    expect(result.stdout).toBe('');
    expect(snapshotDir(join(project, 'cdktf.out'))).toEqual(before);
  });

  it('writes rollout.json and synthesizes a subset selected by account and Region', () => {
    const project = scratchProject();
    const result = runScript('main.js', ['examples/organization.yaml', '--account', 'payments,backup', '--region=eu-west-1'], project);
    expect(result.status).toBe(0);
    expect(readdirSync(join(project, 'cdktf.out', 'stacks')).sort()).toEqual(['central-eu-west-1', 'payments-eu-west-1']);
    const rollout = JSON.parse(readFileSync(join(project, 'cdktf.out', 'rollout.json'), 'utf8'));
    expect(rollout.stacks.map((s: { name: string; dependsOn: string[] }) => [s.name, s.dependsOn])).toEqual([
      ['central-eu-west-1', []],
      ['payments-eu-west-1', ['central-eu-west-1']],
    ]);
    expect(rollout.waves).toEqual([['central-eu-west-1'], ['payments-eu-west-1']]);
  });

  it('rejects unknown filters and options without writing', () => {
    const project = scratchProject();
    const unknown = runScript('main.js', ['examples/organization.yaml', '--account', 'billing'], project);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('no account billing in this estate (there are: analytics, backup, management, orders, payments); nothing was written\n');
    const option = runScript('main.js', ['--acount', 'x'], project);
    expect(option.status).toBe(2);
    expect(option.stderr).toBe('unknown option --acount; usage: [config.yaml] [--stack NAME[,NAME]] [--account KEY[,KEY]] [--region REGION[,REGION]]\n');
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });

  it('reads JSON configs too', () => {
    const project = scratchProject();
    const config = { version: 1, account: { id: '111122223333', name: 'json', region: 'us-east-1' }, vaults: { main: {} }, plans: { p: { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { s: { tags: { backup: 'yes' } } } } } };
    writeFileSync(join(project, 'estate.json'), JSON.stringify(config));
    const result = runScript('main.js', ['estate.json'], project);
    expect(result.status).toBe(0);
    expect(readdirSync(join(project, 'cdktf.out', 'stacks'))).toEqual(['json-us-east-1']);
  });

  it('fails on compliance errors without writing, and names the rule', () => {
    const project = scratchProject();
    expect(runScript('main.js', [], project).status).toBe(0);
    const before = snapshotDir(join(project, 'cdktf.out'));
    const example = readFileSync(join(project, 'examples', 'single-account.yaml'), 'utf8');
    writeFileSync(join(project, 'unsuppressed.yaml'), example.slice(0, example.indexOf('\ncompliance:')));
    const result = runScript('main.js', ['unsuppressed.yaml'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error   workload-prod-eu-west-1 aws_backup_plan.plan-silver_plan_AC71515B: rule daily keeps recovery points 14 days: less than the required 35 days [AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION]',
    );
    expect(result.stderr).toContain('compliance rule pack found errors; nothing was written');
    expect(snapshotDir(join(project, 'cdktf.out'))).toEqual(before);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    const project = scratchProject();
    writeFileSync(join(project, 'dup.yaml'), 'version: 1\nversion: 1\n');
    const result = runScript('main.js', ['dup.yaml'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error   (config): line 2, column 1: Map keys must be unique');
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });

  it('reports a missing file', () => {
    const result = runScript('main.js', ['missing.yaml'], scratchProject());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error   (config): cannot read config file "missing.yaml": no such file');
  });
});

describe('npm run validate (dist/cli/validate.js)', () => {
  it('accepts a valid config, names its stacks and writes nothing', () => {
    const project = scratchProject();
    const result = runScript('cli/validate.js', ['examples/multi-region.yaml'], project);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('examples/multi-region.yaml: valid (0 warning(s)); stacks: payments-prod-eu-west-1, payments-prod-us-east-1, payments-prod-eu-central-1, payments-prod-us-west-2\n');
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });

  it('fails on an invalid config', () => {
    const project = scratchProject();
    writeFileSync(join(project, 'bad.yaml'), INVALID);
    const result = runScript('cli/validate.js', [], project, { BACKUP_CONFIG: 'bad.yaml' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.yaml: 3 errors, 1 warning; nothing was written');
  });
});

describe('npm run schema (dist/cli/schema.js)', () => {
  it('writes a JSON Schema that documents every field', () => {
    const project = scratchProject();
    expect(runScript('cli/schema.js', ['schema.json'], project).status).toBe(0);
    const schema = JSON.parse(readFileSync(join(project, 'schema.json'), 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['version', 'vaults', 'plans']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'version', 'account', 'organization', 'accounts', 'state', 'tags', 'serviceRole', 'keys', 'vaults', 'plans', 'alerts', 'restoreTesting', 'audit', 'regionSettings', 'compliance', 'guard']);
  });
});
