/**
 * `npm run report` as a user runs it. Two cases run the built bundle (node dist/cli/report.js) in
 * a scratch project (a copy of examples/) to prove the process contract: the default config
 * synthesized into a temp folder (exit 0, nothing written to the project) and a config error
 * (exit 1, every problem on stderr, no stack trace). The variations call runReport in-process
 * (runCommand), sharing the synth dirs made once in beforeAll.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../../cli/synthesize';
import { parseReportArguments, ReportError, runReport } from '../../cli/report';
import { runValidate } from '../../cli/validate';
import { ensureBuilt, runCommand, runScript, scratchProject, STACK_TRACE_LINE, type RunResult } from '../support/cli';
import { editedExample, synthDir } from './helpers';

/** `npm run report -- ...args` in `cwd`, in-process. */
const report = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runCommand(runReport, args, cwd, env);

/** `node dist/cli/report.js ...args` in `cwd`. */
const spawnReport = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runScript('cli/report.js', args, cwd, env);

/** No stack trace line ("    at fn (file:1:2)") in the output. */
const NO_STACK_TRACE = STACK_TRACE_LINE;

/** A scratch project holding cdktf.out (single-account) and other (multi-region), synthesized once, and base-out (a copy of cdktf.out). */
let synthesized = '';

beforeAll(() => {
  ensureBuilt('cli/report.js');
  synthesized = scratchProject();
  expect(synthesize(join(synthesized, 'examples', 'single-account.yaml'), { outdir: join(synthesized, 'cdktf.out') }).ok).toBe(true);
  expect(synthesize(join(synthesized, 'examples', 'multi-region.yaml'), { outdir: join(synthesized, 'other') }).ok).toBe(true);
  cpSync(join(synthesized, 'cdktf.out'), join(synthesized, 'base-out'), { recursive: true });
});

