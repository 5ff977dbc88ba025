/**
 * Synthesizing a set of stacks into a folder, in this thread or split with a worker thread.
 *
 * A large estate is CPU-bound in cdktf's token resolution, one stack after another. From
 * PARALLEL_MIN_STACKS stacks on, with more than one CPU and the worker bundle present
 * (dist/cli/synth-worker.js), the last 45% of the stacks are synthesized by a worker thread
 * into a folder of its own while this thread does the rest; the worker's stack folders then
 * move beside ours and the two cdktf manifests are merged in stack order. Each stack's output
 * depends only on its own model, so the result is byte-identical to a serial synth (tested).
 * synthesize() stays synchronous: this thread waits for the worker with Atomics.wait.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { EstateModel, StackModel } from '../config/estate-model';
import { buildApp } from '../stacks/app';
import { stableJson } from '../core/stable-json';
import { withoutCreationStackTraces } from '../stacks/creation-stack-traces';
import { attachToStacks, CompliancePackAspect, estateFacts, FindingsCollector } from '../compliance';
import { answerMainThread, type WorkerAnswer, type WorkerTask } from './synth-worker-answer';

/**
 * Below this many stacks a worker's start-up (loading cdktf, receiving the model) costs more than
 * it saves. BACKUP_ESTATE_PARALLEL_MIN_STACKS overrides it (a huge value: never split).
 */
export const PARALLEL_MIN_STACKS = 200;

/**
 * How long the main thread waits for the worker's answer: about 100 times what the worker's share
 * of a 1,000-stack estate takes, so only a worker that died without answering reaches it.
 */
const WORKER_ANSWER_TIMEOUT_MS = 10 * 60 * 1000;

/** The share of the stacks this thread synthesizes: it starts before the worker has loaded its modules. */
const MAIN_THREAD_SHARE = 0.55;

function parallelMinStacks(): number {
  const configured = Number(process.env.BACKUP_ESTATE_PARALLEL_MIN_STACKS);
  return Number.isInteger(configured) && configured > 0 ? configured : PARALLEL_MIN_STACKS;
}

/** Builds `stacks` into an App writing to `dir`, runs the rule pack on each and synthesizes. */
export function synthStacksHere(model: EstateModel, stacks: readonly StackModel[], dir: string, collector: FindingsCollector): void {
  const { thresholds, suppressions } = model.compliance;
  withoutCreationStackTraces(() => {
    const app = buildApp(model, dir, stacks);
    // The rule pack evaluates every stack during synth, on the JSON cdktf writes.
    attachToStacks(app, new CompliancePackAspect(estateFacts(model), thresholds, suppressions, collector));
    app.synth();
  });
}

/** The worker bundle a bundle elsewhere names (cli/standalone.ts), instead of looking beside itself. */
let namedWorkerBundle: string | undefined;

/** Makes a split synth start its worker from `bundle` (a bundle outside dist/ and dist/cli/). */
export function useWorkerBundle(bundle: string): void {
  namedWorkerBundle = bundle;
}

function workerBundle(): string | undefined {
  // dist/main.js and dist/cli/*.js both find dist/cli/synth-worker.js; run from sources there is none.
  const candidates = namedWorkerBundle !== undefined ? [namedWorkerBundle] : [join(__dirname, 'synth-worker.js'), join(__dirname, 'cli', 'synth-worker.js')];
  return candidates.find((path) => existsSync(path));
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

function mergeWorkerOutput(dir: string, workerDir: string, stacks: readonly StackModel[]): void {
  for (const stack of stacks) renameSync(join(workerDir, 'stacks', stack.name), join(dir, 'stacks', stack.name));
  const ours = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const theirs = JSON.parse(readFileSync(join(workerDir, 'manifest.json'), 'utf8')) as Manifest;
  writeFileSync(join(dir, 'manifest.json'), stableJson({ ...ours, stacks: { ...ours.stacks, ...theirs.stacks } }));
  rmSync(workerDir, { recursive: true, force: true });
}

/**
 * Synthesizes `stacks` into `dir` (cdktf's layout: manifest.json, stacks/<name>/cdk.tf.json),
 * recording rule-pack findings in `collector`. Splits the work with a worker thread for large
 * estates (see the file comment).
 */
export function synthStacks(model: EstateModel, stacks: readonly StackModel[], dir: string, collector: FindingsCollector): void {
  const bundle = workerBundle();
  if (stacks.length < Math.max(2, parallelMinStacks()) || availableParallelism() < 2 || bundle === undefined) {
    synthStacksHere(model, stacks, dir, collector);
    return;
  }
  // This thread starts at once; the worker first loads cdktf and the provider classes.
  const half = Math.ceil(stacks.length * MAIN_THREAD_SHARE);
  const mine = stacks.slice(0, half);
  const theirs = stacks.slice(half);
  const workerDir = join(dir, '.worker');
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const task: WorkerTask = { model, stackNames: theirs.map((stack) => stack.name), outdir: workerDir, port: port2, signal };
  const worker = new Worker(bundle, { workerData: task, transferList: [port2] });
  try {
    synthStacksHere(model, mine, dir, collector);
    const flag = new Int32Array(signal);
    // Blocked here, this thread never sees the worker's 'exit' event: a worker killed without
    // answering (out of memory) ends the wait after WORKER_ANSWER_TIMEOUT_MS, not never.
    const waitStarted = Date.now();
    while (Atomics.load(flag, 0) === 0 && Date.now() - waitStarted < WORKER_ANSWER_TIMEOUT_MS) Atomics.wait(flag, 0, 0, 1000);
    const answer = receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined;
    if (!answer) throw new Error(`the synth worker stopped without an answer (waited ${Math.round((Date.now() - waitStarted) / 1000)} s)`);
    if (!answer.ok) throw new Error(`the synth worker failed: ${answer.error}`);
    collector.recordAll(answer.findings);
    mergeWorkerOutput(dir, workerDir, theirs);
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** The worker's side: synthesize the named stacks of the model it was sent, answer, signal. */
export function runSynthWorker(task: WorkerTask): void {
  let answer: WorkerAnswer;
  try {
    const { model } = task;
    const byName = new Map(model.stacks.map((stack) => [stack.name, stack]));
    const stacks = task.stackNames.map((name) => {
      const stack = byName.get(name);
      if (!stack) throw new Error(`no stack ${name} in the config`);
      return stack;
    });
    const collector = new FindingsCollector();
    synthStacksHere(model, stacks, task.outdir, collector);
    answer = { ok: true, findings: collector.findings() };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  answerMainThread(task, answer);
}

