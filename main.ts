/**
 * Synthesizes the estate: `node dist/main.js [config]` (or `npm run synth`, `npx cdktf synth`).
 * Config: the first argument, else BACKUP_CONFIG, else examples/single-account.yaml.
 * An invalid config prints every error and writes nothing.
 */
import { checkConfigFile } from './config';
import { configPathFrom } from './config/loader';
import { buildApp } from './stacks/app';
import { writeAtomically } from './cli/output';
import { reportCrash, reportProblems } from './cli/report-problems';

function main(): number {
  const configPath = configPathFrom(process.argv.slice(2), process.env);
  const check = checkConfigFile(configPath);
  if (!reportProblems(configPath, check) || !check.model) return 1;
  const model = check.model;
  // Under `cdktf synth` the CLI owns the output folder (CDKTF_OUTDIR) and removes stale stacks itself.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  if (cliOutdir) buildApp(model, cliOutdir).synth();
  else writeAtomically('cdktf.out', (dir) => buildApp(model, dir).synth());
  const names = model.stacks.map((stack) => stack.name).join(', ');
  process.stdout.write(`Synthesized ${model.stacks.length} stack(s) from ${configPath} into ${cliOutdir ?? 'cdktf.out'}/stacks: ${names}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (cause) {
  reportCrash(cause);
  process.exitCode = 2;
}
