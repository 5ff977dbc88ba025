/** The example GitHub Actions workflow: valid YAML, the expected jobs, and its scripts run. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** A fake `npm` on the PATH: logs its arguments, writes the file after --markdown/--out, exits FAKE_NPM_STATUS_<call>. */
function fakeNpmBin(): string {
  const bin = mkdtempSync(join(tmpdir(), 'estate-fake-npm-'));
  writeFileSync(
    join(bin, 'npm'),
    [
      '#!/usr/bin/env bash',
      'echo "$*" >> "$FAKE_NPM_LOG"',
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
    expect(body).toContain('Plan guard: no vault, key, lock, vault policy or Organizations policy is deleted or replaced.');
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

  it('comment: the plan guard gets every plan.json as guard-plans/<stack>.json and keeps its exit code for the last step', () => {
    const comment = workflow.jobs.comment!;
    expect(runs(comment)[0]).toBe('npm install --no-audit --no-fund');
    expect(comment.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@')).map((step) => step.with)).toEqual([
      { pattern: 'plan-*', path: 'plans' },
      { name: 'posture-report', path: 'posture-report' },
    ]);
    const guard = stepNamed(comment, 'Plan guard');
    const dir = mkdtempSync(join(tmpdir(), 'estate-guard-step-'));
    for (const stack of ['payments-eu-west-1', 'management-us-east-1']) {
      mkdirSync(join(dir, 'plans', `plan-${stack}`), { recursive: true });
      writeFileSync(join(dir, 'plans', `plan-${stack}`, 'plan.json'), '{}');
    }
    mkdirSync(join(dir, 'plans', 'plan-failed-eu-west-1'));
    const blocked = runStep(guard.run!, dir, { FAKE_NPM_STATUS_1: '1', FAKE_NPM_TEXT: '### Plan guard\n\nBLOCKED' });
    // The step itself succeeds, so that the comment is posted; the status goes to the last step.
    expect(blocked.status).toBe(0);
    expect(blocked.npm).toEqual(['run --silent guard -- guard-plans/management-us-east-1.json guard-plans/payments-eu-west-1.json --markdown guard.md']);
    expect(blocked.outputs).toBe('status=1\n');
    expect(blocked.summary).toContain('BLOCKED');
    expect(existsSync(join(dir, 'guard-plans', 'payments-eu-west-1.json'))).toBe(true);

    const passed = runStep(guard.run!, dir);
    expect(passed.outputs).toBe('status=0\n');

    const none = runStep(guard.run!, mkdtempSync(join(tmpdir(), 'estate-guard-step-')));
    expect(none).toMatchObject({ status: 0, npm: [], outputs: 'status=0\n' });
    expect(none.summary).toContain('The plan guard had no plan to check');

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
