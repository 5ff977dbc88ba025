import { formatProblem } from '../config/issues';
import type { ConfigCheck } from '../config';

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

/** Unexpected failures (bugs, not config errors): one line, the stack trace only with DEBUG=1. */
export function reportCrash(cause: unknown): void {
  const message = cause instanceof Error ? cause.message : String(cause);
  process.stderr.write(`internal error: ${message}\n`);
  if (process.env.DEBUG && cause instanceof Error) process.stderr.write(`${cause.stack}\n`);
  else process.stderr.write('(set DEBUG=1 for a stack trace)\n');
}
