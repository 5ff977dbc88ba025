import { formatProblem } from '../config/issues';
import type { ConfigCheck } from '../config';
import type { Finding, Suppression } from '../compliance';
import { processIo, type CliIo, type Command } from './io';
import type { SynthesisResult } from './synthesize';

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
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (check.errors.length > 0) {
    io.stderr(`${configPath}: ${count(check.errors.length, 'error')}, ${count(check.warnings.length, 'warning')}; nothing was written\n`);
    return false;
  }
  return true;
}

/** Where a finding is: its config path (the field to change) when known, then the stack and Terraform address. */
const findingPlace = (finding: Finding): string => (finding.configPath !== undefined ? `${finding.configPath} (${finding.stack} ${finding.address})` : `${finding.stack} ${finding.address}`);

/**
 * Compliance findings on stderr: unsuppressed ones one per line, at their config path, then once per
 * rule how to fix it and how to accept it; suppressed ones counted; suppressions that matched
 * nothing (stale or misspelled) as warnings.
 */
export function reportFindings(findings: readonly Finding[], io: ReportIo = processIo(), unused: readonly Suppression[] = []): void {
  const warn = warningChannel(io);
  const open = findings.filter((finding) => !finding.suppressed);
  const byRule = new Map<string, Finding[]>();
  for (const finding of open) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  for (const [ruleId, ruleFindings] of byRule) {
    const [first] = ruleFindings;
    if (!first) continue;
    const write = first.severity === 'error' ? io.stderr : warn;
    for (const finding of ruleFindings) write(`${finding.severity === 'error' ? 'error  ' : 'warning'} ${findingPlace(finding)}: ${finding.message} [${ruleId}]\n`);
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
  if (findings.length > 0) (errors > 0 ? io.stderr : warn)(`compliance: ${open.filter((f) => f.severity === 'error').length} error(s), ${open.filter((f) => f.severity === 'warning').length} warning(s), ${suppressed} suppressed\n`);
}

/**
 * The verdict of a synthesis (real or dry run) on stderr, the same for `synth` and `validate`: config
 * problems, then rule-pack findings; a failure line names why nothing was written. True when it passed.
 */
export function reportSynthesis(configPath: string, result: SynthesisResult, io: ReportIo): boolean {
  if (!reportProblems(configPath, result.check, io)) return false;
  reportFindings(result.findings ?? [], io, result.unusedSuppressions ?? []);
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
      const code = expected(cause, io);
      if (code !== undefined) return code;
      reportCrash(cause, io);
      return 2;
    }
  };
}
