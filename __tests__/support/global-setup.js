// Builds dist/ once for the tests that run the commands as a user would (node dist/main.js ...),
// and dist/standalone/cli.js, from which `backup-estate synth` and `validate` run (as in the package).
// Every temporary folder of the run (scratch projects, terraform work dirs) goes under one folder,
// TMPDIR for the workers, which global-teardown.js removes: runs do not pile up in /tmp.
const { execFileSync } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const build = join(__dirname, '..', '..', 'scripts', 'build.mjs');
  execFileSync(process.execPath, [build], { stdio: 'inherit' });
  execFileSync(process.execPath, [build, 'cli-standalone'], { stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'backup-estate-tests-'));
  process.env.TMPDIR = scratch;
  // Results the test files share within this run (support/run-cache.ts), removed with the scratch folder.
  process.env.BACKUP_ESTATE_RUN_CACHE = join(scratch, 'run-cache');
  globalThis.backupEstateTestScratch = scratch;
};
