/**
 * npm run synth, validate and schema. A few cases run the built bundle (node dist/...) to prove
 * the process contract (exit code, exact stderr, files written or left untouched, BACKUP_CONFIG);
 * the variations call the same command functions in-process (runCommand), which costs no node
 * start and no module loading per case.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSynth } from '../../main';
import { runValidate } from '../../cli/validate';
import { runSchema } from '../../cli/schema';
import { ensureBuilt, runCommand, runScript, scratchProject, snapshotDir, type RunResult } from '../support/cli';

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

const synth = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runCommand(runSynth, args, cwd, env);

/** A scratch project synthesized once by the real command with its defaults (node dist/main.js, no argument, no BACKUP_CONFIG). */
let project = '';
let defaultSynth: RunResult;

beforeAll(() => {
  ensureBuilt('main.js');
  project = scratchProject();
  defaultSynth = runScript('main.js', [], project);
});

/** A fresh scratch project holding a copy of `project`'s cdktf.out, as if the default synth had run there. */
function synthesizedProject(): string {
  const dir = scratchProject();
  cpSync(join(project, 'cdktf.out'), join(dir, 'cdktf.out'), { recursive: true });
  return dir;
}

describe('npm run synth (dist/main.js, spawned)', () => {
  it('synthesizes the bundled example by default into cdktf.out/stacks/<stack>/cdk.tf.json', () => {
    const result = defaultSynth;
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

  it('rejects an invalid config (BACKUP_CONFIG) with every error, no stack trace, and leaves cdktf.out as it was', () => {
    const before = snapshotDir(join(project, 'cdktf.out'));
    writeFileSync(join(project, 'bad.yaml'), INVALID);
    const result = runScript('main.js', [], project, { BACKUP_CONFIG: 'bad.yaml' });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'error   plans.gold.rules.daily.schedule: runs up to 4 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field',
      'error   plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at least coldStorageAfterDays + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 60',
      'error   plans.gold.selections.all: selects every resource opted in to AWS Backup: give tags, conditions or resources',
      'warning vaults.main.accessPolicy.breakGlassPrincipals: is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)',
      'warning alerts: is not set: failed backup, copy and restore jobs, and the silence alarms, notify no one; add alerts with subscriptions',
      'bad.yaml: 3 errors, 2 warnings; nothing was written',
      '',
    ]);
    expect(result.stdout).toBe('');
    expect(snapshotDir(join(project, 'cdktf.out'))).toEqual(before);
    // The in-process command the other cases call prints and returns exactly what the process does.
    expect(synth([], project, { BACKUP_CONFIG: 'bad.yaml' })).toEqual(result);
    expect(snapshotDir(join(project, 'cdktf.out'))).toEqual(before);
  });
});

