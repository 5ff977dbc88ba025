// Builds dist/ once for the tests that run the commands as a user would (node dist/main.js ...),
// and dist/standalone/cli.js, from which `backup-estate synth` and `validate` run (as in the package).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  const build = join(__dirname, '..', '..', 'scripts', 'build.mjs');
  execFileSync(process.execPath, [build], { stdio: 'inherit' });
  execFileSync(process.execPath, [build, 'cli-standalone'], { stdio: 'inherit' });
};
