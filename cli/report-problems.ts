import { formatProblem } from '../config/issues';
import type { ConfigCheck } from '../config';
import { FINDINGS_SHOWN_PER_RULE, type Finding, type Suppression } from '../compliance';
import { processIo, type CliIo, type Command } from './io';
import type { SynthesisResult } from './synthesize';
import { firstFew, plural } from '../core/order';
import { describeReadError } from './files';
import { OutputFileError } from './output-file';

type ReportIo = Pick<CliIo, 'stderr'> & Partial<Pick<CliIo, 'stdout' | 'env'>>;

/**
 * Where warnings go: stderr, except under `cdktf synth` (CDKTF_OUTDIR set), which shows everything
 * an app writes on stderr as [ERROR]: there warnings go to stdout, which it shows as they are.
 */
function warningChannel(io: ReportIo): (text: string) => void {
  return io.env?.CDKTF_OUTDIR !== undefined && io.stdout !== undefined ? io.stdout : io.stderr;
}

/** Prints warnings and errors to stderr, with a one-line summary. Returns true when there is no error. */
export function reportProblems(configPath: string, check: ConfigCheck, io: ReportIo = processIo()): boolean {
  for (const problem of check.errors) io.stderr(`${formatProblem(problem)}\n`);
  const warn = warningChannel(io);
  for (const problem of check.warnings) warn(`${formatProblem(problem)}\n`);
  if (check.errors.length > 0) {
    io.stderr(`${configPath}: ${plural(check.errors.length, 'error')}, ${plural(check.warnings.length, 'warning')}; nothing was written\n`);
    return false;
  }
  return true;
}

/** Where a finding is: its config path (the field to change) when known, then the stack and Terraform address. */
const findingPlace = (finding: Finding): string => (finding.configPath !== undefined ? `${finding.configPath} (${finding.stack} ${finding.address})` : `${finding.stack} ${finding.address}`);

const severityWord = (finding: Finding): string => (finding.severity === 'error' ? 'error  ' : 'warning');

export interface ReportOptions {
  /** Every finding on its own line, however many a rule has. @default false */
  readonly verbose?: boolean;
}

/** One line for every finding of a rule: where they are (config paths), how many, in how many stacks, one example. */
function ruleSummary(ruleId: string, findings: readonly Finding[]): string {
  const [first] = findings;
  if (!first) return '';
  const places = [...new Set(findings.map((finding) => finding.configPath ?? finding.stack))];
  const where = firstFew(places);
  const stacks = new Set(findings.map((finding) => finding.stack)).size;
  return `${severityWord(first)} ${where}: ${findings.length} findings in ${stacks} stack${stacks === 1 ? '' : 's'}, e.g. ${first.stack} ${first.address}: ${first.message} [${ruleId}]`;
}

/**
 * Compliance findings on stderr, rule by rule: each finding on its own line at its config path
 * when the rule has at most FINDINGS_SHOWN_PER_RULE of them (or with `verbose`), else one line with
 * their config paths, count, stacks and an example (an estate of 3,000 stacks would otherwise print
 * a line per stack); then, once per rule, how to fix it and how to accept it. Suppressed findings
 * are counted; suppressions that matched nothing (stale or misspelled) are warnings. Every finding
 * is in compliance.json either way.
 */