describe('npm run synth (main.ts runSynth, in-process)', () => {
  it('uses BACKUP_CONFIG, and removes stacks the new config no longer has', () => {
    const dir = synthesizedProject();
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks'))).toEqual(['workload-prod-eu-west-1']);
    const result = synth([], dir, { BACKUP_CONFIG: 'examples/multi-region.yaml' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      'Synthesized 4 stack(s) from examples/multi-region.yaml into cdktf.out/stacks: payments-prod-eu-west-1, payments-prod-us-east-1, payments-prod-eu-central-1, payments-prod-us-west-2\n',
    );
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks')).sort()).toEqual(['payments-prod-eu-central-1', 'payments-prod-eu-west-1', 'payments-prod-us-east-1', 'payments-prod-us-west-2']);
  });

  it('writes rollout.json and synthesizes a subset selected by account and Region', () => {
    const dir = scratchProject();
    const result = synth(['examples/organization.yaml', '--account', 'payments,backup', '--region=eu-west-1'], dir);
    expect(result.status).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks')).sort()).toEqual(['central-eu-west-1', 'payments-eu-west-1']);
    const rollout = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'rollout.json'), 'utf8'));
    expect(rollout.stacks.map((s: { name: string; dependsOn: string[] }) => [s.name, s.dependsOn])).toEqual([
      ['central-eu-west-1', []],
      ['payments-eu-west-1', ['central-eu-west-1']],
    ]);
    expect(rollout.waves).toEqual([['central-eu-west-1'], ['payments-eu-west-1']]);
  });

  it('rejects unknown filters and options without writing', () => {
    const dir = scratchProject();
    const unknown = synth(['examples/organization.yaml', '--account', 'billing'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.split('\n').slice(-2)).toEqual(['examples/organization.yaml: no account billing in this estate (there are: analytics, backup, management, orders, payments); nothing was written', '']);
    expect(unknown.stderr).not.toMatch(/^error/m);
    // Each filter names stacks of the estate, but no stack matches them all: not a synth of nothing that empties cdktf.out/stacks (exit 0).
    for (const command of [runSynth, runValidate]) {
      const none = runCommand(command, ['examples/organization.yaml', '--account', 'payments', '--stack', 'orders-eu-west-1', '--region=us-east-1'], dir);
      expect(none.status).toBe(1);
      expect(none.stderr.split('\n').slice(-2)).toEqual(['examples/organization.yaml: no stack is selected by all of --stack orders-eu-west-1, --account payments, --region us-east-1 (each names stacks of this estate, but none matches them all); nothing was written', '']);
    }
    const option = synth(['--acount', 'x'], dir);
    expect(option.status).toBe(2);
    // The usage names the command (found by the journey audit).
    expect(option.stderr).toBe('synth: unknown option --acount; usage: backup-estate synth [config.yaml] [--stack NAME[,NAME]] [--account KEY[,KEY]] [--region REGION[,REGION]] [--verbose]\n');
    // A flag it lists, given a value: not "unknown option --verbose".
    expect(synth(['--verbose=true'], dir)).toEqual({ status: 2, stdout: '', stderr: 'synth: --verbose takes no value (got --verbose=true); usage: backup-estate synth [config.yaml] [--stack NAME[,NAME]] [--account KEY[,KEY]] [--region REGION[,REGION]] [--verbose]\n' });
    expect(runCommand(runValidate, ['a.yaml', 'b.yaml'], dir).stderr).toBe('validate: only one config file can be given (got a.yaml and b.yaml); usage: backup-estate validate [config.yaml] [--stack NAME[,NAME]] [--account KEY[,KEY]] [--region REGION[,REGION]] [--verbose]\n');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('reads JSON configs too', () => {
    const dir = scratchProject();
    const config = { version: 1, account: { id: '111122223333', name: 'json', region: 'us-east-1' }, vaults: { main: {} }, plans: { p: { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { s: { tags: { backup: 'yes' } } } } } };
    writeFileSync(join(dir, 'estate.json'), JSON.stringify(config));
    const result = synth(['estate.json'], dir);
    expect(result.status).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks'))).toEqual(['json-us-east-1']);
  });

  it('fails on compliance errors without writing, and names the rule', () => {
    const before = snapshotDir(join(project, 'cdktf.out'));
    const example = readFileSync(join(project, 'examples', 'single-account.yaml'), 'utf8');
    writeFileSync(join(project, 'unsuppressed.yaml'), example.slice(0, example.indexOf('\ncompliance:')));
    const result = synth(['unsuppressed.yaml'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error   plans.silver.rules.daily (workload-prod-eu-west-1 aws_backup_plan.plan-silver_plan_AC71515B): rule daily keeps recovery points 14 days: less than the required 35 days [AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION]\n' +
        "        fix: Raise lifecycle.deleteAfterDays of the rule (and of copies with their own lifecycle) to at least the required retention. The requirement is backup-estate's policy (AWS Config's default, 35 days), not an AWS limit: compliance.minRetentionDays sets it for the whole estate.\n" +
        '        or accept it: compliance.suppressions: [{ rule: AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION, path: plans.silver.rules.daily, reason: "why it is acceptable" }]\n',
    );
    expect(result.stderr).toContain('unsuppressed.yaml: compliance rule pack found errors; nothing was written');
    expect(snapshotDir(join(project, 'cdktf.out'))).toEqual(before);
  });

  it('accepts a suppression by config path, and warns about one that matches nothing', () => {
    const example = readFileSync(join(project, 'examples', 'single-account.yaml'), 'utf8');
    const suppressions = [
      'compliance:',
      '  suppressions:',
      '    - { rule: AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION, path: plans.silver.rules.daily, reason: silver is a short-lived scratch tier }',
      '    - { rule: AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION, path: plans.silver, reason: silver is a short-lived scratch tier }',
      '    - { rule: AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION, path: plans.gold, reason: nothing to suppress there anymore }',
    ].join('\n');
    writeFileSync(join(project, 'by-path.yaml'), `${example.slice(0, example.indexOf('\ncompliance:'))}\n${suppressions}\n`);
    const dir = scratchProject();
    const result = synth([join(project, 'by-path.yaml')], dir);
    expect(result.stderr).toContain('warning compliance.suppressions: AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION (path plans.gold) matches no finding: stale or misspelled\n');
    // The stale suppression is counted with the rule pack's warnings it is printed among.
    const counted = /compliance: 0 error\(s\), (\d+) warning\(s\), 2 suppressed/.exec(result.stderr);
    const printed = result.stderr.split('\n').filter((line) => /^warning .*\[[A-Z0-9-]+\]$/.test(line) || line.includes('matches no finding')).length;
    expect(Number(counted?.[1])).toBe(printed);
    expect(result.stderr).not.toContain('error   ');
    expect(result.status).toBe(0);
    const misspelled = `${example.slice(0, example.indexOf('\ncompliance:'))}\ncompliance:\n  suppressions:\n    - { rule: X, path: plans.golden, reason: a misspelled plan key }\n`;
    writeFileSync(join(project, 'misspelled.yaml'), misspelled);
    expect(synth([join(project, 'misspelled.yaml')], dir).stderr).toContain(
      'error   compliance.suppressions.0.path: "plans.golden" names nothing in this config: plans has no "golden" (it has gold, silver)',
    );
  });

  it('under cdktf synth (CDKTF_OUTDIR) prints warnings on stdout, which cdktf shows as they are (stderr it shows as [ERROR])', () => {
    const dir = scratchProject();
    const result = synth(['examples/multi-region.yaml'], dir, { CDKTF_OUTDIR: join(dir, 'cdktf.out') });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^warning plans\./m);
    expect(result.stdout).toContain('compliance: 0 error(s), 5 warning(s), 2 suppressed\n');
  });

  it('under cdktf synth (CDKTF_OUTDIR), a config the rule pack refuses leaves the folder as it was; a valid one keeps stale stacks for the cdktf CLI to remove', () => {
    const dir = synthesizedProject();
    const outdir = join(dir, 'cdktf.out');
    const before = snapshotDir(outdir);
    const example = readFileSync(join(project, 'examples', 'single-account.yaml'), 'utf8');
    writeFileSync(join(dir, 'unsuppressed.yaml'), example.slice(0, example.indexOf('\ncompliance:')));
    const refused = synth(['unsuppressed.yaml'], dir, { CDKTF_OUTDIR: outdir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('unsuppressed.yaml: compliance rule pack found errors; nothing was written\n');
    expect(snapshotDir(outdir)).toEqual(before);
    expect(readdirSync(dir).filter((entry) => entry.includes('staging'))).toEqual([]);
    const written = synth(['examples/multi-region.yaml'], dir, { CDKTF_OUTDIR: outdir });
    expect(written.status).toBe(0);
    // The cdktf CLI removes the stacks its app no longer writes, and fails on one already gone.
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['payments-prod-eu-central-1', 'payments-prod-eu-west-1', 'payments-prod-us-east-1', 'payments-prod-us-west-2', 'workload-prod-eu-west-1']);
  });

  it('refuses a file where cdktf.out goes with exit 2 and a plain message (it was an internal error after the whole synth), leaving the file as it was', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'cdktf.out'), 'not a folder\n');
    const result = synth(['examples/single-account.yaml'], dir);
    // In-process, the folder is named as resolved against the project (a user's process names it as typed: cdktf.out).
    expect(result).toEqual({ status: 2, stdout: '', stderr: `cannot write ${join(dir, 'cdktf.out')}: it is a file, not a folder\n` });
    expect(readFileSync(join(dir, 'cdktf.out'), 'utf8')).toBe('not a folder\n');
    expect(readdirSync(dir).filter((entry) => entry.includes('staging'))).toEqual([]);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'dup.yaml'), 'version: 1\nversion: 1\n');
    const result = synth(['dup.yaml'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error   ${join(dir, 'dup.yaml')}, line 2, column 1: this key is already in the same map: YAML would keep only the last one (YAML: Map keys must be unique)`);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('reads .json configs as JSON: a trailing comma is an error with the file, line and column, and nothing is written', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'estate.json'), '{\n  "version": 1,\n}\n');
    const result = synth(['estate.json'], dir);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `error   ${join(dir, 'estate.json')}, line 3, column 1: a comma before "}": JSON allows no comma after the last entry of a map\nestate.json: 1 error, 0 warnings; nothing was written\n`,
    });
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('refuses a vault keyed __proto__ (it used to vanish) and writes nothing', () => {
    const dir = scratchProject();
    const example = readFileSync(join(dir, 'examples', 'single-account.yaml'), 'utf8');
    writeFileSync(join(dir, 'proto.yaml'), example.replace(/^vaults:\n/m, 'vaults:\n  __proto__:\n    region: eu-west-1\n'));
    const result = synth(['proto.yaml'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'error   vaults.__proto__: "__proto__" cannot be a key: names of JavaScript object internals (__proto__, constructor, prototype, toString, ...) are refused everywhere in the config; rename it\nproto.yaml: 1 error, 0 warnings; nothing was written\n',
    );
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('reports a missing file', () => {
    // Run where the process runs, as a user does: the message names the file as typed.
    expect(existsSync(join(process.cwd(), 'missing.yaml'))).toBe(false);
    const result = synth(['missing.yaml'], process.cwd());
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error   cannot read config file "missing.yaml": no such file\nmissing.yaml: 1 error, 0 warnings; nothing was written\n');
    // From another folder, relative paths are read from that folder (the message names the resolved path).
    const dir = scratchProject();
    const elsewhere = synth(['missing.yaml'], dir);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toContain(`error   cannot read config file "${join(dir, 'missing.yaml')}": no such file`);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('reports a folder named as the config (not its size as if it were a file)', () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'configs'));
    const result = synth(['configs'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error   cannot read config file "${join(dir, 'configs')}": it is a folder; name the config file in it\nconfigs: 1 error, 0 warnings; nothing was written\n`);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('says why a config cannot be read in words, not an errno code (a link loop: ELOOP)', () => {
    const dir = scratchProject();
    symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
    const result = synth(['loop-a.yaml'], dir);
    expect(result).toEqual({ status: 1, stdout: '', stderr: `error   cannot read config file "${join(dir, 'loop-a.yaml')}": a symbolic link that leads back to itself\nloop-a.yaml: 1 error, 0 warnings; nothing was written\n` });
  });
});

