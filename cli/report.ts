/**
 * `npm run report -- [--synth-dir cdktf.out | --config file.yaml] [--base <config file or synth dir>]
 * [--out report.md] [--json report.json] [--fail-on-regression]`: the backup posture of the
 * estate (every plan's schedule, worst-case RPO, retention, copies, vault locks and selections,
 * the compliance findings) as Markdown on stdout, for a pull request comment.
 *
 * What is read: `--synth-dir` (a folder written by npm run synth), or `--config` (synthesized into
 * a temporary folder); without either, `cdktf.out` when it holds a rollout.json, else the default
 * config (BACKUP_CONFIG, else examples/single-account.yaml) synthesized into a temporary folder.
 * `--base` is compared with it: a file is synthesized into a temporary folder, a folder is read
 * as a synth dir; removed stacks, then regressions (longer RPO, shorter retention, copies, locks or
 * selections removed or weakened, plans or rules removed) come first in the report.
 *
 * Exit 0 when the report was written (also with regressions), 1 with --fail-on-regression when
 * there are regressions or removed stacks, 1 on an invalid config (every problem printed, no stack
 * trace), 2 on a usage error, an input it cannot read (a synth dir, a config or price file that is
 * missing) or a bug (DEBUG=1 prints its stack trace), as every command (README: exit codes).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatProblem } from '../config/issues';
import { diffPostures, type PostureDiff } from '../report/diff';
import { postureJson, postureMarkdown } from '../report/markdown';
import { readPosture } from '../report/posture';
import { partialSynthMessage } from '../rollout/rollout';
import type { Posture } from '../report/posture-model';
import { parsePriceTable, PriceTableError, type PriceTable } from '../report/prices';
import { runAsProcess, type CliIo } from './io';
import { type ArgSpec, commandArgs, configPathFor, parseArgs, type ParsedArgs, Refusal, refuse } from './args';
import { reportSynthesis, withCrashReport } from './report-problems';
import { describeReadError, isSamePath } from './files';
import { writeOutputs } from './output-file';
import { synthesize } from './synthesize';
import { textOf } from '../core/text';

const USAGE =
  'usage: backup-estate report [--synth-dir cdktf.out | --config file.yaml] [--base <config file or synth dir>] [--out report.md] [--json report.json] [--prices prices.json] [--fail-on-regression]';

const DEFAULT_SYNTH_DIR = 'cdktf.out';

export interface ReportArguments {
  readonly synthDir?: string;
  readonly config?: string;
  readonly base?: string;
  readonly out?: string;
  readonly json?: string;
  /** A price table file for the cost estimate (report/prices.ts shape). @default the bundled table */
  readonly prices?: string;
  readonly failOnRegression: boolean;
}

/** A problem the user can fix: printed line by line, no stack trace; exit 1 for an invalid config, else 2 (usage, unreadable input). */
export class ReportError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

const REPORT_ARGS: ArgSpec = {
  command: 'report',
  help: `${USAGE}\n`,
  flags: { '--synth-dir': 'value', '--config': 'value', '--base': 'value', '--out': 'value', '--json': 'value', '--prices': 'value', '--fail-on-regression': 'switch' },
};

/** report's command line: parseArgs's rules, then --synth-dir and --config exclude each other. */
function reportArgsOf(parsed: ParsedArgs): ReportArguments | Refusal {
  const { '--synth-dir': synthDir, '--config': config, '--base': base, '--out': out, '--json': json, '--prices': prices } = parsed.values;
  if (synthDir !== undefined && config !== undefined) return refuse('give either --synth-dir or --config, not both');
  return { synthDir, config, base, out, json, prices, failOnRegression: parsed.switches.has('--fail-on-regression') };
}

/** report's arguments (for a caller without a process: commandArgs prints the same refusal as a usage error); ReportError on a usage error. */
export function parseReportArguments(argv: readonly string[]): ReportArguments {
  const parsed = parseArgs(argv, REPORT_ARGS);
  const args = parsed instanceof Refusal ? parsed : reportArgsOf(parsed);
  if (args instanceof Refusal) throw new ReportError(args.message);
  return args;
}

