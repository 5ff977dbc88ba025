/**
 * The example GitHub Actions workflow (examples/pipelines/github-actions.yml) as the tests read and
 * run it: its parsed jobs, its matrix script run as the runner would (in-process: the files of its
 * folder, its environment; a node process per run would cost more than the script), and its bash
 * steps run (bash -eo pipefail) with fake npm, npx, git and terraform binaries on the PATH.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { buildRollout, rolloutJson, type RolloutStack } from '../../rollout/rollout';
import { ROOT } from '../support/cli';

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: string; matrix?: string };
  steps: Step[];
}

export interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

export const WORKFLOW_PATH = join(ROOT, 'examples', 'pipelines', 'github-actions.yml');
export const TEXT = readFileSync(WORKFLOW_PATH, 'utf8');
export const workflow = parse(TEXT) as Workflow;

export const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
export const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.split('@')[0] === action);
export const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);
export const stepNamed = (job: Job, name: string) => {
  const step = job.steps.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`no step ${name} in ${job.name ?? 'the job'}`);
  return step;
};

export interface MatrixJob {
  job: number;
  wave?: number;
  environment?: string;
  stacks: string;
  count: number;
  digest: string;
}

export interface MatrixRun {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
  /** The folder it ran in (cdktf.out with the stacks, planned.json). */
  dir: string;
  plan: MatrixJob[];
  apply: MatrixJob[][];
}

/**
 * Runs the synth job's matrix script (`node -e "$SCRIPT"`) on a rollout of `stacks`, each with a
 * small cdk.tf.json, and `affected` (the names affected.json lists) when given.
 */
/** A synth folder per list of stacks: writing 1,500 stack files once is enough. */
const synthDirs = new Map<readonly RolloutStack[], string>();

function synthDirOf(stacks: readonly RolloutStack[]): string {
  const known = synthDirs.get(stacks);
  if (known) return known;
  const dir = mkdtempSync(join(tmpdir(), 'estate-gha-'));
  mkdirSync(join(dir, 'cdktf.out'));
  writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), rolloutJson(buildRollout([...stacks])));
  for (const stack of stacks) {
    mkdirSync(join(dir, 'cdktf.out', 'stacks', stack.name), { recursive: true });
    writeFileSync(join(dir, 'cdktf.out', 'stacks', stack.name, 'cdk.tf.json'), `{"//": "${stack.name}"}\n`);
  }
  synthDirs.set(stacks, dir);
  return dir;
}

/** process.exit inside the script: ends it with this code. */
class ScriptExit {
  constructor(readonly code: number) {}
}

/** Runs the script text in-process as `node -e "$SCRIPT"` would in `cwd` (paths relative to it), with `env` as process.env. */
function runScriptText(script: string, cwd: string, env: Record<string, string | undefined>): { status: number; stdout: string } {
  const inDir = (path: fs.PathOrFileDescriptor) => (typeof path === 'string' ? resolve(cwd, path) : path);
  const fsInDir = {
    existsSync: (path: string) => fs.existsSync(resolve(cwd, path)),
    readFileSync: (path: fs.PathOrFileDescriptor, options?: BufferEncoding) => fs.readFileSync(inDir(path), options),
    writeFileSync: (path: fs.PathOrFileDescriptor, data: string) => fs.writeFileSync(inDir(path), data),
    appendFileSync: (path: fs.PathOrFileDescriptor, data: string) => fs.appendFileSync(inDir(path), data),
  };
  let stdout = '';
  const modules: Record<string, unknown> = { 'node:fs': fsInDir, 'node:crypto': crypto };
  const fakeProcess = {
    env,
    exit: (code?: number) => {
      throw new ScriptExit(code ?? 0);
    },
  };
  const fakeConsole = { log: (...values: unknown[]) => void (stdout += `${values.join(' ')}\n`) };
  try {
    new Function('require', 'process', 'console', script)((name: string) => modules[name], fakeProcess, fakeConsole);
  } catch (cause) {
    if (cause instanceof ScriptExit) return { status: cause.code, stdout };
    throw cause;
  }
  return { status: 0, stdout };
}

export function runMatrixScript(stacks: readonly RolloutStack[], options: { affected?: string[]; env?: Record<string, string> } = {}): MatrixRun {
  const step = workflow.jobs.synth!.steps.find((candidate) => candidate.id === 'matrix')!;
  const dir = synthDirOf(stacks);
  rmSync(join(dir, 'affected.json'), { force: true });
  if (options.affected) writeFileSync(join(dir, 'affected.json'), JSON.stringify({ version: 1, affected: options.affected }));
  const output = join(dir, 'github-output');
  rmSync(output, { force: true });
  const env = { ...step.env, STACKS_PER_JOB: '10', ENVIRONMENT_BY: 'account', ...options.env, GITHUB_OUTPUT: output };
  const result = runScriptText(step.env!.SCRIPT!, dir, env);
  const outputs: Record<string, string> = existsSync(output)
    ? Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
    : {};
  const plan = outputs.plan ? (JSON.parse(outputs.plan) as { include: MatrixJob[] }).include : [];
  const apply = outputs.apply ? (JSON.parse(outputs.apply) as { include: MatrixJob[] }[]).map((wave) => wave.include) : [];
  return { status: result.status, stdout: result.stdout, outputs, dir, plan, apply };
}

