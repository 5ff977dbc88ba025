/**
 * The synth's entry point: `node dist/main.js [config] [--stack ..] [--account ..] [--region ..]`
 * (what `npm run synth`, cdktf.json and the standalone synth run). The command is cli/synth.ts.
 */
import { runAsProcess } from './cli/io';
import { runSynth } from './cli/synth';

export { runSynth, SYNTH_HELP } from './cli/synth';

if (require.main === module) runAsProcess(runSynth);
