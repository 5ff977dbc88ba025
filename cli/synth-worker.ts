/** Worker-thread entry of a split synth (see ./synth-stacks.ts): bundled to dist/cli/synth-worker.js. */
import { workerData } from 'node:worker_threads';
import { runSynthWorker, WorkerTask } from './synth-stacks';

runSynthWorker(workerData as WorkerTask);
