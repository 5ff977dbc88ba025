/**
 * `npm run guard -- [plan.json ...] [--base <synth dir | rollout.json | config file>]
 * [--synth-dir cdktf.out] [--config backup.yaml] [--stack NAME] [--stack-name-from-path]
 * [--markdown out.md]`: blocks plans that delete or replace vaults, their KMS keys, locks and
 * access policies, or organization backup policies (see guard/guard.ts), and, with --base, stacks
 * that hold them and leave the synth (see guard/removed-stacks.ts).
 *
 * Each plan file is `terraform show -json <planfile>` output of one stack. The stack name
 * (matched against `guard.allowedChanges[].stack`) comes from the file path:
 *   - `<dir>/<stack>.json` -> `<stack>` (the file name without .json);
 *   - `<dir>/<stack>/plan.json` or `<dir>/<stack>/tfplan.json` -> `<stack>` (the folder name);
 *   - `--stack-name-from-path`: always the folder name, whatever the file is called;
 *   - `--stack NAME`: that name (one plan file only).
 * `--base` compares the base's stacks (a synth dir, its rollout.json, or a config file synthesized
 * into a temporary folder; see cli/guard-base.ts) with those of the new synth (`--synth-dir`,
 * default cdktf.out): a removed stack that held a protected resource is blocked unless
 * `guard.allowedChanges` has `{ stack, address: "*", reason }` for it. Plans are then optional;
 * given both, both checks run and both must pass.
 * `--config` (default BACKUP_CONFIG, else examples/single-account.yaml) supplies
 * `guard.allowedChanges`. The Markdown summary (removed stacks first) goes to stdout (and to
 * `--markdown` when given); one verdict line per check goes to stderr.
 *
 * Exit 0: nothing blocked. 1: a blocked change or removed stack, or a config with errors (nothing
 * can be allowed). 2: a usage error, an input the guard cannot fully read (a plan file that is
 * missing, not JSON or not a whole plan; a base or synth dir that is missing or unreadable; a
 * base config with errors), or a bug (no stack trace unless DEBUG=1).
 */
import { readFileSync, rmSync } from 'node:fs';
import { parseUniqueJson, RepeatedKeyError } from '../core/json-text';
import { textOf } from '../core/text';
import { describeReadError, isSamePath } from './files';
import { checkConfigFile } from '../config';
import { formatProblem } from '../config/issues';
import { evaluatePlan, NOT_PASSED_KINDS, planFormatProblem, type AllowedChange, type GuardResult } from '../guard/guard';
import { guardMarkdown, type RemovalReport } from '../guard/markdown';
import { evaluateRemovedStacks } from '../guard/removed-stacks';
import { stackNameFromPath } from '../guard/stack-name';
import { readBaseStacks, readSynthStackNames, SynthInputError } from './guard-base';
import { fsPath, runAsProcess, type CliIo } from './io';
import { type ArgSpec, commandArgs, configPathFor, type ParsedArgs, refuse, type Refusal, usageError } from './args';
import { withCrashReport } from './report-problems';
import { isRecord, plural } from '../core/order';
import { OutputFileError, writeOutput } from './output-file';

const USAGE =
  'usage: backup-estate guard [plan.json ...] [--base <synth dir | rollout.json | config file> [--synth-dir cdktf.out]] [--config backup.yaml] [--stack NAME | --stack-name-from-path] [--markdown out.md]';

const DEFAULT_SYNTH_DIR = 'cdktf.out';

const HELP = `${USAGE}
Each plan file is \`terraform show -json <planfile>\` output of one stack. Stack name: <stack>.json ->
<stack>; <stack>/plan.json or <stack>/tfplan.json -> the folder name; --stack-name-from-path: always
the folder name; --stack NAME: that name (one file only). --base compares the base's stacks (its
synth dir, rollout.json or config file) with those of --synth-dir (default ${DEFAULT_SYNTH_DIR}): a
stack that held a vault, key, lock or policy and is no longer synthesized is blocked unless
guard.allowedChanges has { stack, address: "*", reason } for it. --config (default BACKUP_CONFIG,
else ./backup.yaml, else the bundled example of a clone) supplies guard.allowedChanges. Exit 0 when nothing is blocked, 1 when
a protected resource would be deleted, replaced or weakened in place, a plan is ${NOT_PASSED_KINDS},
or a stack holding a protected resource is removed (or the config has errors), 2 on a usage error or an input the guard cannot fully read.
`;

