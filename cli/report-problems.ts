import { formatProblem } from '../config/issues';
import type { ConfigCheck } from '../config';
import type { Finding } from '../compliance';
import { processIo, type CliIo, type Command } from './io';

/** Prints warnings and errors to stderr, with a one-line summary. Returns true when there is no error. */
export function reportProblems(configPath: string, check: ConfigCheck, io: Pick<CliIo, 'stderr'> = processIo()): boolean {
  for (const problem of [...check.errors, ...check.warnings]) io.stderr(`${formatProblem(problem)}\n`);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (check.errors.length > 0) {
    io.stderr(`${configPath}: ${count(check.errors.length, 'error')}, ${count(check.warnings.length, 'warning')}; nothing was written\n`);
    return false;
  }
  return true;
}

/** Compliance findings on stderr: unsuppressed ones one per line, suppressed ones counted. */
export function reportFindings(findings: readonly Finding[], io: Pick<CliIo, 'stderr'> = processIo()): void {
  const open = findings.filter((finding) => !finding.suppressed);
  for (const finding of open) {
    io.stderr(`${finding.severity === 'error' ? 'error  ' : 'warning'} ${finding.stack} ${finding.address}: ${finding.message} [${finding.ruleId}]\n`);
  }
  const suppressed = findings.length - open.length;
  if (findings.length > 0) io.stderr(`compliance: ${open.filter((f) => f.severity === 'error').length} error(s), ${open.filter((f) => f.severity === 'warning').length} warning(s), ${suppressed} suppressed\n`);
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
