/**
 * `npm run validate-policy -- policy.json [more.json ...]`: validates AWS Organizations backup
 * policy files (BACKUP_POLICY) before they are uploaded. Prints each problem on stderr as
 * `error   <file>: <json path>: <message>` (or `warning ...`) and `<file>: valid` on stdout.
 * Exit 0 when every file is valid (warnings allowed), 1 when any is not, 2 on a usage error.
 */
import { describeReadError } from './files';
import { readFileSync } from 'node:fs';
import { textOf } from '../core/text';
import { type PolicyProblem } from '../policies/problem';
import { validatePolicyText } from '../policies/validate';
import { fsPath, runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';
import { type ArgSpec, commandArgs, refuse } from './args';
import { plural } from '../core/order';

const USAGE = 'usage: backup-estate validate-policy [--partial] <policy.json> [more.json ...]';

function format(file: string, problem: PolicyProblem): string {
  return `${problem.severity === 'error' ? 'error  ' : 'warning'} ${file}: ${problem.path}: ${problem.message}`;
}


/** Validates one file; true when it is valid. */
function validateFile(file: string, io: CliIo, partial: boolean): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fsPath(io, file));
  } catch (cause) {
    io.stderr(`error   ${file}: $: cannot read file: ${describeReadError(cause)}\n`);
    return false;
  }
  const read = textOf(bytes);
  if ('reason' in read) {
    io.stderr(`error   ${file}: $: ${read.reason}\n`);
    return false;
  }
  const { text } = read;
  const problems = validatePolicyText(text, { partial });
  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  for (const problem of [...errors, ...warnings]) io.stderr(`${format(file, problem)}\n`);
  if (errors.length > 0) {
    io.stderr(`${file}: invalid (${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')})\n`);
    return false;
  }
  io.stdout(`${file}: valid\n`);
  return true;
}

const VALIDATE_POLICY_ARGS: ArgSpec = {
  command: 'validate-policy',
  help: `${USAGE}\nValidates AWS Organizations backup policy (BACKUP_POLICY) JSON files. Exit 0 when all are valid, 1 otherwise.\n--partial: the files are child policies merged with an inherited parent; required keys they leave out are warnings.\n`,
  flags: { '--partial': 'switch' },
  positionals: { name: 'policy file', max: Infinity },
};

function validatePolicies(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, VALIDATE_POLICY_ARGS, (parsed) =>
    parsed.positionals.length === 0 ? refuse('no policy file given') : { files: parsed.positionals, partial: parsed.switches.has('--partial') },
  );
  if (typeof args === 'number') return args;
  const { files, partial } = args;
  let valid = true;
  for (const file of files) valid = validateFile(file, io, partial) && valid;
  return valid ? 0 : 1;
}

/** The command: exit 0 when every file is valid, 1 when any is not, 2 on a usage error or a bug. */
export const runValidatePolicy = withCrashReport(validatePolicies);

if (require.main === module) runAsProcess(runValidatePolicy);