/** A problem with the command line or an input file: one line (ending with the usage for argument errors), exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

function stackOf(file: string, fromPath: boolean): string {
  const stack = stackNameFromPath(file, { fromPath });
  if (stack === undefined) throw new UsageError(`cannot tell the stack of ${file} from its path: use --stack NAME`);
  return stack;
}

interface Arguments {
  readonly plans: readonly string[];
  readonly configPath?: string;
  readonly markdownPath?: string;
  readonly stack?: string;
  readonly base?: string;
  readonly synthDir?: string;
  readonly fromPath: boolean;
}

const GUARD_ARGS: ArgSpec = {
  command: 'guard',
  help: HELP,
  flags: { '--config': 'value', '--markdown': 'value', '--stack': 'value', '--base': 'value', '--synth-dir': 'value', '--stack-name-from-path': 'switch' },
  positionals: { name: 'plan file', max: Infinity },
};

/** guard's command line: parseArgs's rules, then what it needs to judge something and flags that exclude each other. */
function guardArgsOf(parsed: ParsedArgs): Arguments | Refusal {
  const { '--config': configPath, '--markdown': markdownPath, '--stack': stack, '--base': base, '--synth-dir': synthDir } = parsed.values;
  const args: Arguments = { plans: parsed.positionals, configPath, markdownPath, stack, base, synthDir, fromPath: parsed.switches.has('--stack-name-from-path') };
  if (args.plans.length === 0 && args.base === undefined) return refuse('no plan file given (and no --base)');
  if (args.synthDir !== undefined && args.base === undefined) return refuse('--synth-dir is read only with --base');
  if (args.stack !== undefined && args.fromPath) return refuse('--stack and --stack-name-from-path exclude each other');
  if (args.stack !== undefined && args.plans.length !== 1) return refuse('--stack names the stack of a single plan file; with several files, name them <stack>.json or <stack>/plan.json');
  return args;
}

function readPlan(file: string, io: CliIo): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fsPath(io, file));
  } catch (cause) {
    throw new UsageError(`cannot read plan file ${file}: ${describeReadError(cause)}`, false);
  }
  // A zip archive: `terraform plan -out`'s own file, not its JSON (and no text either).
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new UsageError(`${file} is a binary plan file: run \`terraform show -json ${file} > plan.json\` and pass plan.json`, false);
  }
  // UTF-8 with or without a byte order mark, or UTF-16 (PowerShell's `>`), never U+FFFD in place of a byte: core/text.ts.
  const read = textOf(bytes);
  if ('reason' in read) throw new UsageError(`${file} ${read.reason}`, false);
  let json: unknown;
  try {
    // A key given twice (a second resource_changes) would hide what the first plans: the guard refuses what it cannot fully read.
    json = parseUniqueJson(read.text);
  } catch (cause) {
    if (cause instanceof RepeatedKeyError) throw new UsageError(`${file} ${cause.message}`, false);
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new UsageError(`${file} is not JSON (${detail}): expected the output of \`terraform show -json <planfile>\``, false);
  }
  const problem = planFormatProblem(json);
  if (problem !== undefined) throw new UsageError(`${file} ${problem}`, false);
  return json;
}

/** `guard.allowedChanges` of the config, or undefined (errors printed) when the config is invalid. */
/** What the guard reads from the config: the allowances, and each stack's account and Region. */
interface GuardConfig {
  readonly allowed: AllowedChange[];
  readonly stacks?: string[];
  readonly homes?: ReadonlyMap<string, { readonly accountId: string; readonly region: string }>;
}

/**
 * The account and Region a plan's default AWS provider names as constants (every synthesized stack
 * pins allowed_account_ids and region), or undefined for what it does not state.
 */
function planHome(planJson: unknown): { accountIds?: readonly string[]; region?: string } {
  const configuration = isRecord(planJson) && isRecord(planJson.configuration) ? planJson.configuration : {};
  const aws = isRecord(configuration.provider_config) && isRecord(configuration.provider_config.aws) ? configuration.provider_config.aws : {};
  const expressions = isRecord(aws.expressions) ? aws.expressions : {};
  const constant = (key: string): unknown => (isRecord(expressions[key]) ? (expressions[key] as Record<string, unknown>).constant_value : undefined);
  const accounts = constant('allowed_account_ids');
  const region = constant('region');
  return {
    ...(Array.isArray(accounts) && accounts.every((id) => typeof id === 'string') ? { accountIds: accounts as string[] } : {}),
    ...(typeof region === 'string' ? { region } : {}),
  };
}

/**
 * Refuses a plan whose AWS provider names another account or Region than its stack: the stack
 * comes from the file name, and addresses repeat across stacks, so a misnamed plan would be judged
 * with another stack's allowances.
 */
function checkPlanHome(file: string, stack: string, planJson: unknown, config: GuardConfig): void {
  const expected = config.homes?.get(stack);
  if (expected === undefined) return;
  const { accountIds, region } = planHome(planJson);
  const wrongAccount = accountIds !== undefined && !accountIds.includes(expected.accountId);
  const wrongRegion = region !== undefined && region !== expected.region;
  if (!wrongAccount && !wrongRegion) return;
  throw new UsageError(
    `${file} is a plan of account ${accountIds?.join(', ') ?? '(any)'} in ${region ?? '(any Region)'} (its AWS provider), but stack ${stack} is account ${expected.accountId} in ${expected.region}: name each plan file after its own stack`,
    false,
  );
}

