/**
 * `backup-estate synth` and `validate` with their dependencies inlined: dist/standalone/cli.js,
 * built by `npm pack` (scripts/build.mjs cli-standalone) with its V8 code cache beside it. The
 * dispatcher (./backup-estate.ts) loads this one file instead of about 500 module files of cdktf,
 * zod and yaml, which roughly halves their start (measured in bench/). Never run directly.
 */
import { join } from 'node:path';
import { runSynth } from './synth';
import { useWorkerBundle } from './synth-stacks';
import { runValidate } from './validate';

// A split synth's worker is the package's own worker bundle, in dist/cli beside the dispatcher.
useWorkerBundle(join(__dirname, '..', 'cli', 'synth-worker.js'));

export { runSynth, runValidate };
