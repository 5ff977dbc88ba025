/**
 * What a command reads from and writes to its process, passed in so that each command is a plain
 * function (`run(argv, io): exitCode`) the tests call in-process; the entry point of each bundle
 * (`if (require.main === module) runAsProcess(run)`) passes the real process.
 */
import { resolve } from 'node:path';

export interface CliIo {
  /** Folder relative paths are resolved against (the process's working directory for users). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A command: its arguments (without `node script`) in, its exit code out. */
export type Command = (argv: readonly string[], io: CliIo) => number;

/** The real process: its working directory, environment, stdout and stderr. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
  };
}

/**
 * The path to hand to `fs` for a path the user typed: the path as typed when it means the same
 * file from the process's working directory (always so for a user, so messages from deeper code
 * name it as typed), else resolved against `io.cwd`.
 */
export function fsPath(io: Pick<CliIo, 'cwd'>, path: string): string {
  const resolved = resolve(io.cwd, path);
  return resolved === resolve(path) ? path : resolved;
}

/**
 * Runs `command` as the process: argv after the script, its exit code the process's. Commands are
 * synchronous, so once stdout and stderr hold no pending write nothing is left to do: the process
 * exits at once rather than through Node's teardown (about 25 ms of `validate`'s start, measured).
 * A pipe that is still flushing (asynchronous on macOS) is left to drain first.
 */
export function runAsProcess(command: Command): void {
  const code = command(process.argv.slice(2), processIo());
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}