function readAllowances(configPath: string, io: CliIo): GuardConfig | undefined {
  const check = checkConfigFile(fsPath(io, configPath));
  if (check.errors.length > 0 || check.model === undefined) {
    for (const problem of check.errors) io.stderr(`${formatProblem(problem)}\n`);
    const n = check.errors.length;
    io.stderr(`${configPath}: ${n} error${n === 1 ? '' : 's'}; the guard needs a valid config to read guard.allowedChanges\n`);
    return undefined;
  }
  return {
    allowed: [...check.model.guard.allowedChanges],
    stacks: check.model.stacks.map((stack) => stack.name),
    homes: new Map(check.model.stacks.map((stack) => [stack.name, { accountId: stack.account.accountId, region: stack.region }])),
  };
}

function guard(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, GUARD_ARGS, guardArgsOf);
  if (typeof args === 'number') return args;

  // Stack names first: a naming mistake is reported before any file is read.
  const named = args.plans.map((file) => ({ file, stack: args.stack ?? stackOf(file, args.fromPath) }));
  const seen = new Map<string, string>();
  for (const { file, stack } of named) {
    const other = seen.get(stack);
    if (other !== undefined) throw new UsageError(`${other} and ${file} are both plans of stack ${stack}: give one plan per stack`, false);
    seen.set(stack, file);
  }
  const plans = named.map(({ file, stack }) => ({ file, stack, json: readPlan(file, io) }));
  const tempDirs: string[] = [];
  try {
    // Every input is read before the config: an unreadable one is exit 2 whatever the config says.
    const synthDir = args.synthDir ?? DEFAULT_SYNTH_DIR;
    const configPath = configPathFor(args.configPath, io);
    // The config under review as the base: its synth is the new one, so nothing could read as removed (as a base synth dir that is --synth-dir).
    if (args.base !== undefined && isSamePath(fsPath(io, args.base), fsPath(io, configPath))) {
      throw new SynthInputError(`--base ${args.base} is the config under review (${configPath}): every stack would compare equal to itself (nothing changed, nothing removed); give the base commit's config (git show <base>:${configPath} > base.yaml) or its synth dir`);
    }
    const synth = args.base === undefined ? undefined : { label: args.base, head: readSynthStackNames(synthDir, io), base: readBaseStacks(args.base, io, tempDirs, synthDir) };
    const config = readAllowances(configPath, io);
    if (config === undefined) return 1;
    const removal: RemovalReport | undefined = synth && { base: synth.label, result: evaluateRemovedStacks(synth.base, synth.head, config.allowed) };
    return report(plans, removal, config, configPath, args, io);
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluates the plans, prints and writes the summary, returns the exit code. */
function report(
  plans: readonly { file: string; stack: string; json: unknown }[],
  removal: RemovalReport | undefined,
  config: GuardConfig,
  configPath: string,
  args: Arguments,
  io: CliIo,
): number {
  const results: GuardResult[] = [];
  for (const { file, stack, json } of plans) checkPlanHome(file, stack, json, config);
  for (const { file, stack, json } of plans) {
    results.push(evaluatePlan(json, stack, config.allowed));
    if (config.stacks !== undefined && !config.stacks.includes(stack)) {
      io.stderr(`warning ${file}: ${configPath} has no stack ${stack}: guard.allowedChanges cannot match it (stacks: ${config.stacks.join(', ')})\n`);
    }
  }

  const markdown = guardMarkdown(results, removal);
  io.stdout(markdown);
  if (args.markdownPath !== undefined) {
    try {
      writeOutput(fsPath(io, args.markdownPath), markdown, args.markdownPath);
    } catch (cause) {
      throw cause instanceof OutputFileError ? new UsageError(cause.message, false) : cause;
    }
  }
  if (removal !== undefined) {
    const { blocked, allowed, compared } = removal.result;
    io.stderr(
      blocked.length > 0
        ? `guard --base ${removal.base}: blocked: removed ${blocked.map((stack) => stack.name).join(', ')}\n`
        : `guard --base ${removal.base}: passed (${plural(compared, 'stack')} compared, ${plural(allowed.length, 'removal')} allowed by config)\n`,
    );
  }
  for (const result of results) {
    const blocked = result.violations.map((finding) => `${finding.address} (${finding.kind})`);
    const verdict =
      blocked.length > 0
        ? `blocked: ${blocked.join(', ')}${result.notPassed !== undefined ? `; and not passed: the plan is ${NOT_PASSED_KINDS}` : ''}`
        : result.notPassed !== undefined
          ? `not passed: ${result.notPassed}`
          : `passed (${result.allowed.length} allowed by config)`;
    io.stderr(`guard ${result.stack}: ${verdict}\n`);
  }
  return results.every((result) => result.ok) && (removal?.result.ok ?? true) ? 0 : 1;
}

/** The command: exit 0 when nothing is blocked, 1 when something is (or the config is invalid), 2 on a usage error, an unreadable input or a bug. */
export const runGuard = withCrashReport(guard, (cause, io) => {
  if (cause instanceof SynthInputError) {
    for (const line of cause.message.split('\n')) io.stderr(`${line.startsWith('error') || line.startsWith('warning') ? '' : 'guard: '}${line}\n`);
    return 2;
  }
  if (!(cause instanceof UsageError)) return undefined;
  io.stderr(cause.showUsage ? usageError(GUARD_ARGS, cause.message) : `guard: ${cause.message}\n`);
  return 2;
});

if (require.main === module) runAsProcess(runGuard);
