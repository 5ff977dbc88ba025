/** The example GitHub Actions workflow: valid YAML, the expected jobs, and its scripts run. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { buildRollout, rolloutJson, type RolloutStack } from '../../rollout/rollout';
import { ROOT } from '../support/cli';
import { EXPECTED_ORDER, EXPECTED_WAVES, estateStacks } from './estate';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: string; matrix?: string };
  defaults?: { run?: { 'working-directory'?: string } };
  steps: Step[];
}

interface Workflow {
  on: Record<string, { branches: string[] }>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const PATH = join(ROOT, 'examples', 'pipelines', 'github-actions.yml');
const TEXT = readFileSync(PATH, 'utf8');
const workflow = parse(TEXT) as Workflow;
const APPLY_JOBS = Object.keys(workflow.jobs).filter((name) => name.startsWith('apply-wave-'));

const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.split('@')[0] === action);
const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

/** Runs the synth job's matrix script (`node -e "$SCRIPT"`) on `stacks`, as the runner would. */
function runMatrixScript(stacks: RolloutStack[]): { status: number | null; stdout: string; outputs: Record<string, string> } {
  const step = workflow.jobs.synth!.steps.find((candidate) => candidate.id === 'rollout')!;
  const dir = mkdtempSync(join(tmpdir(), 'estate-gha-'));
  mkdirSync(join(dir, 'cdktf.out'));
  writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), rolloutJson(buildRollout(stacks)));
  const output = join(dir, 'github-output');
  const result = spawnSync(process.execPath, ['-e', step.env!.SCRIPT!], { cwd: dir, env: { ...process.env, ...step.env, GITHUB_OUTPUT: output }, encoding: 'utf8' });
  const outputs = existsSync(output) ? Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) : {};
  return { status: result.status, stdout: result.stdout, outputs };
}

/**
 * A fake `npm` on the PATH: logs its arguments, writes the file after --markdown/--out, writes
 * cdktf.out/rollout.json where `npm run synth` runs, exits FAKE_NPM_STATUS_<call>.
 */