export type ReportIo = CliIo;

/** Temporary folders to remove when the command ends. */
type Cleanup = string[];

/** Synthesizes a config into a temporary folder and reads its posture; config problems become a ReportError. */
function postureOfConfig(shown: string, configPath: string, cleanup: Cleanup, io: ReportIo, role: string, prices?: PriceTable): Posture {
  if (!existsSync(configPath)) throw new ReportError(`${role} ${shown}: not found`);
  const dir = mkdtempSync(join(tmpdir(), 'backup-report-'));
  cleanup.push(dir);
  const outdir = join(dir, 'cdktf.out');
  const result = synthesize(configPath, { outdir });
  if (!result.ok) {
    // validate's verdict, line for line (each rule-pack finding at its config path, with its fix).
    reportSynthesis(shown, result, io);
    // The compliance rule pack refuses to write stacks with unsuppressed error findings.
    const findings = (result.findings ?? []).filter((finding) => finding.severity === 'error' && !finding.suppressed);
    // The config under review is invalid: 1, like validate. A base that does not synthesize is an input the report cannot read: 2, as for guard and affected.
    throw new ReportError(`${shown}: ${result.check.errors.length + findings.length} error(s); ${role} not synthesized, no report`, role === 'base config' ? 2 : 1);
  }
  for (const warning of result.check.warnings) io.stderr(`${formatProblem(warning)}\n`);
  return readPosture(outdir, { source: shown, prices });
}

