/**
 * `npm run affected -- --base <synth dir | rollout.json | config file> [--synth-dir cdktf.out]
 * [--json affected.json] [--markdown affected.md]`: the stacks of the new synth (`--synth-dir`)
 * that a pipeline must plan, compared stack by stack with a base (see rollout/affected.ts and
 * core/stack-changes.ts): added, changed, unchanged (metadata ignored) and removed, with the waves
 * of the affected ones. The base is read as the plan guard reads it (cli/guard-base.ts).
 *
 * Markdown goes to stdout (and `--markdown`), JSON to `--json`, one summary line to stderr.
 * Exit 0 when compared (whatever changed), 2 on a usage error or an input it cannot read.
 */
import { rmSync } from 'node:fs';
import { affectedJson, affectedMarkdown, affectedStacks, affectedSummary, type AffectedReport } from '../rollout/affected';
import { OutputFileError, writeOutputs } from './output-file';
import { comparable, readBaseSynth, readSynthDir, SynthInputError } from './guard-base';
import { fsPath, runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';

const USAGE = 'usage: backup-estate affected --base <synth dir | rollout.json | config file> [--synth-dir cdktf.out] [--json affected.json] [--markdown affected.md]';

const HELP = `${USAGE}
Compares the stacks of --synth-dir (default cdktf.out) with those of --base (the base branch's synth
dir, its rollout.json, or its config file, synthesized with this code) and lists the stacks added,
changed, unchanged and removed, ignoring cdktf metadata that does not change what Terraform does.
Affected stacks (added and changed) are the ones to plan, by rollout wave. Markdown goes to stdout
(and --markdown), JSON to --json. Exit 0 when compared, 2 on a usage error or an unreadable input.
`;

class UsageError extends Error {}

interface Arguments {
  base?: string;
  synthDir: string;
  json?: string;
  markdown?: string;
  help: boolean;
}

const FLAGS = { '--base': 'base', '--synth-dir': 'synthDir', '--json': 'json', '--markdown': 'markdown' } as const;

function parseArguments(argv: readonly string[]): Arguments {
  const args: Arguments = { synthDir: 'cdktf.out', help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') {
      args.help = true;
      continue;
    }
    const equals = argument.indexOf('=');
    const flag = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    if (!(flag in FLAGS)) throw new UsageError(argument.startsWith('-') ? `unknown option ${flag}` : `unexpected argument ${argument}`);
    const value = equals > 0 && argument.startsWith('--') ? argument.slice(equals + 1) : argv[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    args[FLAGS[flag as keyof typeof FLAGS]] = value;
  }
  return args;
}

export interface AffectedOptions {
  /** The base: a synth dir, its rollout.json or a config file. */
  readonly base: string;
  /** The new synth dir. @default cdktf.out */
  readonly synthDir?: string;
  /** Folder relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * The library call: compares the synth dir with the base and returns the report.
 * @throws SynthInputError naming the input it cannot read.
 */
export function affected(options: AffectedOptions): AffectedReport {
  const io = { cwd: options.cwd ?? process.cwd() };
  const synthDir = options.synthDir ?? 'cdktf.out';
  const tempDirs: string[] = [];
  try {
    const head = readSynthDir(synthDir, io);
    const base = readBaseSynth(options.base, io, tempDirs, 'affected command', synthDir);
    try {
      return affectedStacks(base.stacks.map(comparable), head.stacks.map(comparable), head.rollout, { base: options.base, synthDir, baseSynthesizedHere: base.rollout === undefined });
    } catch (cause) {
      if (cause instanceof SyntaxError) throw new SynthInputError(cause.message);
      throw cause;
    }
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** writeOutputs (both files or neither), its error under this command's name (as its other input errors are). */
function write(files: readonly { path: string; text: string }[], io: CliIo): void {
  try {
    writeOutputs(files.map(({ path, text }) => ({ path: fsPath(io, path), text, shown: path })));
  } catch (cause) {
    throw cause instanceof OutputFileError ? new SynthInputError(cause.message) : cause;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.base === undefined) throw new UsageError('--base is required (the base branch synth dir, its rollout.json or its config file)');
  const report = affected({ base: args.base, synthDir: args.synthDir, cwd: io.cwd });
  const markdown = affectedMarkdown(report);
  write([...(args.json === undefined ? [] : [{ path: args.json, text: affectedJson(report) }]), ...(args.markdown === undefined ? [] : [{ path: args.markdown, text: markdown }])], io);
  io.stdout(markdown);
  io.stderr(`${affectedSummary(report)}\n`);
  return 0;
}

/** The command: exit 0 when compared, 2 on a usage error, an unreadable input or a bug. */
export const runAffected = withCrashReport(run, (cause, io) => {
  if (cause instanceof SynthInputError) {
    for (const line of cause.message.split('\n')) io.stderr(`${line.startsWith('error') || line.startsWith('warning') ? '' : 'affected: '}${line}\n`);
    return 2;
  }
  if (!(cause instanceof UsageError)) return undefined;
  io.stderr(`affected: ${cause.message}\n${USAGE}\n`);
  return 2;
});

if (require.main === module) runAsProcess(runAffected);
