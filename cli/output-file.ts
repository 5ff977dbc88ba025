import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeReadError } from './files';

/** A file a command was told to write and cannot (a folder in the way, no permission): the user's to fix, exit 2, never an internal error. */
export class OutputFileError extends Error {}

/** Writes `text` to `path`, creating its folders; OutputFileError names `shown` (the path as the user gave it) when it cannot. */
export function writeOutput(path: string, text: string, shown: string = path): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (cause) {
    throw new OutputFileError(`cannot write ${shown}: ${describeReadError(cause)}`);
  }
}
