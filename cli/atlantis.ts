/**
 * `npm run atlantis [-- --rollout cdktf.out/rollout.json --out atlantis.yaml --binary tofu
 * --config backup.yaml --when-modified <glob>...]`: writes the Atlantis repo config for the
 * synthesized estate. Projects autoplan when their stack JSON, the config actually used (--config,
 * else BACKUP_CONFIG, else the default) or a file it reads (hand-written policies), or the tool's
 * version (package.json, package-lock.json) changes; --when-modified replaces that list.
 * Exit 0 when written, 1 on an invalid config, 2 on a usage error, a missing or invalid rollout, or a bug.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { checkConfigFile } from '../config';
import { formatProblem } from '../config/issues';
import { type ArgSpec, commandArgs, configPathFor, type ParsedArgs, refuse, type Refusal } from './args';
import { atlantisConfig, type TerraformBinary } from '../rollout/atlantis';
import { readRollout, subsetFlags, type Rollout } from '../rollout/rollout';
import { fsPath, runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';
import { writeOutput } from './output-file';

const USAGE = 'usage: backup-estate atlantis [--rollout cdktf.out/rollout.json] [--out atlantis.yaml] [--binary terraform|tofu] [--config backup.yaml] [--when-modified <glob>]...';

interface Arguments {
  readonly rollout: string;
  readonly out: string;
  readonly binary: TerraformBinary;
  readonly config?: string;
  readonly whenModified: string[];
}

/** A problem the user can fix: printed as one line, exit 2 (a usage error or an input it cannot read, as every command), no stack trace. */
class UsageError extends Error {}

const ATLANTIS_ARGS: ArgSpec = {
  command: 'atlantis',
  help: `${USAGE}\n`,
  flags: { '--rollout': 'value', '--out': 'value', '--binary': 'value', '--config': 'value', '--when-modified': 'list' },
};

/** atlantis's command line: parseArgs's rules, then --binary is terraform or tofu. */
function atlantisArgsOf(parsed: ParsedArgs): Arguments | Refusal {
  const { '--rollout': rollout, '--out': out, '--binary': binary, '--config': config } = parsed.values;
  if (binary !== undefined && binary !== 'terraform' && binary !== 'tofu') return refuse(`--binary must be terraform or tofu; got ${JSON.stringify(binary)}`);
  return { rollout: rollout ?? 'cdktf.out/rollout.json', out: out ?? 'atlantis.yaml', binary: binary ?? 'terraform', config, whenModified: [...(parsed.lists['--when-modified'] ?? [])] };
}

/** A path from the repository root (the working directory), with `/`; UsageError when it is outside. */
function fromRoot(path: string, io: CliIo, what: string): string {
  const fromCwd = relative(io.cwd, resolve(io.cwd, path));
  if (fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd)) {
    throw new UsageError(`${what} ${path} is outside the repository (${io.cwd}): Atlantis only sees files a pull request changes; run backup-estate atlantis from the repository root`);
  }
  return fromCwd.split(sep).join('/');
}

/** The config file and the files it reads (policy files, the adoption imports file), from the repository root; undefined (errors printed) when the config is invalid. */
function configFiles(configPath: string, io: CliIo): string[] | undefined {
  const config = fromRoot(configPath, io, 'the config');
  const check = checkConfigFile(fsPath(io, configPath));
  if (check.errors.length > 0 || check.config === undefined) {
    for (const problem of check.errors) io.stderr(`${formatProblem(problem)}\n`);
    io.stderr(`atlantis: ${configPath}: ${check.errors.length} error(s); the stacks cannot be synthesized from it\n`);
    return undefined;
  }
  const policies = Object.values(check.config.organization?.policies ?? {}).flatMap((policy) => (policy.file === undefined ? [] : [resolve(io.cwd, dirname(configPath), policy.file)]));
  // The imports file writes the stacks' import blocks: a change to it alone changes them.
  const imports = check.config.adoption ? [fromRoot(resolve(io.cwd, dirname(configPath), check.config.adoption.imports), io, 'the adoption imports file')] : [];
  return [config, ...policies.map((file) => fromRoot(file, io, 'the policy file')), ...imports];
}

function writeAtlantis(argv: readonly string[], io: CliIo): number {
  const args = commandArgs(argv, io, ATLANTIS_ARGS, atlantisArgsOf);
  if (typeof args === 'number') return args;
  let rollout: Rollout;
  try {
    rollout = readRollout(fsPath(io, args.rollout));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new UsageError(message.endsWith(': not found') ? `${message}: run backup-estate synth first` : message);
  }
  // A project per stack it lists: the stacks a partial synth left out would get none, and no change to them would ever be planned.
  if (rollout.subset !== undefined) throw new UsageError(`${args.rollout} is the synth of part of the estate (${subsetFlags(rollout.subset)}): atlantis.yaml would have no project for the other stacks, so their changes would never be planned; run backup-estate synth without --stack, --account or --region first`);
  const files = args.whenModified.length > 0 ? [] : configFiles(configPathFor(args.config, io), io);
  if (files === undefined) return 1;
  const text = atlantisConfig(rollout, { terraformBinary: args.binary, ...(args.whenModified.length > 0 ? { autoplanWhenModified: args.whenModified } : { configFiles: files }) });
  writeOutput(fsPath(io, args.out), text, args.out);
  const watched = args.whenModified.length > 0 ? 'custom when_modified' : `autoplan on ${[...files, 'package.json', 'package-lock.json'].join(', ')}`;
  io.stdout(`Wrote ${args.out}: ${rollout.stacks.length} project(s) in ${rollout.waves.length} wave(s), ${args.binary} workflow, from ${args.rollout}; ${watched}\n`);
  return 0;
}

/** The command: exit 0 when written, 1 on an invalid config, 2 on a usage error, a missing or unreadable rollout, or a bug. */
export const runAtlantis = withCrashReport(writeAtlantis, (cause, io) => {
  if (!(cause instanceof UsageError)) return undefined;
  for (const line of cause.message.split('\n')) io.stderr(`atlantis: ${line}\n`);
  return 2;
});

if (require.main === module) runAsProcess(runAtlantis);
