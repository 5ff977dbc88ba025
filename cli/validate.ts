/**
 * `npm run validate [-- config] [--stack ..] [--account ..] [--region ..]`: synth's verdict without
 * writing anything. It runs the very synthesis `synth` runs (config rules, then the rule pack on
 * every selected stack) into a temporary folder it removes, so the two never disagree.
 */
import { DEFAULT_CONFIG_PATH } from '../config/loader';
import { parseSynthArgs } from './args';
import { fsPath, runAsProcess, type CliIo } from './io';
import { reportSynthesis, withCrashReport } from './report-problems';
import { synthesize } from './synthesize';

function validate(argv: readonly string[], io: CliIo): number {
  const args = parseSynthArgs(argv);
  if ('error' in args) {
    io.stderr(`${args.error}\n`);
    return 2;
  }
  const configPath = args.configPath ?? io.env.BACKUP_CONFIG ?? DEFAULT_CONFIG_PATH;
  const result = synthesize(fsPath(io, configPath), { outdir: 'cdktf.out', dryRun: true, filters: args });
  if (!reportSynthesis(configPath, result, io, { verbose: args.verbose }) || !result.ok) return 1;
  const warnings = result.check.warnings.length + result.findings.filter((finding) => !finding.suppressed && finding.severity === 'warning').length;
  io.stdout(`${configPath}: valid (${warnings} warning(s)); stacks: ${result.stacks.map((stack) => stack.name).join(', ')}\n`);
  return 0;
}

/** The command: exit 0 when valid (synth would write), 1 when not, 2 on a usage error or a bug. */
export const runValidate = withCrashReport(validate);

if (require.main === module) runAsProcess(runValidate);
