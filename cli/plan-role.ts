/**
 * `backup-estate plan-role [STACK ...] [--synth-dir cdktf.out] [--role-name NAME]
 * [--state-role-arn ARN] [--check]`: what a pipeline job runs before Terraform (rollout/plan-role.ts).
 *
 * Always: refuses local state, in an organization estate or a single account (exit 1, naming state.backend). Then,
 * unless --check: writes the read-only plan role override beside each named stack's cdk.tf.json
 * (every stack of rollout.json when none is named), so that a pull-request plan assumes the plan
 * role, never the deploy role. Exit 0 done, 1 refused, 2 usage error or unreadable input.
 */
import { join } from 'node:path';
import { DEFAULT_PLAN_ROLE_NAME, PLAN_ROLE_OVERRIDE_FILE, pipelineStateProblems, planRoleOverride } from '../rollout/plan-role';
import { readRollout } from '../rollout/rollout';
import { readTextFile } from '../core/file-errors';
import { parseStackText } from '../core/stack-changes';
import { fsPath, runAsProcess, type CliIo } from './io';
import { type OutputFile, writeOutputs } from './output-file';
import { withCrashReport } from './report-problems';
import { type ArgSpec, commandArgs, type ParsedArgs } from './args';

const USAGE = 'usage: backup-estate plan-role [STACK ...] [--synth-dir cdktf.out] [--role-name NAME] [--state-role-arn ARN] [--check]';

const HELP = `${USAGE}
Run by a pipeline job before terraform, on the stacks it plans or applies.
Refuses local state (an organization estate or a single account): a CI runner discards it after the run (exit 1).
Then, unless --check, writes ${PLAN_ROLE_OVERRIDE_FILE} beside each stack's cdk.tf.json: every
provider that assumes the account's deploy role assumes --role-name (default ${DEFAULT_PLAN_ROLE_NAME},
or BACKUP_PLAN_ROLE_NAME) in the same account instead, and a backend that assumes a role of its own
assumes --state-role-arn. Pull-request plans run with it and -lock=false; applies run --check only.
STACK: stack names of rollout.json (default every stack). Exit 0 done, 1 refused, 2 usage error or
unreadable input.
`;

interface Arguments {
  readonly stacks: readonly string[];
  readonly synthDir: string;
  readonly roleName?: string;
  readonly stateRoleArn?: string;
  readonly check: boolean;
}

const PLAN_ROLE_ARGS: ArgSpec = {
  command: 'plan-role',
  help: HELP,
  flags: { '--synth-dir': 'value', '--role-name': 'value', '--state-role-arn': 'value', '--check': 'switch' },
  positionals: { name: 'stack', max: Infinity },
};

/** plan-role's command line: parseArgs's rules; a positional argument may name several stacks (comma- or space-separated). */
function planRoleArgsOf(parsed: ParsedArgs): Arguments {
  const { '--synth-dir': synthDir, '--role-name': roleName, '--state-role-arn': stateRoleArn } = parsed.values;
  const stacks = parsed.positionals.flatMap((argument) => argument.split(/[\s,]+/).filter(Boolean));
  return { stacks, synthDir: synthDir ?? 'cdktf.out', roleName, stateRoleArn, check: parsed.switches.has('--check') };
}

function planRole(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, PLAN_ROLE_ARGS, planRoleArgsOf);
  if (typeof args === 'number') return args;
  const synthDir = fsPath(io, args.synthDir);
  let rollout;
  try {
    rollout = readRollout(join(synthDir, 'rollout.json'));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n(run backup-estate synth first, or name the synth dir with --synth-dir)\n`);
    return 2;
  }
  const known = new Set(rollout.stacks.map((stack) => stack.name));
  const unknown = args.stacks.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    io.stderr(`not in ${args.synthDir}/rollout.json: ${unknown.join(', ')}\n`);
    return 2;
  }
  const names = args.stacks.length > 0 ? [...new Set(args.stacks)] : [...known];
  const stacks = new Map<string, unknown>();
  for (const name of names) {
    const file = join(synthDir, 'stacks', name, 'cdk.tf.json');
    try {
      // The one reader of a stack's text (as guard, affected and report read it): a byte order mark or UTF-16 read, a repeated key refused.
      stacks.set(name, parseStackText(readTextFile(file), file));
    } catch (error) {
      io.stderr(`${(error as Error).message}\n`);
      return 2;
    }
  }
  const refused = pipelineStateProblems(rollout, stacks);
  if (refused.length > 0) {
    for (const problem of refused) io.stderr(`error ${problem.message}\n`);
    return 1;
  }
  if (args.check) {
    io.stderr(`plan-role: ${names.length} stack(s) checked: remote state where it must be\n`);
    return 0;
  }
  const options = { roleName: args.roleName ?? (io.env.BACKUP_PLAN_ROLE_NAME || undefined), stateRoleArn: args.stateRoleArn };
  const overrides = new Map<string, Record<string, unknown> | undefined>();
  for (const [name, json] of stacks) {
    const result = planRoleOverride(name, json, options);
    if ('error' in result) {
      io.stderr(`${result.error}\n`);
      return 2;
    }
    overrides.set(name, result.override);
  }
  // Written only when every stack could be: a job never plans half of its stacks with the deploy role. An old override of a stack
  // that now needs none is removed in the same all-or-none write (set aside first, put back if anything fails), never half of them.
  const fileOf = (name: string): string => join(synthDir, 'stacks', name, PLAN_ROLE_OVERRIDE_FILE);
  const shownOf = (name: string): string => join(args.synthDir, 'stacks', name, PLAN_ROLE_OVERRIDE_FILE);
  const outputs = [...overrides].map(([name, override]): OutputFile =>
    override === undefined ? { path: fileOf(name), remove: true, shown: shownOf(name) } : { path: fileOf(name), text: `${JSON.stringify(override, null, 2)}\n`, shown: shownOf(name) },
  );
  writeOutputs(outputs);
  const written = outputs.filter((output) => 'text' in output).length;
  io.stderr(`plan-role: ${written} of ${names.length} stack(s) plan with the read-only role ${options.roleName ?? DEFAULT_PLAN_ROLE_NAME}${written < names.length ? ' (the others assume no role: the job\'s own read-only credentials)' : ''}\n`);
  return 0;
}

/** The command: exit 0 done, 1 refused, 2 usage error, unreadable input, an override it cannot write or an old one it cannot remove (then it writes and removes none), or a bug (`internal error: ...`). */
export const runPlanRole = withCrashReport(planRole);

if (require.main === module) runAsProcess(runPlanRole);
