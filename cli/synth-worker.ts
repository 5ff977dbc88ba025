/** Worker-thread entry of a split synth (see ./synth-stacks.ts): bundled to dist/cli/synth-worker.js. */
import { workerData } from 'node:worker_threads';
import { answerMainThread, type WorkerTask } from './synth-worker-answer';

const task = workerData as WorkerTask;
// The main thread waits for this thread's answer synchronously, so it cannot see an 'error' or
// 'exit' event: a failure before the synth starts (loading cdktf, say) must answer too.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./synth-stacks') as typeof import('./synth-stacks')).runSynthWorker(task);
} catch (error) {
  answerMainThread(task, { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
