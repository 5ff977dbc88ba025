/** Runs the built commands (dist/) the way a user does, in a scratch project folder. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

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
    env: { ...process.env, BACKUP_CONFIG: undefined, CDKTF_OUTDIR: undefined, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
