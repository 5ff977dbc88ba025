import { existsSync, realpathSync } from 'node:fs';

/** File-reading errors in words, for every command's messages (never a stack trace): core's, which the config loader uses too. */
export { describeReadError } from '../core/file-errors';

/** True when both paths exist and are one folder or file (through links and relative paths). */
export function isSamePath(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);
}