/** Fake binaries on the PATH: npm, npx and git log their arguments; terraform logs and acts like a plan. */
function fakeBin(): string {
  const bin = mkdtempSync(join(tmpdir(), 'estate-fake-bin-'));
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(bin, name), ['#!/usr/bin/env bash', ...lines, ''].join('\n'));
    chmodSync(join(bin, name), 0o755);
  };
  // npm and npx (one fake, logged with its name): `npx --no-install backup-estate synth` writes
  // cdktf.out/rollout.json where it runs (and cdktf.out/config-read: the BACKUP_CONFIG it was given); a --markdown/--out/--json argument gets its file written;
  // the Nth call of either exits FAKE_NPM_STATUS_<N>.
  const npm = [
    'echo "${0##*/} $*" >> "$FAKE_LOG"',
    'if [ "$*" = "--no-install backup-estate synth" ]; then mkdir -p cdktf.out && echo "synthesized in ${PWD##*/}" > cdktf.out/rollout.json && echo "$BACKUP_CONFIG" > cdktf.out/config-read; fi',
    'args=("$@")',
    'for ((i = 0; i < ${#args[@]}; i++)); do',
    '  case "${args[$i]}" in --markdown|--out|--json) printf \'%s\\n\' "$FAKE_NPM_TEXT" > "${args[$((i + 1))]}" ;; esac',
    'done',
    'echo >> "$FAKE_LOG.npm"',
    'calls=$(grep -c "" "$FAKE_LOG.npm")',
    'status="FAKE_NPM_STATUS_$((calls))"',
    'exit "${!status:-0}"',
  ];
  write('npm', npm);
  write('npx', npm);
  // curl: GitHub's ref API for main, whose commit is $FAKE_MAIN_SHA.
  write('curl', ['echo "curl ${@: -1}" >> "$FAKE_LOG"', 'printf \'{"ref":"refs/heads/main","object":{"sha":"%s","type":"commit"}}\' "$FAKE_MAIN_SHA"']);
  // git: fetch fails with FAKE_GIT_FETCH=fail; worktree add copies $FAKE_BASE (the base commit) to ./base;
  // diff prints $FAKE_GIT_DIFF (printf %b: \\0 for the NULs of -z).
  write('git', [
    'echo "git $*" >> "$FAKE_LOG"',
    'if [ "$1" = diff ]; then printf \'%b\' "${FAKE_GIT_DIFF:-}"; exit 0; fi',
    'if [ "$1" = fetch ] && [ "${FAKE_GIT_FETCH:-}" = fail ]; then exit 128; fi',
    // The applying and applied tags: fetched only when FAKE_APPLYING / FAKE_APPLIED names its commit; rev-parse prints it.
    'case "$*" in "fetch --no-tags --depth=1 origin +refs/tags/backup-estate-applying:"*) [ -n "${FAKE_APPLYING:-}" ] || exit 128; exit 0;; "rev-parse refs/tags/backup-estate-applying"*) echo "$FAKE_APPLYING"; exit 0;; esac',
    'case "$*" in "fetch --no-tags --depth=1 origin +refs/tags/"*) [ -n "${FAKE_APPLIED:-}" ] || exit 128;; "rev-parse refs/tags/"*) echo "$FAKE_APPLIED"; exit 0;; esac',
    'if [ "$1" = worktree ]; then mkdir -p base && if [ -n "${FAKE_BASE:-}" ]; then cp -R "$FAKE_BASE/." base/; fi; fi',
    'exit 0',
  ]);
  // terraform -chdir=DIR <command>: init writes a lock file unless there is one; plan writes tfplan
  // (fails for the stack named in FAKE_TF_FAIL); show prints a plan summary or {}.
  write('terraform', [
    'dir="${1#-chdir=}"; shift',
    'echo "terraform ${dir##*/} $1" >> "$FAKE_LOG"',
    'case "$1" in',
    '  init) [ -f "$dir/.terraform.lock.hcl" ] || echo "# lock of ${dir##*/}" > "$dir/.terraform.lock.hcl" ;;',
    '  plan) [ "${dir##*/}" != "${FAKE_TF_FAIL:-}" ] || exit 1; touch "$dir/tfplan" ;;',
    '  show) if [ "$2" = -json ]; then echo "{}"; else echo "Plan: 1 to add, 0 to change, 0 to destroy."; fi ;;',
    'esac',
  ]);
  return bin;
}

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One line per fake npm, npx, git or terraform call. */
  calls: string[];
  outputs: string;
  summary: string;
}

/** Runs a step's `run` script as the runner does (bash -eo pipefail) in `dir`, with the fakes. */
export function runStep(run: string, dir: string, env: Record<string, string> = {}): StepRun {
  const log = join(dir, 'calls.log');
  const output = join(dir, 'github-output');
  const summary = join(dir, 'step-summary');
  for (const file of [log, `${log}.npm`, output, summary]) writeFileSync(file, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run], {
    cwd: dir,
    env: { ...process.env, PATH: `${fakeBin()}:${process.env.PATH ?? ''}`, FAKE_LOG: log, FAKE_NPM_TEXT: 'fake output', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, BACKUP_CONFIG: 'backup.yaml', ...env },
    encoding: 'utf8',
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: read(log).split('\n').filter((line) => line !== ''), outputs: read(output), summary: read(summary) };
}
