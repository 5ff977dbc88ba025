/**
 * `backup-estate synth [config] [--stack ..] [--account ..] [--region ..]` (`node dist/main.js`,
 * `npm run synth` in a clone, `npx cdktf synth`). Config: the positional argument, else
 * BACKUP_CONFIG, else ./backup.yaml, else the bundled example of a clone. An invalid config prints
 * every error and writes nothing.
 * Writes cdktf.out/stacks/<stack>/cdk.tf.json and cdktf.out/rollout.json.
 * Exit 0 when written, 1 on an invalid config (or compliance errors), 2 on a usage error or a bug.
 */
import { synthCommandArgs, USAGE } from './args';
import { fsPath, type CliIo } from './io';
import { reportSynthesis, withCrashReport } from './report-problems';
import { synthesize } from './synthesize';

/** `backup-estate synth --help`. */
export const SYNTH_HELP = `${USAGE.replace('usage: ', 'usage: backup-estate synth ')}
Validates the config (the argument, else BACKUP_CONFIG, else ./backup.yaml, else the bundled
example of a clone), runs the compliance rule pack on every stack and writes cdktf.out/stacks/<stack>/cdk.tf.json,
cdktf.out/rollout.json and cdktf.out/compliance.json in the working folder (atomically: a failed run
writes nothing). --stack, --account and --region synthesize a subset. Exit 0 when written, 1 on an
invalid config or a rule-pack error, 2 on a usage error or a bug.
`;

function synth(argv: readonly string[], io: CliIo): number {
  const parsed = synthCommandArgs(argv, io, 'synth', SYNTH_HELP);
  if (typeof parsed === 'number') return parsed;
  const { args, configPath } = parsed;
  // Under `cdktf synth` the CLI owns the output folder (CDKTF_OUTDIR) and removes stale stacks itself.
  const cliOutdir = io.env.CDKTF_OUTDIR;
  const outdir = cliOutdir ?? 'cdktf.out';
  const result = synthesize(fsPath(io, configPath), { outdir: fsPath(io, outdir), direct: cliOutdir !== undefined, filters: args });
  if (!reportSynthesis(configPath, result, io, { verbose: args.verbose }) || !result.ok) return 1;
  io.stdout(`Synthesized ${result.stacks.length} stack(s) from ${configPath} into ${outdir}/stacks${stackList(result.stacks.map((stack) => stack.name), outdir)}${untouched(result)}\n`);
  return 0;
}

/** Most stacks a synth names on its last line: a larger estate is listed in rollout.json. */
const MAX_STACKS_NAMED = 20;

function stackList(names: readonly string[], outdir: string): string {
  return names.length <= MAX_STACKS_NAMED ? `: ${names.join(', ')}` : ` (listed in ${outdir}/rollout.json)`;
}

/** How many stack files a synth over an existing folder rewrote and left untouched. */
function untouched(result: { stacks: readonly unknown[]; rewritten?: readonly string[] }): string {
  if (result.rewritten === undefined || result.rewritten.length === result.stacks.length) return '';
  const kept = result.stacks.length - result.rewritten.length;
  return `; ${result.rewritten.length} rewritten, ${kept} unchanged (left untouched)`;
}

/** The command (`npm run synth`): returns its exit code; a bug prints `internal error: ...` and returns 2. */
export const runSynth = withCrashReport(synth);

