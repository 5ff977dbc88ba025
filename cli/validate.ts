/**
 * `npm run validate [-- config] [--stack ..] [--account ..] [--region ..]`: synth's verdict without
 * writing anything. It runs the very synthesis `synth` runs (config rules, then the rule pack on
 * every selected stack) into a temporary folder it removes, so the two never disagree.
 */
import { synthCommandArgs, USAGE } from './args';
import { fsPath, runAsProcess, type CliIo } from './io';
import { reportSynthesis, withCrashReport } from './report-problems';
import { synthesize } from './synthesize';

/** `backup-estate validate --help`. */
export const VALIDATE_HELP = `${USAGE.replace('usage: ', 'usage: backup-estate validate ')}
Gives synth's verdict without writing anything: the config rules, then the same synthesis and rule
pack synth runs, into a temporary folder it removes. Prints every error and warning, each rule-pack
finding at its config path with how to fix or accept it. Exit 0 when synth would write, 1 when not,
2 on a usage error or a bug.
`;

function validate(argv: readonly string[], io: CliIo): number {
  const parsed = synthCommandArgs(argv, io, 'validate', VALIDATE_HELP);
  if (typeof parsed === 'number') return parsed;
  const { args, configPath } = parsed;
  const result = synthesize(fsPath(io, configPath), { outdir: 'cdktf.out', dryRun: true, filters: args });
  if (!reportSynthesis(configPath, result, io, { verbose: args.verbose }) || !result.ok) return 1;
  const warnings = result.check.warnings.length + result.findings.filter((finding) => !finding.suppressed && finding.severity === 'warning').length + (result.unusedSuppressions?.length ?? 0);
  io.stdout(`${configPath}: valid (${warnings} warning(s)); stacks: ${result.stacks.map((stack) => stack.name).join(', ')}\n`);
  return 0;
}

/** The command: exit 0 when valid (synth would write), 1 when not, 2 on a usage error or a bug. */
export const runValidate = withCrashReport(validate);

if (require.main === module) runAsProcess(runValidate);