function fakeNpmBin(): string {
  const bin = mkdtempSync(join(tmpdir(), 'estate-fake-npm-'));
  writeFileSync(
    join(bin, 'npm'),
    [
      '#!/usr/bin/env bash',
      'echo "$*" >> "$FAKE_NPM_LOG"',
      'if [ "$*" = "run synth" ]; then mkdir -p cdktf.out && echo "synthesized in ${PWD##*/}" > cdktf.out/rollout.json; fi',
      'args=("$@")',
      'for ((i = 0; i < ${#args[@]}; i++)); do',
      '  case "${args[$i]}" in --markdown|--out) printf \'%s\\n\' "$FAKE_NPM_TEXT" > "${args[$((i + 1))]}" ;; esac',
      'done',
      'calls=$(wc -l < "$FAKE_NPM_LOG")',
      'status="FAKE_NPM_STATUS_$((calls))"',
      'exit "${!status:-0}"',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

interface StepRun {
  status: number | null;
  stderr: string;
  /** One line per npm call. */
  npm: string[];
  outputs: string;
  summary: string;
}

/** Runs a step's `run` script as the runner does (bash -eo pipefail) in `dir`, with the fake npm. */
function runStep(run: string, dir: string, env: Record<string, string> = {}): StepRun {
  const log = join(dir, 'npm.log');
  const output = join(dir, 'github-output');
  const summary = join(dir, 'step-summary');
  for (const file of [log, output, summary]) writeFileSync(file, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run], {
    cwd: dir,
    env: { ...process.env, PATH: `${fakeNpmBin()}:${process.env.PATH ?? ''}`, FAKE_NPM_LOG: log, FAKE_NPM_TEXT: 'fake output', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, BACKUP_CONFIG: 'backup.yaml', ...env },
    encoding: 'utf8',
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return { status: result.status, stderr: result.stderr, npm: read(log).split('\n').filter((line) => line !== ''), outputs: read(output), summary: read(summary) };
}

const stepNamed = (job: Job, name: string) => job.steps.find((step) => step.name === name)!;

describe('examples/pipelines/github-actions.yml', () => {
  it('is valid YAML without warnings', () => {
    const document = parseDocument(TEXT);
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  it('plans on pull requests and applies on pushes to main, with no default token permission', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['synth', 'plan', 'comment', 'apply-wave-1', 'apply-wave-2', 'apply-wave-3', 'apply-wave-4']);
  });

  it('synth: installs with Node 20 and the npm cache, validates, synthesizes and uploads cdktf.out', () => {
    const synth = workflow.jobs.synth!;
    expect(uses(synth, 'actions/setup-node')!.with).toEqual({ 'node-version': 20, cache: 'npm' });
    expect(runs(synth).slice(0, 3)).toEqual(['npm install --no-audit --no-fund', 'npm run validate', 'npm run synth']);
    expect(uses(synth, 'actions/upload-artifact')!.with).toMatchObject({ name: 'cdktf-out', path: 'cdktf.out' });
    expect(Object.keys(synth.outputs!)).toEqual(['stacks', 'stack-count', 'waves', 'wave-count']);
  });

  it('synth: checks out the base branch on pull requests, for the posture report', () => {
    const synth = workflow.jobs.synth!;
    const checkouts = synth.steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(2);
    expect(checkouts[1]).toMatchObject({ if: "github.event_name == 'pull_request'", with: { ref: '${{ github.event.pull_request.base.sha }}', path: 'base', 'persist-credentials': false } });
    const names = synth.steps.map((step) => step.name ?? step.uses ?? step.run);
    expect(names.indexOf('Backup posture report')).toBeGreaterThan(names.indexOf('npm run synth'));
    expect(synth.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.name === 'posture-report')).toBe(true);
  });

  it('synth: synthesizes the base branch with its own code and config for the guard, and fails when it cannot', () => {
    const synth = workflow.jobs.synth!;
    const step = stepNamed(synth, 'Synthesize the base branch');
    expect(step.if).toBe("github.event_name == 'pull_request'");
    const names = synth.steps.map((candidate) => candidate.name ?? candidate.uses ?? candidate.run);
    expect(names.indexOf('Synthesize the base branch')).toBeGreaterThan(names.indexOf('npm run synth'));
    const upload = synth.steps[synth.steps.indexOf(step) + 1]!;
    expect(upload).toMatchObject({ if: "github.event_name == 'pull_request'", with: { name: 'base-synth', path: 'base-synth', 'if-no-files-found': 'error' } });

    // The first pull request: no config on the base branch, nothing to synthesize, and a note for the guard.
    const first = mkdtempSync(join(tmpdir(), 'estate-base-synth-'));
    mkdirSync(join(first, 'base'));
    expect(runStep(step.run!, first)).toMatchObject({ status: 0, npm: [] });
    expect(readFileSync(join(first, 'base-synth', 'NO-BASE-CONFIG'), 'utf8')).toBe('The base branch has no backup.yaml: no stack of it could be removed.\n');

    // The same lock file: the dependencies are shared, and the base branch synthesizes in base/.
    const same = mkdtempSync(join(tmpdir(), 'estate-base-synth-'));
    mkdirSync(join(same, 'base'));
    for (const dir of [same, join(same, 'base')]) writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(same, 'base', 'backup.yaml'), 'version: 1\n');
    expect(runStep(step.run!, same)).toMatchObject({ status: 0, npm: ['run synth'] });
    expect(readFileSync(join(same, 'base-synth', 'cdktf.out', 'rollout.json'), 'utf8')).toBe('synthesized in base\n');

    // Another lock file: the base branch's own dependencies first.
    writeFileSync(join(same, 'base', 'package-lock.json'), '{"lockfileVersion": 2}\n');
    rmSync(join(same, 'base', 'node_modules'));
    rmSync(join(same, 'base-synth'), { recursive: true });
    expect(runStep(step.run!, same)).toMatchObject({ status: 0, npm: ['install --no-audit --no-fund', 'run synth'] });

    // A base branch that does not synthesize fails the step: no silent pass.
    rmSync(join(same, 'base-synth'), { recursive: true });
    const failing = runStep(step.run!, same, { FAKE_NPM_STATUS_2: '1' });
    expect(failing.status).not.toBe(0);
    expect(existsSync(join(same, 'base-synth', 'cdktf.out'))).toBe(false);
  });

  it('never lets the base synth or the guard fail silently: no continue-on-error, no || true', () => {
    const steps = [
      stepNamed(workflow.jobs.synth!, 'Synthesize the base branch'),
      stepNamed(workflow.jobs.comment!, 'Plan guard'),
      ...workflow.jobs.comment!.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@') && ['cdktf-out', 'base-synth'].includes(String(step.with?.name))),
    ];
    expect(steps).toHaveLength(4);
    for (const step of steps) {
      expect((step as Step & { 'continue-on-error'?: boolean })['continue-on-error']).toBeUndefined();
      expect(step.run ?? '').not.toMatch(/\|\|\s*(true|:)\b/);
    }
  });

  it('synth: the posture report compares with the base config when there is one, and falls back without it', () => {
    const step = stepNamed(workflow.jobs.synth!, 'Backup posture report');
    expect((step as Step & { 'continue-on-error'?: boolean })['continue-on-error']).toBe(true);
    const report = '--synth-dir cdktf.out --out posture-report/report.md --json posture-report/report.json';

    const noBase = mkdtempSync(join(tmpdir(), 'estate-report-step-'));
    const plain = runStep(step.run!, noBase);
    expect(plain.status).toBe(0);
    expect(plain.npm).toEqual([`run --silent report -- ${report}`]);
    expect(plain.summary).toContain('fake output');

    const withBase = mkdtempSync(join(tmpdir(), 'estate-report-step-'));
    mkdirSync(join(withBase, 'base'));
    writeFileSync(join(withBase, 'base', 'backup.yaml'), 'version: 1\n');
    expect(runStep(step.run!, withBase).npm).toEqual([`run --silent report -- ${report} --base base/backup.yaml`]);

    // The base config cannot be synthesized (exit 1): report again without it, and say so.
    const fallback = runStep(step.run!, withBase, { FAKE_NPM_STATUS_1: '1' });
    expect(fallback.status).toBe(0);
    expect(fallback.npm).toEqual([`run --silent report -- ${report} --base base/backup.yaml`, `run --silent report -- ${report}`]);
    expect(readFileSync(join(withBase, 'posture-report', 'report.md'), 'utf8')).toContain('regressions were not checked');
  });

  it('synth: turns rollout.json into the plan matrix and one matrix per wave', () => {
    const { status, outputs } = runMatrixScript(estateStacks());
    expect(status).toBe(0);
    const stacks = JSON.parse(outputs.stacks!) as { include: { name: string; account: string; region: string; directory: string; wave: number }[] };
    expect(stacks.include.map((stack) => stack.name).sort()).toEqual([...EXPECTED_ORDER].sort());
    expect(stacks.include.find((stack) => stack.name === 'payments-eu-central-1')).toEqual({ name: 'payments-eu-central-1', kind: 'workload', account: 'payments', region: 'eu-central-1', directory: 'cdktf.out/stacks/payments-eu-central-1', wave: 4 });
    expect(outputs['stack-count']).toBe('9');
    expect(outputs['wave-count']).toBe('4');
    const waves = JSON.parse(outputs.waves!) as { include: { name: string }[] }[];
    expect(waves).toHaveLength(APPLY_JOBS.length);
    expect(waves.map((wave) => wave.include.map((stack) => stack.name))).toEqual(EXPECTED_WAVES);
  });

  it('synth: pads missing waves with empty matrices, and fails on more waves than apply jobs', () => {
    const single: RolloutStack = { name: 'solo-eu-west-1', kind: 'workload', account: 'solo', accountId: '123456789012', region: 'eu-west-1', directory: 'cdktf.out/stacks/solo-eu-west-1', dependsOn: [] };
    const one = runMatrixScript([single]);
    expect(one.status).toBe(0);
    expect(one.outputs['wave-count']).toBe('1');
    expect((JSON.parse(one.outputs.waves!) as { include: unknown[] }[]).map((wave) => wave.include.length)).toEqual([1, 0, 0, 0]);

    const chain = ['a', 'b', 'c', 'd', 'e'].map((name, index, names): RolloutStack => ({ ...single, name, directory: `cdktf.out/stacks/${name}`, dependsOn: index === 0 ? [] : [names[index - 1]!] }));
    const tooMany = runMatrixScript(chain);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stdout).toContain('::error::rollout.json has 5 waves; this workflow applies 4');
  });

  it('plan: one job per stack, fail-fast off, configurable parallelism, OIDC role from a variable', () => {
    const plan = workflow.jobs.plan!;
    expect(needs(plan)).toEqual(['synth']);
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(plan.strategy).toEqual({ 'fail-fast': false, 'max-parallel': "${{ fromJSON(vars.BACKUP_PLAN_MAX_PARALLEL || '4') }}", matrix: '${{ fromJSON(needs.synth.outputs.stacks) }}' });
    expect(plan.permissions).toEqual({ 'id-token': 'write' });
    expect(plan.defaults!.run!['working-directory']).toBe('${{ matrix.directory }}');
    expect(uses(plan, 'aws-actions/configure-aws-credentials')!.with).toMatchObject({ 'role-to-assume': '${{ vars.BACKUP_PIPELINE_ROLE_ARN }}', 'aws-region': '${{ matrix.region }}' });
    expect(uses(plan, 'hashicorp/setup-terraform')!.with).toMatchObject({ terraform_wrapper: false });
  });

  it('plan: init, plan to a file, the plan as text and JSON, a step summary, both uploaded', () => {
    const plan = workflow.jobs.plan!;
    expect(runs(plan).slice(0, 4)).toEqual(['terraform init -input=false', 'terraform plan -input=false -out=tfplan', 'terraform show -no-color tfplan > plan.txt', 'terraform show -json tfplan > plan.json']);
    expect(runs(plan)[4]).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = uses(plan, 'actions/upload-artifact')!;
    expect(upload.if).toBe('always()');
    expect(upload.with!.path).toEqual(expect.stringContaining('plan.txt'));
    expect(upload.with!.path).toEqual(expect.stringContaining('plan.json'));
  });

  it('comment: after the plans, posts one comment with the guard verdict, the posture report and a line per stack, and updates it afterwards', async () => {
    const comment = workflow.jobs.comment!;
    expect(needs(comment)).toEqual(['synth', 'plan']);
    expect(comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const script = String(uses(comment, 'actions/github-script')!.with!.script);

    // Runs the script as actions/github-script does: an async function body with github and context.
    const dir = mkdtempSync(join(tmpdir(), 'estate-comment-'));
    mkdirSync(join(dir, 'plans', 'plan-payments-eu-west-1'), { recursive: true });
    writeFileSync(join(dir, 'plans', 'plan-payments-eu-west-1', 'summary.txt'), 'Plan: 3 to add, 0 to change, 0 to destroy.\n');
    writeFileSync(join(dir, 'plans', 'plan-payments-eu-west-1', 'plan.txt'), 'Terraform will perform the following actions:\nPlan: 3 to add, 0 to change, 0 to destroy.\n');
    writeFileSync(join(dir, 'guard.md'), '### Plan guard\n\nNothing blocked.\n');
    mkdirSync(join(dir, 'posture-report'));
    writeFileSync(join(dir, 'posture-report', 'report.md'), '<!-- backup-estate-report -->\n## Backup posture\n\n**9 stacks · 4 plans · 0 regressions**\n');
    const fsInDir = {
      existsSync: (path: string) => existsSync(join(dir, path)),
      readFileSync: (path: string, encoding: BufferEncoding) => readFileSync(join(dir, path), encoding),
    };
    const stacksOutput = runMatrixScript(estateStacks()).outputs.stacks!;
    const calls: { method: string; body: string }[] = [];
    const existing: { id: number; user: { type: string }; body: string }[] = [];
    const github = {
      paginate: async () => existing,
      rest: {
        issues: {
          listComments: () => undefined,
          createComment: async ({ body }: { body: string }) => {
            calls.push({ method: 'create', body });
            existing.push({ id: 7, user: { type: 'Bot' }, body });
          },
          updateComment: async ({ body, comment_id }: { body: string; comment_id: number }) => calls.push({ method: `update ${comment_id}`, body }),
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'estate' }, issue: { number: 12 }, runId: 99, serverUrl: 'https://github.com', payload: { pull_request: { head: { sha: 'abcdef1234567' } } } };
    type ScriptFunction = (require: (name: string) => unknown, github: unknown, context: unknown, process: unknown) => Promise<void>;
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => ScriptFunction;
    const run = new AsyncFunction('require', 'github', 'context', 'process', script);
    const fakeProcess = { env: { STACKS: stacksOutput, GUARD_STATUS: '0' } };
    await run((name) => (name === 'node:fs' ? fsInDir : undefined), github, context, fakeProcess);
    await run((name) => (name === 'node:fs' ? fsInDir : undefined), github, context, fakeProcess);

    expect(calls.map((call) => call.method)).toEqual(['create', 'update 7']);
    const body = calls[0]!.body;
    expect(body.startsWith('<!-- backup-estate-plan -->')).toBe(true);
    expect(body).toContain('## Backup estate plan for abcdef1');
    expect(body).toContain('| 3 | `payments-eu-west-1` | payments | eu-west-1 | Plan: 3 to add, 0 to change, 0 to destroy. |');
    expect(body).toContain('| 1 | `management-us-east-1` | management | us-east-1 | no plan: see the job log |');
    expect(body).toContain('<details><summary>payments-eu-west-1</summary>');
    expect(body.match(/^\| \d \| `/gm)).toHaveLength(9);
    // The guard verdict and summary, then the posture report, then the plans.
    expect(body).toContain('Plan guard: no vault, key, lock, vault policy or Organizations policy is deleted or replaced, and no stack holding one leaves the synth.');
    expect(body.indexOf('### Plan guard')).toBeLessThan(body.indexOf('## Backup posture'));
    expect(body.indexOf('**9 stacks · 4 plans · 0 regressions**')).toBeLessThan(body.indexOf('| wave | stack |'));

    // A blocked guard says so first; a missing report or guard summary is named.
    calls.length = 0;
    const blocked = { env: { STACKS: stacksOutput, GUARD_STATUS: '1' } };
    const emptyDir = mkdtempSync(join(tmpdir(), 'estate-comment-'));
    const fsInEmpty = { existsSync: (path: string) => existsSync(join(emptyDir, path)), readFileSync: (path: string, encoding: BufferEncoding) => readFileSync(join(emptyDir, path), encoding) };
    await run((name) => (name === 'node:fs' ? fsInEmpty : undefined), github, context, blocked);
    const blockedBody = calls[0]!.body;
    expect(blockedBody).toContain('**Plan guard: this pull request is blocked** (exit 1)');
    expect(blockedBody).toContain('The plan guard did not run: see the job log.');
    expect(blockedBody).toContain('The backup posture report is missing: see the synth job log.');
  });

  it('comment: runs even with no stack left to plan, since the base branch stacks are still compared', () => {
    expect(workflow.jobs.comment!.if).toBe("always() && github.event_name == 'pull_request' && needs.synth.result == 'success'");
  });

  it('comment: the plan guard gets every plan.json as guard-plans/<stack>.json and the base branch synth, and keeps its exit code for the last step', () => {
    const comment = workflow.jobs.comment!;
    expect(runs(comment)[0]).toBe('npm install --no-audit --no-fund');
    expect(comment.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@')).map((step) => step.with)).toEqual([
      { pattern: 'plan-*', path: 'plans' },
      { name: 'posture-report', path: 'posture-report' },
      { name: 'cdktf-out', path: 'cdktf.out' },
      { name: 'base-synth', path: 'base-synth' },
    ]);
    const guard = stepNamed(comment, 'Plan guard');
    expect(guard.env).toEqual({ STACK_COUNT: '${{ needs.synth.outputs.stack-count }}' });
    const dir = mkdtempSync(join(tmpdir(), 'estate-guard-step-'));
    for (const stack of ['payments-eu-west-1', 'management-us-east-1']) {
      mkdirSync(join(dir, 'plans', `plan-${stack}`), { recursive: true });
      writeFileSync(join(dir, 'plans', `plan-${stack}`, 'plan.json'), '{}');
    }
    mkdirSync(join(dir, 'plans', 'plan-failed-eu-west-1'));
    mkdirSync(join(dir, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'base-synth', 'cdktf.out', 'rollout.json'), '{}');
    const GUARD = 'run --silent guard -- guard-plans/management-us-east-1.json guard-plans/payments-eu-west-1.json --base base-synth/cdktf.out --synth-dir cdktf.out --markdown guard.md';
    const blocked = runStep(guard.run!, dir, { STACK_COUNT: '2', FAKE_NPM_STATUS_1: '1', FAKE_NPM_TEXT: '### Plan guard\n\nBLOCKED' });
    // The step itself succeeds, so that the comment is posted; the status goes to the last step.
    expect(blocked.status).toBe(0);
    expect(blocked.npm).toEqual([GUARD]);
    expect(blocked.outputs).toBe('status=1\n');
    expect(blocked.summary).toContain('BLOCKED');
    expect(existsSync(join(dir, 'guard-plans', 'payments-eu-west-1.json'))).toBe(true);

    const passed = runStep(guard.run!, dir, { STACK_COUNT: '2' });
    expect(passed.outputs).toBe('status=0\n');
    expect(passed.summary).toBe('fake output\n');

    // A stack whose plan job failed was not checked: that is no pass.
    const missingPlan = runStep(guard.run!, dir, { STACK_COUNT: '3' });
    expect(missingPlan).toMatchObject({ status: 0, npm: [GUARD], outputs: 'status=2\n' });
    expect(missingPlan.summary).toBe("fake output\n\n> **Not checked:** 1 of 3 stacks have no plan, so their changes were not checked (see the plan jobs' logs).\n");

    // Without the base branch synth, removed stacks cannot be checked: the plans are guarded, and the step reports status 2.
    rmSync(join(dir, 'base-synth'), { recursive: true });
    const noBase = runStep(guard.run!, dir, { STACK_COUNT: '2' });
    expect(noBase).toMatchObject({ status: 0, npm: ['run --silent guard -- guard-plans/management-us-east-1.json guard-plans/payments-eu-west-1.json --markdown guard.md'], outputs: 'status=2\n' });
    expect(noBase.summary).toContain('> **Not checked:** the base branch synth is missing, so removed stacks were not checked (see the synth job log).');

    // The first pull request: the base branch has no config. The plans are guarded and the note says why nothing was compared.
    mkdirSync(join(dir, 'base-synth'));
    writeFileSync(join(dir, 'base-synth', 'NO-BASE-CONFIG'), 'The base branch has no backup.yaml: no stack of it could be removed.\n');
    const first = runStep(guard.run!, dir, { STACK_COUNT: '2' });
    expect(first).toMatchObject({ status: 0, npm: ['run --silent guard -- guard-plans/management-us-east-1.json guard-plans/payments-eu-west-1.json --markdown guard.md'], outputs: 'status=0\n' });
    expect(first.summary).toBe('fake output\n\n> The base branch has no backup.yaml: no stack of it could be removed.\n');

    // No plan at all (every plan job failed) but the base synth: removed stacks are still checked, and the missing plans fail.
    const onlyBase = mkdtempSync(join(tmpdir(), 'estate-guard-step-'));
    mkdirSync(join(onlyBase, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(onlyBase, 'base-synth', 'cdktf.out', 'rollout.json'), '{}');
    expect(runStep(guard.run!, onlyBase, { STACK_COUNT: '0' })).toMatchObject({ status: 0, npm: ['run --silent guard -- --base base-synth/cdktf.out --synth-dir cdktf.out --markdown guard.md'], outputs: 'status=0\n' });
    expect(runStep(guard.run!, onlyBase, { STACK_COUNT: '4' })).toMatchObject({ status: 0, outputs: 'status=2\n' });

    const none = runStep(guard.run!, mkdtempSync(join(tmpdir(), 'estate-guard-step-')), { STACK_COUNT: '1' });
    expect(none).toMatchObject({ status: 0, npm: [], outputs: 'status=2\n' });
    expect(none.summary).toContain('The plan guard had nothing to check.');

    const last = comment.steps[comment.steps.length - 1]!;
    expect(last.name).toBe('Fail when the plan guard blocks the change');
    expect(last.if).toBe("steps.guard.outputs.status != '0'");
    expect(last.run).toContain('exit 1');
    expect(comment.steps.findIndex((step) => step.uses?.startsWith('actions/github-script@'))).toBe(comment.steps.length - 2);
  });

  it('apply: one job per wave, each after the previous, gated by the account environment', () => {
    expect(APPLY_JOBS).toEqual(['apply-wave-1', 'apply-wave-2', 'apply-wave-3', 'apply-wave-4']);
    expect(workflow.jobs.synth!.steps.find((step) => step.id === 'rollout')!.env!.MAX_WAVES).toBe(String(APPLY_JOBS.length));
    APPLY_JOBS.forEach((name, index) => {
      const job = workflow.jobs[name]!;
      expect(needs(job)).toEqual(index === 0 ? ['synth'] : ['synth', APPLY_JOBS[index - 1]]);
      expect(job.if).toBe(`github.event_name == 'push' && fromJSON(needs.synth.outputs.wave-count) >= ${index + 1}`);
      expect(job.environment).toBe('${{ matrix.account }}');
      expect(job.strategy).toMatchObject({ 'fail-fast': false, matrix: `\${{ fromJSON(needs.synth.outputs.waves)[${index}] }}` });
      expect(runs(job)).toEqual(['terraform init -input=false', 'terraform plan -input=false -out=tfplan', expect.stringContaining('terraform show -no-color tfplan'), 'terraform apply -input=false tfplan']);
      expect(uses(job, 'aws-actions/configure-aws-credentials')!.with!['role-to-assume']).toBe('${{ vars.BACKUP_PIPELINE_ROLE_ARN }}');
    });
  });

  it('holds no secret: no secrets context, no access keys, every action pinned to a major version', () => {
    expect(TEXT).not.toMatch(/secrets\./);
    expect(TEXT).not.toMatch(/aws-(access-key-id|secret-access-key|session-token)/);
    expect(TEXT).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(TEXT).not.toMatch(/\b\d{12}\b/);
    const actions = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('comes with a README on the rollout order, the workflow, the report, the guard and Atlantis', () => {
    const readme = readFileSync(join(ROOT, 'examples', 'pipelines', 'README.md'), 'utf8');
    for (const phrase of ['Management stack', 'Central backup stacks', 'primary Region of each account first', 'github-actions.yml', 'npm run atlantis', 'pre_workflow_hooks', 'npm run report', 'npm run guard', 'guard.allowedChanges']) expect(readme).toContain(phrase);
  });
});
