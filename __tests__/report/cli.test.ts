/**
 * `npm run report` as a user runs it. scripts/build.mjs does not bundle cli/report.ts (yet), so
 * this file bundles it with esbuild the same way (CommonJS, packages external) into a temp folder
 * and runs it with node in a scratch project (a copy of examples/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { synthesize } from '../../cli/synthesize';
import { parseReportArguments, ReportError } from '../../cli/report';
import { ROOT, scratchProject } from '../support/cli';
import { editedExample, synthDir } from './helpers';

let bundle: string;

beforeAll(() => {
  bundle = join(mkdtempSync(join(tmpdir(), 'report-cli-')), 'report.js');
  buildSync({ entryPoints: [join(ROOT, 'cli', 'report.ts')], outfile: bundle, bundle: true, packages: 'external', platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function report(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [bundle, ...args], {
    cwd,
    // The bundle lives outside the project: resolve its packages from the project's node_modules.
    env: { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, DEBUG: undefined, NODE_PATH: join(ROOT, 'node_modules'), ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No stack trace line ("    at fn (file:1:2)") in the output. */
const NO_STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe('npm run report: what it reads', () => {
  it('without cdktf.out, synthesizes the default config into a temp folder and reads its compliance.json', () => {
    const dir = scratchProject();
    const run = report([], dir);
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
    const dir = scratchProject();
    expect(synthesize(join(dir, 'examples', 'single-account.yaml'), { outdir: join(dir, 'cdktf.out') }).ok).toBe(true);
    expect(synthesize(join(dir, 'examples', 'multi-region.yaml'), { outdir: join(dir, 'other') }).ok).toBe(true);
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

  it('reads a base folder as a synth dir; no regression exits 0 even with --fail-on-regression', () => {
    const dir = scratchProject();
    expect(synthesize(join(dir, 'examples', 'single-account.yaml'), { outdir: join(dir, 'base-out') }).ok).toBe(true);
    const run = report(['--config', 'examples/single-account.yaml', '--base', 'base-out', '--fail-on-regression'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No regression against `base-out`.');
    expect(run.stdout).toContain('· 0 regressions**');
  });
});

describe('npm run report: problems', () => {
  it('prints every config error without a stack trace and exits 1', () => {
    const dir = scratchProject();
    const bad = editedExample('single-account.yaml', (document) => document.setIn(['plans', 'silver', 'rules', 'daily', 'lifecycle', 'deleteAfterDays'], 0));
    const run = report(['--config', bad], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error   plans.silver.rules.daily.lifecycle.deleteAfterDays: must be at least 1');
    expect(run.stderr).toContain(`report: ${bad}: 1 error(s); config not synthesized, no report`);
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
    const badBase = report(['--config', 'examples/single-account.yaml', '--base', bad], dir);
    expect(badBase.status).toBe(1);
    expect(badBase.stderr).toContain('base config not synthesized, no report');
  });

  it('prints the compliance errors that stop synthesis', () => {
    const dir = scratchProject();
    const unsuppressed = editedExample('single-account.yaml', (document) => document.deleteIn(['compliance']));
    const run = report(['--config', unsuppressed], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error {3}workload-prod-eu-west-1 aws_backup_plan\.plan-silver_plan_AC71515B: .+ \[[A-Z0-9-]+\]$/m);
    expect(run.stderr).toContain('report: compliance rule pack found errors');
    expect(run.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('refuses unknown arguments, missing values, --synth-dir with --config, and missing paths', () => {
    const dir = scratchProject();
    const unknown = report(['--nope'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('report: unknown argument "--nope"');
    expect(unknown.stderr).toContain('usage: npm run report --');
    expect(report(['--out'], dir).stderr).toContain('report: --out needs a value');
    expect(report(['--synth-dir', 'a', '--config', 'b'], dir).stderr).toContain('report: give either --synth-dir or --config, not both');
    const missing = report(['--synth-dir', 'nowhere'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('rollout.json: not found: not a synth dir (run npm run synth first)');
    expect(report(['--config', 'nowhere.yaml'], dir).stderr).toContain('report: config nowhere.yaml: not found');
    expect(report(['--synth-dir', 'examples', '--base', 'nowhere'], dir).stderr).toContain('--base nowhere: not found');
    for (const run of [unknown, missing]) expect(run.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('prints its usage with --help', () => {
    const run = report(['--help'], scratchProject());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: npm run report -- [--synth-dir cdktf.out | --config file.yaml] [--base <config file or synth dir>]');
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
      help: false,
    });
    expect(() => parseReportArguments(['positional'])).toThrow(ReportError);
  });
});
