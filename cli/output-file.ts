import { accessSync, chmodSync, constants, copyFileSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { firstFew } from '../core/order';
import { describeReadError } from './files';

/**
 * A file a command was told to write and cannot (a folder in the way, no permission): the user's to fix, exit 2, never an internal
 * error. `written`: the files (as shown) already in place when it failed, the first few of which its message names; empty (the rule) when it wrote none.
 */
export class OutputFileError extends Error {
  constructor(
    message: string,
    readonly written: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * A file to write: its `text`, or `from`, a file to move into place (synth's staged output:
 * renamed, or copied where a rename cannot, across devices), or `remove`, a file to delete (none there: nothing to do). `shown`
 * is the path as the user gave it (what a message names).
 */
export type OutputFile = { readonly path: string; readonly shown?: string } & ({ readonly text: string } | { readonly from: string } | { readonly remove: true });

/** A file's bytes to write: text or a file to move (not a removal). */
type Written = OutputFile & ({ readonly text: string } | { readonly from: string });

/** The bytes of `file` written to `path`: its text, or its `from` file renamed (copied across devices). */
function fill(file: Written, path: string, direct: boolean): void {
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
  const target = realpathSync(path);
  if (!replaceable(target, stat.uid)) throw Object.assign(new Error(`EPERM: ${path}`), { code: 'EPERM' });
  return { target, mode: stat.mode & 0o7777 };
}

/**
 * Whether a rename may replace `target` (owned by `owner`): in a sticky folder (/tmp, a shared 1777 folder) only the file's or the
 * folder's owner (or root) may, though anyone may write the file and create the temporary file beside it. Asked before anything is
 * renamed, so that such a file fails the run while every file is still as it was, not after others are in place.
 */
function replaceable(target: string, owner: number): boolean {
  const uid = process.geteuid?.();
  if (uid === undefined || uid === 0 || owner === uid) return true;
  const folder = statSync(dirname(target));
  return (folder.mode & 0o1000) === 0 || folder.uid === uid;
}

/** Moves a file to remove aside (beside it, a hidden name), so that a later failure can put it back; undefined when there is none. */
function setAside(path: string): string | undefined {
  try {
    if (lstatSync(path).isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cause;
  }
  const aside = join(dirname(path), `.${basename(path)}.${process.pid}.removed`);
  renameSync(path, aside);
  return aside;
}

/**
 * Writes every file or none, creating their folders, and removes the files to remove: each text (or moved file) goes to a temporary
 * file beside its destination first, and each file to remove is set aside beside it (a hidden name); only when all of that is done
 * are they renamed into place (a pipe or device such as /dev/stdout is written last, as it is) and the set-aside files deleted. A
 * file that cannot be written or removed (a folder in its place, no permission, a full disk) throws OutputFileError naming it, and
 * leaves every destination as it was: no temporary file, no folder it created, every file to remove back in place. Only a failure
 * once renames began (a device that refuses its text, a file changed meanwhile) can leave some written: the error says which.
 */
export function writeOutputs(files: readonly OutputFile[]): void {
  const staged: { temp?: string; target: string; file: Written }[] = [];
  const removed: { aside: string; file: OutputFile }[] = [];
  const folders: string[] = [];
  // The file staged for each renamed target: a Map, not a search of `staged`, which synth's thousands of stack files would make quadratic.
  const byTarget = new Map<string, OutputFile>();
  // The files in place (as shown) once renames began: what an error after that must own up to.
  const placed: string[] = [];
  let current: OutputFile | undefined;
  try {
    for (const file of files) {
      current = file;
      if ('remove' in file) {
        const aside = setAside(file.path);
        if (aside !== undefined) removed.push({ aside, file });
        continue;
      }
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
      if (temp === undefined) continue;
      renameSync(temp, target);
      placed.push(file.shown ?? file.path);
    }
    for (const { temp, target, file } of staged) {
      current = file;
      if (temp !== undefined) continue;
      fill(file, target, true);
      placed.push(file.shown ?? file.path);
    }
    for (const { aside, file } of removed.splice(0)) {
      current = file;
      rmSync(aside, { force: true });
    }
  } catch (cause) {
    for (const { temp } of staged) if (temp !== undefined) rmSync(temp, { force: true });
    for (const { aside, file } of removed) renameSync(aside, file.path);
    // A created folder holds a file already in place once renames began: kept then, as the message says.
    if (placed.length === 0) for (const folder of folders.reverse()) rmSync(folder, { recursive: true, force: true });
    const verb = current !== undefined && 'remove' in current ? 'remove' : 'write';
    // The first few by name (synth's thousands of stack files would make one line of thousands); `written` holds them all.
    const partly = placed.length === 0 ? '' : `; already written: ${firstFew(placed)}`;
    throw new OutputFileError(`cannot ${verb} ${current?.shown ?? current?.path}: ${describeReadError(cause)}${partly}`, placed);
  }
}

/** Writes `text` to `path`, creating its folders; OutputFileError names `shown` (the path as the user gave it) when it cannot. */
export function writeOutput(path: string, text: string, shown: string = path): void {
  writeOutputs([{ path, text, shown }]);
}
