/** The estate model of a config file for the commands that read the model (coverage, runbook). */
import { existsSync } from 'node:fs';
import type { EstateModel } from '../config/estate-model';
import { fsPath, type CliIo } from './io';
import { reportProblems, reportSynthesis } from './report-problems';
import { synthesize } from './synthesize';

/**
 * The model of a config synth would write, or the exit code after printing why not: 2, a config the
 * command cannot use being an input it cannot read (README, exit codes), whether the file is missing
 * or invalid. Validity is validate's verdict, by the same dry-run synthesis
 * (config rules, then the rule pack): a config whose rule pack refuses it deploys nothing, so no
 * command may read coverage or a runbook out of it.
 */
export function modelOf(configPath: string, io: CliIo): EstateModel | number {
  const path = fsPath(io, configPath);
  if (!existsSync(path)) {
    io.stderr(`${configPath}: not found\n`);
    return 2;
  }
  const result = synthesize(path, { outdir: 'cdktf.out', dryRun: true });
  if (!result.ok || !result.check.model) {
    // validate's verdict, line for line.
    reportSynthesis(configPath, result, io);
    return 2;
  }
  // The config's own warnings, as before; the rule pack's warnings are validate's and synth's to print.
  reportProblems(configPath, result.check, io);
  return result.check.model;
}
