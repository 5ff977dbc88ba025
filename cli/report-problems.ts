import { formatProblem } from '../config/issues';
import type { ConfigCheck } from '../config';
import type { Finding } from '../compliance';

/** Prints warnings and errors to stderr, with a one-line summary. Returns true when there is no error. */
export function reportProblems(configPath: string, check: ConfigCheck): boolean {
  for (const problem of [...check.errors, ...check.warnings]) process.stderr.write(`${formatProblem(problem)}\n`);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (check.errors.length > 0) {
    process.stderr.write(`${configPath}: ${count(check.errors.length, 'error')}, ${count(check.warnings.length, 'warning')}; nothing was written\n`);
    return false;
  }
  return true;
}

/** Compliance findings on stderr: unsuppressed ones one per line, suppressed ones counted. */
export function reportFindings(findings: readonly Finding[]): void {
  const open = findings.filter((finding) => !finding.suppressed);
  for (const finding of open) {
    process.stderr.write(`${finding.severity === 'error' ? 'error  ' : 'warning'} ${finding.stack} ${finding.address}: ${finding.message} [${finding.ruleId}]\n`);
  }
  const suppressed = findings.length - open.length;
  if (findings.length > 0) process.stderr.write(`compliance: ${open.filter((f) => f.severity === 'error').length} error(s), ${open.filter((f) => f.severity === 'warning').length} warning(s), ${suppressed} suppressed\n`);
}

/** Unexpected failures (bugs, not config errors): one line, the stack trace only with DEBUG=1. */
export function reportCrash(cause: unknown): void {
  const message = cause instanceof Error ? cause.message : String(cause);
  process.stderr.write(`internal error: ${message}\n`);
  if (process.env.DEBUG && cause instanceof Error) process.stderr.write(`${cause.stack}\n`);
  else process.stderr.write('(set DEBUG=1 for a stack trace)\n');
}
