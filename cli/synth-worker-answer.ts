/**
 * How a synth worker answers the main thread (./synth-stacks.ts): the answer on the task's port,
 * then the shared signal the main thread waits on. No other import: the worker entry answers with
 * it even when loading the synth itself fails.
 */
import type { MessagePort } from 'node:worker_threads';

export type WorkerAnswer = { readonly ok: true; readonly findings: readonly unknown[] } | { readonly ok: false; readonly error: string };

export function answerMainThread(task: { readonly port: MessagePort; readonly signal: SharedArrayBuffer }, answer: WorkerAnswer): void {
  task.port.postMessage(answer);
  const flag = new Int32Array(task.signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