export function reportFindings(findings: readonly Finding[], io: ReportIo = processIo(), unused: readonly Suppression[] = [], options: ReportOptions = {}): void {
  const warn = warningChannel(io);
  const open = findings.filter((finding) => !finding.suppressed);
  const byRule = new Map<string, Finding[]>();
  for (const finding of open) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  let grouped = false;
  for (const [ruleId, ruleFindings] of byRule) {
    const [first] = ruleFindings;
    if (!first) continue;
    const write = first.severity === 'error' ? io.stderr : warn;
    if (options.verbose || ruleFindings.length <= FINDINGS_SHOWN_PER_RULE) {
      for (const finding of ruleFindings) write(`${severityWord(finding)} ${findingPlace(finding)}: ${finding.message} [${ruleId}]\n`);
    } else {
      grouped = true;
      write(`${ruleSummary(ruleId, ruleFindings)}\n`);
    }
    const path = first.configPath !== undefined ? `path: ${first.configPath}, ` : `stack: ${first.stack}, `;
    write(`        fix: ${first.remediation}\n`);
    write(`        or accept it: compliance.suppressions: [{ rule: ${ruleId}, ${path}reason: "why it is acceptable" }]\n`);
  }
  for (const suppression of unused) {
    const scope = [suppression.path && `path ${suppression.path}`, suppression.stack && `stack ${suppression.stack}`, suppression.resource && `resource ${suppression.resource}`].filter(Boolean).join(', ');
    warn(`warning compliance.suppressions: ${suppression.rule}${scope ? ` (${scope})` : ''} matches no finding: stale or misspelled\n`);
  }
  const suppressed = findings.length - open.length;
  const errors = open.filter((f) => f.severity === 'error').length;
  const hint = grouped ? ' (rules with many findings on one line each: --verbose prints every finding, and a synth writes them all to compliance.json)' : '';
  // Stale suppressions are warnings of the rule pack too: counted with them.
  const warnings = open.filter((f) => f.severity === 'warning').length + unused.length;
  if (findings.length > 0 || unused.length > 0) (errors > 0 ? io.stderr : warn)(`compliance: ${errors} error(s), ${warnings} warning(s), ${suppressed} suppressed${hint}\n`);
}

/**
 * The verdict of a synthesis (real or dry run) on stderr, the same for `synth` and `validate`: config
 * problems, then rule-pack findings; a failure line names why nothing was written. True when it passed.
 */
export function reportSynthesis(configPath: string, result: SynthesisResult, io: ReportIo, options: ReportOptions = {}): boolean {
  if (!reportProblems(configPath, result.check, io)) return false;
  reportFindings(result.findings ?? [], io, result.unusedSuppressions ?? [], options);
  if (!result.ok) {
    io.stderr(`${configPath}: ${result.error ?? 'synthesis failed'}; nothing was written\n`);
    return false;
  }
  return true;
}

/** Unexpected failures (bugs, not config errors): one line, the stack trace only with DEBUG=1. */
export function reportCrash(cause: unknown, io: Pick<CliIo, 'stderr' | 'env'> = processIo()): void {
  const message = cause instanceof Error ? cause.message : String(cause);
  io.stderr(`internal error: ${message}\n`);
  if (io.env.DEBUG && cause instanceof Error) io.stderr(`${cause.stack}\n`);
  else io.stderr('(set DEBUG=1 for a stack trace)\n');
}

/**
 * `command` with its bugs reported: an exception `expected` does not turn into an exit code (it
 * returns undefined for it) prints `internal error: ...` (the stack trace with DEBUG=1) and exits 2.
 */
export function withCrashReport(command: Command, expected: (cause: unknown, io: CliIo) => number | undefined = () => undefined): Command {
  return (argv, io) => {
    try {
      return command(argv, io);
    } catch (cause) {
      if (cause instanceof OutputFileError) {
        io.stderr(`${cause.message}\n`);
        return 2;
      }
      const code = expected(cause, io);
      if (code !== undefined) return code;
      // The temporary folder validate, report, guard, affected and adopt synthesize into: the machine's to fix (TMPDIR), not a bug.
      const temp = typeof cause === 'object' && cause !== null && 'syscall' in cause && cause.syscall === 'mkdtemp' && 'path' in cause ? String(cause.path) : undefined;
      if (temp !== undefined) {
        io.stderr(`cannot create a temporary folder ${temp}: ${describeReadError(cause)} (set TMPDIR to a folder it can write in)\n`);
        return 2;
      }
      reportCrash(cause, io);
      return 2;
    }
  };
}
