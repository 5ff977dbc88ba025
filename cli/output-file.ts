import { accessSync, chmodSync, constants, copyFileSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeReadError } from './files';

/** A file a command was told to write and cannot (a folder in the way, no permission): the user's to fix, exit 2, never an internal error. */
export class OutputFileError extends Error {}

/**
 * A file to write: its `text`, or `from`, a file to move into place (synth's staged output:
 * renamed, or copied where a rename cannot, across devices). `shown` is the path as the user gave it
 * (what a message names).
 */
export type OutputFile = { readonly path: string; readonly shown?: string } & ({ readonly text: string } | { readonly from: string });

/** The bytes of `file` written to `path`: its text, or its `from` file renamed (copied across devices). */
function fill(file: OutputFile, path: string, direct: boolean): void {
  if ('text' in file) writeFileSync(path, file.text);
  // latin1 maps each byte to one character and back: the bytes as they are.
  else if (direct) writeFileSync(path, readFileSync(file.from, 'latin1'), 'latin1');
  else {
    try {
      renameSync(file.from, path);
    } catch {
      // Where a rename cannot (another device), a copy does the same; where neither can, the copy's error says why.
      copyFileSync(file.from, path);
    }
  }
}

/**
 * Where a file's text goes: a regular file (or a link to one) is replaced by a rename of a
 * temporary file beside it (its mode kept); a pipe or device (/dev/stdout, a FIFO) is written as it
 * is (`direct`); a folder in its place is refused before anything is written.
 */
function targetOf(path: string): { target: string; mode?: number; direct?: true } {
  let stat;
  try {
    stat = statSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { target: path };
    throw cause;
  }
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
  if (!stat.isFile()) return { target: path, direct: true };
  accessSync(path, constants.W_OK);
  return { target: realpathSync(path), mode: stat.mode & 0o7777 };
}

/**
 * Writes every file or none, creating their folders: each text (or moved file) goes to a temporary file beside its
 * destination first, and only when all of them are written are they renamed into place (a pipe or
 * device such as /dev/stdout is written last, as it is). A file that cannot be written (a folder in
 * its place, no permission, a full disk) throws OutputFileError naming it, and leaves every
 * destination as it was: no temporary file, no folder it created.
 */
export function writeOutputs(files: readonly OutputFile[]): void {
  const staged: { temp?: string; target: string; file: OutputFile }[] = [];
  const folders: string[] = [];
  // The file staged for each renamed target: a Map, not a search of `staged`, which synth's thousands of stack files would make quadratic.
  const byTarget = new Map<string, OutputFile>();
  let current: OutputFile | undefined;
  try {
    for (const file of files) {
      current = file;
      const created = mkdirSync(dirname(file.path), { recursive: true });
      if (created !== undefined) folders.push(created);
      const { target, mode, direct } = targetOf(file.path);
      if (direct) {
        staged.push({ target, file });
        continue;
      }
      // Two outputs of one file (report --out r --json r, or a link to it) would share one temporary file: the second rename finds none.
      const twin = byTarget.get(target);
      if (twin !== undefined) throw new Error(`${twin.shown ?? twin.path} names the same file, which cannot hold both`);
      byTarget.set(target, file);
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      staged.push({ temp, target, file });
      fill(file, temp, false);
      if (mode !== undefined) chmodSync(temp, mode);
    }
    for (const { temp, target, file } of staged) {
      current = file;
      if (temp !== undefined) renameSync(temp, target);
    }
    for (const { temp, target, file } of staged) {
      current = file;
      if (temp === undefined) fill(file, target, true);
    }
  } catch (cause) {
    for (const { temp } of staged) if (temp !== undefined) rmSync(temp, { force: true });
    for (const folder of folders.reverse()) rmSync(folder, { recursive: true, force: true });
    throw new OutputFileError(`cannot write ${current?.shown ?? current?.path}: ${describeReadError(cause)}`);
  }
}

/** Writes `text` to `path`, creating its folders; OutputFileError names `shown` (the path as the user gave it) when it cannot. */
export function writeOutput(path: string, text: string, shown: string = path): void {
  writeOutputs([{ path, text, shown }]);
}
