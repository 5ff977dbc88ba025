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
import { type ArgSpec, commandArgs, type ParsedArgs, refuse, type Refusal } from './args';

const USAGE = 'usage: backup-estate affected --base <synth dir | rollout.json | config file> [--synth-dir cdktf.out] [--json affected.json] [--markdown affected.md]';

const HELP = `${USAGE}
Compares the stacks of --synth-dir (default cdktf.out) with those of --base (the base branch's synth
dir, its rollout.json, or its config file, synthesized with this code) and lists the stacks added,
changed, unchanged and removed, ignoring cdktf metadata that does not change what Terraform does.
Affected stacks (added and changed) are the ones to plan, by rollout wave. Markdown goes to stdout
(and --markdown), JSON to --json. Exit 0 when compared, 2 on a usage error or an unreadable input.
`;

interface Arguments {
  readonly base: string;
  readonly synthDir: string;
  readonly json?: string;
  readonly markdown?: string;
}

const AFFECTED_ARGS: ArgSpec = { command: 'affected', help: HELP, flags: { '--base': 'value', '--synth-dir': 'value', '--json': 'value', '--markdown': 'value' } };

/** affected's command line: parseArgs's rules, then --base is required. */
function affectedArgsOf(parsed: ParsedArgs): Arguments | Refusal {
  const { '--base': base, '--synth-dir': synthDir, '--json': json, '--markdown': markdown } = parsed.values;
  if (base === undefined) return refuse('--base is required (the base branch synth dir, its rollout.json or its config file)');
  return { base, synthDir: synthDir ?? 'cdktf.out', json, markdown };
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
  const args = commandArgs(argv, io, AFFECTED_ARGS, affectedArgsOf);
  if (typeof args === 'number') return args;
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
  return undefined;
});

if (require.main === module) runAsProcess(runAffected);