describe('npm run validate (dist/cli/validate.js)', () => {
  it('accepts a valid config, names its stacks and writes nothing (in-process)', () => {
    const dir = scratchProject();
    const result = runCommand(runValidate, ['examples/multi-region.yaml'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('examples/multi-region.yaml: valid (12 warning(s)); stacks: payments-prod-eu-west-1, payments-prod-us-east-1, payments-prod-eu-central-1, payments-prod-us-west-2\n');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it("gives synth's verdict: a rule-pack error (30-day retention against the 35-day default) fails validate, with the fix", () => {
    const dir = scratchProject();
    const example = readFileSync(join(project, 'examples', 'single-account.yaml'), 'utf8');
    writeFileSync(join(dir, 'thirty.yaml'), example.slice(0, example.indexOf('\ncompliance:')).replace('      daily:\n        preset: daily-35\n', '      daily:\n        preset: daily-35\n        lifecycle: { deleteAfterDays: 30 }\n'));
    const validated = runCommand(runValidate, ['thirty.yaml'], dir);
    const synthesized = synth(['thirty.yaml'], dir);
    expect(validated.status).toBe(1);
    expect(validated.stderr).toContain('error   plans.gold.rules.daily (workload-prod-eu-west-1 aws_backup_plan.plan-gold_plan_374B848C): rule daily keeps recovery points 30 days');
    expect(validated.stderr).toContain('        fix: Raise lifecycle.deleteAfterDays');
    expect(validated.stderr).toBe(synthesized.stderr);
    expect(synthesized.status).toBe(1);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('fails on an invalid config named by BACKUP_CONFIG (spawned)', () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'bad.yaml'), INVALID);
    const result = runScript('cli/validate.js', [], dir, { BACKUP_CONFIG: 'bad.yaml' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.yaml: 3 errors, 2 warnings; nothing was written');
    expect(result.stdout).toBe('');
  });
});

describe('npm run schema (dist/cli/schema.js, spawned)', () => {
  it('writes a JSON Schema that documents every field', () => {
    const dir = scratchProject();
    const result = runScript('cli/schema.js', ['schema.json'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote the config JSON Schema to schema.json\n');
    const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['version', 'plans']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'version', 'account', 'organization', 'accounts', 'state', 'tags', 'serviceRole', 'security', 'globalSettings', 'existingVaults', 'keys', 'vaults', 'plans', 'alerts', 'restoreTesting', 'audit', 'regionSettings', 'compliance', 'guard', 'monitoring', 'adoption']);
  });

  it('refuses an option or a second path (exit 2, nothing written) instead of writing a file named --out (found by the journey audit)', () => {
    const dir = scratchProject();
    const option = runCommand(runSchema, ['--out', 'schema.json'], dir);
    expect(option).toEqual({ status: 2, stdout: '', stderr: 'schema: unknown option --out; usage: backup-estate schema [path]\n' });
    expect(runCommand(runSchema, ['a.json', 'b.json'], dir)).toEqual({ status: 2, stdout: '', stderr: 'schema: only one path can be given (got a.json and b.json); usage: backup-estate schema [path]\n' });
    mkdirSync(join(dir, 'taken'));
    expect(runCommand(runSchema, ['taken'], dir)).toEqual({ status: 2, stdout: '', stderr: 'schema: cannot write taken: is a directory\n' });
    expect(['--out', 'schema.json', 'a.json', 'b.json'].filter((name) => existsSync(join(dir, name)))).toEqual([]);
  });
});