describe('npm run report: what it reads', () => {
  it('without cdktf.out, synthesizes the default config into a temp folder and reads its compliance.json (spawned)', () => {
    const dir = scratchProject();
    const run = spawnReport([], dir);
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('<!-- backup-estate-report -->\n## Backup posture\n')).toBe(true);
    expect(run.stdout).toContain('### workload-prod · 111122223333 · eu-west-1');
    expect(run.stdout).toContain('| `daily` | every day at 05:00 UTC | 28 h | 35 d / – | – | `workload-prod-main` governance 7-400 d |');
    expect(run.stdout).not.toContain('compliance not run');
    expect(run.stdout).toMatch(/\*\*1 stack · 2 plans · \d+ errors? · \d+ warnings? .*regressions not checked \(no base\)\*\*/);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('BACKUP_CONFIG names the default config', () => {
    const run = report([], scratchProject(), { BACKUP_CONFIG: 'examples/multi-region.yaml' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('**4 stacks · 3 plans');
  });

  it('reads cdktf.out when it exists, and --synth-dir names another folder', () => {
    const dir = synthesized;
    const defaulted = report([], dir, { BACKUP_CONFIG: 'examples/multi-region.yaml' });
    expect(defaulted.status).toBe(0);
    expect(defaulted.stdout).toContain('**1 stack · 2 plans');
    const other = report(['--synth-dir', 'other'], dir);
    expect(other.stdout).toContain('**4 stacks · 3 plans');
    expect(report(['--synth-dir=other'], dir).stdout).toBe(other.stdout);
  });
});

describe('npm run report --base', () => {
  it('compares with a base config: regressions first; exit 0, or 1 with --fail-on-regression', () => {
    const dir = scratchProject();
    // Compliance errors the edit may cause are suppressed in the edited file, as a user accepting them would.
    const head = editedExample('multi-region.yaml', (document) => document.deleteIn(['plans', 'eu-critical', 'rules', 'daily', 'copies']));
    synthDir(head, { acceptComplianceErrors: true });
    const run = report(['--config', head, '--base', 'examples/multi-region.yaml', '--out', 'out/report.md', '--json', 'out/report.json'], dir);
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('· 1 regression**');
    expect(run.stdout).toContain('| `payments-prod-eu-west-1` | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1) removed | 35 d -> none |');
    expect(run.stderr).toContain('report: 1 regression(s) against examples/multi-region.yaml');
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toBe(run.stdout);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { version: number; diff: { regressions: { what: string }[] } };
    expect(json.version).toBe(1);
    expect(json.diff.regressions.map((change) => change.what)).toEqual(['copy to `payments-dr` (eu-central-1) removed']);

    const failing = report(['--config', head, '--base', 'examples/multi-region.yaml', '--fail-on-regression'], dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toBe(run.stdout);
  });

  it('names the stacks removed against the base on stderr, and fails on them with --fail-on-regression', () => {
    // other: multi-region.yaml; base-out: single-account.yaml, whose only stack the head lacks.
    const run = report(['--synth-dir', 'other', '--base', 'base-out'], synthesized);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('report: 1 stack(s) removed against base-out: workload-prod-eu-west-1\nreport: 4 regression(s) against base-out\n');
    expect(run.stdout.indexOf('### Removed stacks (1) against `base-out`')).toBeLessThan(run.stdout.indexOf('### Regressions'));
    expect(report(['--synth-dir', 'other', '--base', 'base-out', '--fail-on-regression'], synthesized).status).toBe(1);
  });

  it('reads a base folder as a synth dir; no regression exits 0 even with --fail-on-regression', () => {
    const dir = synthesized;
    const run = report(['--config', 'examples/single-account.yaml', '--base', 'base-out', '--fail-on-regression'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No regression against `base-out`.');
    expect(run.stdout).toContain('· 0 regressions**');
  });

  // Found by the affected audit: --base naming the synth dir under review compared every stack with itself.
  it.each([
    ['--synth-dir cdktf.out --base cdktf.out', ['--synth-dir', 'cdktf.out', '--base', 'cdktf.out'], 'cdktf.out', 'cdktf.out'],
    ['the default synth dir and --base ./cdktf.out/', ['--base', './cdktf.out/'], './cdktf.out/', 'cdktf.out'],
  ])('refuses a base that is the synth dir under review (%s): exit 2, nothing compared', (_label, args, base, head) => {
    const run = report([...args, '--fail-on-regression'], synthesized);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(
      `report: --base ${base} is the synth dir under review (${head}): every stack would compare equal to itself (no regression, nothing removed); give the base's own synth dir or its config file\n`,
    );
  });

  // Found by the review audit: the config under review given as the base compared it with itself too.
  it.each([
    ['--config and --base one file', ['--config', 'examples/single-account.yaml', '--base', './examples/single-account.yaml'], './examples/single-account.yaml', 'examples/single-account.yaml', {}],
    ['BACKUP_CONFIG and --base one file', ['--base', 'examples/multi-region.yaml'], 'examples/multi-region.yaml', 'examples/multi-region.yaml', { BACKUP_CONFIG: 'examples/multi-region.yaml' }],
  ])('refuses a base that is the config under review (%s): exit 2, nothing compared', (_label, args, base, head, env) => {
    const run = report([...args, '--fail-on-regression'], scratchProject(), env);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(
      `report: --base ${base} is the config under review (${head}): every stack would compare equal to itself (no regression, nothing removed); give the base commit's config (git show <base>:${head} > base.yaml) or its synth dir\n`,
    );
  });
});

describe('npm run report: problems', () => {
  it('prints every config error without a stack trace and exits 1 (spawned)', () => {
    const dir = scratchProject();
    const bad = editedExample('single-account.yaml', (document) => document.setIn(['plans', 'silver', 'rules', 'daily', 'lifecycle', 'deleteAfterDays'], 0));
    const run = spawnReport(['--config', bad], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error   plans.silver.rules.daily.lifecycle.deleteAfterDays: must be at least 1');
    expect(run.stderr).toContain(`report: ${bad}: 1 error(s); config not synthesized, no report`);
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
    // The in-process command the other cases call prints and returns exactly what the process does.
    expect(report(['--config', bad], dir)).toEqual(run);
    // A base that does not synthesize is an input the report cannot read (2, as for guard and affected), never a regression (1 with --fail-on-regression).
    const badBase = report(['--config', 'examples/single-account.yaml', '--base', bad, '--fail-on-regression'], dir);
    expect(badBase.status).toBe(2);
    expect(badBase.stdout).toBe('');
    expect(badBase.stderr).toContain('base config not synthesized, no report');
    expect(badBase.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('prints the compliance errors that stop synthesis', () => {
    const dir = scratchProject();
    const unsuppressed = editedExample('single-account.yaml', (document) => document.deleteIn(['compliance']));
    const run = report(['--config', unsuppressed], dir);
    expect(run.status).toBe(1);
    // validate's lines, each finding at its config path with its fix (it printed the stack and address only), then why there is no report.
    expect(run.stderr).toContain(
      'error   plans.silver.rules.daily (workload-prod-eu-west-1 aws_backup_plan.plan-silver_plan_AC71515B): rule daily keeps recovery points 14 days: less than the required 35 days [AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION]\n        fix: ',
    );
    const validated = runCommand(runValidate, [unsuppressed], dir);
    expect(validated.status).toBe(1);
    expect(run.stderr).toBe(`${validated.stderr}report: ${unsuppressed}: 2 error(s); config not synthesized, no report\n`);
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('refuses unknown arguments, missing values, --synth-dir with --config, and missing paths with exit 2, as every command (found by the journey audit)', () => {
    const dir = scratchProject();
    const unknown = report(['--nope'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('report: unknown option --nope; usage: backup-estate report ');
    expect(unknown.stderr).toContain('usage: backup-estate report ');
    const noValue = report(['--out'], dir);
    expect(noValue.status).toBe(2);
    expect(noValue.stderr).toContain('report: --out needs a value');
    const both = report(['--synth-dir', 'a', '--config', 'b'], dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('report: give either --synth-dir or --config, not both');
    const missing = report(['--synth-dir', 'nowhere'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('rollout.json: not found: not a synth dir (run backup-estate synth first)');
    const noConfig = report(['--config', 'nowhere.yaml'], dir);
    expect(noConfig.status).toBe(2);
    expect(noConfig.stderr).toContain('report: config nowhere.yaml: not found');
    const noBase = report(['--synth-dir', 'examples', '--base', 'nowhere'], dir);
    expect(noBase.status).toBe(2);
    expect(noBase.stderr).toContain('--base nowhere: not found');
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const pricesFolder = report(['--prices', 'folder'], dir);
    expect(pricesFolder.status).toBe(2);
    expect(pricesFolder.stderr).toBe('report: --prices folder: cannot read: is a directory\n');
    for (const run of [unknown, noValue, both, missing, noConfig, noBase, pricesFolder]) {
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(NO_STACK_TRACE);
    }
  });

  it('says a partial synth is one (its counts are not the estate\'s) and refuses to compare it with a base (exit 2)', () => {
    const dir = scratchProject();
    const filters = { stacks: ['payments-prod-eu-west-1'], accounts: [], regions: [] };
    expect(synthesize(join(dir, 'examples', 'multi-region.yaml'), { outdir: join(dir, 'part'), filters }).ok).toBe(true);
    const alone = report(['--synth-dir', 'part'], dir);
    expect(alone.status).toBe(0);
    expect(alone.stdout.split('\n')[3]).toMatch(/^\*\*1 stack of a partial synth \(--stack payments-prod-eu-west-1; the other stacks are not in this report\) · 2 plans · 0 errors · 4 warnings · 2 suppressed · 7 config warnings · regressions not checked \(no base\)\*\*$/);
    const message = (label: string) => `report: ${label} is the synth of part of the estate (--stack payments-prod-eu-west-1): compare whole synths (backup-estate synth without --stack, --account or --region)\n`;
    expect(report(['--synth-dir', 'part', '--base', join(synthesized, 'other')], dir)).toEqual({ status: 2, stdout: '', stderr: message('part') });
    expect(report(['--synth-dir', join(synthesized, 'other'), '--base', 'part'], dir)).toEqual({ status: 2, stdout: '', stderr: message('--base part') });
    // A partial head is refused before the base is synthesized (for nothing): here a base config that would not synthesize.
    writeFileSync(join(dir, 'base.yaml'), 'accounts: {}\n');
    expect(report(['--synth-dir', 'part', '--base', 'base.yaml'], dir)).toEqual({ status: 2, stdout: '', stderr: message('part') });
  });

  it('names the synth dir file it cannot read or parse: a folder in its place is not "not valid JSON", and sizes.json is named', () => {
    const dir = join(scratchProject(), 'broken');
    const cases: [string, 'folder' | 'text', string][] = [
      ['rollout.json', 'folder', 'rollout.json: cannot read: is a directory'],
      ['sizes.json', 'folder', 'sizes.json: cannot read: is a directory: synthesize again'],
      ['sizes.json', 'text', "sizes.json: not valid JSON: Expected property name or '}' in JSON at position 2: synthesize again"],
      ['policy-plans.json', 'folder', 'policy-plans.json: cannot read: is a directory: synthesize again'],
    ];
    for (const [file, kind, message] of cases) {
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(synthesized, 'cdktf.out'), dir, { recursive: true });
      rmSync(join(dir, file));
      if (kind === 'folder') mkdirSync(join(dir, file));
      else writeFileSync(join(dir, file), '{\n');
      expect(report(['--synth-dir', dir], synthesized)).toEqual({ status: 2, stdout: '', stderr: `report: synth dir: ${join(dir, message)}\n` });
    }
  });

  it('refuses a stack file with a repeated key, as guard and affected do (JSON.parse kept only the last `resource`: the vaults under the first went unseen)', () => {
    const dir = join(scratchProject(), 'repeated');
    cpSync(join(synthesized, 'cdktf.out'), dir, { recursive: true });
    const [stack] = readdirSync(join(dir, 'stacks')).sort();
    const file = join(dir, 'stacks', stack as string, 'cdk.tf.json');
    writeFileSync(file, '{\n  "resource": {},\n  "resource": {}\n}\n');
    expect(report(['--synth-dir', dir], synthesized)).toEqual({ status: 2, stdout: '', stderr: `report: synth dir: ${file}: the key "resource" is repeated at $.resource (line 3): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does\n` });
  });

  it('names an --out or --json it cannot write: exit 2, never an internal error (found by the journey audit)', () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'folder'));
    const run = report(['--config', 'examples/single-account.yaml', '--out', 'folder'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot write folder: is a directory\n');
    expect(run.stderr).not.toContain('internal error');
  });

  it('prints its usage with --help', () => {
    const run = report(['--help'], scratchProject());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: backup-estate report [--synth-dir cdktf.out | --config file.yaml] [--base <config file or synth dir>]');
  });
});

describe('parseReportArguments', () => {
  it('parses every flag, with a value after a space or =', () => {
    expect(parseReportArguments(['--config', 'a.yaml', '--base=b', '--out', 'r.md', '--json=r.json', '--fail-on-regression'])).toEqual({
      config: 'a.yaml',
      base: 'b',
      out: 'r.md',
      json: 'r.json',
      failOnRegression: true,
    });
    expect(() => parseReportArguments(['positional'])).toThrow(ReportError);
  });
});
