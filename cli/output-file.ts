import { accessSync, chmodSync, constants, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeReadError } from './files';

/** A file a command was told to write and cannot (a folder in the way, no permission): the user's to fix, exit 2, never an internal error. */
export class OutputFileError extends Error {}

/** A file to write: `shown` is the path as the user gave it (what a message names). */
export interface OutputFile {
  readonly path: string;
  readonly text: string;
  readonly shown?: string;
}

/** A folder where the file goes is refused before anything is written (as writeFileSync would refuse it, but later). */
function writableTarget(path: string): { target: string; mode?: number } {
  // A link is written through (its target replaced), as writeFileSync writes through it.
  const target = existsSync(path) ? realpathSync(path) : path;
  if (!existsSync(target)) return { target };
  const stat = statSync(target);
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
  accessSync(target, constants.W_OK);
  return { target, mode: stat.mode & 0o7777 };
}

/**
 * Writes every file or none, creating their folders: each text goes to a temporary file beside its
 * destination first, and only when all of them are written are they renamed into place. A file that
 * cannot be written (a folder in the way, no permission, a full disk) throws OutputFileError naming
 * it, and leaves every destination as it was: no temporary file, no folder it created.
 */
export function writeOutputs(files: readonly OutputFile[]): void {
  const staged: { temp: string; target: string }[] = [];
  const folders: string[] = [];
  let current: OutputFile | undefined;
  try {
    for (const file of files) {
      current = file;
      const created = mkdirSync(dirname(file.path), { recursive: true });
      if (created !== undefined) folders.push(created);
      const { target, mode } = writableTarget(file.path);
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      staged.push({ temp, target });
      writeFileSync(temp, file.text);
      if (mode !== undefined) chmodSync(temp, mode);
    }
    staged.forEach(({ temp, target }, index) => {
      current = files[index];
      renameSync(temp, target);
    });
  } catch (cause) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    for (const folder of folders.reverse()) rmSync(folder, { recursive: true, force: true });
    throw new OutputFileError(`cannot write ${current?.shown ?? current?.path}: ${describeReadError(cause)}`);
  }
}

/** Writes `text` to `path`, creating its folders; OutputFileError names `shown` (the path as the user gave it) when it cannot. */
export function writeOutput(path: string, text: string, shown: string = path): void {
  writeOutputs([{ path, text, shown }]);
}
