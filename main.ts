/**
 * Synthesizes the estate: `node dist/main.js [config] [--stack ..] [--account ..] [--region ..]`
 * (or `npm run synth`, `npx cdktf synth`). Config: the positional argument, else BACKUP_CONFIG,
 * else examples/single-account.yaml. An invalid config prints every error and writes nothing.
 * Writes cdktf.out/stacks/<stack>/cdk.tf.json and cdktf.out/rollout.json.
 */
import { DEFAULT_CONFIG_PATH } from './config/loader';
import { parseSynthArgs } from './cli/args';
import { reportCrash, reportFindings, reportProblems } from './cli/report-problems';
import { synthesize } from './cli/synthesize';

function main(): number {
  const args = parseSynthArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n`);
    return 2;
  }
  const configPath = args.configPath ?? process.env.BACKUP_CONFIG ?? DEFAULT_CONFIG_PATH;
  // Under `cdktf synth` the CLI owns the output folder (CDKTF_OUTDIR) and removes stale stacks itself.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  const result = synthesize(configPath, { outdir: cliOutdir ?? 'cdktf.out', direct: cliOutdir !== undefined, filters: args });
  if (!reportProblems(configPath, result.check)) return 1;
  reportFindings(result.findings ?? []);
  if (!result.ok) {
    process.stderr.write(`${result.error ?? 'synthesis failed'}; nothing was written\n`);
    return 1;
  }
  const names = result.stacks.map((stack) => stack.name).join(', ');
  process.stdout.write(`Synthesized ${result.stacks.length} stack(s) from ${configPath} into ${result.outdir}/stacks: ${names}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (cause) {
  reportCrash(cause);
  process.exitCode = 2;
}