function postureOfDir(shown: string, dir: string, role: string, prices?: PriceTable): Posture {
  try {
    return readPosture(dir, { source: shown, prices });
  } catch (cause) {
    throw new ReportError(`${role}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The synth dir the report reads (--synth-dir, or cdktf.out when it holds a synth and no --config is given); undefined when it synthesizes a config. */
function headSynthDir(args: ReportArguments, cwd: string): string | undefined {
  if (args.synthDir !== undefined) return args.synthDir;
  if (args.config !== undefined) return undefined;
  return existsSync(join(cwd, DEFAULT_SYNTH_DIR, 'rollout.json')) ? DEFAULT_SYNTH_DIR : undefined;
}

function headPosture(args: ReportArguments, cleanup: Cleanup, io: ReportIo, cwd: string, prices?: PriceTable): Posture {
  const synthDir = headSynthDir(args, cwd);
  if (synthDir !== undefined) return postureOfDir(synthDir, resolve(cwd, synthDir), 'synth dir', prices);
  if (args.config !== undefined) return postureOfConfig(args.config, resolve(cwd, args.config), cleanup, io, 'config', prices);
  const config = configPathFor(undefined, { cwd, env: io.env });
  return postureOfConfig(config, resolve(cwd, config), cleanup, io, 'config', prices);
}

function basePosture(base: string, cleanup: Cleanup, io: ReportIo, cwd: string, prices?: PriceTable): Posture {
  const path = resolve(cwd, base);
  return statSync(path).isDirectory() ? postureOfDir(base, path, 'base synth dir', prices) : postureOfConfig(base, path, cleanup, io, 'base config', prices);
}

/** The --prices table, or undefined for the bundled one. */
function pricesOf(args: ReportArguments, cwd: string): PriceTable | undefined {
  if (args.prices === undefined) return undefined;
  const path = resolve(cwd, args.prices);
  if (!existsSync(path)) throw new ReportError(`--prices ${args.prices}: not found`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new ReportError(`--prices ${args.prices}: cannot read: ${describeReadError(cause)}`);
  }
  // Read leniently, a byte that is not UTF-8 became U+FFFD in the table's source, a Region or a resource type (core/text.ts textOf).
  const read = textOf(bytes);
  if ('reason' in read) throw new ReportError(`--prices ${args.prices}: ${read.reason}`);
  try {
    return parsePriceTable(read.text, args.prices);
  } catch (cause) {
    if (cause instanceof PriceTableError) throw new ReportError(cause.message);
    throw cause;
  }
}

/** The report itself: returns its exit code; ReportError for problems the user can fix. */
function report(argv: readonly string[], io: ReportIo): number {
  const args = commandArgs(argv, io, REPORT_ARGS, reportArgsOf);
  if (typeof args === 'number') return args;
  const cwd = io.cwd;
  // Fail fast on a missing base, before synthesizing anything.
  if (args.base !== undefined && !existsSync(resolve(cwd, args.base))) throw new ReportError(`--base ${args.base}: not found (give a config file or a synth dir)`);
  // A base that is the synth dir under review compares every stack with itself: no regression, whatever changed (as affected and guard refuse it).
  const headDir = headSynthDir(args, cwd);
  if (args.base !== undefined && headDir !== undefined && isSamePath(resolve(cwd, args.base), resolve(cwd, headDir))) {
    throw new ReportError(`--base ${args.base} is the synth dir under review (${headDir}): every stack would compare equal to itself (no regression, nothing removed); give the base's own synth dir or its config file`);
  }
  // So is the config under review given as the base (the file itself, not the base commit's copy of it).
  const headConfig = headDir === undefined ? (args.config ?? configPathFor(undefined, { cwd, env: io.env })) : undefined;
  if (args.base !== undefined && headConfig !== undefined && isSamePath(resolve(cwd, args.base), resolve(cwd, headConfig))) {
    throw new ReportError(`--base ${args.base} is the config under review (${headConfig}): every stack would compare equal to itself (no regression, nothing removed); give the base commit's config (git show <base>:${headConfig} > base.yaml) or its synth dir`);
  }
  const prices = pricesOf(args, cwd);
  const cleanup: Cleanup = [];
  try {
    const head = headPosture(args, cleanup, io, cwd, prices);
    let diff: PostureDiff | undefined;
    if (args.base !== undefined) {
      // Stacks a partial synth left out would read as removed (or added): compare whole synths, as affected and guard --base do.
      // The head is judged first: a partial one is refused before the base (maybe a config to synthesize) is read.
      const refusePartial = (posture: Posture, label: string): void => {
        if (posture.subset !== undefined) throw new ReportError(partialSynthMessage(label, posture.subset));
      };
      refusePartial(head, head.source);
      const base = basePosture(args.base, cleanup, io, cwd, prices);
      refusePartial(base, `--base ${args.base}`);
      diff = diffPostures(base, head);
    }
    const markdown = postureMarkdown(head, diff ? { diff, baseLabel: args.base } : {});
    io.stdout(markdown);
    // Both or neither: a --json it cannot write leaves the --out file as it was.
    writeOutputs([
      ...(args.out === undefined ? [] : [{ path: resolve(cwd, args.out), text: markdown, shown: args.out }]),
      ...(args.json === undefined ? [] : [{ path: resolve(cwd, args.json), text: postureJson(head, diff), shown: args.json }]),
    ]);
    if (diff && diff.removedStacks.length > 0) io.stderr(`report: ${diff.removedStacks.length} stack(s) removed against ${args.base}: ${diff.removedStacks.map((stack) => stack.stack).join(', ')}\n`);
    if (diff && diff.regressions.length > 0) io.stderr(`report: ${diff.regressions.length} regression(s) against ${args.base}\n`);
    // A removed stack is a regression of its own: nothing manages what it created any more.
    if (diff && args.failOnRegression && diff.regressions.length + diff.removedStacks.length > 0) return 1;
    return 0;
  } finally {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
}

/** The command: returns its exit code; problems the user can fix are printed line by line (exit 1 or 2), bugs as an internal error (exit 2). */
export const runReport = withCrashReport(report, (cause, io) => {
  if (!(cause instanceof ReportError)) return undefined;
  for (const line of cause.message.split('\n')) io.stderr(`${line.startsWith('error') || line.startsWith('warning') ? '' : 'report: '}${line}\n`);
  return cause.exitCode;
});

if (require.main === module) runAsProcess(runReport);
