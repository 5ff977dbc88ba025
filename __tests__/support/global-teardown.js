// Removes the run's temporary folders (global-setup.js), unless KEEP_TF_WORKDIRS=1 asks to keep them.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const scratch = globalThis.backupEstateTestScratch;
  if (!scratch) return;
  if (process.env.KEEP_TF_WORKDIRS === '1') {
    process.stderr.write(`KEEP_TF_WORKDIRS=1: the run's temporary folders are kept in ${scratch}\n`);
    return;
  }
  rmSync(scratch, { recursive: true, force: true });
};
