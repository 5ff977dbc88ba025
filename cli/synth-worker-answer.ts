/**
 * What a split synth's main thread (./synth-stacks.ts) and its worker exchange: the task, the
 * answer, and how the worker answers (on the task's port, then the shared signal the main thread
 * waits on). Types only besides: the worker entry answers with it even when loading the synth fails.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Finding } from '../compliance';
import type { EstateModel } from '../config/estate-model';

/** What the main thread sends the worker (the model is plain data: a structured clone). */
export interface WorkerTask {
  readonly model: EstateModel;
  readonly stackNames: readonly string[];
  readonly outdir: string;
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

/** What the worker answers. */
export type WorkerAnswer = { readonly ok: true; readonly findings: readonly Finding[] } | { readonly ok: false; readonly error: string };

export function answerMainThread(task: Pick<WorkerTask, 'port' | 'signal'>, answer: WorkerAnswer): void {
  task.port.postMessage(answer);
  const flag = new Int32Array(task.signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
