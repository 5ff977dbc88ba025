/** `npm run validate [-- config]`: checks a config and prints its errors and warnings; writes nothing. */
import { checkConfigFile } from '../config';
import { configPathFrom } from '../config/loader';
import { fsPath, runAsProcess, type CliIo } from './io';
import { reportProblems, withCrashReport } from './report-problems';

function validate(argv: readonly string[], io: CliIo): number {
  const configPath = configPathFrom(argv, io.env);
  const check = checkConfigFile(fsPath(io, configPath));
  if (!reportProblems(configPath, check, io)) return 1;
  const stacks = check.model?.stacks.map((stack) => stack.name).join(', ') ?? '';
  io.stdout(`${configPath}: valid (${check.warnings.length} warning(s)); stacks: ${stacks}\n`);
  return 0;
}

/** The command: exit 0 when valid, 1 when not, 2 on a bug. */
export const runValidate = withCrashReport(validate);

if (require.main === module) runAsProcess(runValidate);
