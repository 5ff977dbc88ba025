/**
 * Synthesizes the estate: `node dist/main.js [config] [--stack ..] [--account ..] [--region ..]`
 * (or `npm run synth`, `npx cdktf synth`). Config: the positional argument, else BACKUP_CONFIG,
 * else examples/single-account.yaml. An invalid config prints every error and writes nothing.
 * Writes cdktf.out/stacks/<stack>/cdk.tf.json and cdktf.out/rollout.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigFile } from './config';
import { DEFAULT_CONFIG_PATH } from './config/loader';
import { buildApp } from './stacks/app';
import { writeAtomically } from './cli/output';
import { parseSynthArgs, selectStacks } from './cli/args';
import { reportCrash, reportProblems } from './cli/report-problems';
import { rolloutFor } from './stacks/rollout';

function main(): number {
  const args = parseSynthArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n`);
    return 2;
  }
  const configPath = args.configPath ?? process.env.BACKUP_CONFIG ?? DEFAULT_CONFIG_PATH;
  const check = checkConfigFile(configPath);
  if (!reportProblems(configPath, check) || !check.model) return 1;
  const selection = selectStacks(check.model, args);
  if ('error' in selection) {
    process.stderr.write(`${selection.error}; nothing was written\n`);
    return 1;
  }
  const { stacks } = selection;
  const model = check.model;
  const write = (dir: string) => {
    buildApp(model, dir, stacks).synth();
    writeFileSync(join(dir, 'rollout.json'), rolloutFor(stacks));
  };
  // Under `cdktf synth` the CLI owns the output folder (CDKTF_OUTDIR) and removes stale stacks itself.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  if (cliOutdir) write(cliOutdir);
  else writeAtomically('cdktf.out', write);
  const names = stacks.map((stack) => stack.name).join(', ');
  process.stdout.write(`Synthesized ${stacks.length} stack(s) from ${configPath} into ${cliOutdir ?? 'cdktf.out'}/stacks: ${names}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (cause) {
  reportCrash(cause);
  process.exitCode = 2;
}
