/**
 * Runs the commands the way a user does: the built bundles (dist/) in a child process (runScript),
 * for the few cases that prove the process contract (exit code, stderr, files written), and the
 * same command functions in-process (runCommand) for the many variations, which would otherwise
 * each pay a node start and the module loading (~0.5-1 s).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from '../../cli/io';

export const ROOT = join(__dirname, '..', '..');

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/<script> ...args` with the working directory `cwd`. */
export function runScript(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', script), ...args], {
    cwd,
    env: { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, DEBUG: undefined, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `command(args)` in-process, as if run in `cwd` with only `env` set (no BACKUP_CONFIG, no
 * CDKTF_OUTDIR, no DEBUG unless given): what runScript would print and exit with.
 */
export function runCommand(command: Command, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  let stdout = '';
  let stderr = '';
  const status = command(args, { cwd, env: { ...env }, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { status, stdout, stderr };
}

/** Builds dist/ when `script` is missing (jest's global setup builds it; this is for a file run some other way). */
export function ensureBuilt(script: string): void {
  if (!existsSync(join(ROOT, 'dist', script))) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

/** A stack trace line ("    at fn (file:1:2)") in a command's output. */
export const STACK_TRACE_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** A scratch folder holding a copy of the examples, as a user's project would. */
export function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'estate-cli-'));
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  return dir;
}

/** Every file under `dir` with its content and mtime, to prove a folder was left untouched. */
export function snapshotDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = `${statSync(path).mtimeMs}:${readFileSync(path, 'utf8')}`;
    }
  };
  walk(dir);
  return files;
}
